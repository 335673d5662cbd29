// Hand-written stand-ins for the WebRTC objects the voice session uses (tests only).

import type { PeerLike, TransceiverLike } from './peer';

export class FakeTrack {
  enabled = true;
  stopped = false;
  constructor(readonly id: string) {}
  stop(): void {
    this.stopped = true;
  }
}

export class FakeStream {
  constructor(readonly tracks: FakeTrack[]) {}
  getAudioTracks(): FakeTrack[] {
    return this.tracks;
  }
  getTracks(): FakeTrack[] {
    return this.tracks;
  }
}

/** An SDP just detailed enough for the session: an origin line and one m-line per mid. */
export function offerSdp(session: string, mids: string[], version = 1): string {
  return [`v=0`, `o=- ${session} ${version} IN IP4 127.0.0.1`, `s=-`, ...mids.flatMap((m) => [`m=audio 9 UDP/TLS/RTP/SAVPF 111`, `a=mid:${m}`])].join('\r\n');
}

/**
 * An RTCPeerConnection stand-in. ICE gathering starts with the first local description and
 * completes after `gatherMs` (never, when null); the local SDP lists a candidate only then.
 * A remote offer creates one transceiver per `a=mid:` line (kept across renegotiations).
 */
export class FakePeer implements PeerLike {
  iceGatheringState: RTCIceGatheringState = 'new';
  signalingState: RTCSignalingState = 'stable';
  private local: { type: RTCSdpType; sdp: string } | null = null;
  readonly remotes: string[] = [];
  readonly transceivers: Array<TransceiverLike & { track: FakeTrack }> = [];
  readonly added: Array<{ track: unknown; init: RTCRtpTransceiverInit }> = [];
  rollbacks = 0;
  closed = false;
  failRemote = false;
  private readonly listeners = new Set<() => void>();
  stats: Array<Record<string, unknown>> = [];

  /** `n`: the how-manieth connection of its test (names its tracks `p<n>-m<mid>`). */
  constructor(
    readonly n: number,
    private readonly gatherMs: number | null = 10,
  ) {}

  get localDescription(): { type: RTCSdpType; sdp: string } | null {
    if (!this.local) return null;
    return { type: this.local.type, sdp: this.local.sdp + (this.iceGatheringState === 'complete' ? '\r\na=candidate:1 1 udp 1 127.0.0.1 5000 typ host' : '') };
  }

  addEventListener(_type: 'icegatheringstatechange', l: () => void): void {
    this.listeners.add(l);
  }
  removeEventListener(_type: 'icegatheringstatechange', l: () => void): void {
    this.listeners.delete(l);
  }
  addTransceiver(track: MediaStreamTrack, init: RTCRtpTransceiverInit): unknown {
    this.added.push({ track, init });
    return {};
  }
  getTransceivers(): readonly TransceiverLike[] {
    return this.transceivers;
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: offerSdp(`pub${this.n}`, ['0']) };
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: `answer-to ${this.remotes[this.remotes.length - 1] ?? ''}` };
  }
  async setLocalDescription(d: RTCSessionDescriptionInit): Promise<void> {
    if (d.type === 'rollback') {
      this.rollbacks++;
      this.signalingState = 'stable';
      return;
    }
    this.local = { type: d.type as RTCSdpType, sdp: d.sdp ?? '' };
    this.signalingState = d.type === 'offer' ? 'have-local-offer' : 'stable';
    if (this.iceGatheringState === 'new') {
      this.iceGatheringState = 'gathering';
      if (this.gatherMs !== null) setTimeout(() => this.completeGathering(), this.gatherMs);
    }
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit): Promise<void> {
    await Promise.resolve();
    if (this.failRemote) throw new Error('bad sdp');
    const sdp = d.sdp ?? '';
    this.remotes.push(sdp);
    if (d.type === 'offer') {
      this.signalingState = 'have-remote-offer';
      for (const m of sdp.matchAll(/^a=mid:(\S+)/gm)) {
        const mid = m[1] as string;
        if (!this.transceivers.some((t) => t.mid === mid)) {
          const track = new FakeTrack(`p${this.n}-m${mid}`);
          this.transceivers.push({ mid, receiver: { track: track as unknown as MediaStreamTrack }, track });
        }
      }
    } else {
      this.signalingState = 'stable';
    }
  }
  async getStats(): Promise<RTCStatsReport> {
    const m = new Map(this.stats.map((s, i) => [String(i), s]));
    return m as unknown as RTCStatsReport;
  }
  close(): void {
    this.closed = true;
  }
  completeGathering(): void {
    this.iceGatheringState = 'complete';
    for (const l of [...this.listeners]) l();
  }
}
