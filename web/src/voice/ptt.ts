// Mute/unmute and push-to-talk from one button and one key (docs/voice.md, "In the browser").
//
//   mic button  — a short press (a tap or a click) toggles the microphone; held down while the
//                 microphone is off, it talks only while held (push-to-talk on phones);
//   V key       — held while the microphone is off, talks only while held;
//   keyboard    — Enter/Space on the focused button toggles.
//
// The voice session's `wantOn` stays the one truth of whether one talks: every method gets it
// as `isOn` and answers what to set it to (true/false), or null for "leave it". Pure logic.

export type PttSource = 'button' | 'key';

/** A press held at least this long is push-to-talk, not a toggle (ms). */
export const HOLD_MS = 350;

export class PushToTalk {
  private readonly presses = new Map<PttSource, { at: number; wasOn: boolean }>();

  /** Whether a press of `source` is held now. */
  holding(source?: PttSource): boolean {
    return source ? this.presses.has(source) : this.presses.size > 0;
  }

  /** A press starts (key repeats are ignored). Talking starts at once when the mic was off. */
  down(source: PttSource, now: number, isOn: boolean): boolean | null {
    if (this.presses.has(source)) return null;
    this.presses.set(source, { at: now, wasOn: isOn });
    return isOn ? null : true;
  }

  /** A press ends. */
  up(source: PttSource, now: number): boolean | null {
    const p = this.presses.get(source);
    if (!p) return null;
    this.presses.delete(source);
    if (p.wasOn) return source === 'button' ? false : null; // a press on a live mic mutes it
    if (source === 'button' && now - p.at < HOLD_MS) return null; // a tap: stays on
    return this.presses.size > 0 ? null : false; // push-to-talk released (unless still held elsewhere)
  }

  /** A toggle without a press (keyboard activation of the button). */
  toggle(isOn: boolean): boolean {
    return !isOn;
  }

  /** Focus left the page or the button: every held press is released as a hold. */
  releaseAll(): boolean | null {
    if (this.presses.size === 0) return null;
    const anyFromOff = [...this.presses.values()].some((p) => !p.wasOn);
    this.presses.clear();
    return anyFromOff ? false : null;
  }

  /** Forget held presses without acting (the session was reset). */
  clear(): void {
    this.presses.clear();
  }
}
