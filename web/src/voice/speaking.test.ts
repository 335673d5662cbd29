import { describe, expect, it } from 'vitest';
import { HOLD_MS, OFF_LEVEL, ON_LEVEL, SpeakingDetector, rms } from './speaking';

describe('SpeakingDetector', () => {
  it.each<[string, Array<[number, number]>, boolean[]]>([
    ['silence stays silent', [[0, 0], [0.005, 100], [0.01, 200]], [false, false, false]],
    ['a loud level turns it on at once', [[0, 0], [ON_LEVEL, 60]], [false, true]],
    ['a short pause between words keeps it on', [[0.05, 0], [0, 100], [0, 100 + HOLD_MS - 1]], [true, true, true]],
    ['quiet for the hold time turns it off', [[0.05, 0], [0, 100], [0, 100 + HOLD_MS]], [true, true, false]],
    ['between the thresholds holds it on', [[0.05, 0], [(ON_LEVEL + OFF_LEVEL) / 2, 100], [(ON_LEVEL + OFF_LEVEL) / 2, 2000]], [true, true, true]],
    ['between the thresholds does not turn it on', [[(ON_LEVEL + OFF_LEVEL) / 2, 0]], [false]],
    ['quiet, a murmur, quiet: the hold starts again', [[0.05, 0], [0, 100], [0.01, 300], [0, 400], [0, 400 + HOLD_MS - 1]], [true, true, true, true, true]],
  ])('%s', (_n, feed, want) => {
    const d = new SpeakingDetector();
    expect(feed.map(([level, at]) => d.update(level, at))).toEqual(want);
  });

  it('reset', () => {
    const d = new SpeakingDetector();
    d.update(1, 0);
    d.reset();
    expect(d.active).toBe(false);
  });
});

describe('rms', () => {
  it.each([
    [[], 0],
    [[0, 0, 0], 0],
    [[1, -1, 1, -1], 1],
    [[0.5, -0.5], 0.5],
  ])('%j → %d', (s, want) => {
    expect(rms(new Float32Array(s))).toBeCloseTo(want, 6);
  });
});
