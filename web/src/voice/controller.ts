// Spatial voice in the world screen: the one object the app talks to. It owns the negotiation
// (session.ts), the Web Audio mixer (mixer.ts), push-to-talk (ptt.ts), per-person volumes and
// the UI (mic button, guidance dialog, the person card's voice section), and installs the
// read-only test hook `window.__tsunaguVoice` beside the app's `window.__tsunagu`.
//
// The app calls it from its main tick: `receive`/`onError`/`onConnection`/`onJoined` in the
// receive phase, `update` after interpolation (voices follow the avatars drawn), `indicator`
// while building the draw list. Single-threaded; owned by the world app.

import './voice.css';
import { lang, t } from '../i18n';
import type { ConnectionStatus } from '../net/connection';
import type { JoinedSpace, ScreenClientMessage, ScreenServerMessage, VoiceClientMessage, VoiceServerMessage } from '../net/messages';
import type { Params } from '../ui/toast';
import { isTypingTarget } from '../world/input';
import { CardVoice } from './cardVoice';
import { GuidanceDialog } from './guidance';
import { MicButton } from './micButton';
import { type MixerEnv, VoiceMixer, browserMixerEnv } from './mixer';
import type { PeerLike } from './peer';
import { NoMediaDevicesError, classifyMicError, detectPlatform, secureAddress } from './permissions';
import { PushToTalk } from './ptt';
import { ScreenShare, type ShareNotice, type ShareStage, browserDisplay } from './screenShare';
import { type VoiceNotice, VoiceSession } from './session';
import { type Vec3, type VoiceSpace, fallOff, listenerFrame, voicePosition } from './spatial';
import { Volumes } from './volumes';
import type { KeyValueStore } from '../ui/storage';

/** What the indicator above an avatar shows: nothing, a mic (publishing), speaking. */
export const VOICE_NONE = 0;
export const VOICE_MIC = 1;
export const VOICE_SPEAKING = 2;

/** Roles that may mute others' microphones (docs/security.md: "mute others"). */
const MODERATE_ROLES = new Set(['facilitator', 'moderator', 'admin']);

export function canModerateSpeakers(role: string): boolean {
  return MODERATE_ROLES.has(role);
}

/** What the hall's screen object shows of a screen share, and what its controls need. */
export interface ScreenView {
  /** Who shares in this space now (the server's word); null: nobody. */
  sharer: number | null;
  /** One's own share. */
  mine: ShareStage;
  /** The video to show: one's own capture while sharing, else the received share; null: none. */
  track: MediaStreamTrack | null;
}

/** The screen-share controls the hall uses (hall/share.ts). */
export interface ShareControl {
  view(): ScreenView;
  start(): void;
  stop(): void;
  /** A moderator stops `user`'s share. */
  stopOf(user: number): boolean;
  supported(): boolean;
}

export interface VoiceControllerDeps {
  send(msg: VoiceClientMessage | ScreenClientMessage): boolean;
  toast(key: string, params?: Params, kind?: 'info' | 'error'): void;
  viewer(): { id: number; role: string };
  /** Muted or blocked (safety): their voice is silenced here too. */
  hides(id: number): boolean;
  store: KeyValueStore | null;
  /** Test seams; the browser's own by default. */
  createPeer?: () => PeerLike;
  getMic?: () => Promise<MediaStream>;
  getDisplay?: () => Promise<MediaStream>;
  mixerEnv?: MixerEnv;
  /** The screen share to show (or its controls' state) changed. */
  onScreen?(view: ScreenView): void;
}

/** Level updates of the UI (mic ring, tap hint, card) at most this often (ms). */
const UI_EVERY_MS = 100;

export class VoiceController {
  readonly hud: HTMLElement;
  readonly dialog: HTMLDialogElement;
  private readonly session: VoiceSession;
  private readonly share: ScreenShare;
  private readonly mixer: VoiceMixer;
  private readonly ptt = new PushToTalk();
  private readonly volumes: Volumes;
  private readonly button: MicButton;
  private readonly guide: GuidanceDialog;
  private readonly card: CardVoice;
  private space: VoiceSpace | null = null;
  /** Whom this viewer muted with voice_moderate in this space. */
  private readonly moderated = new Set<number>();
  /** Gains applied, to touch the audio graph only on change. */
  private readonly applied = new Map<number, number>();
  private readonly cleanups: Array<() => void> = [];
  private lastUi = -Infinity;
  private iceServers: RTCIceServer[] = [];
  private micHintShown = false;
  private disposed = false;

  constructor(private readonly deps: VoiceControllerDeps) {
    this.volumes = new Volumes(deps.store);
    this.mixer = new VoiceMixer(deps.mixerEnv ?? browserMixerEnv());
    // TURN servers (with this person's short-lived credential) come in voice_status.
    const createPeer = deps.createPeer ?? (() => new RTCPeerConnection({ iceServers: this.iceServers, bundlePolicy: 'max-bundle' }) as unknown as PeerLike);
    this.share = new ScreenShare({
      send: (m) => deps.send(m),
      createPeer,
      getDisplay: deps.getDisplay ?? browserDisplay,
      onChange: () => this.screenChanged(),
      onNotice: (n) => this.shareNotice(n),
    });
    this.session = new VoiceSession({
      send: (m) => deps.send(m),
      createPeer,
      getMic: deps.getMic ?? browserMic,
      classify: (err) =>
        classifyMicError(err, { secure: window.isSecureContext, hasGetUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function' }),
      onVoice: (id, track) => {
        this.mixer.add(id, track);
        this.applied.delete(id);
        this.applyGains();
      },
      onVoiceGone: (id, track) => this.mixer.remove(id, track),
      onScreen: () => this.screenChanged(),
      onMicStream: (stream) => this.mixer.setMicStream(stream),
      onChange: () => this.render(),
      onNotice: (n) => this.notice(n),
    });
    this.button = new MicButton({
      down: (now) => this.press('button', now),
      up: (now) => this.release('button', now),
      toggle: () => this.toggle(),
    });
    this.guide = new GuidanceDialog(() => this.session.setTransmit(true));
    this.card = new CardVoice({
      volume: (id) => this.volumes.get(id),
      setVolume: (id, v) => {
        this.volumes.set(id, v);
        this.applyGains();
      },
      canModerate: () => canModerateSpeakers(this.deps.viewer().role),
      moderated: (id) => this.moderated.has(id),
      micOn: (id) => this.session.speakers.has(id),
      moderate: (id, name, muted) => this.moderate(id, name, muted),
    });
    this.hud = this.button.el;
    this.dialog = this.guide.el;
    this.listen();
    this.installHook();
    this.render();
  }

  // --- from the app --------------------------------------------------------------------------

  receive(msg: VoiceServerMessage | ScreenServerMessage): void {
    if (msg.type === 'screen' || msg.type === 'screen_published' || msg.type === 'screen_stopped') return this.share.receive(msg);
    if (msg.type === 'voice_status' && msg.ice_servers) this.iceServers = msg.ice_servers;
    if (msg.type === 'voice_status' && !msg.available) this.share.onError('voice_unavailable');
    this.session.receive(msg);
  }

  /** A `voice_*` or `screen_*` error code (docs/voice.md, "Errors"). */
  onError(code: string): void {
    if (code.startsWith('screen_')) return this.share.onError(code);
    if (code === 'voice_unavailable' && this.share.stage === 'starting') this.share.onError(code);
    this.session.onError(code);
  }

  /** The hall's screen-share controls. */
  readonly shareControl: ShareControl = {
    view: () => this.screenView(),
    start: () => void this.share.start(),
    stop: () => this.share.stop(),
    stopOf: (user) => this.share.stopOf(user),
    supported: () => ScreenShare.supported(),
  };

  /** The connection dropped or came back: whatever the server knew of this browser is gone. */
  onConnection(status: ConnectionStatus): void {
    if (status !== 'online') this.stop();
  }

  /** Entered a space (or entered it again after a reconnect): voice starts afresh there. */
  onJoined(space: JoinedSpace): void {
    this.stop();
    this.space = { ...(space.voice ? { voice: space.voice } : {}), ...(space.stage ? { stage: space.stage } : {}) };
  }

  /** The page is being hidden or left: stop at once (the tick may not run again). */
  onPageHide(): void {
    this.stop();
  }

  /**
   * Moves the listener to one's own avatar (facing where the camera looks) and every voice to
   * its avatar's interpolated position; measures levels. Call once per tick, after interpolation.
   */
  update(now: number, self: Vec3 | null, cameraYaw: number, poseOf: (id: number) => Vec3 | null): void {
    const listener = self ? listenerFrame(self, cameraYaw) : null;
    this.mixer.update(
      now,
      listener,
      (id) => {
        const p = poseOf(id);
        return p ? voicePosition(p) : null;
      },
      (p) => fallOff(this.space, p),
      this.session.talking,
    );
    if (now - this.lastUi < UI_EVERY_MS) return;
    this.lastUi = now;
    this.applyGains();
    this.render();
  }

  /** The indicator above avatar `id`. */
  indicator(id: number, isSelf: boolean): number {
    if (isSelf) {
      if (!this.session.talking) return VOICE_NONE;
      return this.mixer.ownSpeaking ? VOICE_SPEAKING : VOICE_MIC;
    }
    if (this.mixer.speaking(id)) return VOICE_SPEAKING;
    return this.session.speakers.has(id) ? VOICE_MIC : VOICE_NONE;
  }

  /** The voice section of the person card (none for oneself). */
  cardSection(target: { id: number; name: string }): HTMLElement | null {
    if (target.id === this.deps.viewer().id) return null;
    return this.card.show(target);
  }

  relabel(): void {
    this.button.relabel();
    this.card.update();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.share.stop();
    this.session.leave();
    this.mixer.dispose();
    for (const c of this.cleanups) c();
    this.guide.close();
    const w = window as unknown as { __tsunaguVoice?: unknown };
    delete w.__tsunaguVoice;
  }

  // --- inside ----------------------------------------------------------------------------------

  private stop(): void {
    this.share.reset();
    this.session.reset();
    this.ptt.clear();
    this.mixer.clear();
    this.applied.clear();
    this.moderated.clear();
  }

  private press(source: 'button' | 'key', now: number): void {
    this.mixer.resume(); // a gesture: the moment to let audio play
    const state = this.session.state;
    if (state === 'denied' && this.session.problem) {
      this.openGuide();
      return;
    }
    const want = this.ptt.down(source, now, this.session.wantOn);
    if (want !== null) this.session.setTransmit(want);
  }

  private release(source: 'button' | 'key', now: number): void {
    const want = this.ptt.up(source, now);
    if (want !== null) this.session.setTransmit(want);
  }

  private toggle(): void {
    this.mixer.resume();
    if (this.session.state === 'denied' && this.session.problem) {
      this.openGuide();
      return;
    }
    this.session.setTransmit(this.ptt.toggle(this.session.wantOn));
  }

  private openGuide(): void {
    const problem = this.session.problem ?? 'unknown';
    this.guide.open(problem, detectPlatform(navigator.userAgent, navigator.maxTouchPoints ?? 0), secureAddress(location));
  }

  private moderate(id: number, name: string, muted: boolean): void {
    if (!this.session.moderate(id, muted)) return;
    if (muted) this.moderated.add(id);
    else this.moderated.delete(id);
    this.deps.toast(muted ? 'voice.card.mutedMic' : 'voice.card.allowedMic', { name });
  }

  private notice(n: VoiceNotice): void {
    switch (n) {
      case 'mic-error':
        this.openGuide();
        break;
      case 'failed':
        this.deps.toast('voice.notice.failed', {}, 'error');
        break;
      default:
        this.deps.toast(`voice.notice.${n}`);
    }
  }

  private screenView(): ScreenView {
    const own = this.share.localTrack;
    const received = this.session.screen;
    return {
      sharer: this.share.sharer,
      mine: this.share.stage,
      // one's own capture while sharing; else the share received (only while the server says one is live)
      track: own ?? (received && this.share.sharer !== null ? received.track : null),
    };
  }

  private screenChanged(): void {
    this.deps.onScreen?.(this.screenView());
  }

  private shareNotice(n: ShareNotice): void {
    const key = n === 'stopped-by-moderator' ? 'stoppedByModerator' : n;
    this.deps.toast(`screen.notice.${key}`, {}, n === 'stopped-by-moderator' ? 'info' : 'error');
  }

  /** volume × (not muted or blocked), for every voice being played. */
  private applyGains(): void {
    for (const id of this.mixer.ids()) {
      const g = this.deps.hides(id) ? 0 : this.volumes.gain(id);
      if (this.applied.get(id) === g) continue;
      this.applied.set(id, g);
      this.mixer.setGain(id, g);
    }
  }

  private render(): void {
    const s = this.session;
    this.button.render({
      state: s.state,
      problem: s.problem,
      available: s.available,
      audio: this.mixer.state,
      level: this.mixer.ownLevel,
      needsTap: this.mixer.ids().length > 0 && this.mixer.state === 'suspended',
    });
    if (s.state === 'on' && !this.micHintShown) {
      this.micHintShown = true;
      this.deps.toast('voice.notice.micOn');
    }
    if (this.card.el.isConnected) this.card.update();
  }

  private listen(): void {
    const on = <K extends keyof WindowEventMap>(type: K, fn: (e: WindowEventMap[K]) => void, opts?: AddEventListenerOptions) => {
      window.addEventListener(type, fn, opts);
      this.cleanups.push(() => window.removeEventListener(type, fn, opts));
    };
    // V talks unless one is typing or a dialog has the keys
    const isPtt = (e: KeyboardEvent) =>
      e.code === 'KeyV' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTypingTarget(e.target) && document.querySelector('dialog[open]') === null;
    on('keydown', (e) => {
      if (!isPtt(e) || e.repeat) return;
      this.press('key', performance.now());
    });
    on('keyup', (e) => {
      if (e.code === 'KeyV') this.release('key', performance.now());
    });
    on('blur', () => {
      const want = this.ptt.releaseAll();
      if (want !== null) this.session.setTransmit(want);
    });
    // Any gesture may unlock audio (autoplay policies); iOS needs it from touchend.
    const unlock = () => {
      if (this.mixer.state !== 'running') this.mixer.resume();
    };
    on('pointerdown', unlock, { capture: true, passive: true });
    on('touchend', unlock, { capture: true, passive: true });
    on('keydown', unlock, { capture: true, passive: true });
    const onVisible = () => {
      if (document.visibilityState === 'visible') unlock();
    };
    document.addEventListener('visibilitychange', onVisible);
    this.cleanups.push(() => document.removeEventListener('visibilitychange', onVisible));
  }

  /**
   * `window.__tsunaguVoice` (read-only), beside the app's `window.__tsunagu`, for the
   * end-to-end tests: the state, what arrived per avatar (getStats) and the measured levels.
   */
  private installHook(): void {
    const s = this.session;
    const w = window as unknown as { __tsunaguVoice?: unknown };
    w.__tsunaguVoice = Object.freeze({
      state: () => ({
        mic: s.state,
        available: s.available,
        retryInS: s.retryInS,
        problem: s.problem,
        publishing: s.publishing,
        byModerator: s.byModerator,
        audio: this.mixer.state,
        speakers: [...s.speakers],
        receiving: [...s.bindings.values()].map((b) => ({ mid: b.mid, id: b.id })),
        playing: this.mixer.ids(),
        stats: { ...s.stats },
        lang: lang(),
      }),
      /** {avatarId: {bytesReceived, packetsReceived, totalAudioEnergy}} from getStats(). */
      received: () => s.received(),
      /** {avatarId: RMS level 0…1} of each received voice (AnalyserNode). */
      levels: () => this.mixer.levels(),
      ownLevel: () => this.mixer.ownLevel,
      /** Ids whose speaking indicator is on (not oneself). */
      speaking: () => this.mixer.ids().filter((id) => this.mixer.speaking(id)),
      label: () => t(`voice.state.${s.state}`),
      /** The screen share: who shares, one's own share, the received share's mid. */
      screen: () => {
        const r = s.screen;
        return { sharer: this.share.sharer, mine: this.share.stage, receiving: r ? { mid: r.mid, id: r.id, readyState: r.track.readyState } : null };
      },
      /** Inbound video statistics of the received share (framesDecoded, frameWidth…), or null. */
      screenReceived: () => s.screenReceived(),
      /** What the browser's own "stop sharing" does: the capture track ends. False: no capture. */
      endCapture: () => {
        const track = this.share.localTrack;
        if (!track) return false;
        track.stop(); // a script's stop() fires no `ended`: send it as the browser would
        track.dispatchEvent(new Event('ended'));
        return true;
      },
    });
  }
}

/** The browser's microphone, with the processing a voice chat wants. */
async function browserMic(): Promise<MediaStream> {
  const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
  if (!md || typeof md.getUserMedia !== 'function') throw new NoMediaDevicesError('navigator.mediaDevices is not available');
  return md.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true }, video: false });
}
