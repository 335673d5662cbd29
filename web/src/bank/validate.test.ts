import { describe, expect, it } from 'vitest';
import { entry } from './testing';
import { charCount, fieldOfServer, parseDuration, toHalfWidth, validateEntry } from './validate';

const TODAY = '2026-11-20';

describe('validateEntry', () => {
  it('a plain entry is fine', () => {
    expect(validateEntry(entry('2026-11-03'), TODAY)).toEqual({});
    expect(validateEntry(entry(TODAY, { start: '23:59', duration_min: 10080, intensity: 10 }), TODAY)).toEqual({});
    expect(validateEntry(entry('2000-01-01', { start: '00:00', duration_min: 1, intensity: 0 }), TODAY)).toEqual({});
  });

  it.each([
    ['no date', { date: '' }, 'date', 'bank.form.errors.dateMissing'],
    ['no real day', { date: '2026-02-30' }, 'date', 'bank.form.errors.dateInvalid'],
    ['tomorrow', { date: '2026-11-21' }, 'date', 'bank.form.errors.dateFuture'],
    ['before 2000', { date: '1999-12-31' }, 'date', 'bank.form.errors.dateTooOld'],
    ['start 24:00', { start: '24:00' }, 'start', 'bank.form.errors.startInvalid'],
    ['start 9:5', { start: '9:5' }, 'start', 'bank.form.errors.startInvalid'],
    ['duration 0', { duration_min: 0 }, 'duration_min', 'bank.form.errors.durationRange'],
    ['duration over a week', { duration_min: 10081 }, 'duration_min', 'bank.form.errors.durationRange'],
    ['duration not a number', { duration_min: Number.NaN }, 'duration_min', 'bank.form.errors.durationInvalid'],
    ['intensity 11', { intensity: 11 }, 'intensity', 'bank.form.errors.intensityRange'],
    ['intensity -1', { intensity: -1 }, 'intensity', 'bank.form.errors.intensityRange'],
    ['intensity 5.5', { intensity: 5.5 }, 'intensity', 'bank.form.errors.intensityRange'],
    ['11 medications', { medications: Array.from({ length: 11 }, () => ({ class: 'nsaid' as const, effect: null })) }, 'medications', 'bank.form.errors.tooManyMeds'],
    ['a note of 501 characters', { note: 'あ'.repeat(501) }, 'note', 'bank.form.errors.noteTooLong'],
  ] as const)('%s', (_name, change, field, key) => {
    const errors = validateEntry(entry('2026-11-03', change as never), TODAY);
    expect(errors).toEqual({ [field]: key });
  });

  it('a note of 500 emoji is fine (characters, not UTF-16 units)', () => {
    expect(validateEntry(entry('2026-11-03', { note: '😣'.repeat(500) }), TODAY)).toEqual({});
    expect(charCount('😣😣')).toBe(2);
  });
});

describe('parseDuration', () => {
  it.each([
    ['', '', null],
    ['4', '', 240],
    ['', '30', 30],
    ['1', '30', 90],
    ['０', '４５', 45],
    [' 2 ', '0', 120],
    ['1.5', '', Number.NaN],
    ['-1', '', Number.NaN],
    ['abc', '', Number.NaN],
  ] as const)('%j h %j min → %s', (h, m, want) => {
    const got = parseDuration(h, m);
    if (want === null) expect(got).toBeNull();
    else if (Number.isNaN(want)) expect(Number.isNaN(got)).toBe(true);
    else expect(got).toBe(want);
  });

  it('turns full-width digits into ASCII', () => expect(toHalfWidth('１２:３０')).toBe('12:30'));
});

describe('fieldOfServer', () => {
  it.each([
    ['duration_min', 'duration_min'],
    ['medications[2].class', 'medications'],
    ['note', 'note'],
    ['triggers', null],
    [null, null],
  ] as const)('%s → %s', (field, want) => expect(fieldOfServer(field)).toBe(want));
});
