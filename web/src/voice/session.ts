// The browser's side of voice negotiation (docs/voice.md), bound to the world's WebSocket: the
// app hands it the `voice_*` messages and voice error codes, and it sends through `deps.send`.
//
// Two peer connections, both with non-trickle ICE (gathering waited for, at most 3 s, before
// an SDP goes out):
//   - the publisher: the microphone, one send-only audio m-line, offered by the browser
//     (`voice_publish` → `voice_published`); created the first time the person turns the mic on
//     in a space, so the microphone is asked for only then;
//   - the subscriber: asked for with `voice_listen` as soon as voice is available, then
//     offered by the server (`voice_offer` → `voice_answer`). Only the newest
//     offer counts: one that a newer offer overtakes is dropped (rolled back) unanswered. An
//     offer with another `session` comes from a new Janus handle and gets a fresh connection;
//     the same `session` renegotiates the connection there is. (Not the SDP's o= session id:
//     Janus 1.1.2 changes it on every renegotiation of one handle, and answering a
//     renegotiation on a fresh connection leaves Janus sending to the closed one.) After each
//     answer the tracks are bound to avatar ids by the offer's `feeds`.
//
// `reset()` forgets everything — the server did too: on a space change, a reconnect, a page
// hide. Single-threaded (the page's event loop); owned by the voice controller.

import type { VoiceClientMessage, VoiceFeed, VoiceServerMessage } from '../net/messages';
import { type Binding, type ReceivedStats, bindFeeds, diffBindings, statsByAvatar } from './feeds';
import { ICE_GATHER_TIMEOUT_MS, type PeerLike, sdpSessionId, waitForIceGathering } from './peer';
import type { MicProblem } from './permissions';

/** What the mic button shows (also its `data-state`). */
export type MicState = 'off' | 'starting' | 'on' | 'muted-by-moderator' | 'unavailable' | 'disabled' | 'denied';

/** Things worth telling the person once (as a toast or a dialog). */
export type VoiceNotice =
  /** a moderator muted one's microphone (or one tried to unmute while muted) */
  | 'moderated'
  /** a moderator allowed it again */
  | 'allowed'
  /** voice is down (Janus): the world goes on with text */
  | 'unavailable'
  /** voice is back */
  | 'back'
  /** the server or Janus refused an SDP */
  | 'failed'
  /** the microphone could not be had: `problem` says why */
  | 'mic-error';

export interface VoiceSessionDeps {
  /** Sends on the world's WebSocket; false when it is not connected. */
  send(msg: VoiceClientMessage): boolean;
  createPeer(): PeerLike;
  /** Asks for the microphone (getUserMedia); rejects as the browser does. */
  getMic(): Promise<MediaStream>;
  /** Why getMic failed. */
  classify(err: unknown): MicProblem;
  /** A voice to render: `track` carries avatar `id`. */
  onVoice(id: number, track: MediaStreamTrack): void;
  /** That voice ended (or moved to another mid). */
  onVoiceGone(id: number, track: MediaStreamTrack): void;
  /** The hall's screen share received now (`presenter`'s video track), or null when none is. */
  onScreen?(presenter: number | null, track: MediaStreamTrack | null): void;
  /** One's own microphone stream (for the level meter), or null when it is released. */
  onMicStream(stream: MediaStream | null): void;
  /** Anything the UI shows changed. */
  onChange(): void;
  onNotice(notice: VoiceNotice): void;
  iceTimeoutMs?: number;
}

interface Publisher {
  /** mic: asking for the microphone; offer: making the offer; answer: waiting for `voice_published` */
  stage: 'mic' | 'offer' | 'answer' | 'live';
  pc: PeerLike | null;
  stream: MediaStream | null;
  track: MediaStreamTrack | null;
}

interface Subscriber {
  pc: PeerLike;
  /** The subscription (`voice_offer.session`, else the SDP session id) this connection answered. */
  sessionId: string | null;
  bindings: Map<string, Binding>;
  /** The transceiver carrying the screen share (video), if the last answered offer had one. */
  screen: Binding | null;
}

interface Offer {
  sdp: string;
  feeds: VoiceFeed[];
  session?: number;
  screen?: VoiceFeed;
}

export class VoiceSession {
  /** From `voice_status`; null until the server said. */
  available: boolean | null = null;
  retryInS = 0;
  /** Whether the person wants to talk now (toggle or push-to-talk). */
  wantOn = false;
  /** A moderator muted this person's microphone. */
  byModerator = false;
  /** Why the microphone could not be had last time (cleared by the next try). */
  problem: MicProblem | null = null;
  /** The server's last word on this person's microphone (`voice_mic.on`). */
  serverOn = false;
  /** Who in the space publishes a live microphone (`voice_speakers`). */
  readonly speakers = new Set<number>();
  readonly stats = { offers: 0, answers: 0, staleOffers: 0, publishes: 0, failures: 0 };

  private pub: Publisher | null = null;
  private sub: Subscriber | null = null;
  /** `voice_listen` was sent for this space and this Janus. */
  private listening = false;
  private pendingOffer: Offer | null = null;
  private answering = false;
  /** Bumped by reset(): async work of an older epoch stops where it is. */
  private epoch = 0;
  /** Talking was on when voice went down: turn it on again when it is back. */
  private resumeOn = false;
  /** The server runs without voice (voice_status `off`): not coming back by itself. */
  private disabled = false;
  private readonly iceTimeoutMs: number;

  constructor(private readonly deps: VoiceSessionDeps) {
    this.iceTimeoutMs = deps.iceTimeoutMs ?? ICE_GATHER_TIMEOUT_MS;
  }

  get state(): MicState {
    if (this.byModerator) return 'muted-by-moderator';
    if (this.available === false) return this.disabled ? 'disabled' : 'unavailable';
    if (this.problem && !this.wantOn) return 'denied';
    if (!this.wantOn) return 'off';
    return this.pub?.stage === 'live' ? 'on' : 'starting';
  }

  /** Whether the microphone is published (whether muted or not). */
  get publishing(): boolean {
    return this.pub?.stage === 'live';
  }

  /** Whether one's own voice goes out right now. */
  get talking(): boolean {
    return this.state === 'on';
  }

  /** mid → avatar binding of what is received now. */
  get bindings(): ReadonlyMap<string, Binding> {
    return this.sub?.bindings ?? new Map();
  }

  /** The subscriber connection (for getStats). */
  get subscriber(): PeerLike | null {
    return this.sub?.pc ?? null;
  }

  /** Turn talking on or off (the mic button, push-to-talk). */
  setTransmit(on: boolean): void {
    if (!on) {
      if (!this.wantOn) return;
      this.wantOn = false;
      this.applyTrack();
      if (this.pub?.stage === 'live') this.deps.send({ type: 'voice_mic', on: false });
      this.changed();
      return;
    }
    if (this.wantOn) return;
    if (this.byModerator) {
      this.deps.onNotice('moderated');
      return;
    }
    if (this.available === false) {
      this.deps.onNotice('unavailable');
      return;
    }
    this.wantOn = true;
    this.problem = null;
    if (!this.pub) void this.publish();
    else {
      this.applyTrack();
      if (this.pub.stage === 'live') this.deps.send({ type: 'voice_mic', on: true });
    }
    this.changed();
  }

  receive(msg: VoiceServerMessage): void {
    switch (msg.type) {
      case 'voice_status':
        this.disabled = msg.off === true;
        this.onStatus(msg.available, msg.retry_in_s);
        break;
      case 'voice_published':
        void this.onPublished(msg.sdp);
        break;
      case 'voice_offer':
        this.onOffer({ sdp: msg.sdp, feeds: msg.feeds, ...(msg.session !== undefined ? { session: msg.session } : {}), ...(msg.screen ? { screen: msg.screen } : {}) });
        break;
      case 'voice_mic':
        this.onMic(msg.on, msg.by_moderator);
        break;
      case 'voice_speakers':
        this.speakers.clear();
        for (const id of msg.ids) this.speakers.add(id);
        this.changed();
        break;
    }
  }

  /** A voice error code from the server (docs/voice.md, "Errors"). */
  onError(code: string): void {
    const pending = this.pub !== null && this.pub.stage !== 'live';
    switch (code) {
      case 'voice_unavailable':
        if (pending) this.failPublish('unavailable');
        else this.deps.onNotice('unavailable');
        break;
      case 'voice_failed':
        this.stats.failures++;
        if (pending) this.failPublish('failed');
        else this.deps.onNotice('failed');
        break;
      case 'voice_not_publishing': {
        // the server lost the publisher (or never had it): publish again if talking is wanted
        const again = this.wantOn;
        this.closePub();
        this.wantOn = false;
        if (again) this.setTransmit(true);
        else this.changed();
        break;
      }
      case 'voice_muted_by_moderator':
        if (pending) this.closePub();
        this.onMic(false, true);
        break;
    }
  }

  /** Everything ends: the server forgot this browser's voice (space change, reconnect, hide). */
  reset(): void {
    this.epoch++;
    this.closePub();
    this.closeSub();
    this.pendingOffer = null;
    this.answering = false;
    this.wantOn = false;
    this.byModerator = false;
    this.serverOn = false;
    this.available = null;
    this.listening = false;
    this.resumeOn = false;
    this.speakers.clear();
    this.changed();
  }

  /** Stops publishing and receiving and tells the server so. */
  leave(): void {
    if (this.pub || this.sub) this.deps.send({ type: 'voice_leave' });
    this.reset();
  }

  /** A facilitator/moderator mutes (or allows) someone's microphone; the server decides. */
  moderate(user: number, muted: boolean): boolean {
    return this.deps.send({ type: 'voice_moderate', user, muted });
  }

  /** The screen share received now: whose, and its video track. */
  get screen(): { id: number; mid: string; track: MediaStreamTrack } | null {
    const b = this.sub?.screen;
    return b ? { id: b.id, mid: b.mid, track: b.track } : null;
  }

  /** Inbound video statistics of the received screen share (tests, diagnostics). */
  async screenReceived(): Promise<{ framesDecoded: number; bytesReceived: number; frameWidth: number; frameHeight: number } | null> {
    const sub = this.sub;
    const b = sub?.screen;
    if (!sub || !b) return null;
    const report = await sub.pc.getStats();
    let out: { framesDecoded: number; bytesReceived: number; frameWidth: number; frameHeight: number } | null = null;
    report.forEach((r: Record<string, unknown>) => {
      if (r.type !== 'inbound-rtp' || r.kind !== 'video' || r.mid !== b.mid) return;
      const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
      out = { framesDecoded: n(r.framesDecoded), bytesReceived: n(r.bytesReceived), frameWidth: n(r.frameWidth), frameHeight: n(r.frameHeight) };
    });
    return out;
  }

  /** What arrived per avatar so far (getStats of the subscriber connection). */
  async received(): Promise<Record<number, ReceivedStats>> {
    const sub = this.sub;
    if (!sub) return {};
    const report = await sub.pc.getStats();
    const rows: Record<string, unknown>[] = [];
    report.forEach((r: Record<string, unknown>) => rows.push(r));
    return statsByAvatar(rows, sub.bindings);
  }

  // --- status and microphone -------------------------------------------------------------------

  private onStatus(available: boolean, retryInS: number): void {
    const was = this.available;
    this.available = available;
    this.retryInS = available ? 0 : retryInS;
    if (!available) {
      // Janus is gone: so are both connections. The server offers again when it is back.
      this.resumeOn = this.resumeOn || this.wantOn;
      this.epoch++;
      this.closePub();
      this.closeSub();
      this.pendingOffer = null;
      this.answering = false;
      this.wantOn = false;
      this.listening = false;
      this.speakers.clear(); // nobody publishes without Janus
      if (was !== false) this.deps.onNotice('unavailable');
    } else {
      // receive what the server plans for this listener
      if (!this.listening) this.listening = this.deps.send({ type: 'voice_listen' });
      if (was === false) {
        this.deps.onNotice('back');
        if (this.resumeOn) {
          this.resumeOn = false;
          this.setTransmit(true);
        }
      }
    }
    this.changed();
  }

  private onMic(on: boolean, byModerator: boolean): void {
    this.serverOn = on;
    if (byModerator && !on) {
      const was = this.byModerator;
      const talking = this.wantOn && this.pub?.stage === 'live';
      this.byModerator = true;
      this.wantOn = false;
      this.applyTrack();
      // the server stops forwarding anyway; this keeps its view (and the mic icons) right
      if (talking) this.deps.send({ type: 'voice_mic', on: false });
      if (!was) this.deps.onNotice('moderated');
    } else if (this.byModerator) {
      this.byModerator = false;
      this.deps.onNotice('allowed');
    }
    this.changed();
  }

  private async publish(): Promise<void> {
    const pub: Publisher = { stage: 'mic', pc: null, stream: null, track: null };
    this.pub = pub;
    let stream: MediaStream;
    try {
      stream = await this.deps.getMic();
    } catch (err) {
      if (this.pub !== pub) return;
      this.pub = null;
      this.wantOn = false;
      this.problem = this.deps.classify(err);
      this.changed();
      this.deps.onNotice('mic-error');
      return;
    }
    if (this.pub !== pub) {
      stopStream(stream); // reset meanwhile (a space change while the browser asked)
      return;
    }
    const track = stream.getAudioTracks()[0];
    if (!track) {
      stopStream(stream);
      this.pub = null;
      this.wantOn = false;
      this.problem = 'no-device';
      this.changed();
      this.deps.onNotice('mic-error');
      return;
    }
    pub.stream = stream;
    pub.track = track;
    this.applyTrack();
    this.deps.onMicStream(stream);
    let pc: PeerLike;
    try {
      pc = this.deps.createPeer();
    } catch {
      // no WebRTC in this browser (some apps' built-in browsers)
      this.closePub();
      this.wantOn = false;
      this.problem = 'unsupported';
      this.changed();
      this.deps.onNotice('mic-error');
      return;
    }
    pub.pc = pc;
    pub.stage = 'offer';
    this.changed();
    try {
      pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
      await pc.setLocalDescription(await pc.createOffer());
      await waitForIceGathering(pc, this.iceTimeoutMs);
    } catch {
      if (this.pub === pub) this.failPublish('failed');
      return;
    }
    if (this.pub !== pub) return;
    const sdp = pc.localDescription?.sdp;
    if (!sdp || !this.deps.send({ type: 'voice_publish', sdp })) {
      this.failPublish('failed');
      return;
    }
    pub.stage = 'answer';
    this.stats.publishes++;
    this.changed();
  }

  private async onPublished(sdp: string): Promise<void> {
    const pub = this.pub;
    if (!pub || pub.stage !== 'answer' || !pub.pc) return;
    try {
      await pub.pc.setRemoteDescription({ type: 'answer', sdp });
    } catch {
      if (this.pub === pub) this.failPublish('failed');
      return;
    }
    if (this.pub !== pub) return;
    pub.stage = 'live';
    // let go of the button while the connection was made: the server thinks the mic is on
    if (!this.wantOn || this.byModerator) this.deps.send({ type: 'voice_mic', on: false });
    this.changed();
  }

  private failPublish(notice: VoiceNotice): void {
    this.closePub();
    this.wantOn = false;
    this.changed();
    this.deps.onNotice(notice);
  }

  /** The microphone track sends only while talking is wanted and allowed. */
  private applyTrack(): void {
    const track = this.pub?.track;
    if (track) track.enabled = this.wantOn && !this.byModerator;
  }

  private closePub(): void {
    const pub = this.pub;
    if (!pub) return;
    this.pub = null;
    pub.pc?.close();
    if (pub.stream) {
      stopStream(pub.stream);
      this.deps.onMicStream(null);
    }
  }

  // --- receiving -------------------------------------------------------------------------------

  private onOffer(offer: Offer): void {
    this.stats.offers++;
    if (this.pendingOffer) this.stats.staleOffers++; // never started: the newer one replaces it
    this.pendingOffer = offer;
    if (!this.answering) void this.answerOffers();
  }

  /** Answers pending offers one at a time, always the newest. */
  private async answerOffers(): Promise<void> {
    this.answering = true;
    const epoch = this.epoch;
    while (this.pendingOffer && epoch === this.epoch) {
      const offer = this.pendingOffer;
      this.pendingOffer = null;
      await this.answer(offer, epoch, true);
    }
    if (epoch === this.epoch) this.answering = false;
  }

  /** True when the offer being answered no longer counts. */
  private overtaken(epoch: number, sub: Subscriber): boolean {
    return epoch !== this.epoch || this.sub !== sub || this.pendingOffer !== null;
  }

  private async answer(offer: Offer, epoch: number, retry: boolean): Promise<void> {
    // the server's name of the subscription; the SDP's session id only from a server without it
    const sid = offer.session !== undefined ? `s${offer.session}` : sdpSessionId(offer.sdp);
    if (this.sub && sid !== null && this.sub.sessionId !== null && sid !== this.sub.sessionId) this.closeSub();
    if (!this.sub) {
      try {
        this.sub = { pc: this.deps.createPeer(), sessionId: sid, bindings: new Map(), screen: null };
      } catch {
        this.stats.failures++;
        return; // no WebRTC here: voices cannot be received (text chat still works)
      }
    }
    const sub = this.sub;
    try {
      await sub.pc.setRemoteDescription({ type: 'offer', sdp: offer.sdp });
      if (this.overtaken(epoch, sub)) return this.drop(sub);
      const answer = await sub.pc.createAnswer();
      if (this.overtaken(epoch, sub)) return this.drop(sub);
      await sub.pc.setLocalDescription(answer);
      await waitForIceGathering(sub.pc, this.iceTimeoutMs);
    } catch {
      if (epoch !== this.epoch || this.sub !== sub) return;
      this.closeSub();
      this.stats.failures++;
      // once more on a fresh connection (e.g. the offer came from a new Janus handle)
      if (retry && !this.pendingOffer) return this.answer(offer, epoch, false);
      this.deps.onNotice('failed');
      return;
    }
    if (epoch !== this.epoch || this.sub !== sub) return;
    if (this.pendingOffer) {
      // answered locally, but a newer offer came meanwhile: only its answer goes out
      this.stats.staleOffers++;
      return;
    }
    sub.sessionId = sid;
    this.deps.send({ type: 'voice_answer', sdp: sub.pc.localDescription?.sdp ?? '' });
    this.stats.answers++;
    this.rebind(sub, offer.feeds, offer.screen);
  }

  /** An overtaken offer: back to the last stable state, unanswered. */
  private async drop(sub: Subscriber): Promise<void> {
    this.stats.staleOffers++;
    if (sub.pc.signalingState !== 'have-remote-offer') return;
    try {
      await sub.pc.setLocalDescription({ type: 'rollback' });
    } catch {
      /* the next offer may still be applied on top */
    }
  }

  private rebind(sub: Subscriber, feeds: readonly VoiceFeed[], screen?: VoiceFeed): void {
    const next = bindFeeds(sub.pc.getTransceivers(), feeds);
    const { gone, added } = diffBindings(sub.bindings, next);
    sub.bindings = next;
    for (const b of gone) this.deps.onVoiceGone(b.id, b.track);
    for (const b of added) this.deps.onVoice(b.id, b.track);
    const shown = screen ? (bindFeeds(sub.pc.getTransceivers(), [screen]).get(screen.mid) ?? null) : null;
    const was = sub.screen;
    sub.screen = shown;
    if (was?.track !== shown?.track || was?.id !== shown?.id) this.deps.onScreen?.(shown?.id ?? null, shown?.track ?? null);
    this.changed();
  }

  private closeSub(): void {
    const sub = this.sub;
    if (!sub) return;
    this.sub = null;
    for (const b of sub.bindings.values()) this.deps.onVoiceGone(b.id, b.track);
    if (sub.screen) this.deps.onScreen?.(null, null);
    sub.pc.close();
  }

  private changed(): void {
    this.deps.onChange();
  }
}

function stopStream(stream: MediaStream): void {
  for (const t of stream.getTracks()) t.stop();
}
