// The sound of a request arriving at an on-duty clinician: two soft notes going up (about half
// a second), made with Web Audio so there is no file to load. Quiet, no repetition; browsers
// allow sound only after the page was touched, which an on-duty clinician has done (the duty
// switch). Never throws: no sound is better than a broken page.

let ctx: AudioContext | null = null;

/** Creates (or wakes) the audio context; call from a click so later chimes may sound. */
export function primeChime(): void {
  try {
    const AC = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AC) return;
    ctx ??= new AC();
    if (ctx.state === 'suspended') void ctx.resume().catch(() => undefined);
  } catch {
    ctx = null;
  }
}

export function playChime(): void {
  primeChime();
  const c = ctx;
  if (!c) return;
  try {
    const start = c.currentTime + 0.02;
    const notes: Array<[number, number]> = [
      [659.25, 0], // E5
      [880, 0.16], // A5
    ];
    for (const [freq, at] of notes) {
      const osc = c.createOscillator();
      const gain = c.createGain();
      osc.type = 'sine';
      osc.frequency.value = freq;
      const t0 = start + at;
      gain.gain.setValueAtTime(0.0001, t0);
      gain.gain.exponentialRampToValueAtTime(0.12, t0 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.35);
      osc.connect(gain).connect(c.destination);
      osc.start(t0);
      osc.stop(t0 + 0.4);
    }
  } catch {
    /* no sound */
  }
}
