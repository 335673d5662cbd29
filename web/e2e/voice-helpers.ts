// Voice helpers shared by the end-to-end tests against a real Janus (voice.e2e.ts,
// consult-voice.e2e.ts): what a page's `window.__tsunaguVoice` hook says, waiting until a
// listener really hears a speaker, a speech-like fake microphone, the mic button.
import type { Page } from 'playwright-core';
import { writeFileSync } from 'node:fs';
import { waitFor } from './harness';

export interface Received {
  [avatarId: string]: { bytesReceived: number; totalAudioEnergy: number };
}
export interface VoiceState {
  mic: string;
  available: boolean;
  receiving: Array<{ mid: string; id: number }>;
  /** Who in this space publishes a live microphone (voice_speakers). */
  speakers: number[];
}

export function voiceState(page: Page): Promise<VoiceState> {
  return page.evaluate(() => (window as unknown as { __tsunaguVoice: { state(): VoiceState } }).__tsunaguVoice.state());
}

export function received(page: Page): Promise<Received> {
  return page.evaluate(() => (window as unknown as { __tsunaguVoice: { received(): Promise<Received> } }).__tsunaguVoice.received());
}

export async function bytesFrom(page: Page, id: number): Promise<number> {
  return (await received(page))[String(id)]?.bytesReceived ?? 0;
}

/** True once `listener` receives `speaker`'s voice and its bytes keep growing. */
export async function hears(listener: Page, speaker: number, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => (await voiceState(listener)).receiving.some((r) => r.id === speaker), `a subscription to ${speaker}`, timeoutMs);
  const before = await bytesFrom(listener, speaker);
  try {
    await waitFor(async () => (await bytesFrom(listener, speaker)) > before + 2000, `audio bytes from ${speaker}`, timeoutMs, 250);
  } catch (e) {
    console.error('listener state', JSON.stringify(await voiceState(listener)), JSON.stringify(await received(listener)));
    throw e;
  }
}

/**
 * True once `listener` really hears `speaker`: bytes keep arriving and the voice has energy — the
 * level the listener's Web Audio graph measures (AnalyserNode RMS, what goes to the speakers)
 * rises above silence, or getStats' totalAudioEnergy grows. (Headless Chromium here leaves
 * totalAudioEnergy at 0 for received audio, so the level decides; and bytes alone are not
 * enough: silence and comfort noise arrive as bytes too.)
 */
export async function hearsEnergy(listener: Page, speaker: number, timeoutMs = 15_000): Promise<void> {
  const energy = async () => (await received(listener))[String(speaker)]?.totalAudioEnergy ?? 0;
  const level = () => listener.evaluate((id) => (window as unknown as { __tsunaguVoice: { levels(): Record<string, number> } }).__tsunaguVoice.levels()[String(id)] ?? 0, speaker);
  try {
    await hears(listener, speaker, timeoutMs);
    const before = await energy();
    await waitFor(async () => (await level()) > 0.02 || (await energy()) > before, `audio energy from ${speaker}`, timeoutMs, 100);
  } catch (e) {
    console.error('listener state', JSON.stringify(await voiceState(listener)), JSON.stringify(await received(listener)), await level());
    throw e;
  }
}

/**
 * A fake microphone that sounds like speech (syllable-long gliding tones with gaps), as a WAV
 * for Chromium's --use-file-for-fake-audio-capture. Chromium's own fake microphone is a short
 * beep a second, which the microphone's noise suppression soon removes: nothing left to hear.
 */
export function speechLikeWav(path: string): string {
  const rate = 48_000;
  const samples: number[] = [];
  let seed = 7;
  const random = (lo: number, hi: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return lo + ((hi - lo) * seed) / 2_147_483_648;
  };
  while (samples.length < rate * 6) {
    const n = Math.floor(rate * random(0.12, 0.26));
    const f0 = random(140, 320);
    const f1 = f0 * random(0.8, 1.25);
    let phase = 0;
    for (let i = 0; i < n; i++) {
      phase += (2 * Math.PI * (f0 + ((f1 - f0) * i) / n)) / rate;
      samples.push(Math.sin((Math.PI * i) / n) * (0.45 * Math.sin(phase) + 0.2 * Math.sin(2 * phase) + 0.1 * Math.sin(3 * phase)));
    }
    for (let i = Math.floor(rate * random(0.04, 0.12)); i > 0; i--) samples.push(0);
  }
  const data = Buffer.alloc(44 + samples.length * 2);
  data.write('RIFF', 0);
  data.writeUInt32LE(36 + samples.length * 2, 4);
  data.write('WAVEfmt ', 8);
  data.writeUInt32LE(16, 16);
  data.writeUInt16LE(1, 20); // PCM
  data.writeUInt16LE(1, 22); // mono
  data.writeUInt32LE(rate, 24);
  data.writeUInt32LE(rate * 2, 28);
  data.writeUInt16LE(2, 32);
  data.writeUInt16LE(16, 34);
  data.write('data', 36);
  data.writeUInt32LE(samples.length * 2, 40);
  samples.forEach((x, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, x)) * 30_000), 44 + i * 2));
  writeFileSync(path, data);
  return path;
}

/**
 * Turns the microphone on with the keyboard (Enter on the mic button toggles). A mouse click is
 * a press and a release, and on a loaded machine the two can be further apart than a tap
 * (ptt.ts HOLD_MS): push-to-talk, off again on release.
 */
export async function micOn(page: Page): Promise<void> {
  const mic = page.getByTestId('mic-button');
  await waitFor(async () => {
    const state = await mic.getAttribute('data-state');
    if (state === 'on') return true;
    if (state === 'off' || state === 'denied') await mic.press('Enter');
    return false;
  }, 'the microphone on', 20_000, 1500);
}
