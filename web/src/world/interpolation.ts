// Smooth remote avatars: each keeps a short buffer of timed poses and is drawn where it was
// INTERP_DELAY_MS ago, between the two poses around that moment (lerp for position, shortest
// arc for yaw). Sample times come from the server's tick number (20 Hz), which is free of
// network jitter; `ServerClock` maps them to the local clock. Pure logic, no three.js.

import type { Pose } from '../net/protocol';

export const TICK_MS = 50;
export const INTERP_DELAY_MS = 100;
const MAX_SAMPLES = 32;
/** Samples older than this behind the render time are dropped. */
const KEEP_MS = 3000;

export interface Sample extends Pose {
  /** Server time (ms) = tick × TICK_MS. */
  t: number;
}

/** Estimates `local − server` time from the WORLD frames' ticks and arrival times. */
export class ServerClock {
  private offset: number | null = null;

  /** A frame of `tick` arrived at local time `localMs`. */
  observe(tick: number, localMs: number): void {
    const sample = localMs - tick * TICK_MS;
    if (this.offset === null || Math.abs(sample - this.offset) > 1000) {
      this.offset = sample; // first frame, or the server restarted / we were away
    } else if (sample < this.offset) {
      this.offset = sample; // arrived sooner than expected: latency went down
    } else {
      this.offset += (sample - this.offset) * 0.02; // drift slowly up with latency
    }
  }

  /** The server time to draw remote avatars at, for local time `localMs`. */
  renderTime(localMs: number): number {
    return this.offset === null ? 0 : localMs - this.offset - INTERP_DELAY_MS;
  }

  get ready(): boolean {
    return this.offset !== null;
  }

  reset(): void {
    this.offset = null;
  }
}

export function wrapAngle(a: number): number {
  const two = Math.PI * 2;
  return ((a % two) + two) % two;
}

/** Shortest signed difference b − a, in (−π, π]. */
export function angleDelta(a: number, b: number): number {
  let d = wrapAngle(b - a);
  if (d > Math.PI) d -= Math.PI * 2;
  return d;
}

/** Interpolates yaw along the shortest arc (what a slerp about the y axis does). */
export function slerpYaw(a: number, b: number, alpha: number): number {
  return wrapAngle(a + angleDelta(a, b) * alpha);
}

/** Gaps longer than this are pauses (the avatar stood still), not its update rate. */
const MAX_RATE_GAP_MS = 2500;

/**
 * The server sends far avatars less often (area of interest: near 20 Hz, mid 5 Hz, far 1 Hz).
 * Each buffer learns its avatar's update interval and is drawn that much further behind, so a
 * far avatar glides from one update to the next instead of jumping; the extra delay changes
 * gradually when an avatar comes nearer or goes away.
 */
export class InterpolationBuffer {
  private samples: Sample[] = [];
  private interval = TICK_MS;
  private extraDelay = 0;

  get size(): number {
    return this.samples.length;
  }

  get latest(): Sample | undefined {
    return this.samples[this.samples.length - 1];
  }

  /** Adds the pose of server time `t`. Older or repeated times replace nothing. */
  push(t: number, pose: Pose): void {
    const last = this.samples[this.samples.length - 1];
    if (last && t < last.t) return;
    if (last && t === last.t) {
      this.samples[this.samples.length - 1] = { ...pose, t };
      return;
    }
    if (last) {
      const gap = t - last.t;
      if (gap <= MAX_RATE_GAP_MS) this.interval += (gap - this.interval) * 0.3;
      // The avatar stood still and sent nothing for a while: it started moving one interval
      // ago, not at the time of its last sample, so do not stretch the first step over the
      // pause.
      const pause = Math.max(TICK_MS * 1.5, this.interval * 2.5);
      if (gap > pause) this.samples.push({ ...last, t: t - Math.max(TICK_MS, this.interval) });
    }
    this.samples.push({ ...pose, t });
    if (this.samples.length > MAX_SAMPLES) this.samples.splice(0, this.samples.length - MAX_SAMPLES);
  }

  /** Forgets everything and starts again at this pose (a teleport). */
  reset(t: number, pose: Pose): void {
    this.samples = [{ ...pose, t }];
  }

  /** How much further behind than INTERP_DELAY_MS this avatar is drawn (ms). */
  get delay(): number {
    return this.extraDelay;
  }

  /** The learned time between this avatar's updates (ms). */
  get updateInterval(): number {
    return this.interval;
  }

  /** The pose at server time `rt`; holds the first/last pose outside the buffered range. */
  sample(rt: number, out: Pose): Pose | null {
    // Ease the extra delay towards what the update rate needs (about 1/16 per frame).
    const wanted = Math.max(0, this.interval - TICK_MS);
    this.extraDelay += (wanted - this.extraDelay) * 0.06;
    rt -= this.extraDelay;
    const s = this.samples;
    const first = s[0];
    const last = s[s.length - 1];
    if (!first || !last) return null;
    if (rt <= first.t) return copyPose(first, out);
    if (rt >= last.t) {
      this.trim(rt);
      return copyPose(last, out);
    }
    let i = s.length - 2;
    while (i > 0 && (s[i] as Sample).t > rt) i--;
    const a = s[i] as Sample;
    const b = s[i + 1] as Sample;
    const alpha = (rt - a.t) / (b.t - a.t);
    out.x = a.x + (b.x - a.x) * alpha;
    out.y = a.y + (b.y - a.y) * alpha;
    out.z = a.z + (b.z - a.z) * alpha;
    out.yaw = slerpYaw(a.yaw, b.yaw, alpha);
    out.anim = alpha < 0.5 ? a.anim : b.anim;
    this.trim(rt);
    return out;
  }

  private trim(rt: number): void {
    // keep one sample at or before rt - KEEP_MS so the next interval is still covered
    let drop = 0;
    while (drop < this.samples.length - 2 && (this.samples[drop + 1] as Sample).t < rt - KEEP_MS) drop++;
    if (drop > 0) this.samples.splice(0, drop);
  }
}

function copyPose(from: Pose, out: Pose): Pose {
  out.x = from.x;
  out.y = from.y;
  out.z = from.z;
  out.yaw = from.yaw;
  out.anim = from.anim;
  return out;
}
