import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysCovered, daysInMonth, isoDate, lastDay, monthsUpTo, parseDate, weekday } from './dates';

describe('parseDate', () => {
  it.each([
    ['2026-11-03', true],
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['', false],
    ['2026-11-03T00:00', false],
  ])('%s → valid %s', (s, valid) => {
    expect(parseDate(s) !== null).toBe(valid);
  });
});

describe('calendar arithmetic', () => {
  it.each([
    ['2026-11-30', 1, '2026-12-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2026-03-29', 7, '2026-04-05'],
  ])('%s + %i days = %s', (d, n, want) => expect(addDays(d, n)).toBe(want));

  it.each([
    ['2026-11', 1, '2026-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
  ])('%s + %i months = %s', (m, n, want) => expect(addMonths(m, n)).toBe(want));

  it.each([
    ['2024-02', 29],
    ['2026-02', 28],
    ['2026-04', 30],
    ['2026-12', 31],
  ])('%s has %i days', (m, n) => {
    expect(daysInMonth(m)).toBe(n);
    expect(lastDay(m)).toBe(`${m}-${n}`);
  });

  it('weekday: 2026-11-01 is a Sunday, 2026-11-07 a Saturday', () => {
    expect(weekday('2026-11-01')).toBe(0);
    expect(weekday('2026-11-07')).toBe(6);
  });

  it('monthsUpTo lists oldest first across a year end', () => {
    expect(monthsUpTo('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
  });

  it('isoDate uses local time, not UTC', () => {
    expect(isoDate(new Date(2026, 10, 3, 0, 30))).toBe('2026-11-03');
    expect(isoDate(new Date(2026, 10, 3, 23, 59))).toBe('2026-11-03');
  });
});

describe('daysCovered', () => {
  it.each([
    ['no start, 24 h is one day', null, 1440, ['2026-11-03']],
    ['no start, 25 h is two days', null, 1500, ['2026-11-03', '2026-11-04']],
    ['22:00 for 3 h crosses midnight', '22:00', 180, ['2026-11-03', '2026-11-04']],
    ['22:00 for 2 h ends at midnight', '22:00', 120, ['2026-11-03']],
    ['14:30 for 72 h', '14:30', 4320, ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06']],
    ['a week at most (8 days)', '23:59', 10080, ['2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06', '2026-11-07', '2026-11-08', '2026-11-09', '2026-11-10']],
    ['one minute', '08:00', 1, ['2026-11-03']],
  ] as const)('%s', (_name, start, minutes, want) => {
    expect(daysCovered('2026-11-03', start, minutes)).toEqual(want);
  });
});
