// Test helpers of the bank module (imported only by *.test.ts files).

import { type DiaryEntry, blankEntry } from './types';

/** An entry on `date` with the given changes (a plain moderate 4-hour headache otherwise). */
export function entry(date: string, change: Partial<DiaryEntry> = {}): DiaryEntry {
  return { ...blankEntry(date), ...change };
}

/** A typical migraine attack: one side, pulsating, severe, worse with activity, nausea. */
export function migraine(date: string, change: Partial<DiaryEntry> = {}): DiaryEntry {
  return entry(date, { side: 'one', character: 'pulsating', intensity: 8, worse_with_activity: true, nausea: true, photophobia: true, phonophobia: true, duration_min: 600, ...change });
}
