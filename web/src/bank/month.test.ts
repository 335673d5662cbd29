import { describe, expect, it } from 'vitest';
import { dayMarks, hasAccompanying, isMigraineLike, medDaysByClass, monthStats, monthlySeries, painFeatures, periodSummary } from './month';
import { entry, migraine } from './testing';

describe('migraine-like (ICHD-3 1.3 way of counting a migraine day)', () => {
  it.each([
    ['typical migraine: 4 features + nausea', migraine('2026-11-03'), true],
    ['two features (one side, pulsating) + light and sound', entry('2026-11-03', { side: 'one', character: 'pulsating', intensity: 2, photophobia: true, phonophobia: true }), true],
    ['two features, light only (D needs both)', entry('2026-11-03', { side: 'one', character: 'pulsating', intensity: 2, photophobia: true }), false],
    ['one feature (moderate) + nausea', entry('2026-11-03', { intensity: 6, nausea: true }), false],
    ['moderate (4) + worse with activity + vomiting', entry('2026-11-03', { intensity: 4, worse_with_activity: true, vomiting: true }), true],
    ['intensity 3 is mild: worse with activity + 3 + nausea', entry('2026-11-03', { intensity: 3, worse_with_activity: true, nausea: true }), false],
    ['aura alone', entry('2026-11-03', { intensity: 2, aura: true }), true],
    ['relieved by a triptan', entry('2026-11-03', { intensity: 2, medications: [{ class: 'triptan', effect: 'good' }] }), true],
    ['ergot that worked well', entry('2026-11-03', { intensity: 2, medications: [{ class: 'ergot', effect: 'good' }] }), true],
    ['a triptan that helped a little is not relief', entry('2026-11-03', { intensity: 2, medications: [{ class: 'triptan', effect: 'some' }] }), false],
    ['aura without pain is no headache at all', entry('2026-11-03', { intensity: 0, aura: true }), false],
    ['triptan without effect', entry('2026-11-03', { intensity: 2, medications: [{ class: 'triptan', effect: 'none' }] }), false],
    ['an NSAID that helped is not enough', entry('2026-11-03', { intensity: 2, medications: [{ class: 'nsaid', effect: 'good' }] }), false],
    ['pressing both sides, mild (tension-type like)', entry('2026-11-03', { side: 'both', character: 'pressing', intensity: 3, photophobia: true }), false],
  ])('%s → %s', (_name, e, want) => {
    expect(isMigraineLike(e)).toBe(want);
  });

  it('counts pain features and accompanying symptoms', () => {
    expect(painFeatures(migraine('2026-11-03'))).toBe(4);
    expect(painFeatures(entry('2026-11-03', { intensity: 0 }))).toBe(0);
    expect(hasAccompanying(entry('2026-11-03', { vomiting: true }))).toBe(true);
  });
});

describe('month marks and stats', () => {
  const entries = [
    migraine('2026-11-03', { medications: [{ class: 'triptan', effect: 'good' }] }),
    entry('2026-11-03', { intensity: 2, start: '20:00', duration_min: 60 }), // same day: counted once
    entry('2026-11-10', { intensity: 5, start: '22:00', duration_min: 240 }), // runs into the 11th
    entry('2026-11-30', { intensity: 9, start: '23:00', duration_min: 120, medications: [{ class: 'nsaid', effect: 'some' }] }), // into December
    entry('2026-10-31', { intensity: 7, start: '23:00', duration_min: 180 }), // from October into 1 November
    entry('2026-12-05', { intensity: 3, medications: [{ class: 'simple_analgesic', effect: null }] }),
  ];

  it('marks each touched day with its highest intensity', () => {
    const marks = dayMarks(entries, '2026-11');
    expect([...marks.keys()].sort()).toEqual(['2026-11-01', '2026-11-03', '2026-11-10', '2026-11-11', '2026-11-30']);
    expect(marks.get('2026-11-03')).toMatchObject({ intensity: 8, band: 'severe', migraineLike: true, medication: true });
    expect(marks.get('2026-11-03')?.entries).toHaveLength(2);
    expect(marks.get('2026-11-10')).toMatchObject({ band: 'moderate', medication: false });
    expect(marks.get('2026-11-01')).toMatchObject({ intensity: 7, band: 'severe' });
  });

  it('counts headache days, migraine-like days and acute-medication days per month', () => {
    expect(monthStats(entries, '2026-11')).toEqual({ month: '2026-11', headache_days: 5, migraine_like_days: 1, acute_med_days: 2 });
    expect(monthStats(entries, '2026-12')).toEqual({ month: '2026-12', headache_days: 2, migraine_like_days: 0, acute_med_days: 1 });
    expect(monthStats(entries, '2026-10')).toEqual({ month: '2026-10', headache_days: 1, migraine_like_days: 0, acute_med_days: 0 });
    expect(monthStats([], '2026-11')).toEqual({ month: '2026-11', headache_days: 0, migraine_like_days: 0, acute_med_days: 0 });
  });

  it('an aura without pain is shown on the calendar but is no headache day', () => {
    const list = [entry('2026-11-02', { intensity: 0, aura: true }), entry('2026-11-03', { intensity: 0, medications: [{ class: 'nsaid', effect: null }] })];
    expect(dayMarks(list, '2026-11').get('2026-11-02')).toMatchObject({ headache: false, band: 'none', migraineLike: false });
    expect(monthStats(list, '2026-11')).toEqual({ month: '2026-11', headache_days: 0, migraine_like_days: 0, acute_med_days: 1 });
  });

  it('a medication counts on the day the headache began, not on the days it lasted', () => {
    const long = entry('2026-11-01', { duration_min: 2880, medications: [{ class: 'nsaid', effect: 'none' }] });
    expect(monthStats([long], '2026-11')).toMatchObject({ headache_days: 2, acute_med_days: 1 });
  });

  it('gives a series of months', () => {
    expect(monthlySeries(entries, ['2026-10', '2026-11']).map((s) => s.headache_days)).toEqual([1, 5]);
  });

  it('counts medication days per class (one day with two doses of a class is one day)', () => {
    const list = [
      entry('2026-11-01', { medications: [{ class: 'nsaid', effect: 'good' }, { class: 'nsaid', effect: 'none' }] }),
      entry('2026-11-01', { medications: [{ class: 'nsaid', effect: null }] }),
      entry('2026-11-02', { medications: [{ class: 'triptan', effect: null }, { class: 'nsaid', effect: null }] }),
      entry('2026-12-02', { medications: [{ class: 'triptan', effect: null }] }),
    ];
    expect(medDaysByClass(list, '2026-11')).toMatchObject({ nsaid: 2, triptan: 1, simple_analgesic: 0, opioid: 0 });
  });
});

describe('periodSummary', () => {
  it('summarises intensity, duration, triggers, missed days and effect', () => {
    const list = [
      entry('2026-11-01', { intensity: 8, duration_min: 60, triggers: ['weather', 'sleep'], missed: ['work'], medications: [{ class: 'triptan', effect: 'good' }] }),
      entry('2026-11-01', { intensity: 4, duration_min: 120, triggers: ['weather'], missed: ['work'] }),
      entry('2026-11-09', { intensity: 6, duration_min: 600, triggers: ['stress'], missed: ['school', 'housework'], medications: [{ class: 'nsaid', effect: 'none' }, { class: 'nsaid', effect: null }] }),
      entry('2026-12-09', { intensity: 10 }),
    ];
    const s = periodSummary(list, ['2026-11']);
    expect(s.entries).toBe(3);
    expect(s.meanIntensity).toBe(6);
    expect(s.medianDuration).toBe(120);
    expect(s.triggers).toEqual([
      { trigger: 'weather', count: 2 },
      { trigger: 'sleep', count: 1 },
      { trigger: 'stress', count: 1 },
    ]);
    expect(s.missed).toEqual({ school: 1, work: 1, housework: 1 });
    expect(s.goodEffect).toBe(0.5);
  });

  it('counts only headaches with pain', () => {
    const s = periodSummary([entry('2026-11-01', { intensity: 0, aura: true, duration_min: 30 }), entry('2026-11-02', { intensity: 6, duration_min: 300 })], ['2026-11']);
    expect(s).toMatchObject({ entries: 1, meanIntensity: 6, medianDuration: 300 });
  });

  it('is empty without entries', () => {
    expect(periodSummary([], ['2026-11'])).toMatchObject({ entries: 0, meanIntensity: null, medianDuration: null, goodEffect: null, triggers: [] });
  });

  it('takes the mean of the two middle durations for an even count', () => {
    expect(periodSummary([entry('2026-11-01', { duration_min: 60 }), entry('2026-11-02', { duration_min: 90 })], ['2026-11']).medianDuration).toBe(75);
  });
});
