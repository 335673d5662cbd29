// A presenter's screen share (docs/voice.md, "Screen sharing"): the browser's own screen
// capture (getDisplayMedia, asked for only when the person presses "share") published to the
// space's Janus room through the server as a video-only publisher, on a peer connection of its
// own (one send-only video m-line, non-trickle ICE like the microphone). Also keeps who shares
// in this space now (`screen` messages), so the hall can show it and offer "stop".
//
// It ends when the person presses stop, when the browser's own "stop sharing" ends the track,
// when a moderator stops it (`screen_stopped`), or on `reset()` (space change, reconnect).
// Single-threaded (the page's event loop); owned by the voice controller.

import type { ScreenClientMessage, ScreenServerMessage } from '../net/messages';
import { ICE_GATHER_TIMEOUT_MS, type PeerLike, waitForIceGathering } from './peer';

/** One's own share: none, being set up (capture, offer, waiting for Janus), or live. */
export type ShareStage = 'idle' | 'starting' | 'live';

/** Things to tell the person once. */
export type ShareNotice =
  /** someone else shares in this space already */
  | 'busy'
  /** the server or Janus refused the offer, or the connection failed */
  | 'failed'
  /** a moderator stopped one's share */
  | 'stopped-by-moderator'
  /** the person cancelled the browser's picker or refused the permission */
  | 'denied'
  /** this browser cannot share its screen (most phones) */
  | 'unsupported'
  /** voice/video is down (Janus) */
  | 'unavailable';

export interface ScreenShareDeps {
  send(msg: ScreenClientMessage): boolean;
  createPeer(): PeerLike;
  /** The browser's screen picker (getDisplayMedia); rejects as the browser does. */
  getDisplay(): Promise<MediaStream>;
  /** Anything the UI shows changed (stage, sharer, own capture). */
  onChange(): void;
  onNotice(notice: ShareNotice): void;
  iceTimeoutMs?: number;
}

/** The bitrate a screen share is sent at most (the room caps it too: voice_room.cc). */
export const SCREEN_MAX_BITRATE = 1_200_000;

interface Share {
  stage: ShareStage;
  stream: MediaStream | null;
  track: MediaStreamTrack | null;
  pc: PeerLike | null;
}

export class ScreenShare {
  /** Who shares in this space now (the server's word); null: nobody. */
  sharer: number | null = null;
  private share: Share | null = null;
  private readonly iceTimeoutMs: number;

  constructor(private readonly deps: ScreenShareDeps) {
    this.iceTimeoutMs = deps.iceTimeoutMs ?? ICE_GATHER_TIMEOUT_MS;
  }

  /** One's own share. */
  get stage(): ShareStage {
    return this.share?.stage ?? 'idle';
  }

  /** One's own capture while sharing (shown on one's own screen object), else null. */
  get localTrack(): MediaStreamTrack | null {
    return this.share?.track ?? null;
  }

  /** Whether this browser has a screen picker at all (not most phones). */
  static supported(): boolean {
    return typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  }

  receive(msg: ScreenServerMessage): void {
    switch (msg.type) {
      case 'screen':
        this.sharer = msg.user;
        this.deps.onChange();
        break;
      case 'screen_published':
        void this.onPublished(msg.sdp);
        break;
      case 'screen_stopped':
        if (!this.share) return;
        this.close();
        if (msg.by_moderator) this.deps.onNotice('stopped-by-moderator');
        this.deps.onChange();
        break;
    }
  }

  /** A `screen_*` error code (or `voice_unavailable` while a share is being set up). */
  onError(code: string): void {
    if (!this.share) return;
    this.close();
    this.deps.onChange();
    if (code === 'screen_busy') this.deps.onNotice('busy');
    else if (code === 'voice_unavailable') this.deps.onNotice('unavailable');
    else this.deps.onNotice('failed');
  }

  /** "Share screen": the browser's picker, then the offer to the server. */
  async start(): Promise<void> {
    if (this.share) return;
    const share: Share = { stage: 'starting', stream: null, track: null, pc: null };
    this.share = share;
    this.deps.onChange();
    let stream: MediaStream;
    try {
      stream = await this.deps.getDisplay();
    } catch (err) {
      if (this.share !== share) return;
      this.share = null;
      this.deps.onChange();
      this.deps.onNotice(isUnsupported(err) ? 'unsupported' : 'denied');
      return;
    }
    if (this.share !== share) {
      stopStream(stream);
      return;
    }
    const track = stream.getVideoTracks()[0];
    if (!track) {
      stopStream(stream);
      this.share = null;
      this.deps.onChange();
      this.deps.onNotice('failed');
      return;
    }
    share.stream = stream;
    share.track = track;
    // text and diagrams: keep them sharp, rather drop frames than resolution
    if ('contentHint' in track) track.contentHint = 'detail';
    // the browser's own "stop sharing" bar (or the window closing)
    track.addEventListener('ended', () => {
      if (this.share === share) this.stop();
    });
    this.deps.onChange(); // one's own capture goes on one's own screen at once
    try {
      const pc = this.deps.createPeer();
      share.pc = pc;
      pc.addTransceiver(track, { direction: 'sendonly', streams: [stream], sendEncodings: [{ maxBitrate: SCREEN_MAX_BITRATE }] });
      await pc.setLocalDescription(await pc.createOffer());
      await waitForIceGathering(pc, this.iceTimeoutMs);
      if (this.share !== share) return;
      const sdp = pc.localDescription?.sdp;
      if (!sdp || !this.deps.send({ type: 'screen_publish', sdp })) throw new Error('not sent');
    } catch {
      if (this.share !== share) return;
      this.close();
      this.deps.onChange();
      this.deps.onNotice('failed');
    }
  }

  /** "Stop sharing" (or the browser ended the capture): tells the server and lets go. */
  stop(): void {
    if (!this.share) return;
    // the server first, then the connection: so its end is not taken for a dropped connection
    this.deps.send({ type: 'screen_stop' });
    this.close();
    this.deps.onChange();
  }

  /** A moderator stops someone else's share (the server checks the permission). */
  stopOf(user: number): boolean {
    return this.deps.send({ type: 'screen_stop', user });
  }

  /** Everything ends: the server forgot this browser's media (space change, reconnect, hide). */
  reset(): void {
    this.close();
    this.sharer = null;
    this.deps.onChange();
  }

  private async onPublished(sdp: string): Promise<void> {
    const share = this.share;
    if (!share?.pc || share.stage !== 'starting') return;
    try {
      await share.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch {
      if (this.share !== share) return;
      this.stop();
      this.deps.onNotice('failed');
      return;
    }
    if (this.share !== share) return;
    share.stage = 'live';
    this.deps.onChange();
  }

  private close(): void {
    const share = this.share;
    if (!share) return;
    this.share = null;
    share.pc?.close();
    if (share.stream) stopStream(share.stream);
  }
}

function stopStream(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}

/** getDisplayMedia missing, or refused as unsupported (NotSupportedError). */
function isUnsupported(err: unknown): boolean {
  if (err instanceof TypeError) return true;
  const name = (err as { name?: unknown } | null)?.name;
  return name === 'NotSupportedError';
}

/** The browser's screen picker, asking for a sharp, moderate-rate capture without audio. */
export function browserDisplay(): Promise<MediaStream> {
  const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!md || typeof md.getDisplayMedia !== 'function') return Promise.reject(new TypeError('getDisplayMedia is not available'));
  return md.getDisplayMedia({ video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } }, audio: false });
}
