// Checks of a diary entry before it is saved, the same limits as the server's (docs/bank.md).
// Pure: returns an i18n key per field in trouble, so the form shows each next to its field.
// The server checks again and has the last word (`diary_invalid` with `field`).

import { parseDate } from './dates';
import { DURATION_MAX, DURATION_MIN, type DiaryEntry, MAX_MEDICATIONS, NOTE_MAX_CHARS, TIME_RE } from './types';

export type EntryField = 'date' | 'start' | 'duration_min' | 'intensity' | 'medications' | 'note';
export type EntryErrors = Partial<Record<EntryField, string>>;

/** The earliest date the diary accepts (older ones are surely typing mistakes). */
export const EARLIEST_DATE = '2000-01-01';

/**
 * Minutes from the form's hours and minutes boxes; null when both are empty, NaN when either is
 * not a whole non-negative number.
 */
export function parseDuration(hours: string, minutes: string): number | null {
  const hs = hours.trim();
  const ms = minutes.trim();
  if (hs === '' && ms === '') return null;
  const hv = hs === '' ? 0 : Number(toHalfWidth(hs));
  const mv = ms === '' ? 0 : Number(toHalfWidth(ms));
  if (!Number.isInteger(hv) || !Number.isInteger(mv) || hv < 0 || mv < 0) return Number.NaN;
  return hv * 60 + mv;
}

/** Full-width digits (as a Japanese keyboard may type them) to ASCII. */
export function toHalfWidth(s: string): string {
  return s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

/** Characters as people count them (code points, so an emoji is one). */
export function charCount(s: string): number {
  return Array.from(s).length;
}

/** What is wrong with `e` (empty when nothing); `today` is the person's local date. */
export function validateEntry(e: DiaryEntry, today: string): EntryErrors {
  const errors: EntryErrors = {};
  if (!e.date) errors.date = 'bank.form.errors.dateMissing';
  else if (!parseDate(e.date)) errors.date = 'bank.form.errors.dateInvalid';
  else if (e.date > today) errors.date = 'bank.form.errors.dateFuture';
  else if (e.date < EARLIEST_DATE) errors.date = 'bank.form.errors.dateTooOld';

  if (e.start !== null && !TIME_RE.test(e.start)) errors.start = 'bank.form.errors.startInvalid';

  if (!Number.isFinite(e.duration_min)) errors.duration_min = 'bank.form.errors.durationInvalid';
  else if (e.duration_min < DURATION_MIN || e.duration_min > DURATION_MAX || !Number.isInteger(e.duration_min)) errors.duration_min = 'bank.form.errors.durationRange';

  if (!Number.isInteger(e.intensity) || e.intensity < 0 || e.intensity > 10) errors.intensity = 'bank.form.errors.intensityRange';

  if (e.medications.length > MAX_MEDICATIONS) errors.medications = 'bank.form.errors.tooManyMeds';

  if (charCount(e.note) > NOTE_MAX_CHARS) errors.note = 'bank.form.errors.noteTooLong';
  return errors;
}

/** Which form field a server's `diary_invalid` `field` belongs to (null: the whole form). */
export function fieldOfServer(field: string | null): EntryField | null {
  if (!field) return null;
  const base = field.replace(/\[.*$/, '').replace(/\..*$/, '');
  const known: Record<string, EntryField> = {
    date: 'date',
    start: 'start',
    duration_min: 'duration_min',
    intensity: 'intensity',
    medications: 'medications',
    note: 'note',
  };
  return known[base] ?? null;
}
