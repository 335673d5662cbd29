import { describe, expect, it } from 'vitest';
import { DEFAULT_HEARING_RADIUS, HEAD_HEIGHT, REF_DISTANCE, fallOff, inverseGain, listenerFrame, onStage, relativeToListener, voicePosition } from './spatial';
import { orbitPosition } from '../world/movement';

const close = (a: number, b: number) => Math.abs(a - b) < 1e-9;

describe('listenerFrame', () => {
  it('sits at the own avatar\'s head', () => {
    const f = listenerFrame({ x: 2, y: 0.5, z: -3 }, 0);
    expect(f.position).toEqual({ x: 2, y: 0.5 + HEAD_HEIGHT, z: -3 });
    expect(f.up).toEqual({ x: 0, y: 1, z: 0 });
  });

  it.each([0, Math.PI / 2, Math.PI, -2.3, 5])('faces where the orbit camera looks (yaw %d)', (yaw) => {
    const self = { x: 1, y: 0, z: 4 };
    const f = listenerFrame(self, yaw);
    const [cx, , cz] = orbitPosition({ yaw, pitch: 0.36, distance: 6.5 }, self.x, self.y + 1.15, self.z);
    const look = { x: self.x - cx, z: self.z - cz };
    const len = Math.hypot(look.x, look.z);
    expect(close(f.forward.x, look.x / len)).toBe(true);
    expect(close(f.forward.z, look.z / len)).toBe(true);
    expect(f.forward.y).toBe(0);
  });
});

describe('relativeToListener', () => {
  it.each([
    // camera yaw 0 looks along −z: +x is on the right, −z in front
    [0, { x: 3, z: 0 }, { right: 3, front: 0 }],
    [0, { x: 0, z: -4 }, { right: 0, front: 4 }],
    [0, { x: -2, z: 1 }, { right: -2, front: -1 }],
    // yaw π/2: the camera sits at +x and looks along −x; −z is then on the right
    [Math.PI / 2, { x: 0, z: -3 }, { right: 3, front: 0 }],
    [Math.PI / 2, { x: -5, z: 0 }, { right: 0, front: 5 }],
    // yaw π: looking along +z; −x is on the right
    [Math.PI, { x: -1, z: 0 }, { right: 1, front: 0 }],
  ] as const)('yaw %d, a voice at %j is %j', (yaw, at, want) => {
    const l = listenerFrame({ x: 0, y: 0, z: 0 }, yaw);
    const r = relativeToListener(l, voicePosition({ x: at.x, y: 0, z: at.z }));
    expect(r.right).toBeCloseTo(want.right, 9);
    expect(r.front).toBeCloseTo(want.front, 9);
    expect(r.above).toBeCloseTo(0, 9); // mouths and ears at the same height
  });
});

describe('fall-off', () => {
  const stage = { min_x: -6, min_z: -20, max_x: 6, max_z: -14 };

  it.each([
    ['no voice settings: the default radius', null, { x: 0, z: 0 }, { refDistance: REF_DISTANCE, maxDistance: DEFAULT_HEARING_RADIUS, rolloffFactor: 1 }],
    ['a space radius', { voice: { hearing_radius: 25, meeting_mode: false } }, { x: 0, z: 0 }, { refDistance: REF_DISTANCE, maxDistance: 25, rolloffFactor: 1 }],
    ['meeting mode: no fall-off', { voice: { hearing_radius: 15, meeting_mode: true } }, { x: 0, z: 0 }, { refDistance: REF_DISTANCE, maxDistance: 15, rolloffFactor: 0 }],
    ['on the stage: no fall-off', { stage }, { x: 0, z: -16 }, { refDistance: REF_DISTANCE, maxDistance: DEFAULT_HEARING_RADIUS, rolloffFactor: 0 }],
    ['in front of the stage: fall-off', { stage }, { x: 0, z: -13 }, { refDistance: REF_DISTANCE, maxDistance: DEFAULT_HEARING_RADIUS, rolloffFactor: 1 }],
    ['a nonsense radius falls back to the default', { voice: { hearing_radius: -3, meeting_mode: false } }, { x: 0, z: 0 }, { refDistance: REF_DISTANCE, maxDistance: DEFAULT_HEARING_RADIUS, rolloffFactor: 1 }],
  ] as const)('%s', (_n, space, at, want) => {
    expect(fallOff(space, at)).toEqual(want);
  });

  it.each([
    [0, 1],
    [REF_DISTANCE, 1],
    [3, 0.5],
    [15, 0.1],
    [40, 0.1], // clamped at maxDistance: the server stops sending beyond it anyway
  ])('inverse gain at %d m is %d', (d, g) => {
    expect(inverseGain(d, fallOff(null, { x: 0, z: 0 }))).toBeCloseTo(g, 9);
  });

  it('no fall-off keeps full volume across the hall', () => {
    expect(inverseGain(14, { refDistance: REF_DISTANCE, maxDistance: 15, rolloffFactor: 0 })).toBe(1);
  });

  it('onStage edges', () => {
    expect(onStage(stage, { x: 6, z: -14 })).toBe(true);
    expect(onStage(stage, { x: 6.01, z: -14 })).toBe(false);
    expect(onStage(undefined, { x: 0, z: 0 })).toBe(false);
  });
});
