// The Web Audio side of spatial voice: every received voice goes
//
//   track → MediaStreamSource ─┬→ Analyser (level: the speaking indicator)
//                              └→ Gain (per-person volume, local mute) → Panner (HRTF,
//                                 inverse distance) → destination
//
// and the panners and the AudioListener are moved every frame by `update` (spatial.ts says
// where). One's own microphone gets an analyser only (never played back).
//
// Browser quirks handled here:
//   - Chromium plays a remote WebRTC track into Web Audio only while the stream is also
//     attached to a media element, so each voice gets a silent (muted, volume 0) <audio>.
//   - An AudioContext made before a user gesture starts "suspended": `resume()` is called from
//     gesture handlers (the controller); iOS also suspends ("interrupted") in the background.
//   - Older Safari/Firefox lack the AudioParam positions of PannerNode/AudioListener: the
//     setPosition/setOrientation methods are used then.
//
// Created lazily (the context comes with the first voice, mic or gesture). Single-threaded;
// owned by the voice controller.

import type { FallOff, ListenerFrame, Vec3 } from './spatial';
import { SpeakingDetector, rms } from './speaking';

export interface MixerEnv {
  createContext(): AudioContext;
  /** A media element to hold a remote stream (the Chromium quirk); null where not needed. */
  createSink(stream: MediaStream): { release(): void } | null;
  createStream(track: MediaStreamTrack): MediaStream;
}

interface Voice {
  id: number;
  track: MediaStreamTrack;
  stream: MediaStream;
  sink: { release(): void } | null;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
  gain: GainNode;
  panner: PannerNode;
  fall: FallOff | null;
  level: number;
  detector: SpeakingDetector;
}

/** Smoothing of position changes (s): no zipper noise, no audible lag. */
const POSITION_TAU = 0.04;
/** Levels are measured at most this often (ms). */
const LEVEL_EVERY_MS = 60;

export class VoiceMixer {
  private ctx: AudioContext | null = null;
  private readonly voices = new Map<number, Voice>();
  private readonly gains = new Map<number, number>();
  private own: { source: MediaStreamAudioSourceNode; analyser: AnalyserNode; level: number; detector: SpeakingDetector } | null = null;
  private buf: Float32Array<ArrayBuffer> = new Float32Array(512);
  private lastLevels = -Infinity;

  constructor(private readonly env: MixerEnv) {}

  /** "none" until a context exists, then the context's state. */
  get state(): AudioContextState | 'none' {
    return this.ctx?.state ?? 'none';
  }

  /** Ids of the voices being played. */
  ids(): number[] {
    return [...this.voices.keys()];
  }

  /** Call from a user gesture: makes the context (if needed) and lets it play. */
  resume(): void {
    const ctx = this.context();
    if (ctx && ctx.state !== 'running' && ctx.state !== 'closed') void ctx.resume().catch(() => undefined);
  }

  add(id: number, track: MediaStreamTrack): void {
    const ctx = this.context();
    if (!ctx) return;
    this.removeVoice(id);
    const stream = this.env.createStream(track);
    const sink = this.env.createSink(stream);
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    const gain = ctx.createGain();
    gain.gain.value = this.gains.get(id) ?? 1;
    const panner = ctx.createPanner();
    panner.panningModel = 'HRTF';
    panner.distanceModel = 'inverse';
    source.connect(analyser);
    source.connect(gain);
    gain.connect(panner);
    panner.connect(ctx.destination);
    this.voices.set(id, { id, track, stream, sink, source, analyser, gain, panner, fall: null, level: 0, detector: new SpeakingDetector() });
  }

  /** Removes `id`'s voice if it is still carried by `track` (a mid may have moved on). */
  remove(id: number, track?: MediaStreamTrack): void {
    const v = this.voices.get(id);
    if (!v || (track && v.track !== track)) return;
    this.removeVoice(id);
  }

  /** Gain of one person's voice (volume × not muted), 0…2. */
  setGain(id: number, gain: number): void {
    this.gains.set(id, gain);
    const v = this.voices.get(id);
    if (v && this.ctx) v.gain.gain.setTargetAtTime(gain, this.ctx.currentTime, 0.05);
  }

  /** One's own microphone, for the level of the own speaking indicator (never played). */
  setMicStream(stream: MediaStream | null): void {
    if (this.own) {
      this.own.source.disconnect();
      this.own = null;
    }
    if (!stream) return;
    const ctx = this.context();
    if (!ctx) return;
    const source = ctx.createMediaStreamSource(stream);
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    this.own = { source, analyser, level: 0, detector: new SpeakingDetector() };
  }

  /**
   * Moves the listener and every voice (call once per frame). `positionOf(id)` is where that
   * avatar's voice is (null: not known here, e.g. not yet in the WORLD records), `fallOffOf`
   * its distance settings. Levels are measured here too, at most every LEVEL_EVERY_MS.
   */
  update(now: number, listener: ListenerFrame | null, positionOf: (id: number) => Vec3 | null, fallOffOf: (p: Vec3) => FallOff, ownTalking: boolean): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const t = ctx.currentTime;
    if (listener) setListener(ctx.listener, listener, t);
    for (const v of this.voices.values()) {
      const p = positionOf(v.id) ?? listener?.position ?? null;
      if (!p) continue;
      const f = fallOffOf(p);
      if (!v.fall || v.fall.refDistance !== f.refDistance || v.fall.maxDistance !== f.maxDistance || v.fall.rolloffFactor !== f.rolloffFactor) {
        v.panner.refDistance = f.refDistance;
        v.panner.maxDistance = f.maxDistance;
        v.panner.rolloffFactor = f.rolloffFactor;
        v.fall = f;
      }
      setPannerPosition(v.panner, p, t);
    }
    if (now - this.lastLevels < LEVEL_EVERY_MS) return;
    this.lastLevels = now;
    for (const v of this.voices.values()) {
      v.level = this.measure(v.analyser);
      v.detector.update(v.level, now);
    }
    if (this.own) {
      this.own.level = ownTalking ? this.measure(this.own.analyser) : 0;
      this.own.detector.update(this.own.level, now);
    }
  }

  /** The last measured level (RMS, 0…1) of each voice. */
  levels(): Record<number, number> {
    const out: Record<number, number> = {};
    for (const v of this.voices.values()) out[v.id] = v.level;
    return out;
  }

  speaking(id: number): boolean {
    return this.voices.get(id)?.detector.active ?? false;
  }

  get ownLevel(): number {
    return this.own?.level ?? 0;
  }

  get ownSpeaking(): boolean {
    return this.own?.detector.active ?? false;
  }

  /** Stops every voice (the context stays, already unlocked by a gesture). */
  clear(): void {
    for (const id of [...this.voices.keys()]) this.removeVoice(id);
  }

  dispose(): void {
    this.clear();
    this.setMicStream(null);
    void this.ctx?.close().catch(() => undefined);
    this.ctx = null;
  }

  private context(): AudioContext | null {
    if (this.ctx) return this.ctx;
    try {
      this.ctx = this.env.createContext();
    } catch {
      return null; // no Web Audio: voices are not played (text chat still works)
    }
    return this.ctx;
  }

  private measure(analyser: AnalyserNode): number {
    if (this.buf.length !== analyser.fftSize) this.buf = new Float32Array(analyser.fftSize);
    analyser.getFloatTimeDomainData(this.buf);
    return rms(this.buf);
  }

  private removeVoice(id: number): void {
    const v = this.voices.get(id);
    if (!v) return;
    this.voices.delete(id);
    v.source.disconnect();
    v.gain.disconnect();
    v.panner.disconnect();
    v.sink?.release();
  }
}

function setParam(param: AudioParam, value: number, t: number): void {
  param.setTargetAtTime(value, t, POSITION_TAU);
}

function setPannerPosition(p: PannerNode, v: Vec3, t: number): void {
  if (p.positionX) {
    setParam(p.positionX, v.x, t);
    setParam(p.positionY, v.y, t);
    setParam(p.positionZ, v.z, t);
  } else {
    (p as unknown as { setPosition(x: number, y: number, z: number): void }).setPosition(v.x, v.y, v.z);
  }
}

function setListener(l: AudioListener, f: ListenerFrame, t: number): void {
  if (l.positionX) {
    setParam(l.positionX, f.position.x, t);
    setParam(l.positionY, f.position.y, t);
    setParam(l.positionZ, f.position.z, t);
    setParam(l.forwardX, f.forward.x, t);
    setParam(l.forwardY, f.forward.y, t);
    setParam(l.forwardZ, f.forward.z, t);
    setParam(l.upX, f.up.x, t);
    setParam(l.upY, f.up.y, t);
    setParam(l.upZ, f.up.z, t);
  } else {
    const old = l as unknown as { setPosition(x: number, y: number, z: number): void; setOrientation(...a: number[]): void };
    old.setPosition(f.position.x, f.position.y, f.position.z);
    old.setOrientation(f.forward.x, f.forward.y, f.forward.z, f.up.x, f.up.y, f.up.z);
  }
}

/** The browser's own pieces: a real AudioContext and the silent <audio> of the Chromium quirk. */
export function browserMixerEnv(): MixerEnv {
  return {
    createContext: () => {
      const Ctor = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
      if (!Ctor) throw new Error('no Web Audio');
      return new Ctor({ latencyHint: 'interactive' });
    },
    createSink: (stream) => {
      const el = document.createElement('audio');
      el.muted = true;
      el.volume = 0;
      el.autoplay = true;
      el.setAttribute('playsinline', '');
      el.srcObject = stream;
      void el.play().catch(() => undefined);
      return {
        release: () => {
          el.pause();
          el.srcObject = null;
        },
      };
    },
    createStream: (track) => new MediaStream([track]),
  };
}
