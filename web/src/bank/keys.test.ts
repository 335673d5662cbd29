// The i18n keys the bank builds from data (i18n.test.ts checks the literal ones).

import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ja } from '../i18n/ja';
import { BANK_TABS } from './panel';
import { RED_FLAGS } from './selfCheckTab';
import { CHECK_CODES, codeKey } from './selfcheck';
import { CHARACTERS, MED_CLASSES, MED_EFFECTS, MISSED, SIDES, SYMPTOMS, TRIGGERS } from './types';

function has(obj: unknown, key: string): boolean {
  let v: unknown = obj;
  for (const part of key.split('.')) {
    if (typeof v !== 'object' || v === null || !(part in v)) return false;
    v = (v as Record<string, unknown>)[part];
  }
  return typeof v === 'string' && v.trim() !== '';
}

const built = [
  ...MED_CLASSES.map((c) => `bank.med.${c}`),
  ...MED_EFFECTS.map((e) => `bank.effect.${e}`),
  ...TRIGGERS.map((x) => `bank.trigger.${x}`),
  ...MISSED.map((x) => `bank.missed.${x}`),
  ...SYMPTOMS.map((x) => `bank.symptom.${x}`),
  ...SIDES.map((x) => `bank.side.${x}`),
  ...CHARACTERS.map((x) => `bank.character.${x}`),
  ...['none', 'mild', 'moderate', 'severe'].map((b) => `bank.intensity.${b}`),
  ...CHECK_CODES.map((c) => `bank.check.codes.${codeKey(c)}`),
  ...['matches', 'partly', 'no'].map((s) => `bank.check.status.${s}`),
  ...RED_FLAGS.map((f) => `bank.redFlags.${f}`),
  ...BANK_TABS.map((tab) => `bank.tabs.${tab}`),
  ...[30, 60, 120, 240, 480, 720, 1440, 2880, 4320].map((m) => `bank.form.quick.m${m}`),
  ...['headache_days', 'migraine_like_days', 'acute_med_days'].map((k) => `bank.charts.${k}`),
];

describe('bank keys built from data', () => {
  it.each(built)('%s is in ja and en', (key) => {
    expect(has(ja, key)).toBe(true);
    expect(has(en, key)).toBe(true);
  });
});
