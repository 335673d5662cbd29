// Calendar arithmetic on local dates written as text (YYYY-MM-DD, months as YYYY-MM). The diary
// is about the person's own days, so everything here is in the browser's local time and never
// goes through UTC (which would move a headache at 08:00 in Tokyo to the day before).

export function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `d` as YYYY-MM-DD in local time. */
export function isoDate(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

export function today(now: Date = new Date()): string {
  return isoDate(now);
}

/** YYYY-MM-DD → a local Date at midnight, or null if it is no real day (2026-02-30). */
export function parseDate(s: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

export function addDays(date: string, days: number): string {
  const d = parseDate(date);
  if (!d) return date;
  d.setDate(d.getDate() + days);
  return isoDate(d);
}

/** YYYY-MM of a date. */
export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(y, m - 1 + n, 1);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}`;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(y, m, 0).getDate();
}

export function firstDay(month: string): string {
  return `${month}-01`;
}

export function lastDay(month: string): string {
  return `${month}-${pad2(daysInMonth(month))}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(date: string): number {
  return parseDate(date)?.getDay() ?? 0;
}

/** The `count` months ending with `last`, oldest first. */
export function monthsUpTo(last: string, count: number): string[] {
  const out: string[] = [];
  for (let i = count - 1; i >= 0; i--) out.push(addMonths(last, -i));
  return out;
}

/**
 * The days a headache touches: from its date to the day its last minute falls on. Without a
 * start time it is counted from midnight, so a 24-hour headache is one day and a 25-hour one two.
 */
export function daysCovered(date: string, start: string | null, durationMin: number): string[] {
  const startMin = start ? Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5)) : 0;
  const lastMinute = startMin + Math.max(1, Math.round(durationMin)) - 1;
  const extra = Math.min(7, Math.floor(lastMinute / 1440));
  const out = [date];
  for (let i = 1; i <= extra; i++) out.push(addDays(date, i));
  return out;
}
