// The self-check's inputs (docs/bank.md "Self-check"): the body of POST /api/selfcheck from a
// diary or from the short questionnaire, and the order and wording keys of its results. The
// criteria themselves are the server's (server/src/bank); the client only asks and shows, and
// everything it shows is guidance, never a diagnosis.

import { type CheckResult, type DiaryEntry, type MedClass, MED_CLASSES, entryBody } from './types';

/** The ICHD-3 codes the self-check answers for, in the order they are shown. */
export const CHECK_CODES = ['1.1', '1.2', '1.3', '1.5', '2', '8.2'] as const;

/** i18n-safe form of a code ("1.1" → "c1_1"): dots would nest i18next keys. */
export function codeKey(code: string): string {
  return `c${code.replace(/\./g, '_')}`;
}

/** Results in a stable order: what matches first, then partly, then the rest by code. */
export function orderResults(list: readonly CheckResult[]): CheckResult[] {
  const rank = { matches: 0, partly: 1, no: 2 } as const;
  const pos = (c: string) => {
    const i = (CHECK_CODES as readonly string[]).indexOf(c);
    return i < 0 ? CHECK_CODES.length : i;
  };
  return [...list].sort((a, b) => rank[a.status] - rank[b.status] || pos(a.code) - pos(b.code));
}

/** A guest's browser diary as the request body: notes stay in the browser. */
export function diaryBody(entries: readonly DiaryEntry[]): { entries: Array<Omit<DiaryEntry, 'id'>> } {
  return { entries: entries.map((e) => ({ ...entryBody(e), note: '' })) };
}

/** What the short questionnaire asks (all optional except the counts the criteria need). */
export interface Questionnaire {
  attacks_total: number | null;
  duration_hours_typical: number | null;
  intensity: number | null;
  side: 'one' | 'both' | null;
  character: 'pulsating' | 'pressing' | 'other' | null;
  worse_with_activity: boolean | null;
  nausea: boolean;
  vomiting: boolean;
  photophobia: boolean;
  phonophobia: boolean;
  aura: boolean;
  headache_days_per_month: number | null;
  months: number | null;
  acute_med_days_per_month: Partial<Record<MedClass, number>>;
}

export function blankQuestionnaire(): Questionnaire {
  return {
    attacks_total: null,
    duration_hours_typical: null,
    intensity: null,
    side: null,
    character: null,
    worse_with_activity: null,
    nausea: false,
    vomiting: false,
    photophobia: false,
    phonophobia: false,
    aura: false,
    headache_days_per_month: null,
    months: null,
    acute_med_days_per_month: {},
  };
}

/** Limits of the questionnaire's numbers: [min, max] (server/src/bank/evidence.cc). */
export const QUESTIONNAIRE_LIMITS = {
  attacks_total: [0, 100000],
  duration_hours_typical: [0, 168],
  headache_days_per_month: [0, 31],
  months: [0, 600],
  med_days: [0, 31],
} as const;

export type QuestionnaireErrors = Partial<Record<'attacks_total' | 'duration_hours_typical' | 'headache_days_per_month' | 'months' | 'acute_med_days_per_month', string>>;

/** What is wrong with a filled-in questionnaire (keys of i18n texts). */
export function validateQuestionnaire(q: Questionnaire): QuestionnaireErrors {
  const errors: QuestionnaireErrors = {};
  const check = (name: 'attacks_total' | 'duration_hours_typical' | 'headache_days_per_month' | 'months', required: boolean) => {
    const v = q[name];
    const [lo, hi] = QUESTIONNAIRE_LIMITS[name];
    // hours may be a fraction (1.5) but must be above 0; the others are whole numbers
    const whole = name !== 'duration_hours_typical';
    if (v === null) {
      if (required) errors[name] = 'bank.check.errors.required';
    } else if (!Number.isFinite(v) || v < lo || v > hi || (whole && !Number.isInteger(v)) || (!whole && v <= 0)) errors[name] = 'bank.check.errors.range';
  };
  check('attacks_total', true);
  check('duration_hours_typical', true);
  check('headache_days_per_month', true);
  check('months', true);
  for (const [, days] of Object.entries(q.acute_med_days_per_month)) {
    if (days === undefined) continue;
    if (!Number.isInteger(days) || days < 0 || days > QUESTIONNAIRE_LIMITS.med_days[1]) errors.acute_med_days_per_month = 'bank.check.errors.range';
  }
  return errors;
}

/** The body of POST /api/selfcheck for the questionnaire: unknowns left out, zero days dropped. */
export function questionnaireBody(q: Questionnaire): { questionnaire: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  for (const k of ['attacks_total', 'duration_hours_typical', 'intensity', 'side', 'character', 'worse_with_activity', 'headache_days_per_month', 'months'] as const) {
    if (q[k] !== null) out[k] = q[k];
  }
  for (const k of ['nausea', 'vomiting', 'photophobia', 'phonophobia', 'aura'] as const) out[k] = q[k];
  const meds: Record<string, number> = {};
  for (const c of MED_CLASSES) {
    const d = q.acute_med_days_per_month[c];
    if (d !== undefined && d > 0) meds[c] = d;
  }
  out.acute_med_days_per_month = meds;
  return { questionnaire: out };
}
