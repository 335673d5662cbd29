import { describe, expect, it } from 'vitest';
import { asConsultStats } from './apiTypes';

const good = {
  count: 3,
  since_ms: 0,
  by_topic: { migraine: 2, child: 1 },
  by_outcome: { advice: 2, none: 1 },
  by_end: { clinician: 2, patient: 1 },
  wait_s: { p50: 30, p90: 90, max: 120 },
  duration_s: { p50: 300, p90: 600, max: 900 },
};

describe('asConsultStats (GET /api/admin/consultations)', () => {
  it('reads what the server sends', () => {
    expect(asConsultStats(good)).toEqual({
      count: 3,
      by_topic: { migraine: 2, child: 1 },
      by_outcome: { advice: 2, none: 1 },
      by_end: { clinician: 2, patient: 1 },
      wait_s: { p50: 30, p90: 90, max: 120 },
      duration_s: { p50: 300, p90: 600, max: 900 },
    });
  });
  it.each([
    ['no count', { ...good, count: undefined }],
    ['a count that is not a number', { ...good, by_topic: { migraine: '2' } }],
    ['a spread without p90', { ...good, wait_s: { p50: 1, max: 2 } }],
    ['no outcomes', { ...good, by_outcome: null }],
    ['not an object', 'stats'],
  ])('refuses %s', (_name, body) => {
    expect(asConsultStats(body)).toBeNull();
  });
});
