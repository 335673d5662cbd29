import { describe, expect, it } from 'vitest';
import { INTERP_DELAY_MS, InterpolationBuffer, ServerClock, TICK_MS, angleDelta, slerpYaw, wrapAngle } from './interpolation';

const pose = (x: number, z = 0, yaw = 0, anim = 1) => ({ x, y: 0, z, yaw, anim });
const out = () => pose(NaN);

describe('InterpolationBuffer', () => {
  it('is empty until the first pose', () => {
    expect(new InterpolationBuffer().sample(0, out())).toBeNull();
  });

  it('lerps position between the two poses around the render time', () => {
    const b = new InterpolationBuffer();
    b.push(1000, pose(0));
    b.push(1050, pose(1, 2));
    expect(b.sample(1025, out())).toMatchObject({ x: 0.5, z: 1 });
    expect(b.sample(1040, out())?.x).toBeCloseTo(0.8);
  });

  it('holds the first and last pose outside the buffered range (no extrapolation)', () => {
    const b = new InterpolationBuffer();
    b.push(1000, pose(0));
    b.push(1050, pose(1));
    expect(b.sample(900, out())?.x).toBe(0);
    expect(b.sample(5000, out())?.x).toBe(1);
  });

  it('turns the short way round through 0', () => {
    const b = new InterpolationBuffer();
    b.push(0, pose(0, 0, 6.0));
    b.push(50, pose(0, 0, 0.3));
    const yaw = b.sample(25, out())!.yaw;
    // halfway between 6.0 and 0.3 (+2π) along the short arc ≈ 6.3165 → wraps to ≈ 0.0333
    expect(yaw).toBeCloseTo(wrapAngle((6.0 + 0.3 + Math.PI * 2) / 2), 5);
  });

  it('ignores a pose older than the newest and replaces one of the same time', () => {
    const b = new InterpolationBuffer();
    b.push(1000, pose(0));
    b.push(1050, pose(1));
    b.push(1020, pose(99));
    b.push(1050, pose(2));
    expect(b.size).toBe(2);
    expect(b.sample(2000, out())?.x).toBe(2);
  });

  it('starts moving one tick before a pose that follows a long pause', () => {
    const b = new InterpolationBuffer();
    b.push(0, pose(0));
    b.push(5000, pose(1));
    // without the fix, 4975 would be 99.5 % of the way; with it the move starts at 4950
    expect(b.sample(4950, out())?.x).toBe(0);
    expect(b.sample(4975, out())?.x).toBeCloseTo(0.5);
  });

  it('keeps a bounded history', () => {
    const b = new InterpolationBuffer();
    for (let i = 0; i < 500; i++) b.push(i * TICK_MS, pose(i));
    expect(b.size).toBeLessThanOrEqual(32);
    b.sample(499 * TICK_MS - 10, out());
    expect(b.size).toBeLessThanOrEqual(32);
  });

  it('reset teleports', () => {
    const b = new InterpolationBuffer();
    b.push(0, pose(0));
    b.push(50, pose(1));
    b.reset(100, pose(10));
    expect(b.sample(60, out())?.x).toBe(10);
  });
});

describe('InterpolationBuffer with slow (far) updates', () => {
  const pose = (x: number) => ({ x, y: 0, z: 0, yaw: 0, anim: 1 });

  it('learns a 1 Hz interval and glides between updates instead of jumping', () => {
    const b = new InterpolationBuffer();
    const out = pose(0);
    // A far avatar walking 1 m/s, heard once a second for 10 s.
    for (let s = 0; s <= 10; s++) b.push(s * 1000, pose(s));
    expect(b.updateInterval).toBeGreaterThan(800);
    // Let the extra delay settle as frames are drawn, then check motion is continuous.
    for (let i = 0; i < 200; i++) b.sample(10_000, out);
    expect(b.delay).toBeGreaterThan(700);
    let previous: number | null = null;
    let largestStep = 0;
    for (let rt = 9_000; rt <= 10_000; rt += 16) {
      b.sample(rt, out);
      if (previous !== null) largestStep = Math.max(largestStep, Math.abs(out.x - previous));
      previous = out.x;
    }
    expect(largestStep).toBeLessThan(0.05); // 16 ms at 1 m/s = 0.016 m: no jump
  });

  it('keeps near avatars at the normal delay', () => {
    const b = new InterpolationBuffer();
    const out = pose(0);
    for (let t = 0; t <= 2000; t += 50) b.push(t, pose(t / 1000));
    for (let i = 0; i < 200; i++) b.sample(2000, out);
    expect(b.updateInterval).toBeLessThan(60);
    expect(b.delay).toBeLessThan(10);
  });

  it('treats a long pause as standing still, not as a slow rate', () => {
    const b = new InterpolationBuffer();
    for (let t = 0; t <= 1000; t += 50) b.push(t, pose(0));
    b.push(11_000, pose(1)); // stood still for 10 s, then stepped
    expect(b.updateInterval).toBeLessThan(60);
  });
});

describe('ServerClock', () => {
  it('draws INTERP_DELAY_MS behind the newest tick', () => {
    const c = new ServerClock();
    expect(c.ready).toBe(false);
    c.observe(100, 10_000); // tick 100 = 5000 ms server time arrived at local 10 000
    expect(c.renderTime(10_000)).toBe(5000 - INTERP_DELAY_MS);
    expect(c.renderTime(10_050)).toBe(5050 - INTERP_DELAY_MS);
  });

  it('follows a frame that arrives early at once and a late one slowly', () => {
    const c = new ServerClock();
    c.observe(100, 10_000);
    c.observe(101, 10_040); // 10 ms early
    expect(c.renderTime(10_040)).toBe(5050 - INTERP_DELAY_MS);
    c.observe(102, 10_190); // 90 ms late (jitter): the clock barely moves, and the delay
    const rt = c.renderTime(10_190); // absorbs the lateness: still behind tick 102 (5100 ms)
    expect(rt).toBeGreaterThan(5095);
    expect(rt).toBeLessThan(5100);
  });

  it('resynchronises after a jump (server restart)', () => {
    const c = new ServerClock();
    c.observe(100_000, 10_000);
    c.observe(3, 20_000);
    expect(c.renderTime(20_000)).toBe(150 - INTERP_DELAY_MS);
  });
});

describe('angles', () => {
  it.each([
    [0, 1, 1],
    [1, 0, -1],
    [6, 0.2, 0.2 + Math.PI * 2 - 6],
    [0.2, 6, 6 - Math.PI * 2 - 0.2],
  ])('angleDelta(%f, %f) = %f', (a, b, d) => expect(angleDelta(a, b)).toBeCloseTo(d));

  it('slerpYaw ends where it should', () => {
    expect(slerpYaw(1, 2, 0)).toBeCloseTo(1);
    expect(slerpYaw(1, 2, 1)).toBeCloseTo(2);
    expect(wrapAngle(-1)).toBeCloseTo(Math.PI * 2 - 1);
  });
});
