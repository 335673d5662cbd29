import { describe, expect, it } from 'vitest';
import { type ScreenAvatar, pickAvatar, segmentDistance } from './pick';

// an avatar standing at x, feet at y=400, 100 px tall on screen
const at = (id: number, x: number, depth = 10, tall = 100): ScreenAvatar => ({ id, x1: x, y1: 400, x2: x, y2: 400 - tall, depth });

describe('segmentDistance', () => {
  it.each([
    [[0, 50], 0], // on the segment
    [[10, 50], 10], // beside it
    [[0, 120], 20], // below the feet
    [[0, -30], 30], // above the head
  ] as const)('point %j → %d', ([px, py], d) => expect(segmentDistance(px, py, 0, 100, 0, 0)).toBeCloseTo(d));
  it('handles a zero-length segment', () => expect(segmentDistance(3, 4, 0, 0, 0, 0)).toBe(5));
});

describe('pickAvatar', () => {
  it('picks the avatar under the click', () => {
    expect(pickAvatar([at(1, 100), at(2, 300)], 305, 350)).toBe(2);
  });

  it('misses when the click is far from everyone', () => {
    expect(pickAvatar([at(1, 100), at(2, 300)], 200, 350)).toBeNull();
    expect(pickAvatar([], 0, 0)).toBeNull();
  });

  it('gives small, far avatars a finger-sized target', () => {
    const small = at(1, 100, 40, 10);
    expect(pickAvatar([small], 118, 395)).toBe(1);
    expect(pickAvatar([small], 130, 395)).toBeNull();
  });

  it('prefers the avatar nearer the camera when two overlap', () => {
    expect(pickAvatar([at(1, 100, 20), at(2, 105, 8)], 102, 350)).toBe(2);
    expect(pickAvatar([at(1, 100, 5), at(2, 105, 8)], 102, 350)).toBe(1);
  });

  it('ignores avatars behind the camera or with broken coordinates', () => {
    expect(pickAvatar([{ ...at(1, 100), depth: -1 }], 100, 350)).toBeNull();
    expect(pickAvatar([{ ...at(1, 100), x1: Number.NaN }], 100, 350)).toBeNull();
  });
});
