import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { shareButton, shareNote } from '../hall/share';
import { type ScreenClientMessage, type ServerMessage, type VoiceClientMessage, parseServerMessage } from '../net/messages';
import { FakePeer, offerSdp } from './fakes.test-util';
import type { ScreenView } from './controller';
import { ScreenShare, type ShareNotice } from './screenShare';
import { VoiceSession } from './session';

/** A capture track: `end()` is the browser's own "stop sharing". */
class FakeVideoTrack {
  stopped = false;
  contentHint = '';
  private readonly ended = new Set<() => void>();
  constructor(readonly id: string) {}
  stop(): void {
    this.stopped = true;
  }
  addEventListener(type: string, l: () => void): void {
    if (type === 'ended') this.ended.add(l);
  }
  end(): void {
    this.stopped = true;
    for (const l of [...this.ended]) l();
  }
}

class FakeDisplay {
  constructor(readonly track: FakeVideoTrack | null) {}
  getVideoTracks(): FakeVideoTrack[] {
    return this.track ? [this.track] : [];
  }
  getTracks(): FakeVideoTrack[] {
    return this.getVideoTracks();
  }
}

function rig(display: () => Promise<unknown> = async () => new FakeDisplay(new FakeVideoTrack('screen'))) {
  const sent: ScreenClientMessage[] = [];
  const peers: FakePeer[] = [];
  const notices: ShareNotice[] = [];
  let changes = 0;
  const share = new ScreenShare({
    send: (m) => {
      sent.push(m);
      return true;
    },
    createPeer: () => {
      const p = new FakePeer(peers.length + 1);
      peers.push(p);
      return p;
    },
    getDisplay: display as () => Promise<MediaStream>,
    onChange: () => changes++,
    onNotice: (n) => notices.push(n),
  });
  return { share, sent, peers, notices, changes: () => changes };
}

const flush = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sharing one’s screen', () => {
  it('captures, offers one send-only video m-line with a bitrate cap, and goes live on the answer', async () => {
    const r = rig();
    const started = r.share.start();
    expect(r.share.stage).toBe('starting');
    await flush(50);
    await started;
    const pub = r.sent.find((m) => m.type === 'screen_publish') as { sdp: string } | undefined;
    expect(pub?.sdp).toContain('a=candidate'); // ICE gathered first (non-trickle)
    const init = r.peers[0]!.added[0]!.init;
    expect(init.direction).toBe('sendonly');
    expect(init.sendEncodings?.[0]?.maxBitrate).toBeGreaterThan(0);
    expect(r.share.localTrack).not.toBeNull(); // shown on one's own screen at once
    r.share.receive({ type: 'screen_published', sdp: 'v=0' });
    await flush();
    expect(r.share.stage).toBe('live');
  });

  const endings: Array<{ name: string; end: (r: ReturnType<typeof rig>, track: FakeVideoTrack) => void; sendsStop: boolean; notice: ShareNotice | null }> = [
    { name: 'the stop button', end: (r) => r.share.stop(), sendsStop: true, notice: null },
    { name: 'the browser’s own “stop sharing”', end: (_r, t) => t.end(), sendsStop: true, notice: null },
    { name: 'a moderator', end: (r) => r.share.receive({ type: 'screen_stopped', by_moderator: true }), sendsStop: false, notice: 'stopped-by-moderator' },
    { name: 'the server lost it', end: (r) => r.share.receive({ type: 'screen_stopped', by_moderator: false }), sendsStop: false, notice: null },
    { name: 'a space change (reset)', end: (r) => r.share.reset(), sendsStop: false, notice: null },
  ];
  for (const c of endings) {
    it(`ends by ${c.name}: capture stopped, connection closed`, async () => {
      const track = new FakeVideoTrack('screen');
      const r = rig(async () => new FakeDisplay(track));
      const started = r.share.start();
      await flush(50);
      await started;
      r.share.receive({ type: 'screen_published', sdp: 'v=0' });
      await flush();
      c.end(r, track);
      expect(r.share.stage).toBe('idle');
      expect(r.share.localTrack).toBeNull();
      expect(track.stopped).toBe(true);
      expect(r.peers[0]!.closed).toBe(true);
      expect(r.sent.some((m) => m.type === 'screen_stop')).toBe(c.sendsStop);
      expect(r.notices).toEqual(c.notice ? [c.notice] : []);
    });
  }

  const failures: Array<{ name: string; display?: () => Promise<unknown>; code?: string; notice: ShareNotice }> = [
    { name: 'the picker cancelled', display: () => Promise.reject(Object.assign(new Error('x'), { name: 'NotAllowedError' })), notice: 'denied' },
    { name: 'no getDisplayMedia (a phone)', display: () => Promise.reject(new TypeError('no')), notice: 'unsupported' },
    { name: 'someone else shares', code: 'screen_busy', notice: 'busy' },
    { name: 'Janus refused', code: 'screen_failed', notice: 'failed' },
    { name: 'voice went down', code: 'voice_unavailable', notice: 'unavailable' },
  ];
  for (const c of failures) {
    it(`says so when ${c.name}`, async () => {
      const r = rig(c.display);
      const started = r.share.start();
      await flush(50);
      await started;
      if (c.code) r.share.onError(c.code);
      expect(r.share.stage).toBe('idle');
      expect(r.notices).toEqual([c.notice]);
    });
  }

  it('keeps who shares from `screen` messages; a moderator can stop someone else’s share', () => {
    const r = rig();
    r.share.receive({ type: 'screen', user: 42 });
    expect(r.share.sharer).toBe(42);
    expect(r.share.stopOf(42)).toBe(true);
    expect(r.sent).toEqual([{ type: 'screen_stop', user: 42 }]);
    r.share.receive({ type: 'screen', user: null });
    expect(r.share.sharer).toBeNull();
  });
});

describe('the hall’s share controls (pure parts)', () => {
  it.each([
    ['idle', 'start', 'screen.share'],
    ['starting', 'stop', 'screen.starting'],
    ['live', 'stop', 'screen.stop'],
  ] as const)('the pill while one’s own share is %s', (mine, action, label) => {
    expect(shareButton(mine)).toMatchObject({ action, label });
  });

  const view = (v: Partial<ScreenView>): ScreenView => ({ sharer: null, mine: 'idle', track: null, ...v });
  it.each([
    ['nobody shares', view({}), null],
    ['one shares oneself', view({ sharer: 1, mine: 'live' }), { key: 'screen.own' }],
    ['someone else shares', view({ sharer: 7 }), { key: 'screen.live', name: 'Aoi' }],
    ['someone unknown shares', view({ sharer: 8 }), { key: 'screen.live', name: '—' }],
  ] as const)('the note when %s', (_name, v, want) => {
    expect(shareNote(v, 1, (id) => (id === 7 ? 'Aoi' : null))).toEqual(want);
  });
});

describe('the screen messages on the wire', () => {
  it.each([
    ['{"type":"screen","user":5}', { type: 'screen', user: 5 }],
    ['{"type":"screen","user":null}', { type: 'screen', user: null }],
    ['{"type":"screen","user":"5"}', null],
    ['{"type":"screen_published","sdp":"v=0"}', { type: 'screen_published', sdp: 'v=0' }],
    ['{"type":"screen_published","sdp":""}', null],
    ['{"type":"screen_stopped","by_moderator":true}', { type: 'screen_stopped', by_moderator: true }],
    ['{"type":"voice_offer","sdp":"v=0","feeds":[],"screen":{"mid":"1","id":3}}', { type: 'voice_offer', sdp: 'v=0', feeds: [], screen: { mid: '1', id: 3 } }],
    ['{"type":"voice_offer","sdp":"v=0","feeds":[],"screen":{"mid":1}}', { type: 'voice_offer', sdp: 'v=0', feeds: [] }],
  ] as Array<[string, ServerMessage | null]>)('%s', (text, want) => {
    expect(parseServerMessage(text)).toEqual(want);
  });
});

describe('receiving a share on the voice connection', () => {
  it('binds the offer’s screen mid to the video track, and lets go when it is gone', async () => {
    const peers: FakePeer[] = [];
    const screens: Array<[number | null, string | null]> = [];
    const sent: VoiceClientMessage[] = [];
    const s = new VoiceSession({
      send: (m) => {
        sent.push(m);
        return true;
      },
      createPeer: () => {
        const p = new FakePeer(peers.length + 1);
        peers.push(p);
        return p;
      },
      getMic: () => Promise.reject(new Error('unused')),
      classify: () => 'unknown',
      onVoice: () => undefined,
      onVoiceGone: () => undefined,
      onScreen: (id, track) => screens.push([id, track?.id ?? null]),
      onMicStream: () => undefined,
      onChange: () => undefined,
      onNotice: () => undefined,
    });
    s.receive({ type: 'voice_offer', sdp: offerSdp('sub', ['0', '1']), feeds: [{ mid: '0', id: 4 }], screen: { mid: '1', id: 9 } });
    await flush(50);
    expect(screens).toEqual([[9, 'p1-m1']]);
    expect(s.screen).toMatchObject({ id: 9, mid: '1' });
    expect([...s.bindings.values()].map((b) => b.id)).toEqual([4]); // the share is no voice
    s.receive({ type: 'voice_offer', sdp: offerSdp('sub', ['0', '1'], 2), feeds: [{ mid: '0', id: 4 }] });
    await flush(50);
    expect(screens).toEqual([
      [9, 'p1-m1'],
      [null, null],
    ]);
    expect(s.screen).toBeNull();
    expect(sent.filter((m) => m.type === 'voice_answer')).toHaveLength(2);
  });
});
