// The data of the digital headache bank (docs/bank.md) as the client sees it: a diary entry,
// its allowed values, and readers for the server's answers. Like net/messages.ts, every reader
// treats the answer as untrusted: a field of the wrong type gets a harmless default, and an
// entry without its identifying fields is dropped.

import { type Localized, isNum, isObj, isStr } from '../net/messages';

export const SIDES = ['one', 'both'] as const;
export const CHARACTERS = ['pulsating', 'pressing', 'other'] as const;
export const MED_CLASSES = ['simple_analgesic', 'nsaid', 'triptan', 'combination', 'ergot', 'opioid', 'other'] as const;
export const MED_EFFECTS = ['good', 'some', 'none'] as const;
export const TRIGGERS = ['menstruation', 'weather', 'sleep', 'stress', 'alcohol', 'food', 'screen', 'other'] as const;
export const MISSED = ['school', 'work', 'housework'] as const;
/** The yes/no symptom flags of an entry, in the order the form shows them. */
export const SYMPTOMS = ['nausea', 'vomiting', 'photophobia', 'phonophobia', 'aura'] as const;

export type Side = (typeof SIDES)[number];
export type Character = (typeof CHARACTERS)[number];
export type MedClass = (typeof MED_CLASSES)[number];
export type MedEffect = (typeof MED_EFFECTS)[number];
export type Trigger = (typeof TRIGGERS)[number];
export type Missed = (typeof MISSED)[number];
export type Symptom = (typeof SYMPTOMS)[number];

export const DURATION_MIN = 1;
export const DURATION_MAX = 10080; // a week
export const NOTE_MAX_CHARS = 500;
export const MAX_MEDICATIONS = 10;

/** The three easy choices of the form and the 0–10 value each stands for (docs/bank.md). */
export const INTENSITY_PRESETS = { mild: 3, moderate: 6, severe: 9 } as const;
export type IntensityBand = 'none' | keyof typeof INTENSITY_PRESETS;

/** Which word a 0–10 intensity is: 0 none, 1–3 mild, 4–6 moderate, 7–10 severe. */
export function intensityBand(v: number): IntensityBand {
  if (v <= 0) return 'none';
  if (v <= 3) return 'mild';
  if (v <= 6) return 'moderate';
  return 'severe';
}

export interface Medication {
  class: MedClass;
  effect: MedEffect | null;
}

/** One headache (docs/bank.md "diary entry"); `id` is absent before it is first saved. */
export interface DiaryEntry {
  id?: number;
  /** Local date the headache started, YYYY-MM-DD. */
  date: string;
  /** HH:MM or null. */
  start: string | null;
  duration_min: number;
  intensity: number;
  side: Side | null;
  character: Character | null;
  worse_with_activity: boolean | null;
  nausea: boolean;
  vomiting: boolean;
  photophobia: boolean;
  phonophobia: boolean;
  aura: boolean;
  medications: Medication[];
  triggers: Trigger[];
  missed: Missed[];
  note: string;
}

function oneOf<T extends string>(list: readonly T[], v: unknown): T | null {
  return isStr(v) && (list as readonly string[]).includes(v) ? (v as T) : null;
}

function listOf<T extends string>(list: readonly T[], v: unknown): T[] {
  if (!Array.isArray(v)) return [];
  const out: T[] = [];
  for (const x of v) {
    const item = oneOf(list, x);
    if (item !== null && !out.includes(item)) out.push(item);
  }
  return out;
}

export const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;

/** An entry from the server or from storage, or null when it lacks a date or a number. */
export function asEntry(v: unknown): DiaryEntry | null {
  if (!isObj(v) || !isStr(v.date) || !DATE_RE.test(v.date) || !isNum(v.duration_min) || !isNum(v.intensity)) return null;
  const meds: Medication[] = [];
  if (Array.isArray(v.medications)) {
    for (const m of v.medications) {
      if (!isObj(m)) continue;
      const cls = oneOf(MED_CLASSES, m.class);
      if (cls) meds.push({ class: cls, effect: oneOf(MED_EFFECTS, m.effect) });
    }
  }
  const entry: DiaryEntry = {
    date: v.date,
    start: isStr(v.start) && TIME_RE.test(v.start) ? v.start : null,
    duration_min: v.duration_min,
    intensity: v.intensity,
    side: oneOf(SIDES, v.side),
    character: oneOf(CHARACTERS, v.character),
    worse_with_activity: typeof v.worse_with_activity === 'boolean' ? v.worse_with_activity : null,
    nausea: v.nausea === true,
    vomiting: v.vomiting === true,
    photophobia: v.photophobia === true,
    phonophobia: v.phonophobia === true,
    aura: v.aura === true,
    medications: meds,
    triggers: listOf(TRIGGERS, v.triggers),
    missed: listOf(MISSED, v.missed),
    note: isStr(v.note) ? v.note : '',
  };
  if (isNum(v.id)) entry.id = v.id;
  return entry;
}

/** A new, empty entry for `date` (what the form starts from). */
export function blankEntry(date: string): DiaryEntry {
  return {
    date,
    start: null,
    duration_min: 240,
    intensity: INTENSITY_PRESETS.moderate,
    side: null,
    character: null,
    worse_with_activity: null,
    nausea: false,
    vomiting: false,
    photophobia: false,
    phonophobia: false,
    aura: false,
    medications: [],
    triggers: [],
    missed: [],
    note: '',
  };
}

/** The body sent to the server: the entry in the contract's field order, without `id`. */
export function entryBody(e: DiaryEntry): Omit<DiaryEntry, 'id'> {
  return {
    date: e.date,
    start: e.start,
    duration_min: e.duration_min,
    intensity: e.intensity,
    side: e.side,
    character: e.character,
    worse_with_activity: e.worse_with_activity,
    nausea: e.nausea,
    vomiting: e.vomiting,
    photophobia: e.photophobia,
    phonophobia: e.phonophobia,
    aura: e.aura,
    medications: e.medications.map((m) => ({ class: m.class, effect: m.effect })),
    triggers: [...e.triggers],
    missed: [...e.missed],
    note: e.note,
  };
}

/** Entries sorted newest first (date, then start time, then id). */
export function sortEntries(list: readonly DiaryEntry[]): DiaryEntry[] {
  return [...list].sort((a, b) => {
    if (a.date !== b.date) return a.date < b.date ? 1 : -1;
    const sa = a.start ?? '';
    const sb = b.start ?? '';
    if (sa !== sb) return sa < sb ? 1 : -1;
    return (b.id ?? 0) - (a.id ?? 0);
  });
}

// --- self-check --------------------------------------------------------------------------------

export type CheckStatus = 'matches' | 'partly' | 'no';

export interface CheckResult {
  code: string;
  status: CheckStatus;
  met: string[];
  unmet: string[];
  explain: Localized;
}

export interface RedFlag {
  id: string;
  text: Localized;
}

export interface MonthlyStats {
  month: string;
  headache_days: number;
  migraine_like_days: number;
  acute_med_days: number;
}

export interface SelfCheck {
  results: CheckResult[];
  red_flags: RedFlag[];
  guidance: Localized;
  monthly: MonthlyStats[];
}

function localized(v: unknown): Localized {
  if (isStr(v)) return { ja: v, en: v };
  const out: Localized = {};
  if (isObj(v)) for (const [k, s] of Object.entries(v)) if (isStr(s)) out[k] = s;
  return out;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter(isStr) : [];
}

export function asMonthly(v: unknown): MonthlyStats | null {
  if (!isObj(v) || !isStr(v.month)) return null;
  const n = (x: unknown) => (isNum(x) && x >= 0 ? Math.round(x) : 0);
  return { month: v.month, headache_days: n(v.headache_days), migraine_like_days: n(v.migraine_like_days), acute_med_days: n(v.acute_med_days) };
}

export function asSelfCheck(v: unknown): SelfCheck | null {
  if (!isObj(v) || !Array.isArray(v.results)) return null;
  const results: CheckResult[] = [];
  for (const r of v.results) {
    if (!isObj(r) || !isStr(r.code)) continue;
    const status = oneOf(['matches', 'partly', 'no'] as const, r.status) ?? 'no';
    results.push({ code: r.code, status, met: strings(r.met), unmet: strings(r.unmet), explain: localized(r.explain) });
  }
  const red_flags: RedFlag[] = [];
  if (Array.isArray(v.red_flags)) {
    for (const f of v.red_flags) if (isObj(f) && isStr(f.id)) red_flags.push({ id: f.id, text: localized(f.text) });
  }
  const monthly: MonthlyStats[] = [];
  if (Array.isArray(v.monthly)) for (const m of v.monthly) {
    const s = asMonthly(m);
    if (s) monthly.push(s);
  }
  return { results, red_flags, guidance: localized(v.guidance), monthly };
}
