import { describe, expect, it } from 'vitest';
import { intentFromKeys, intentFromStick, cameraFromKeys } from './intent';
import { RUN_SPEED, WALK_SPEED, dragOrbit, orbitPosition, portalAt, resolveColliders, stepPose, zoomOrbit } from './movement';

const bounds = { min_x: -30, min_z: -30, max_x: 30, max_z: 30 };
const at = (x = 0, z = 0, yaw = 0) => ({ x, y: 0, z, yaw, anim: 0 });

describe('intentFromKeys', () => {
  it.each([
    ['nothing', [], { forward: 0, right: 0, run: false }],
    ['W', ['KeyW'], { forward: 1, right: 0, run: false }],
    ['arrow up', ['ArrowUp'], { forward: 1, right: 0, run: false }],
    ['S', ['KeyS'], { forward: -1, right: 0, run: false }],
    ['D and arrow right count once', ['KeyD', 'ArrowRight'], { forward: 0, right: 1, run: false }],
    ['W and S cancel', ['KeyW', 'KeyS'], { forward: 0, right: 0, run: false }],
    ['shift alone does not run', ['ShiftLeft'], { forward: 0, right: 0, run: false }],
    ['shift+W runs', ['ShiftLeft', 'KeyW'], { forward: 1, right: 0, run: true }],
  ])('%s', (_n, keys, intent) => expect(intentFromKeys(new Set(keys))).toEqual(intent));

  it('diagonals are not faster', () => {
    const i = intentFromKeys(new Set(['KeyW', 'KeyA']));
    expect(Math.hypot(i.forward, i.right)).toBeCloseTo(1);
  });

  it('Q/E turn the camera and -/+ zoom', () => {
    expect(cameraFromKeys(new Set(['KeyE']))).toEqual({ turn: 1, zoom: 0 });
    expect(cameraFromKeys(new Set(['KeyQ', 'Minus']))).toEqual({ turn: -1, zoom: 1 });
  });
});

describe('intentFromStick', () => {
  it('has a dead zone, scales, and runs at the rim', () => {
    expect(intentFromStick(0.05, 0)).toEqual({ forward: 0, right: 0, run: false });
    expect(intentFromStick(0, 0.5)).toEqual({ forward: 0.5, right: 0, run: false });
    expect(intentFromStick(0, 1).run).toBe(true);
  });
});

describe('stepPose', () => {
  it('walks forward = −z when the camera looks along −z', () => {
    const p = stepPose(at(0, 0), { forward: 1, right: 0, run: false }, 0, 1, bounds);
    expect(p.z).toBeCloseTo(-WALK_SPEED);
    expect(p.x).toBeCloseTo(0);
    expect(p.anim).toBe(1);
  });

  it('right is +x when looking along −z, and the avatar turns towards it', () => {
    let p = at(0, 0, 0);
    for (let i = 0; i < 20; i++) p = stepPose(p, { forward: 0, right: 1, run: false }, 0, 0.05, bounds);
    expect(p.x).toBeCloseTo(WALK_SPEED);
    // facing +x is yaw −π/2 ≡ 3π/2
    expect(p.yaw).toBeCloseTo((3 * Math.PI) / 2, 2);
  });

  it('is relative to the camera: camera turned a quarter left, forward is −x', () => {
    const p = stepPose(at(), { forward: 1, right: 0, run: false }, Math.PI / 2, 1, bounds);
    expect(p.x).toBeCloseTo(-WALK_SPEED);
    expect(p.z).toBeCloseTo(0);
  });

  it('runs with shift', () => {
    const p = stepPose(at(), { forward: 1, right: 0, run: true }, 0, 1, bounds);
    expect(p.z).toBeCloseTo(-RUN_SPEED);
    expect(p.anim).toBe(2);
  });

  it('stands still (anim idle, same yaw) without input', () => {
    expect(stepPose(at(1, 2, 0.5), { forward: 0, right: 0, run: false }, 0, 1, bounds)).toEqual({ ...at(1, 2, 0.5), anim: 0 });
  });

  it('is clamped to the bounds', () => {
    const p = stepPose(at(29, -29), { forward: 1, right: 1, run: true }, 0, 10, bounds);
    expect(p.x).toBe(30);
    expect(p.z).toBe(-30);
  });
});

describe('portalAt', () => {
  const portals = [{ to: 'circle-1', x: -14, z: -14, radius: 1.6 }];
  it('finds the portal the avatar stands in', () => {
    expect(portalAt(at(-14.5, -13.2), portals)?.to).toBe('circle-1');
    expect(portalAt(at(-10, -10), portals)).toBeNull();
  });
});

describe('orbit camera', () => {
  it('stands behind the avatar, away from where it looks', () => {
    const [x, y, z] = orbitPosition({ yaw: 0, pitch: 0, distance: 5 }, 0, 1, 0);
    expect([x, y, z].map((v) => +v.toFixed(5))).toEqual([0, 1, 5]);
  });
  it('dragging right turns the view right (yaw decreases), pitch is limited', () => {
    const o = dragOrbit({ yaw: 1, pitch: 0.5, distance: 5 }, 100, 10000);
    expect(o.yaw).toBeCloseTo(0.4);
    expect(o.pitch).toBe(1.2);
  });
  it('zoom is limited', () => {
    expect(zoomOrbit({ yaw: 0, pitch: 0.3, distance: 5 }, 100).distance).toBe(14);
  });
});

describe('resolveColliders', () => {
  const fountain = [{ x: 0, z: 0, r: 2 }];
  it('leaves a pose outside every collider as it is', () => {
    const p = at(5, 5);
    expect(resolveColliders(p, fountain, bounds)).toBe(p);
  });
  it('pushes a pose inside out along the way it came', () => {
    const p = resolveColliders(at(1, 0), fountain, bounds);
    expect(p.x).toBeCloseTo(2.35);
    expect(p.z).toBeCloseTo(0);
  });
  it('handles the exact centre', () => {
    expect(resolveColliders(at(0, 0), fountain, bounds).z).toBeCloseTo(2.35);
  });
});
