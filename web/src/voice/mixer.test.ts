import { describe, expect, it } from 'vitest';
import { type MixerEnv, VoiceMixer } from './mixer';
import { fallOff, listenerFrame } from './spatial';

class Param {
  constructor(public value = 0) {}
  setTargetAtTime(v: number): void {
    this.value = v;
  }
}
class Node {
  readonly out: Node[] = [];
  disconnected = false;
  connect(n: Node): void {
    this.out.push(n);
  }
  disconnect(): void {
    this.disconnected = true;
    this.out.length = 0;
  }
}
class Analyser extends Node {
  fftSize = 2048;
  level = 0;
  getFloatTimeDomainData(buf: Float32Array): void {
    buf.fill(this.level);
  }
}
class Gain extends Node {
  gain = new Param(1);
}
class Panner extends Node {
  panningModel = 'equalpower';
  distanceModel = 'linear';
  refDistance = 1;
  maxDistance = 10000;
  rolloffFactor = 1;
  positionX = new Param();
  positionY = new Param();
  positionZ = new Param();
}
class Source extends Node {
  constructor(readonly stream: unknown) {
    super();
  }
}
class FakeContext {
  state: AudioContextState = 'suspended';
  currentTime = 0;
  resumed = 0;
  readonly destination = new Node();
  readonly listener = {
    positionX: new Param(), positionY: new Param(), positionZ: new Param(),
    forwardX: new Param(), forwardY: new Param(), forwardZ: new Param(-1),
    upX: new Param(), upY: new Param(1), upZ: new Param(),
  };
  readonly analysers: Analyser[] = [];
  readonly panners: Panner[] = [];
  createMediaStreamSource(stream: unknown) {
    return new Source(stream);
  }
  createAnalyser() {
    const a = new Analyser();
    this.analysers.push(a);
    return a;
  }
  createGain() {
    return new Gain();
  }
  createPanner() {
    const p = new Panner();
    this.panners.push(p);
    return p;
  }
  async resume() {
    this.resumed++;
    this.state = 'running';
  }
  async close() {
    this.state = 'closed';
  }
}

function setup() {
  const ctx = new FakeContext();
  const sinks: Array<{ stream: unknown; released: boolean }> = [];
  const env: MixerEnv = {
    createContext: () => ctx as unknown as AudioContext,
    createSink: (stream) => {
      const s = { stream, released: false };
      sinks.push(s);
      return { release: () => (s.released = true) };
    },
    createStream: (track) => ({ track }) as unknown as MediaStream,
  };
  return { ctx, sinks, mixer: new VoiceMixer(env) };
}
const track = (id: string) => ({ id }) as unknown as MediaStreamTrack;

describe('VoiceMixer', () => {
  it('plays each voice through an HRTF inverse-distance panner, and keeps the stream on a silent element', () => {
    const { ctx, sinks, mixer } = setup();
    expect(mixer.state).toBe('none');
    mixer.add(7, track('a'));
    expect(mixer.state).toBe('suspended');
    const p = ctx.panners[0]!;
    expect(p.panningModel).toBe('HRTF');
    expect(p.distanceModel).toBe('inverse');
    expect(p.out).toContain(ctx.destination);
    expect(sinks).toHaveLength(1);
    expect((sinks[0]!.stream as { track: { id: string } }).track.id).toBe('a');
  });

  it('moves the listener and each voice every update, with the fall-off of where it stands', () => {
    const { ctx, mixer } = setup();
    mixer.add(7, track('a'));
    mixer.add(9, track('b'));
    const stage = { min_x: -6, min_z: -20, max_x: 6, max_z: -14 };
    const pos: Record<number, { x: number; y: number; z: number }> = { 7: { x: 3, y: 1.5, z: 0 }, 9: { x: 0, y: 1.5, z: -16 } };
    mixer.update(0, listenerFrame({ x: 1, y: 0, z: 2 }, Math.PI / 2), (id) => pos[id] ?? null, (p) => fallOff({ stage }, p), false);
    const [p7, p9] = ctx.panners;
    expect([p7!.positionX.value, p7!.positionY.value, p7!.positionZ.value]).toEqual([3, 1.5, 0]);
    expect(p7!.rolloffFactor).toBe(1);
    expect(p7!.refDistance).toBe(1.5);
    expect(p7!.maxDistance).toBe(15);
    expect(p9!.rolloffFactor).toBe(0); // on the stage
    expect(ctx.listener.positionX.value).toBe(1);
    expect(ctx.listener.positionY.value).toBe(1.5);
    expect(ctx.listener.forwardX.value).toBeCloseTo(-1, 9);
    expect(ctx.listener.forwardZ.value).toBeCloseTo(0, 9);
  });

  it('a voice of an avatar not known here sits at the listener', () => {
    const { ctx, mixer } = setup();
    mixer.add(7, track('a'));
    mixer.update(0, listenerFrame({ x: 4, y: 0, z: 5 }, 0), () => null, (p) => fallOff(null, p), false);
    expect([ctx.panners[0]!.positionX.value, ctx.panners[0]!.positionZ.value]).toEqual([4, 5]);
  });

  it('removes a voice only when the track still matches (a mid may carry someone new)', () => {
    const { ctx, sinks, mixer } = setup();
    const a = track('a');
    mixer.add(7, a);
    mixer.remove(7, track('other'));
    expect(mixer.ids()).toEqual([7]);
    mixer.remove(7, a);
    expect(mixer.ids()).toEqual([]);
    expect(sinks[0]!.released).toBe(true);
    expect(ctx.panners[0]!.disconnected).toBe(true);
  });

  it('per-person gain applies now and to a voice that comes later', () => {
    const { mixer } = setup();
    mixer.add(7, track('a'));
    mixer.setGain(7, 0.4);
    mixer.setGain(9, 0);
    mixer.add(9, track('b'));
    const gains = (mixer as unknown as { voices: Map<number, { gain: Gain }> }).voices;
    expect(gains.get(7)!.gain.gain.value).toBe(0.4);
    expect(gains.get(9)!.gain.gain.value).toBe(0);
  });

  it('measures levels and who is speaking, and one\'s own mic only while talking', () => {
    const { ctx, mixer } = setup();
    mixer.add(7, track('a'));
    mixer.setMicStream({} as MediaStream);
    const [voiceAnalyser, ownAnalyser] = ctx.analysers;
    voiceAnalyser!.level = 0.2;
    ownAnalyser!.level = 0.3;
    mixer.update(1000, null, () => null, (p) => fallOff(null, p), false);
    expect(mixer.levels()[7]).toBeCloseTo(0.2, 6);
    expect(mixer.speaking(7)).toBe(true);
    expect(mixer.ownLevel).toBe(0);
    expect(mixer.ownSpeaking).toBe(false);
    mixer.update(2000, null, () => null, (p) => fallOff(null, p), true);
    expect(mixer.ownLevel).toBeCloseTo(0.3, 6);
    expect(mixer.ownSpeaking).toBe(true);
  });

  it('resume makes the context on a gesture and lets it play', async () => {
    const { ctx, mixer } = setup();
    mixer.resume();
    await Promise.resolve();
    expect(ctx.resumed).toBe(1);
    expect(mixer.state).toBe('running');
    mixer.resume();
    expect(ctx.resumed).toBe(1);
  });

  it('without Web Audio nothing breaks', () => {
    const mixer = new VoiceMixer({
      createContext: () => {
        throw new Error('no Web Audio');
      },
      createSink: () => null,
      createStream: () => ({}) as MediaStream,
    });
    mixer.add(7, track('a'));
    mixer.update(0, null, () => null, (p) => fallOff(null, p), false);
    expect(mixer.ids()).toEqual([]);
    expect(mixer.state).toBe('none');
  });
});
