// Month arithmetic of the diary: which days of a month had a headache and how bad, and the
// three numbers per month the charts and the summary show (headache days, migraine-like days,
// acute-medication days). Pure functions over entries; the same for a guest's browser diary and
// a member's server diary.
//
// Definitions (docs/bank.md; the self-check of the server uses the same ones):
// - a headache day is every day an entry with pain (intensity above 0) touches (daysCovered: a
//   long attack counts on each day); an aura without pain is not a headache day;
// - a migraine-like day is a day touched by a headache that fulfils ICHD-3 1.1 criteria C and D
//   (two of: one side, pulsating, moderate or severe, worse with activity; and nausea/vomiting or
//   both light and sound sensitivity), or had aura, or was relieved ("worked well") by a triptan
//   or an ergot — the three ways ICHD-3 1.3 counts a day as migraine;
// - an acute-medication day is the date of an entry on which any acute medication was taken.
// (server/src/bank/evidence.cc counts the same way for the self-check's `monthly`.)

import { daysCovered, firstDay, lastDay, monthOf } from './dates';
import { type DiaryEntry, type IntensityBand, type MedClass, MED_CLASSES, type Trigger, type Missed, intensityBand } from './types';

/** Moderate or severe pain on the 0–10 scale (ICHD-3 1.1 C3). */
export const MODERATE_FROM = 4;

/** How many of the ICHD-3 1.1 C features the entry has (0–4). */
export function painFeatures(e: DiaryEntry): number {
  return [e.side === 'one', e.character === 'pulsating', e.intensity >= MODERATE_FROM, e.worse_with_activity === true].filter(Boolean).length;
}

/** ICHD-3 1.1 D: nausea and/or vomiting, or both photophobia and phonophobia. */
export function hasAccompanying(e: DiaryEntry): boolean {
  return e.nausea || e.vomiting || (e.photophobia && e.phonophobia);
}

/** A headache that counts as a migraine day in ICHD-3 1.3 (see the file comment). */
export function isMigraineLike(e: DiaryEntry): boolean {
  if (e.intensity <= 0) return false;
  if (painFeatures(e) >= 2 && hasAccompanying(e)) return true;
  if (e.aura) return true;
  return e.medications.some((m) => (m.class === 'triptan' || m.class === 'ergot') && m.effect === 'good');
}

export interface DayMark {
  date: string;
  /** A headache with pain touched the day (false: only an aura or medication was recorded). */
  headache: boolean;
  /** Highest intensity of the headaches that touch the day. */
  intensity: number;
  band: IntensityBand;
  /** Entries that touch the day (started that day or earlier and still going). */
  entries: DiaryEntry[];
  migraineLike: boolean;
  medication: boolean;
}

/** Every day of `month` that a headache touches, keyed by date. */
export function dayMarks(entries: readonly DiaryEntry[], month: string): Map<string, DayMark> {
  const from = firstDay(month);
  const to = lastDay(month);
  const out = new Map<string, DayMark>();
  for (const e of entries) {
    const days = daysCovered(e.date, e.start, e.duration_min);
    for (const d of days) {
      if (d < from || d > to) continue;
      let mark = out.get(d);
      if (!mark) {
        mark = { date: d, headache: false, intensity: e.intensity, band: intensityBand(e.intensity), entries: [], migraineLike: false, medication: false };
        out.set(d, mark);
      }
      if (e.intensity > 0) mark.headache = true;
      mark.entries.push(e);
      if (e.intensity > mark.intensity) {
        mark.intensity = e.intensity;
        mark.band = intensityBand(e.intensity);
      }
      if (isMigraineLike(e)) mark.migraineLike = true;
      if (d === e.date && e.medications.length > 0) mark.medication = true;
    }
  }
  return out;
}

export interface MonthStats {
  month: string;
  headache_days: number;
  migraine_like_days: number;
  acute_med_days: number;
}

export function monthStats(entries: readonly DiaryEntry[], month: string): MonthStats {
  const marks = dayMarks(entries, month);
  let headache = 0;
  let migraine = 0;
  let meds = 0;
  for (const m of marks.values()) {
    if (m.headache) headache += 1;
    if (m.migraineLike) migraine += 1;
    if (m.medication) meds += 1;
  }
  return { month, headache_days: headache, migraine_like_days: migraine, acute_med_days: meds };
}

export function monthlySeries(entries: readonly DiaryEntry[], months: readonly string[]): MonthStats[] {
  return months.map((m) => monthStats(entries, m));
}

/** Days per medication class in `month` (medication overuse is judged per class, ICHD-3 8.2). */
export function medDaysByClass(entries: readonly DiaryEntry[], month: string): Record<MedClass, number> {
  const days = new Map<MedClass, Set<string>>();
  for (const e of entries) {
    if (monthOf(e.date) !== month) continue;
    for (const m of e.medications) {
      let set = days.get(m.class);
      if (!set) days.set(m.class, (set = new Set()));
      set.add(e.date);
    }
  }
  const out = {} as Record<MedClass, number>;
  for (const c of MED_CLASSES) out[c] = days.get(c)?.size ?? 0;
  return out;
}

export interface PeriodSummary {
  /** Headaches (entries with pain). */
  entries: number;
  /** Average intensity (0–10, one decimal), null without entries. */
  meanIntensity: number | null;
  /** Median duration in minutes, null without entries. */
  medianDuration: number | null;
  /** Triggers by how often they were noted, most frequent first. */
  triggers: Array<{ trigger: Trigger; count: number }>;
  /** Days with missed school, work or housework, per kind. */
  missed: Record<Missed, number>;
  /** Share of medication doses rated "good" (0–1), null without rated doses. */
  goodEffect: number | null;
}

/** What the one-page summary for a doctor says about the entries of `months`. */
export function periodSummary(entries: readonly DiaryEntry[], months: readonly string[]): PeriodSummary {
  // headaches only: an aura or a dose recorded without pain says nothing of strength or length
  const inside = entries.filter((e) => e.intensity > 0 && months.includes(monthOf(e.date)));
  const triggerCount = new Map<Trigger, number>();
  const missedDays: Record<Missed, Set<string>> = { school: new Set(), work: new Set(), housework: new Set() };
  let rated = 0;
  let good = 0;
  for (const e of inside) {
    for (const tr of e.triggers) triggerCount.set(tr, (triggerCount.get(tr) ?? 0) + 1);
    for (const m of e.missed) missedDays[m].add(e.date);
    for (const m of e.medications) {
      if (m.effect === null) continue;
      rated += 1;
      if (m.effect === 'good') good += 1;
    }
  }
  const durations = inside.map((e) => e.duration_min).sort((a, b) => a - b);
  const mid = Math.floor(durations.length / 2);
  const median = durations.length === 0 ? null : durations.length % 2 ? (durations[mid] as number) : ((durations[mid - 1] as number) + (durations[mid] as number)) / 2;
  return {
    entries: inside.length,
    meanIntensity: inside.length ? Math.round((inside.reduce((s, e) => s + e.intensity, 0) / inside.length) * 10) / 10 : null,
    medianDuration: median,
    triggers: [...triggerCount].map(([trigger, count]) => ({ trigger, count })).sort((a, b) => b.count - a.count || a.trigger.localeCompare(b.trigger)),
    missed: { school: missedDays.school.size, work: missedDays.work.size, housework: missedDays.housework.size },
    goodEffect: rated ? good / rated : null,
  };
}
