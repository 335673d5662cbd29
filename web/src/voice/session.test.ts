import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { VoiceClientMessage, VoiceServerMessage } from '../net/messages';
import { FakePeer, FakeStream, FakeTrack, offerSdp } from './fakes.test-util';
import { classifyMicError } from './permissions';
import { type VoiceNotice, VoiceSession } from './session';

interface Rig {
  s: VoiceSession;
  sent: VoiceClientMessage[];
  peers: FakePeer[];
  mics: FakeTrack[];
  notices: VoiceNotice[];
  voices: Map<number, string>;
  events: string[];
  micStreams: Array<unknown>;
  getMic: ReturnType<typeof vi.fn>;
  deliver(msg: VoiceServerMessage): void;
  answers(): string[];
}

function rig(opts: { gatherMs?: number | null; mic?: () => Promise<unknown>; connected?: () => boolean } = {}): Rig {
  const sent: VoiceClientMessage[] = [];
  const peers: FakePeer[] = [];
  const mics: FakeTrack[] = [];
  const notices: VoiceNotice[] = [];
  const voices = new Map<number, string>();
  const events: string[] = [];
  const micStreams: unknown[] = [];
  const getMic = vi.fn(
    opts.mic ??
      (async () => {
        const t = new FakeTrack(`mic${mics.length}`);
        mics.push(t);
        return new FakeStream([t]);
      }),
  );
  const s = new VoiceSession({
    send: (m) => {
      if (opts.connected && !opts.connected()) return false;
      sent.push(m);
      return true;
    },
    createPeer: () => {
      const p = new FakePeer(peers.length + 1, opts.gatherMs === undefined ? 10 : opts.gatherMs);
      peers.push(p);
      return p;
    },
    getMic: getMic as unknown as () => Promise<MediaStream>,
    classify: (err) => classifyMicError(err, { secure: true, hasGetUserMedia: true }),
    onVoice: (id, track) => {
      voices.set(id, track.id);
      events.push(`+${id}:${track.id}`);
    },
    onVoiceGone: (id, track) => {
      if (voices.get(id) === track.id) voices.delete(id);
      events.push(`-${id}:${track.id}`);
    },
    onMicStream: (st) => micStreams.push(st),
    onChange: () => undefined,
    onNotice: (n) => notices.push(n),
  });
  return {
    s,
    sent,
    peers,
    mics,
    notices,
    voices,
    events,
    micStreams,
    getMic,
    deliver: (m) => s.receive(m),
    answers: () => sent.filter((m) => m.type === 'voice_answer').map((m) => (m as { sdp: string }).sdp),
  };
}

const flush = (ms = 0) => vi.advanceTimersByTimeAsync(ms);
const offer = (session: string, feeds: Array<[string, number]>, version = 1): VoiceServerMessage => ({
  type: 'voice_offer',
  sdp: offerSdp(session, feeds.map(([m]) => m), version),
  feeds: feeds.map(([mid, id]) => ({ mid, id })),
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('publishing the microphone', () => {
  it('asks for the microphone only when talking is first turned on', async () => {
    const r = rig();
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    r.deliver(offer('sub', [['0', 7]]));
    await flush(50);
    expect(r.getMic).not.toHaveBeenCalled();
    expect(r.s.state).toBe('off');
    r.s.setTransmit(true);
    expect(r.s.state).toBe('starting');
    await flush(50);
    expect(r.getMic).toHaveBeenCalledTimes(1);
  });

  it('offers one send-only audio m-line after ICE gathering completed, then goes live', async () => {
    const r = rig({ gatherMs: 200 });
    r.s.setTransmit(true);
    await flush(100);
    expect(r.sent.filter((m) => m.type === 'voice_publish')).toHaveLength(0); // still gathering
    await flush(150);
    const pub = r.sent.find((m) => m.type === 'voice_publish') as { sdp: string } | undefined;
    expect(pub?.sdp).toContain('a=candidate');
    const pc = r.peers[0]!;
    expect(pc.added).toHaveLength(1);
    expect(pc.added[0]!.init.direction).toBe('sendonly');
    expect(r.s.state).toBe('starting');
    r.deliver({ type: 'voice_published', sdp: 'v=0\r\no=- janus 1 IN IP4 1.2.3.4' });
    await flush();
    expect(pc.remotes).toHaveLength(1);
    expect(r.s.state).toBe('on');
    expect(r.s.publishing).toBe(true);
    expect(r.mics[0]!.enabled).toBe(true);
  });

  it('sends the SDP anyway after 3 s when ICE gathering never completes', async () => {
    const r = rig({ gatherMs: null });
    r.s.setTransmit(true);
    await flush(2900);
    expect(r.sent.some((m) => m.type === 'voice_publish')).toBe(false);
    await flush(200);
    expect(r.sent.some((m) => m.type === 'voice_publish')).toBe(true);
  });

  it('mutes and unmutes with voice_mic and track.enabled, without asking for the mic again', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    r.s.setTransmit(false);
    expect(r.s.state).toBe('off');
    expect(r.mics[0]!.enabled).toBe(false);
    r.s.setTransmit(true);
    expect(r.mics[0]!.enabled).toBe(true);
    expect(r.sent.filter((m) => m.type === 'voice_mic')).toEqual([
      { type: 'voice_mic', on: false },
      { type: 'voice_mic', on: true },
    ]);
    expect(r.getMic).toHaveBeenCalledTimes(1);
    expect(r.sent.filter((m) => m.type === 'voice_publish')).toHaveLength(1);
  });

  it('let go before the answer came: the mic is published muted', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.s.setTransmit(false);
    expect(r.sent.some((m) => m.type === 'voice_mic')).toBe(false); // nothing live yet
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    expect(r.sent.at(-1)).toEqual({ type: 'voice_mic', on: false });
    expect(r.mics[0]!.enabled).toBe(false);
    expect(r.s.state).toBe('off');
  });

  it.each([
    ['NotAllowedError', 'denied'],
    ['NotFoundError', 'no-device'],
    ['NotReadableError', 'busy'],
  ] as const)('a refused microphone (%s) ends in the denied state with problem %s, and may be tried again', async (name, problem) => {
    let fail = true;
    const r = rig({
      mic: async () => {
        if (fail) throw Object.assign(new Error('no'), { name });
        return new FakeStream([new FakeTrack('late')]);
      },
    });
    r.s.setTransmit(true);
    await flush(50);
    expect(r.s.state).toBe('denied');
    expect(r.s.problem).toBe(problem);
    expect(r.notices).toEqual(['mic-error']);
    expect(r.sent).toEqual([]);
    expect(r.peers).toHaveLength(0);
    fail = false;
    r.s.setTransmit(true);
    expect(r.s.problem).toBeNull();
    await flush(50);
    expect(r.sent.some((m) => m.type === 'voice_publish')).toBe(true);
  });

  it('Janus refusing the offer (voice_failed) closes the publisher and tells the person', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.s.onError('voice_failed');
    expect(r.peers[0]!.closed).toBe(true);
    expect(r.mics[0]!.stopped).toBe(true);
    expect(r.s.state).toBe('off');
    expect(r.notices).toContain('failed');
  });

  it('voice_not_publishing publishes again when talking is wanted', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    r.s.onError('voice_not_publishing');
    expect(r.peers[0]!.closed).toBe(true);
    await flush(50);
    expect(r.sent.filter((m) => m.type === 'voice_publish')).toHaveLength(2);
    expect(r.getMic).toHaveBeenCalledTimes(2);
  });
});

describe('moderation', () => {
  it('a moderator mute disables the track and refuses unmuting until allowed', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    r.deliver({ type: 'voice_mic', on: false, by_moderator: true });
    expect(r.s.state).toBe('muted-by-moderator');
    expect(r.mics[0]!.enabled).toBe(false);
    expect(r.notices).toEqual(['moderated']);
    r.s.setTransmit(true);
    expect(r.s.state).toBe('muted-by-moderator');
    expect(r.mics[0]!.enabled).toBe(false);
    expect(r.notices).toEqual(['moderated', 'moderated']);
    r.deliver({ type: 'voice_mic', on: false, by_moderator: false });
    expect(r.s.state).toBe('off');
    expect(r.notices.at(-1)).toBe('allowed');
    r.s.setTransmit(true);
    expect(r.s.state).toBe('on');
    expect(r.mics[0]!.enabled).toBe(true);
  });

  it('sends voice_moderate', () => {
    const r = rig();
    expect(r.s.moderate(12, true)).toBe(true);
    expect(r.sent).toEqual([{ type: 'voice_moderate', user: 12, muted: true }]);
  });
});

describe('receiving', () => {
  it('answers an offer after ICE gathering and binds each mid to its avatar', async () => {
    const r = rig({ gatherMs: 100 });
    r.deliver(offer('s1', [['0', 7], ['1', 9]]));
    await flush(50);
    expect(r.answers()).toEqual([]);
    await flush(100);
    expect(r.answers()).toHaveLength(1);
    expect(r.answers()[0]).toContain('a=candidate');
    expect(r.answers()[0]).toContain('o=- s1 1');
    expect([...r.voices]).toEqual([
      [7, 'p1-m0'],
      [9, 'p1-m1'],
    ]);
    expect([...r.s.bindings.values()].map((b) => [b.mid, b.id])).toEqual([
      ['0', 7],
      ['1', 9],
    ]);
  });

  it('a renegotiation moves a mid to another speaker and drops mids no longer listed', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 7], ['1', 9]]));
    await flush(50);
    r.events.length = 0;
    // mid 0 now carries 11; mid 1 is inactive (not in feeds); a new mid 2 carries 7
    r.deliver(offer('s1', [['0', 11], ['2', 7]], 2));
    await flush(50);
    expect(r.peers).toHaveLength(1); // same Janus session: same connection
    expect(r.events).toEqual(['-7:p1-m0', '-9:p1-m1', '+11:p1-m0', '+7:p1-m2']);
    expect([...r.voices].sort()).toEqual([
      [11, 'p1-m0'],
      [7, 'p1-m2'],
    ]);
    expect(r.answers()).toHaveLength(2);
  });

  it('only the newest offer is answered when offers overtake each other', async () => {
    const r = rig({ gatherMs: 100 });
    r.deliver(offer('s1', [['0', 1]]));
    await flush(20); // A is applied, gathering runs
    r.deliver(offer('s1', [['0', 2]], 2)); // B overtakes A
    r.deliver(offer('s1', [['0', 3]], 3)); // C overtakes B before it started
    await flush(500);
    const answers = r.answers();
    expect(answers).toHaveLength(1);
    expect(answers[0]).toContain('o=- s1 3');
    expect([...r.voices]).toEqual([[3, 'p1-m0']]);
    expect(r.s.stats).toMatchObject({ offers: 3, answers: 1, staleOffers: 2 });
  });

  it('an offer overtaken while it is being applied is rolled back unanswered', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 1]]));
    r.deliver(offer('s1', [['0', 2]], 2)); // arrives while A's setRemoteDescription runs
    await flush(100);
    expect(r.peers[0]!.rollbacks).toBe(1);
    expect(r.answers()).toHaveLength(1);
    expect(r.answers()[0]).toContain('o=- s1 2');
  });

  it('an offer from a new Janus session gets a fresh connection', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 7]]));
    await flush(50);
    r.deliver(offer('s2', [['0', 7]]));
    await flush(50);
    expect(r.peers).toHaveLength(2);
    expect(r.peers[0]!.closed).toBe(true);
    expect(r.events).toEqual(['+7:p1-m0', '-7:p1-m0', '+7:p2-m0']);
  });

  it.each([
    // Janus 1.1.2 puts a new o= session id into every renegotiation of one handle: the
    // server's `session` decides (a fresh connection here would leave Janus sending to the old one)
    ['the same subscription, another SDP session id', 1, 'j1', 1, 'j2', 1],
    ['another subscription (a new Janus handle)', 1, 'j1', 2, 'j2', 2],
    ['another subscription with the same SDP session id', 1, 'j1', 2, 'j1', 2],
  ] as const)('%s: %i connection(s)', async (_name, s1, sdp1, s2, sdp2, connections) => {
    const r = rig();
    r.deliver({ ...(offer(sdp1, [['0', 7]]) as Extract<VoiceServerMessage, { type: 'voice_offer' }>), session: s1 });
    await flush(50);
    r.deliver({ ...(offer(sdp2, [['0', 8]], 2) as Extract<VoiceServerMessage, { type: 'voice_offer' }>), session: s2 });
    await flush(50);
    expect(r.peers).toHaveLength(connections);
    expect(r.peers[0]!.closed).toBe(connections === 2);
    expect(r.answers()).toHaveLength(2);
    expect(r.voices.get(8)).toBe(`p${connections}-m0`);
  });

  it('a connection that refuses an offer is replaced once', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 7]]));
    await flush(50);
    r.peers[0]!.failRemote = true;
    r.deliver(offer('s1', [['0', 8]], 2));
    await flush(50);
    expect(r.peers).toHaveLength(2);
    expect(r.answers()).toHaveLength(2);
    expect(r.voices.get(8)).toBe('p2-m0');
  });

  it('reports what arrived per avatar from getStats', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 7], ['1', 9]]));
    await flush(50);
    r.peers[0]!.stats = [
      { type: 'inbound-rtp', kind: 'audio', mid: '0', bytesReceived: 1000, packetsReceived: 10, totalAudioEnergy: 0.5 },
      { type: 'inbound-rtp', kind: 'audio', trackIdentifier: 'p1-m1', bytesReceived: 20, packetsReceived: 1 },
      { type: 'candidate-pair', bytesReceived: 99999 },
    ];
    const got = await r.s.received();
    expect(got).toEqual({
      7: { bytesReceived: 1000, packetsReceived: 10, totalAudioEnergy: 0.5 },
      9: { bytesReceived: 20, packetsReceived: 1, totalAudioEnergy: 0 },
    });
  });
});

describe('status, reset and leave', () => {
  it('a server without voice (off) is "disabled", not "reconnecting"', () => {
    const r = rig();
    r.deliver({ type: 'voice_status', available: false, retry_in_s: 0, off: true });
    expect(r.s.state).toBe('disabled');
    r.deliver({ type: 'voice_status', available: false, retry_in_s: 5 });
    expect(r.s.state).toBe('unavailable');
  });

  it('unavailable closes everything and says so; back again, talking resumes', async () => {
    const r = rig();
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    r.s.setTransmit(true);
    r.deliver(offer('s1', [['0', 7]]));
    await flush(50);
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    r.deliver({ type: 'voice_speakers', ids: [7] });
    r.deliver({ type: 'voice_status', available: false, retry_in_s: 5 });
    expect(r.s.state).toBe('unavailable');
    expect(r.s.speakers.size).toBe(0);
    expect(r.s.retryInS).toBe(5);
    expect(r.peers.every((p) => p.closed)).toBe(true);
    expect(r.mics[0]!.stopped).toBe(true);
    expect(r.voices.size).toBe(0);
    expect(r.notices).toEqual(['unavailable']);
    r.s.setTransmit(true); // refused while unavailable
    expect(r.notices).toEqual(['unavailable', 'unavailable']);
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    expect(r.notices.at(-1)).toBe('back');
    await flush(50);
    expect(r.sent.filter((m) => m.type === 'voice_publish')).toHaveLength(2);
  });

  it('reset (space change, reconnect) closes both connections, releases the mic and ignores late answers', async () => {
    const r = rig();
    r.s.setTransmit(true);
    r.deliver(offer('s1', [['0', 7]]));
    await flush(50);
    r.deliver({ type: 'voice_speakers', ids: [7, 3] });
    expect([...r.s.speakers]).toEqual([7, 3]);
    r.s.reset();
    expect(r.peers.every((p) => p.closed)).toBe(true);
    expect(r.mics[0]!.stopped).toBe(true);
    expect(r.micStreams.at(-1)).toBeNull();
    expect(r.voices.size).toBe(0);
    expect(r.s.speakers.size).toBe(0);
    expect(r.s.state).toBe('off');
    r.deliver({ type: 'voice_published', sdp: 'late' });
    await flush(50);
    expect(r.s.publishing).toBe(false);
  });

  it('a reset while the browser asks for the microphone releases it when it comes', async () => {
    let give: (s: FakeStream) => void = () => undefined;
    const r = rig({ mic: () => new Promise((ok) => (give = ok)) });
    r.s.setTransmit(true);
    r.s.reset();
    const t = new FakeTrack('late');
    give(new FakeStream([t]));
    await flush(50);
    expect(t.stopped).toBe(true);
    expect(r.peers).toHaveLength(0);
    expect(r.sent).toEqual([]);
  });

  it('an offer being answered when reset comes is not answered', async () => {
    const r = rig({ gatherMs: 100 });
    r.deliver(offer('s1', [['0', 7]]));
    await flush(20);
    r.s.reset();
    await flush(200);
    expect(r.answers()).toEqual([]);
    expect(r.voices.size).toBe(0);
  });

  it('leave tells the server, then resets', async () => {
    const r = rig();
    r.deliver(offer('s1', [['0', 7]]));
    await flush(50);
    r.s.leave();
    expect(r.sent.at(-1)).toEqual({ type: 'voice_leave' });
    expect(r.peers[0]!.closed).toBe(true);
  });

  it('cannot publish while the socket is down', async () => {
    const r = rig({ connected: () => false });
    r.s.setTransmit(true);
    await flush(50);
    expect(r.s.state).toBe('off');
    expect(r.notices).toEqual(['failed']);
    expect(r.mics[0]!.stopped).toBe(true);
  });
});

describe('a browser without WebRTC', () => {
  it('says the microphone is unsupported and ignores offers', async () => {
    const sent: VoiceClientMessage[] = [];
    const notices: VoiceNotice[] = [];
    const t = new FakeTrack('m');
    const s = new VoiceSession({
      send: (m) => (sent.push(m), true),
      createPeer: () => {
        throw new ReferenceError('RTCPeerConnection is not defined');
      },
      getMic: async () => new FakeStream([t]) as unknown as MediaStream,
      classify: () => 'unknown',
      onVoice: () => undefined,
      onVoiceGone: () => undefined,
      onMicStream: () => undefined,
      onChange: () => undefined,
      onNotice: (n) => notices.push(n),
    });
    s.setTransmit(true);
    await flush(10);
    expect(s.state).toBe('denied');
    expect(s.problem).toBe('unsupported');
    expect(t.stopped).toBe(true);
    s.receive(offer('s1', [['0', 1]]));
    await flush(10);
    expect(sent).toEqual([]);
    expect(s.stats.failures).toBe(1);
  });
});

describe('listening', () => {
  it('asks to receive (voice_listen) once voice is available, again after Janus or the space changed', () => {
    const r = rig();
    const listens = () => r.sent.filter((m) => m.type === 'voice_listen').length;
    r.deliver({ type: 'voice_status', available: false, retry_in_s: 5 });
    expect(listens()).toBe(0);
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    expect(listens()).toBe(1);
    r.deliver({ type: 'voice_status', available: false, retry_in_s: 5 });
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    expect(listens()).toBe(2);
    r.s.reset();
    r.deliver({ type: 'voice_status', available: true, retry_in_s: 0 });
    expect(listens()).toBe(3);
  });

  it('a moderator mute while talking also tells the server the mic is off', async () => {
    const r = rig();
    r.s.setTransmit(true);
    await flush(50);
    r.deliver({ type: 'voice_published', sdp: 'answer' });
    await flush();
    r.deliver({ type: 'voice_mic', on: false, by_moderator: true });
    expect(r.sent.at(-1)).toEqual({ type: 'voice_mic', on: false });
  });
});
