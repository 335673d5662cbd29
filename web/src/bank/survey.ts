// Surveys defined as data (content/surveys/<id>.v<version>.json, docs/bank.md): reading a
// definition, which questions show for the answers so far (`show_if`), checking answers, and
// reading the live aggregate with its k-anonymity suppression. Pure; the renderer is
// surveyView.ts.

import { type Localized, isNum, isObj, isStr } from '../net/messages';
import { charCount } from './validate';

export const QUESTION_KINDS = ['single', 'multi', 'scale', 'number', 'text'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const TEXT_MAX_CHARS = 500;

export interface SurveyOption {
  value: string;
  label: Localized;
}

export interface ShowIf {
  question: string;
  equals: string | number | boolean;
}

export interface SurveyQuestion {
  id: string;
  kind: QuestionKind;
  text: Localized;
  help: Localized | null;
  options: SurveyOption[];
  min: number | null;
  max: number | null;
  /** Words at the two ends of a scale ("not at all" … "very much"). */
  minLabel: Localized | null;
  maxLabel: Localized | null;
  unit: Localized | null;
  required: boolean;
  /** Longest text answer (characters). */
  maxLength: number;
  showIf: ShowIf | null;
}

export interface Survey {
  id: string;
  version: number;
  title: Localized;
  description: Localized;
  /** What the person agrees to, in the survey's own words (shown on the consent screen). */
  consent: Localized | null;
  /** Guests may not answer. */
  membersOnly: boolean;
  questions: SurveyQuestion[];
}

export interface SurveySummary {
  id: string;
  version: number;
  title: Localized;
  description: Localized;
  answered: boolean;
  membersOnly: boolean;
}

/** An answer: an option value (single), several (multi), a number (scale, number) or text. */
export type Answer = string | string[] | number;
export type Answers = Record<string, Answer>;

function localized(v: unknown): Localized | null {
  if (isStr(v)) return { ja: v, en: v };
  if (!isObj(v)) return null;
  const out: Localized = {};
  for (const [k, s] of Object.entries(v)) if (isStr(s)) out[k] = s;
  return Object.keys(out).length ? out : null;
}

function option(v: unknown): SurveyOption | null {
  if (isStr(v)) return { value: v, label: { ja: v, en: v } };
  if (isNum(v)) return { value: String(v), label: { ja: String(v), en: String(v) } };
  if (!isObj(v)) return null;
  const value = isStr(v.value) ? v.value : isNum(v.value) ? String(v.value) : isStr(v.id) ? v.id : null;
  if (value === null) return null;
  return { value, label: localized(v.label) ?? localized(v.text) ?? { ja: value, en: value } };
}

export function asQuestion(v: unknown): SurveyQuestion | null {
  if (!isObj(v) || !isStr(v.id) || !isStr(v.kind) || !(QUESTION_KINDS as readonly string[]).includes(v.kind)) return null;
  const kind = v.kind as QuestionKind;
  const options = Array.isArray(v.options) ? v.options.map(option).filter((o): o is SurveyOption => o !== null) : [];
  if ((kind === 'single' || kind === 'multi') && options.length === 0) return null;
  let showIf: ShowIf | null = null;
  if (isObj(v.show_if) && isStr(v.show_if.question)) {
    const eq = v.show_if.equals;
    if (isStr(eq) || isNum(eq) || typeof eq === 'boolean') showIf = { question: v.show_if.question, equals: eq };
  }
  // the words at a scale's ends: `labels` as [low, …, high] or {min, max} (or min_label/max_label)
  let minLabel = localized(v.min_label);
  let maxLabel = localized(v.max_label);
  if (Array.isArray(v.labels) && v.labels.length >= 2) {
    minLabel = localized(v.labels[0]);
    maxLabel = localized(v.labels[v.labels.length - 1]);
  } else if (isObj(v.labels)) {
    minLabel = localized(v.labels.min) ?? localized(v.labels.low) ?? minLabel;
    maxLabel = localized(v.labels.max) ?? localized(v.labels.high) ?? maxLabel;
  }
  return {
    id: v.id,
    kind,
    text: localized(v.text) ?? localized(v.title) ?? localized(v.label) ?? { ja: v.id, en: v.id },
    help: localized(v.help) ?? localized(v.hint),
    options,
    min: isNum(v.min) ? v.min : kind === 'scale' ? 0 : null,
    max: isNum(v.max) ? v.max : kind === 'scale' ? 10 : null,
    minLabel,
    maxLabel,
    unit: localized(v.unit),
    required: v.required === true,
    maxLength: isNum(v.max_length) && v.max_length > 0 ? Math.min(TEXT_MAX_CHARS, v.max_length) : TEXT_MAX_CHARS,
    showIf,
  };
}

export function asSurvey(v: unknown): Survey | null {
  const s = isObj(v) && isObj(v.survey) ? v.survey : v;
  if (!isObj(s) || !isStr(s.id) || !Array.isArray(s.questions)) return null;
  return {
    id: s.id,
    version: isNum(s.version) ? s.version : 1,
    title: localized(s.title) ?? { ja: s.id, en: s.id },
    description: localized(s.description) ?? {},
    consent: localized(s.consent),
    membersOnly: s.members_only === true,
    questions: s.questions.map(asQuestion).filter((q): q is SurveyQuestion => q !== null),
  };
}

export function asSurveySummary(v: unknown): SurveySummary | null {
  if (!isObj(v) || !isStr(v.id)) return null;
  return {
    id: v.id,
    version: isNum(v.version) ? v.version : 1,
    title: localized(v.title) ?? { ja: v.id, en: v.id },
    description: localized(v.description) ?? {},
    answered: v.answered === true,
    membersOnly: v.members_only === true,
  };
}

// --- conditions and answers --------------------------------------------------------------------

function sameValue(answer: Answer | undefined, want: string | number | boolean): boolean {
  if (answer === undefined) return false;
  if (Array.isArray(answer)) return answer.includes(String(want));
  if (typeof want === 'boolean') return String(answer) === String(want);
  return String(answer) === String(want);
}

/**
 * Whether `q` shows for `answers`: it has no condition, or the question it depends on is shown
 * and answered with the value (for a multiple choice: that value is among the ones chosen).
 */
export function isVisible(survey: Survey, q: SurveyQuestion, answers: Answers, depth = 0): boolean {
  if (!q.showIf) return true;
  if (depth > survey.questions.length) return false; // a cycle in the definition: hide
  const dep = survey.questions.find((x) => x.id === q.showIf?.question);
  if (!dep || !isVisible(survey, dep, answers, depth + 1)) return false;
  return sameValue(answers[dep.id], q.showIf.equals);
}

export function visibleQuestions(survey: Survey, answers: Answers): SurveyQuestion[] {
  return survey.questions.filter((q) => isVisible(survey, q, answers));
}

function isEmpty(a: Answer | undefined): boolean {
  return a === undefined || a === '' || (Array.isArray(a) && a.length === 0) || (typeof a === 'number' && !Number.isFinite(a));
}

/** The answers to send: only shown questions, only real answers (hidden ones are dropped). */
export function pruneAnswers(survey: Survey, answers: Answers): Answers {
  const out: Answers = {};
  for (const q of visibleQuestions(survey, answers)) {
    const a = answers[q.id];
    if (isEmpty(a)) continue;
    out[q.id] = typeof a === 'string' && q.kind === 'text' ? a.trim() : (a as Answer);
    if (out[q.id] === '') delete out[q.id];
  }
  return out;
}

/** An i18n key per shown question whose answer is missing or out of bounds. */
export function validateAnswers(survey: Survey, answers: Answers): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const q of visibleQuestions(survey, answers)) {
    const a = answers[q.id];
    if (isEmpty(a)) {
      if (q.required) errors[q.id] = 'bank.survey.errors.required';
      continue;
    }
    const values = new Set(q.options.map((o) => o.value));
    switch (q.kind) {
      case 'single':
        if (typeof a !== 'string' || !values.has(a)) errors[q.id] = 'bank.survey.errors.choose';
        break;
      case 'multi':
        if (!Array.isArray(a) || a.some((x) => !values.has(x))) errors[q.id] = 'bank.survey.errors.choose';
        break;
      case 'scale':
      case 'number':
        if (typeof a !== 'number' || !Number.isInteger(a)) errors[q.id] = 'bank.survey.errors.number';
        else if ((q.min !== null && a < q.min) || (q.max !== null && a > q.max)) errors[q.id] = 'bank.survey.errors.range';
        break;
      case 'text':
        if (typeof a !== 'string' || charCount(a) > q.maxLength) errors[q.id] = 'bank.survey.errors.tooLong';
        break;
    }
  }
  return errors;
}

// --- aggregate ---------------------------------------------------------------------------------

export interface QuestionAggregate {
  kind: string;
  counts: Record<string, number>;
  suppressed: string[];
}

export interface Aggregate {
  /** Respondents; null when the server withholds it (fewer than k). */
  n: number | null;
  k: number | null;
  /** Too few answers yet: the server sent nothing but that. */
  allSuppressed: boolean;
  questions: Record<string, QuestionAggregate>;
}

export function asAggregate(v: unknown): Aggregate | null {
  if (!isObj(v)) return null;
  const questions: Record<string, QuestionAggregate> = {};
  if (isObj(v.questions)) {
    for (const [id, q] of Object.entries(v.questions)) {
      if (!isObj(q)) continue;
      const counts: Record<string, number> = {};
      if (isObj(q.counts)) for (const [k, c] of Object.entries(q.counts)) if (isNum(c) && c >= 0) counts[k] = c;
      const suppressed = Array.isArray(q.suppressed) ? q.suppressed.map((x) => (isNum(x) ? String(x) : x)).filter(isStr) : [];
      questions[id] = { kind: isStr(q.kind) ? q.kind : '', counts, suppressed };
    }
  }
  return {
    n: isNum(v.n) ? v.n : null,
    k: isNum(v.k) ? v.k : null,
    allSuppressed: v.n_suppressed === true,
    questions,
  };
}

export interface AggregateRow {
  value: string;
  label: Localized;
  /** null: fewer than k people (the number is never shown). */
  count: number | null;
  /** Part of the respondents (0–1) for the bar; 0 for a suppressed row. */
  share: number;
  mine: boolean;
}

/**
 * The rows of one question's chart: its options in the order of the definition (number and scale
 * values in numeric order), a suppressed value as `count: null`, and which ones the person chose.
 */
export function aggregateRows(q: SurveyQuestion, agg: Aggregate, mine: Answer | undefined): AggregateRow[] {
  const qa = agg.questions[q.id];
  if (!qa) return [];
  const suppressed = new Set(qa.suppressed);
  const chosen = new Set(mine === undefined ? [] : Array.isArray(mine) ? mine : [String(mine)]);
  let values: Array<{ value: string; label: Localized }>;
  if (q.kind === 'single' || q.kind === 'multi') {
    values = q.options.map((o) => ({ value: o.value, label: o.label }));
    // values the definition does not list (an older version's option) go at the end
    for (const v of [...Object.keys(qa.counts), ...qa.suppressed]) if (!values.some((x) => x.value === v)) values.push({ value: v, label: { ja: v, en: v } });
  } else {
    const keys = [...new Set([...Object.keys(qa.counts), ...qa.suppressed])];
    keys.sort((a, b) => numericKey(a) - numericKey(b) || a.localeCompare(b));
    values = keys.map((v) => ({ value: v, label: { ja: v, en: v } }));
  }
  const shown = Object.values(qa.counts);
  const total = agg.n ?? Math.max(1, ...shown);
  // a number answer is counted in a bin ("4-7"): the person's row is the bin that holds it
  const isMine = (value: string) => chosen.has(value) || (q.kind === 'number' && typeof mine === 'number' && binHolds(value, mine));
  return values.map(({ value, label }) => {
    const isSuppressed = suppressed.has(value);
    const count = isSuppressed ? null : (qa.counts[value] ?? 0);
    return { value, label, count, share: count === null || total <= 0 ? 0 : Math.min(1, count / total), mine: isMine(value) };
  });
}

/** Whether the aggregate key of a number bin ("4-7", "15") holds `v`. */
export function binHolds(key: string, v: number): boolean {
  const m = /^(\d+)(?:-(\d+))?$/.exec(key);
  if (!m) return false;
  const lo = Number(m[1]);
  const hi = m[2] === undefined ? lo : Number(m[2]);
  return v >= lo && v <= hi;
}

/** The first number in a key ("10-14" → 10), for ordering bins; Infinity when none. */
function numericKey(k: string): number {
  const m = /-?\d+(\.\d+)?/.exec(k);
  return m ? Number(m[0]) : Number.POSITIVE_INFINITY;
}
