// "Is this person speaking?" from an audio level, for the indicator above avatars: on as soon
// as the level rises over ON_LEVEL, off once it stayed under OFF_LEVEL for HOLD_MS (so the
// indicator does not flicker between words). Pure logic.

/** RMS level (0…1) above which someone is speaking (about −36 dBFS). */
export const ON_LEVEL = 0.016;
/** RMS level under which speaking may end (about −42 dBFS). */
export const OFF_LEVEL = 0.008;
export const HOLD_MS = 400;

export class SpeakingDetector {
  private speaking = false;
  private quietSince = -Infinity;

  /** Feeds the level measured at `now` (ms); returns whether the person is speaking. */
  update(level: number, now: number): boolean {
    if (level >= ON_LEVEL) {
      this.speaking = true;
      this.quietSince = Infinity;
    } else if (this.speaking) {
      if (level >= OFF_LEVEL) this.quietSince = Infinity;
      else if (this.quietSince === Infinity) this.quietSince = now;
      if (now - this.quietSince >= HOLD_MS) this.speaking = false;
    }
    return this.speaking;
  }

  get active(): boolean {
    return this.speaking;
  }

  reset(): void {
    this.speaking = false;
    this.quietSince = -Infinity;
  }
}

/** Root mean square of samples in −1…1. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}
