import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORT_REASONS } from '../net/apiTypes';
import { EMOTES, ROLES, SERVER_ERROR_CODES } from '../net/messages';
import { detectLanguage } from './detect';
import { en } from './en';
import { ja } from './ja';

function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const jaKeys = flatten(ja);
const enKeys = flatten(en);
const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('ja / en parity', () => {
  it('every ja key is in en', () => {
    expect([...jaKeys.keys()].filter((k) => !enKeys.has(k))).toEqual([]);
  });
  it('every en key is in ja', () => {
    expect([...enKeys.keys()].filter((k) => !jaKeys.has(k))).toEqual([]);
  });
  it('no text is empty', () => {
    expect([...jaKeys, ...enKeys].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
  });
  it('both languages use the same placeholders', () => {
    const diff = [...jaKeys.keys()].filter(
      (k) => JSON.stringify(placeholders(jaKeys.get(k)!)) !== JSON.stringify(placeholders(enKeys.get(k) ?? '')),
    );
    expect(diff).toEqual([]);
  });
  it('the two languages are really different texts', () => {
    // only pure number formats may be the same in both
    const allowed = new Set(['tutorial.progress', 'chat.counter', 'clinician.numberPlaceholder']);
    const same = [...jaKeys.keys()].filter((k) => jaKeys.get(k) === enKeys.get(k) && !allowed.has(k));
    expect(same).toEqual([]);
  });
});

describe('every key used in the code exists', () => {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && !p.endsWith('.test.ts') && !p.includes('/i18n/')) files.push(p);
    }
  };
  walk(src);
  const used = new Set<string>();
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    for (const m of text.matchAll(/\.(?:show|notice)\(\s*'([a-z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
    for (const m of text.matchAll(/(?:i18n|i18nAria|i18nPlaceholder|i18nTitle|key):\s*'([a-zA-Z][a-zA-Z0-9_]*\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
  }
  it('finds keys in the code', () => expect(used.size).toBeGreaterThan(20));
  it('all of them are in ja', () => {
    expect([...used].filter((k) => !jaKeys.has(k)).sort()).toEqual([]);
  });
});

describe('keys built from data exist', () => {
  const built = [
    ...EMOTES.map((e) => `emote.${e}`),
    ...SERVER_ERROR_CODES.map((c) => `errors.${c}`),
    'errors.internal',
    ...['connecting', 'online', 'reconnecting', 'offline'].map((s) => `status.${s}`),
    ...['move', 'talk', 'help'].map((s) => `tutorial.${s}.title`),
    ...['too_big', 'not_vrm'].map((c) => `entry.vrmErrors.${c}`),
    ...[0, 1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`avatar.names.${i}`, `avatar.desc.${i}`]),
    ...[...ROLES, 'deleted'].map((r) => `roles.${r}`),
    ...REPORT_REASONS.map((r) => `report.reasons.${r}`),
    ...['clinician', 'trainee', 'staff', 'facilitator'].map((k) => `badge.${k}`),
    ...['mute', 'unmute', 'block', 'unblock', 'report', 'moderate'].map((a) => `card.${a}`),
    ...['mute', 'unmute', 'block', 'unblock'].map((a) => `card.done.${a}`),
    ...['pending', 'approved', 'rejected'].flatMap((s) => [`clinician.status.${s}`, `clinician.statusText.${s}`]),
    ...['sessionExpired', 'replaced', 'versionMismatch', 'signedOut', 'deleted'].map((k) => `entry.${k}`),
  ];
  it.each(built)('%s', (key) => {
    expect(jaKeys.has(key)).toBe(true);
    expect(enKeys.has(key)).toBe(true);
  });
});

describe('detectLanguage', () => {
  it.each([
    [null, ['ja-JP', 'en'], 'ja'],
    [null, ['ja'], 'ja'],
    [null, [], 'ja'],
    [null, [''], 'ja'],
    [null, ['en-US', 'ja'], 'en'],
    [null, ['fr-FR'], 'en'],
    ['en', ['ja-JP'], 'en'],
    ['ja', ['en-US'], 'ja'],
    ['de', ['ja-JP'], 'ja'],
  ] as const)('saved %s, browser %j → %s', (saved, browser, want) => {
    expect(detectLanguage(saved, browser)).toBe(want);
  });
});
