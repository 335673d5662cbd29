import { describe, expect, it } from 'vitest';
import { blankQuestionnaire, codeKey, diaryBody, orderResults, questionnaireBody, validateQuestionnaire } from './selfcheck';
import { entry } from './testing';
import { asSelfCheck } from './types';

describe('self-check helpers', () => {
  it('codes become i18n-safe keys', () => {
    expect(codeKey('1.1')).toBe('c1_1');
    expect(codeKey('8.2')).toBe('c8_2');
    expect(codeKey('2')).toBe('c2');
  });

  it('orders matches first, then partly, then by code', () => {
    const r = (code: string, status: 'matches' | 'partly' | 'no') => ({ code, status, met: [], unmet: [], explain: {} });
    expect(orderResults([r('8.2', 'no'), r('2', 'partly'), r('1.3', 'matches'), r('1.1', 'partly'), r('1.2', 'no')]).map((x) => x.code)).toEqual(['1.3', '1.1', '2', '1.2', '8.2']);
  });

  it('a guest diary goes without ids and without notes', () => {
    const body = diaryBody([entry('2026-11-01', { id: 4, note: 'private' })]);
    expect(body.entries[0]).not.toHaveProperty('id');
    expect(body.entries[0]?.note).toBe('');
    expect(body.entries[0]?.date).toBe('2026-11-01');
  });

  it('reads an answer and drops what is broken', () => {
    const got = asSelfCheck({
      results: [{ code: '1.1', status: 'matches', met: ['B', 'C', 7], unmet: ['A'], explain: { ja: 'あ', en: 'a' } }, { status: 'no' }, { code: '2', status: 'weird' }],
      red_flags: [{ id: 'thunderclap', text: { ja: '雷鳴', en: 'Thunderclap' } }, { text: 'no id' }],
      guidance: 'see a doctor',
      monthly: [{ month: '2026-11', headache_days: 6, migraine_like_days: 4, acute_med_days: -1 }, { headache_days: 1 }],
    });
    expect(got).toEqual({
      results: [
        { code: '1.1', status: 'matches', met: ['B', 'C'], unmet: ['A'], explain: { ja: 'あ', en: 'a' } },
        { code: '2', status: 'no', met: [], unmet: [], explain: {} },
      ],
      red_flags: [{ id: 'thunderclap', text: { ja: '雷鳴', en: 'Thunderclap' } }],
      guidance: { ja: 'see a doctor', en: 'see a doctor' },
      monthly: [{ month: '2026-11', headache_days: 6, migraine_like_days: 4, acute_med_days: 0 }],
    });
    expect(asSelfCheck({})).toBeNull();
  });
});

describe('questionnaire', () => {
  const filled = { ...blankQuestionnaire(), attacks_total: 8, duration_hours_typical: 6, headache_days_per_month: 4, months: 12 };

  it('needs the four counts', () => {
    expect(validateQuestionnaire(blankQuestionnaire())).toEqual({
      attacks_total: 'bank.check.errors.required',
      duration_hours_typical: 'bank.check.errors.required',
      headache_days_per_month: 'bank.check.errors.required',
      months: 'bank.check.errors.required',
    });
    expect(validateQuestionnaire(filled)).toEqual({});
    expect(validateQuestionnaire({ ...filled, duration_hours_typical: 1.5 })).toEqual({});
  });

  it.each([
    ['32 headache days a month', { headache_days_per_month: 32 }, 'headache_days_per_month'],
    ['negative attacks', { attacks_total: -1 }, 'attacks_total'],
    ['a week and a day', { duration_hours_typical: 169 }, 'duration_hours_typical'],
    ['not a number', { months: Number.NaN }, 'months'],
    ['40 days of triptans', { acute_med_days_per_month: { triptan: 40 } }, 'acute_med_days_per_month'],
    ['0 hours (a headache lasts)', { duration_hours_typical: 0 }, 'duration_hours_typical'],
    ['half an attack', { attacks_total: 2.5 }, 'attacks_total'],
    ['2.5 days of NSAIDs', { acute_med_days_per_month: { nsaid: 2.5 } }, 'acute_med_days_per_month'],
  ] as const)('refuses %s', (_name, change, field) => {
    expect(Object.keys(validateQuestionnaire({ ...filled, ...change }))).toEqual([field]);
  });

  it('sends known answers, all flags, and medication days above zero', () => {
    const body = questionnaireBody({ ...filled, side: 'one', intensity: 6, nausea: true, acute_med_days_per_month: { triptan: 10, nsaid: 0 } });
    expect(body).toEqual({
      questionnaire: {
        attacks_total: 8,
        duration_hours_typical: 6,
        intensity: 6,
        side: 'one',
        headache_days_per_month: 4,
        months: 12,
        nausea: true,
        vomiting: false,
        photophobia: false,
        phonophobia: false,
        aura: false,
        acute_med_days_per_month: { triptan: 10 },
      },
    });
  });
});
