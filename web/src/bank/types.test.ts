import { describe, expect, it } from 'vitest';
import { asEntry, entryBody, intensityBand, sortEntries } from './types';
import { entry } from './testing';

describe('asEntry', () => {
  it('reads a full entry of docs/bank.md', () => {
    const v = {
      id: 12,
      date: '2026-11-03',
      start: '14:30',
      duration_min: 240,
      intensity: 7,
      side: 'one',
      character: 'pulsating',
      worse_with_activity: true,
      nausea: false,
      vomiting: false,
      photophobia: true,
      phonophobia: true,
      aura: false,
      medications: [{ class: 'triptan', effect: 'good' }],
      triggers: ['weather', 'sleep'],
      missed: ['work'],
      note: '',
    };
    expect(asEntry(v)).toEqual(v);
  });

  it.each([
    ['no date', { duration_min: 60, intensity: 3 }],
    ['a date that is not YYYY-MM-DD', { date: '3/11/2026', duration_min: 60, intensity: 3 }],
    ['no duration', { date: '2026-11-03', intensity: 3 }],
    ['intensity as text', { date: '2026-11-03', duration_min: 60, intensity: '3' }],
  ])('drops an entry with %s', (_name, v) => {
    expect(asEntry(v)).toBeNull();
  });

  it('gives unknown values harmless defaults', () => {
    const e = asEntry({ date: '2026-11-03', duration_min: 60, intensity: 3, start: '25:00', side: 'left', character: 7, worse_with_activity: 'yes', nausea: 1, medications: [{ class: 'magic' }, { class: 'nsaid', effect: 'wow' }, 'x'], triggers: ['weather', 'moon', 'weather'], missed: 'work' });
    expect(e).toMatchObject({ start: null, side: null, character: null, worse_with_activity: null, nausea: false, medications: [{ class: 'nsaid', effect: null }], triggers: ['weather'], missed: [], note: '' });
    expect(e).not.toHaveProperty('id');
  });

  it('the body has no id', () => {
    expect(entryBody(entry('2026-11-03', { id: 5 }))).not.toHaveProperty('id');
  });
});

describe('intensityBand', () => {
  it.each([
    [0, 'none'],
    [1, 'mild'],
    [3, 'mild'],
    [4, 'moderate'],
    [6, 'moderate'],
    [7, 'severe'],
    [10, 'severe'],
  ] as const)('%i → %s', (v, band) => expect(intensityBand(v)).toBe(band));
});

describe('sortEntries', () => {
  it('newest date first, then later start, then higher id', () => {
    const list = [entry('2026-11-01', { id: 1 }), entry('2026-11-03', { id: 2, start: '08:00' }), entry('2026-11-03', { id: 3, start: '20:00' }), entry('2026-11-03', { id: 4, start: '20:00' })];
    expect(sortEntries(list).map((e) => e.id)).toEqual([4, 3, 2, 1]);
  });
});
