// The world screen: connection, world state, local simulation, the 3D view and the HUD,
// driven by one `mainTick` per animation frame in a fixed order:
//
//   receive → input → simulate → interpolate → render → send
//
// Network sends are rate-limited inside Connection (MOVE ≤ 20 Hz, only on change), so they do
// not depend on the frame rate. Owned by main.ts for as long as the person is in the world.
//
// Besides the world, it holds the person's safety state (mutes and blocks, loaded at start),
// the badge cache, and the HUD's panels: people, spaces, chat, help, "me" (account), the person
// card, the digital headache bank (bank/hud.ts, also opened from the plaza's research corner),
// and for moderators and admins the staff pages. Close codes the connection cannot
// recover from by itself end here: 4008 re-reads the session and reconnects; 4006, 4007 and
// the others leave the world with a reason for main.ts to show.

import i18next from 'i18next';
import type { LoadedVrm } from './avatar/vrm';
import { BankHud } from './bank/hud';
import { ConsultHud } from './consult/hud';
import { isConsultRoom } from './consult/state';
import { visiblePortals } from './lounge/access';
import { isAnonymous } from './lounge/anonymous';
import { LoungeHud, isLounge } from './lounge/hud';
import { HallHud } from './hall/hud';
import { lang, onLanguageChanged, t, translateDom } from './i18n';
import type { Api } from './net/api';
import { Connection, type Inbound, type StopReason, socketUrl } from './net/connection';
import {
  type ChatMessage,
  type Emote,
  type JoinedSpace,
  type JoinedYou,
  type Me,
  type RulesBody,
  type SpaceSummary,
  isEmote,
  isStaff,
  localize,
} from './net/messages';
import { type Pose, quantise } from './net/protocol';
import { AccountPanel } from './ui/account';
import { AdminPanel } from './ui/admin/panel';
import { ChatPanel } from './ui/chat';
import { modal } from './ui/dialog';
import { h } from './ui/dom';
import { EmoteBar } from './ui/emotes';
import { formError, setBusy, setMessage } from './ui/form';
import { HelpDialog } from './ui/help';
import { uiIcon } from './ui/icons';
import { languageToggle } from './ui/langToggle';
import { type Person, PeoplePanel } from './ui/people';
import { PersonCard } from './ui/personCard';
import { type CardTarget, Relations } from './ui/safety';
import { WarningDialog } from './ui/screens';
import { SpacesPanel } from './ui/spaces';
import { StatusBadge } from './ui/status';
import { type KeyValueStore, markTutorialDone, saveProfile, tutorialDone } from './ui/storage';
import { type Params, Toasts } from './ui/toast';
import { Tutorial } from './ui/tutorial';
import { VoiceController } from './voice/controller';
import { AvatarRegistry } from './world/avatars';
import { type BadgeLabel, BadgeCache, FLAG_CLINICIAN, badgeLabels, labelsKey } from './world/badges';
import { InputController, isTouchDevice } from './world/input';
import { type Orbit, dragOrbit, portalAt, resolveColliders, stepPose, zoomOrbit } from './world/movement';
import { type DrawAvatar, EMOTE_SECONDS, WorldView } from './world/view';

const BUBBLE_MS = 8000;
const DEFAULT_SPACE = 'plaza';
/** Longest simulation step (s). */
const SIM_STEP = 1 / 30;
/** Time between frames drawn while a modal dialog covers the world (ms). */
const BACKDROP_FRAME_MS = 250;

/** Why the person left the world (null: they chose to). */
export type ExitReason = Exclude<StopReason, 'session_changed'> | 'signed_out' | 'deleted' | null;

export interface WorldOptions {
  /** Who is signed in (GET /api/session or the sign-in's answer). */
  me: Me;
  store: KeyValueStore;
  thumbs: string[];
  vrm: LoadedVrm | null;
  rules: RulesBody | null;
  api: Api;
  /** Connection factory (the default opens a WebSocket to this page's server). */
  connect?: (url: string) => Connection;
  onExit(reason: ExitReason): void;
}

/** What the read-only debug hook `window.__tsunagu` reports (used by the end-to-end tests). */
export interface DebugAvatar {
  id: number;
  name: string;
  avatar: number;
  x: number;
  y: number;
  z: number;
  yaw: number;
  anim: number;
  self: boolean;
  rendered: boolean;
  flags: number;
}

export class WorldApp {
  readonly el: HTMLElement;
  private readonly conn: Connection;
  private readonly registry = new AvatarRegistry();
  private readonly view: WorldView | null;
  private readonly input: InputController;
  private readonly chat: ChatPanel;
  private readonly people: PeoplePanel;
  private readonly spacesPanel: SpacesPanel;
  private readonly help: HelpDialog;
  private readonly tutorial: Tutorial;
  private readonly status = new StatusBadge();
  private readonly toasts = new Toasts();
  private readonly spaceTitle: HTMLHeadingElement;
  private readonly peopleButton: HTMLButtonElement;
  private readonly peopleCount: HTMLSpanElement;
  private readonly spacesButton: HTMLButtonElement;
  private readonly adminButton: HTMLButtonElement;
  private readonly cleanups: Array<() => void> = [];
  private readonly relations = new Relations();
  private readonly badgeCache: BadgeCache;
  private readonly personCard: PersonCard;
  private readonly voice: VoiceController;
  private readonly account: AccountPanel;
  private readonly bank: BankHud;
  private readonly lounge: LoungeHud;
  private readonly hall: HallHud;
  private readonly consult: ConsultHud;
  private readonly warning = new WarningDialog();
  private readonly rulesDialog: ReturnType<typeof modal>;
  private admin: AdminPanel | null = null;
  /** Badge labels by avatar id, with the state they were made from. */
  private readonly labelCache = new Map<number, { stamp: string; labels: BadgeLabel[]; key: string }>();
  private relationsVersion = -1;
  private badgeVersion = -1;

  private user: Me;
  private selfFlags = 0;
  /** Who one is in the current space, when it differs from the user (an anonymous label in the doctors' lounge). */
  private selfInSpace: { id: number; name: string } | null = null;
  private space: JoinedSpace | null = null;
  private spaces: SpaceSummary[] = [];
  private self: Pose | null = null;
  private orbit: Orbit = { yaw: 0, pitch: 0.36, distance: 6.5 };
  private joined = false;
  private wantSpace = DEFAULT_SPACE;
  private pendingJoin: string | null = null;
  private insidePortal: string | null = null;
  private readonly emotes = new Map<number, { emote: Emote; at: number }>();
  private readonly bubbles = new Map<number, { text: string; at: number }>();
  private peopleVersion = -1;
  private lastTick = 0;
  private lastRender = 0;
  private rafId = 0;
  private fallbackTimer: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  constructor(root: HTMLElement, private readonly opts: WorldOptions) {
    this.user = opts.me;
    this.registry.selfId = this.user.id;
    const touch = isTouchDevice();
    this.badgeCache = new BadgeCache((ids) => opts.api.badges(ids));

    // --- layout
    const stage = h('div', { class: 'stage' });
    const stickZone = touch ? h('div', { class: 'stick-zone', i18nAria: 'hud.joystick', attrs: { role: 'application', 'data-testid': 'joystick' } }) : null;
    this.spaceTitle = h('h1', { class: 'space-title', attrs: { 'data-testid': 'space-title' } });
    this.peopleCount = h('span', { class: 'count-badge', attrs: { 'data-testid': 'people-count' } });
    this.chat = new ChatPanel({
      thumbs: opts.thumbs,
      hides: (from) => this.relations.hides(from),
      onAuthor: (m) => this.openCard(this.targetOf(m.from, m.name, m.avatar, { id: m.id, space: m.space, text: m.text })),
      onSend: (text) => this.conn.send({ type: 'chat', text }),
      onOpenChange: (open) => {
        this.el.classList.toggle('chat-open', open);
        // on a phone the chat is a sheet: it replaces the people and space lists
        if (open && narrow()) {
          this.togglePanel('people', false, false);
          this.togglePanel('spaces', false, false);
        }
      },
    });
    this.people = new PeoplePanel({
      thumbs: opts.thumbs,
      onClose: () => this.togglePanel('people', false),
      onPick: (p: Person) => this.openCard(this.targetOf(p.id, p.name, p.avatar)),
      badges: (flags, id) => this.labels(flags, id).labels,
    });
    this.spacesPanel = new SpacesPanel((id) => this.goTo(id), () => this.togglePanel('spaces', false));
    this.spacesPanel.setRole(this.user.role);
    this.help = new HelpDialog(() => this.tutorial.open());
    this.help.setRules(opts.rules);
    this.tutorial = new Tutorial(touch, () => markTutorialDone(opts.store));
    const emoteBar = new EmoteBar((e) => this.sendEmote(e));
    const toggle = languageToggle();
    this.cleanups.push(toggle.dispose);
    const toast = (key: string, params?: Params, kind: 'info' | 'error' = 'info') => this.toasts.show(key, params ?? {}, { kind });
    // confirmations live inside the world's element, so a language switch translates them too
    const dialogHost = h('div', { class: 'dialog-host' });
    this.voice = new VoiceController({
      send: (m) => this.conn.send(m),
      toast: (key, params, kind = 'info') => this.toasts.show(key, params ?? {}, { kind, group: 'voice' }),
      viewer: () => ({ id: this.selfId, role: this.user.role }),
      hides: (id) => this.relations.hides(id),
      store: opts.store,
      // a screen share on the hall's screen (the hall is built just below)
      onScreen: () => this.hall?.screenChanged(),
    });
    this.personCard = new PersonCard({
      api: opts.api,
      relations: this.relations,
      viewer: () => ({ id: this.selfId, role: this.user.role }),
      space: () => this.space?.id ?? null,
      thumbs: opts.thumbs,
      badges: (flags, id) => this.labels(flags, id).labels,
      toast,
      onRelationsChanged: () => this.chat.redraw(),
      onModerate: (target) => this.openAdmin().openUser({ id: target.id, name: target.name }),
      extra: (target) => this.hall.cardExtra(target, this.voice.cardSection(target)),
    });
    this.account = new AccountPanel({
      api: opts.api,
      me: () => this.user,
      thumbs: opts.thumbs,
      host: dialogHost,
      toast,
      onMeChanged: (me) => this.setMe(me),
      pause: () => this.conn.stop(),
      resume: () => this.conn.restart(),
      onSignedOut: (reason) => this.exit(reason),
    });
    this.rulesDialog = this.buildRulesDialog();
    // the digital headache bank: diary, self-check, surveys, research corner (bank/)
    this.bank = new BankHud({ api: opts.api, store: opts.store, me: () => this.user, host: dialogHost, toast: (key, params) => this.toasts.show(key, params ?? {}) });
    // the doctors' lounge: how to enter, the case board, "chat here is not stored" (lounge/)
    this.lounge = new LoungeHud({ api: opts.api, store: opts.store, me: () => this.user, host: dialogHost, toast: (key, params) => this.toasts.show(key, params ?? {}) });
    // the lecture hall: raised hands, the stage, slides, zone notes (hall/)
    this.hall = new HallHud({
      send: (m) => this.conn.send(m),
      selfId: () => this.selfId,
      role: () => this.user.role,
      nameOf: (id) => {
        const a = this.registry.get(id);
        return a ? this.shown(a.name, a.flags) : null;
      },
      screen: () => this.view?.screen ?? null,
      moveSelf: (x, z, yaw) => {
        if (this.self) this.self = { ...this.self, x, z, yaw, anim: 0 };
      },
      toast,
      csrf: () => opts.api.csrf,
      share: this.voice.shareControl,
    });

    // consultations with specialists: the desk, the request, the queue, the private room (consult/)
    this.consult = new ConsultHud({
      send: (m) => this.conn.send(m),
      me: () => this.user,
      host: dialogHost,
      toast,
      joinRoom: (id) => this.joinConsultRoom(id),
      leaveRoom: () => this.leaveConsultRoom(),
      moveSelf: (x, z, yaw) => {
        if (this.self) this.self = { ...this.self, x, z, yaw, anim: 0 };
      },
      openBank: (tab) => this.bank.panel.open(tab),
      closeBank: () => this.bank.panel.close(),
    });

    this.peopleButton = h(
      'button',
      {
        class: 'btn btn-hud',
        i18nAria: 'hud.people',
        attrs: { type: 'button', 'aria-expanded': 'false', 'data-testid': 'people-button' },
        on: { click: () => this.togglePanel('people') },
      },
      [uiIcon('people'), h('span', { class: 'btn-label', i18n: 'hud.people' }), this.peopleCount],
    );
    this.spacesButton = h(
      'button',
      {
        class: 'btn btn-hud',
        i18nAria: 'hud.spaces',
        attrs: { type: 'button', 'aria-expanded': 'false', 'data-testid': 'spaces-button' },
        on: { click: () => this.togglePanel('spaces') },
      },
      [uiIcon('spaces'), h('span', { class: 'btn-label', i18n: 'hud.spaces' })],
    );
    const helpButton = h(
      'button',
      { class: 'btn btn-hud', i18nAria: 'hud.help', attrs: { type: 'button', 'data-testid': 'help-button' }, on: { click: () => this.help.open() } },
      [uiIcon('help'), h('span', { class: 'btn-label', i18n: 'hud.help' })],
    );
    const meButton = h(
      'button',
      { class: 'btn btn-hud', i18nAria: 'hud.me', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'me-button' }, on: { click: () => this.account.open() } },
      [uiIcon('user'), h('span', { class: 'btn-label', i18n: 'hud.me' })],
    );
    this.adminButton = h(
      'button',
      { class: 'btn btn-hud btn-admin', i18nAria: 'hud.admin', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'admin-button' }, on: { click: () => this.openAdmin().open() } },
      [uiIcon('shield'), h('span', { class: 'btn-label', i18n: 'hud.admin' })],
    );
    this.adminButton.hidden = !isStaff(this.user.role);
    const leaveButton = h(
      'button',
      { class: 'btn btn-hud btn-leave', i18nAria: 'hud.leave', attrs: { type: 'button', 'data-testid': 'leave-button' }, on: { click: () => this.exit(null) } },
      [uiIcon('leave'), h('span', { class: 'btn-label', i18n: 'hud.leave' })],
    );

    this.el = h('div', { class: 'world', attrs: { 'data-testid': 'world' } }, [
      stage,
      h('header', { class: 'hud-top' }, [
        h('div', { class: 'hud-place' }, [
          h('span', { class: 'brand-mark small', attrs: { 'aria-hidden': 'true' } }),
          h('div', {}, [this.spaceTitle, this.status.el]),
        ]),
        h('nav', { class: 'hud-actions', i18nAria: 'hud.menu' }, [this.peopleButton, this.spacesButton, this.consult.button, this.bank.button, meButton, this.adminButton, helpButton, toggle.el, leaveButton]),
      ]),
      this.people.el,
      this.spacesPanel.el,
      this.chat.el,
      h('div', { class: 'hud-bottom' }, [stickZone, h('div', { class: 'hud-bottom-right' }, [this.voice.hud, this.hall.handButton, emoteBar.el, this.chat.toggle])]),
      this.toasts.el,
      this.help.el,
      this.tutorial.el,
      this.personCard.el,
      this.account.el,
      this.bank.prompt,
      this.consult.prompt,
      this.consult.el,
      this.bank.panel.el,
      this.lounge.strip,
      this.lounge.board.el,
      this.lounge.enter.el,
      this.hall.el,
      this.hall.viewer,
      this.warning.el,
      this.rulesDialog.el,
      this.voice.dialog,
      dialogHost,
    ]);
    root.append(this.el);

    // --- 3D (optional: without WebGL, chat and reactions still work)
    let view: WorldView | null = null;
    try {
      view = new WorldView(stage);
      view.canvas.setAttribute('tabindex', '0');
      view.canvas.setAttribute('role', 'application');
      view.canvas.setAttribute('aria-label', t('world.canvasLabel'));
      view.canvas.dataset.i18nAria = 'world.canvasLabel';
      if (opts.vrm) view.setOwnVrm(opts.vrm);
    } catch {
      stage.append(h('p', { class: 'no-webgl', i18n: 'world.noWebgl' }));
    }
    this.view = view;
    this.bank.setView(view);
    this.consult.setView(view);
    this.input = new InputController(view?.canvas ?? stage, stickZone);
    this.chat.setOpen(!narrow());
    if (view) this.listenForPicks(view);

    // --- network: the session cookie authenticates the socket; mutes and blocks load alongside
    const url = socketUrl(location, this.wantSpace);
    this.conn = opts.connect ? opts.connect(url) : new Connection({ url });
    this.conn.start();
    void this.loadRelations();

    this.cleanups.push(onLanguageChanged(() => this.relabel()));
    const onHide = () => {
      this.voice.onPageHide();
      this.conn.stop();
    };
    window.addEventListener('pagehide', onHide);
    this.cleanups.push(() => window.removeEventListener('pagehide', onHide));
    const onKey = (e: KeyboardEvent) => this.onGlobalKey(e);
    window.addEventListener('keydown', onKey);
    this.cleanups.push(() => window.removeEventListener('keydown', onKey));

    this.installDebugHook();
    this.relabel();
    if (!tutorialDone(opts.store)) this.tutorial.open();
    else view?.canvas.focus();

    this.lastTick = performance.now();
    this.rafId = requestAnimationFrame(this.frame);
    // Hidden tabs get no animation frames: keep receiving (and answering) at a low rate.
    this.fallbackTimer = setInterval(() => {
      const now = performance.now();
      if (now - this.lastTick > 400) this.mainTick(now, false);
    }, 250);
  }

  private readonly frame = (now: number) => {
    if (this.disposed) return;
    this.mainTick(now, true);
    this.rafId = requestAnimationFrame(this.frame);
  };

  /** One step of the world, in the order the conventions ask for. */
  mainTick(now: number, draw: boolean): void {
    const dt = Math.min(0.5, Math.max(0, (now - this.lastTick) / 1000));
    this.lastTick = now;

    // 1. receive: apply everything the connection queued since the last tick
    for (const item of this.conn.drain()) {
      this.receive(item, now);
      if (this.disposed) return; // the person left (a ban, a kick, a sign-out): nothing more to do
    }

    // 2. input: keys, joystick and drags → what the person wants this frame
    const input = this.input.read();
    // while a dialog is open, keys belong to it: the avatar stands still
    const blocking = this.el.querySelector('dialog[open]') !== null || (this.admin?.el.open ?? false);

    // 3. simulate: camera orbit, own avatar (bounds, props, portals), timers
    this.orbit = dragOrbit(this.orbit, input.dragX, input.dragY);
    this.orbit = { ...this.orbit, yaw: this.orbit.yaw - input.turn * dt * 2.2 };
    if (input.wheel || input.zoom) this.orbit = zoomOrbit(this.orbit, 1 + (input.wheel * 0.12 + input.zoom * dt * 1.5));
    if (this.self && this.space && this.joined) {
      const intent = blocking ? { forward: 0, right: 0, run: false } : input.intent;
      // fixed sub-steps, so a slow frame walks as far as several fast ones
      let pose = this.self;
      const steps = Math.max(1, Math.ceil(dt / SIM_STEP));
      for (let i = 0; i < steps; i++) {
        pose = stepPose(pose, intent, this.orbit.yaw, dt / steps, this.space.bounds);
        pose = resolveColliders(pose, this.view?.colliders ?? [], this.space.bounds);
      }
      this.self = pose;
      const portal = portalAt(pose, this.space.portals);
      if (portal && portal.to !== this.insidePortal && !this.pendingJoin) this.goTo(portal.to);
      this.insidePortal = portal?.to ?? null;
      this.bank.tick(this.space.scene, pose);
      this.consult.tick(this.space.scene, pose, now);
      // the hall's stage is a raised platform; zone notes
      this.self = this.hall.ground(this.self, dt);
    }
    this.hall.tick(this.joined ? this.self : null, now);
    this.expire(now);
    this.updatePeople();

    // 4. interpolate: remote avatars where they were INTERP_DELAY_MS ago
    this.registry.interpolate(now);
    //    voices follow the avatars as drawn; the listener is one's own avatar, facing the camera's way
    this.voice.update(now, this.joined ? this.self : null, this.orbit.yaw, (id) => this.registry.get(id)?.pose ?? null);

    // 5. render — behind a modal dialog the world is only a backdrop: a few frames a second
    //    spare the battery of phones (and the CPU for the dialog)
    if (draw && this.view && (!blocking || now - this.lastRender >= BACKDROP_FRAME_MS)) {
      const renderDt = Math.min(0.5, Math.max(0, (now - this.lastRender) / 1000));
      this.lastRender = now;
      this.view.render(this.drawList(now), this.self, this.orbit, renderDt, now / 1000, !blocking);
    }

    // 6. send: own transform as MOVE, at most 20 Hz and only when it changed
    if (this.self && this.joined && !this.pendingJoin) this.conn.sendMove(quantise(this.self), now);
  }

  // --- receive -------------------------------------------------------------------------------

  private receive(item: Inbound, now: number): void {
    if (item.kind === 'status') {
      this.status.set(item.status);
      this.chat.setOnline(item.status === 'online');
      this.voice.onConnection(item.status);
      if (item.status !== 'online') this.joined = false;
      if (item.stop === 'session_changed') void this.refreshSession();
      else if (item.stop) this.exit(item.stop);
      return;
    }
    if (item.kind === 'world') {
      const changes = this.registry.applyFrame(item.frame, item.receivedAt);
      if (!changes.snapshot) {
        for (const a of changes.joined) if (!a.isSelf) this.chat.notice('world.joinedNotice', this.shown(a.name, a.flags));
        for (const a of changes.left) if (!a.isSelf) this.chat.notice('world.leftNotice', this.shown(a.name, a.flags));
      }
      for (const a of changes.left) {
        this.emotes.delete(a.id);
        this.bubbles.delete(a.id);
      }
      return;
    }
    const msg = item.msg;
    switch (msg.type) {
      case 'welcome':
        this.setMe({ ...this.user, id: msg.you.id, name: msg.you.name, avatar: msg.you.avatar, role: msg.you.role });
        this.selfFlags = msg.you.flags;
        this.selfInSpace = null; // until the next `joined` says otherwise
        this.registry.selfId = msg.you.id;
        this.setSpaces(msg.spaces);
        // (a consultation room is in no list: one placed there by the desk goes back to it)
        if (!this.spaces.some((s) => s.id === this.wantSpace) && !this.consult.keepsSpace(this.wantSpace) && this.spaces[0]) this.wantSpace = this.spaces[0].id;
        if (!msg.rules_accepted) {
          // the rules changed since this person accepted them: ask again before joining
          this.openRules();
          break;
        }
        this.pendingJoin = this.wantSpace;
        this.sendJoin(this.wantSpace);
        break;
      case 'reconnect':
        // that space lives on another loop of the server: connect there, hello, join
        this.wantSpace = msg.space;
        this.pendingJoin = null;
        this.joined = false;
        this.conn.switchTo(socketUrl(location, msg.space));
        break;
      case 'warning':
        this.warning.show(msg.message);
        break;
      case 'joined':
        this.onJoined(msg.space, msg.history, msg.you);
        break;
      case 'chat':
        if (this.space && msg.space && msg.space !== this.space.id) break;
        this.chat.add(msg);
        if (!this.relations.hides(msg.from)) this.bubbles.set(msg.from, { text: msg.text, at: now });
        break;
      case 'emote':
        if (isEmote(msg.emote) && !this.relations.hides(msg.from)) this.emotes.set(msg.from, { emote: msg.emote, at: now });
        break;
      case 'spaces':
        this.setSpaces(msg.spaces);
        break;
      case 'error':
        this.onServerError(msg.code);
        break;
      case 'pong':
        break;
      case 'voice_status':
      case 'voice_published':
      case 'voice_offer':
      case 'voice_mic':
      case 'voice_speakers':
      case 'screen':
      case 'screen_published':
      case 'screen_stopped':
        this.voice.receive(msg);
        break;
      case 'hands':
      case 'stage':
      case 'stage_invited':
      case 'slides':
        this.hall.receive(msg);
        break;
      case 'consult_desk':
      case 'consult_status':
      case 'consult_queue':
      case 'observe_list':
        this.consult.receive(msg, now);
        break;
    }
  }

  private onJoined(joined: JoinedSpace, history: ChatMessage[], you: JoinedYou | null): void {
    // portals to spaces this person may not enter (the doctors' lounge) are not shown; the
    // server would refuse them anyway
    const space = { ...joined, portals: visiblePortals(joined.portals, this.spaces, this.user.role) };
    const sameSpace = this.space?.id === space.id && this.self !== null;
    // (a rejoin after a role change may show more or fewer portals)
    const portalsChanged = sameSpace && portalKey(this.space?.portals ?? []) !== portalKey(space.portals);
    this.space = space;
    // an anonymous label has its own avatar id and name in this space
    this.selfInSpace = you && (you.id !== this.user.id || you.anonymous) ? { id: you.id, name: you.name } : null;
    this.registry.selfId = this.selfId;
    this.lounge.onJoined(space, you);
    this.wantSpace = space.id;
    this.pendingJoin = null;
    this.joined = true;
    // a join (or a rejoin after a reconnect) starts voice afresh: the server did too
    this.voice.onJoined(space);
    if (!sameSpace) {
      // a new space starts at its spawn point, looking the way the spawn faces
      this.self = { x: space.spawn.x, y: space.spawn.y, z: space.spawn.z, yaw: space.spawn.yaw, anim: 0 };
      // a closer camera in small rooms, so it stays inside their walls
      const extent = Math.min(space.bounds.max_x - space.bounds.min_x, space.bounds.max_z - space.bounds.min_z);
      this.orbit = { ...this.orbit, yaw: space.spawn.yaw, distance: extent < 40 ? 5.5 : 6.5 };
      // in a hall with a stage, look a little up: the slide screen hangs behind the stage
      if (space.stage) this.orbit = { ...this.orbit, pitch: Math.min(this.orbit.pitch, 0.2) };
      this.view?.setSpace(space, (to) => this.spacesPanel.name(to));
      this.emotes.clear();
      this.bubbles.clear();
      this.toasts.show('world.entered', { name: () => localize(space.name, lang()) }, { group: 'space' });
    } else if (portalsChanged) {
      this.view?.setSpace(space, (to) => this.spacesPanel.name(to));
    }
    // after the scene: the hall's screen is part of it
    this.hall.onJoined(space);
    // in a consultation room, patient and clinician stand at their chairs (consult/)
    this.consult.onJoined(space, !sameSpace);
    this.insidePortal = this.self ? (portalAt(this.self, space.portals)?.to ?? null) : null;
    // a later reconnect goes straight to the loop of this space
    this.conn.setUrl(socketUrl(location, space.id));
    this.conn.resetMove();
    this.chat.setHistory(history);
    if (space.chat_stored === false) this.chat.notice('lounge.chatNotice', '');
    this.spacesPanel.setCurrent(space.id);
    this.renderTitle();
    this.conn.send({ type: 'spaces' });
  }

  private onServerError(code: string): void {
    if (code.startsWith('voice_') || code.startsWith('screen_')) return this.voice.onError(code);
    if (this.hall.onError(code)) return;
    if (this.consult.onError(code)) return;
    const refusedJoin = this.pendingJoin;
    if (code === 'space_full' || code === 'unknown_space' || code === 'permission_denied') this.pendingJoin = null;
    if (code === 'permission_denied' && refusedJoin !== null) {
      // e.g. the doctors' lounge after one's role changed: say why, and stand somewhere
      const closed = this.spaces.find((s) => s.id === refusedJoin)?.access === 'clinicians';
      this.toasts.show(closed ? 'lounge.refused' : 'errors.permission_denied', {}, { kind: 'error' });
      if (!this.joined && refusedJoin !== DEFAULT_SPACE) {
        this.pendingJoin = DEFAULT_SPACE;
        this.sendJoin(DEFAULT_SPACE);
      }
      return;
    }
    if (code === 'rules_not_accepted') {
      this.pendingJoin = null;
      this.openRules();
      return;
    }
    const key = `errors.${code}`;
    const known = i18next.exists(key);
    this.toasts.show(known ? key : 'errors.unknown', { code }, { kind: 'error' });
  }

  private setSpaces(spaces: SpaceSummary[]): void {
    this.spaces = spaces;
    this.spacesPanel.set(spaces, this.space?.id ?? null);
    this.view?.relabel((to) => this.spacesPanel.name(to));
  }

  // --- actions -------------------------------------------------------------------------------

  private goTo(id: string): void {
    if (this.space?.id === id || this.pendingJoin) return;
    if (isLounge(this.spaces.find((s) => s.id === id))) {
      // the doctors' lounge: first choose how to appear there
      this.input.releaseAll();
      this.togglePanel('spaces', false);
      void this.lounge.ask().then((anonymous) => {
        if (anonymous !== null && !this.disposed) this.moveTo(id);
      });
      return;
    }
    this.moveTo(id);
  }

  /** The one way a join goes out: with the lounge choice, which other spaces ignore. */
  private sendJoin(id: string): boolean {
    return this.conn.send({ type: 'join', space: id, anonymous: this.lounge.anonymous });
  }

  /** The id of one's own avatar in the current space (an alias while anonymous in the lounge). */
  private get selfId(): number {
    return this.selfInSpace?.id ?? this.user.id;
  }

  /** A name as it should read: an anonymous label in the current language. */
  private shown(name: string, flags: number): string {
    return isAnonymous(flags) ? this.lounge.name(name, true) : name;
  }

  private moveTo(id: string): void {
    if (this.space?.id === id || this.pendingJoin) return;
    if (!this.sendJoin(id)) return;
    this.pendingJoin = id;
    this.wantSpace = id;
    this.togglePanel('spaces', false);
    this.toasts.show('world.moving', { name: () => this.spacesPanel.name(id) }, { ms: 8000, group: 'space' });
  }

  /**
   * The desk placed this person in a private consultation room: join it (even over a join under
   * way). A `reconnect` to the room's loop comes back through `welcome`, which keeps the room.
   */
  private joinConsultRoom(id: string): void {
    if ((this.space?.id === id && this.joined) || this.pendingJoin === id) return;
    this.input.releaseAll();
    this.wantSpace = id;
    if (this.sendJoin(id)) this.pendingJoin = id;
  }

  /** The consultation closed: back to the plaza, if still in (or on the way to) a room. */
  private leaveConsultRoom(): void {
    const inRoom = isConsultRoom(this.space) || isConsultRoom({ id: this.wantSpace });
    if (!inRoom) return;
    this.wantSpace = DEFAULT_SPACE;
    if (this.space?.id === DEFAULT_SPACE && this.joined) return;
    if (this.sendJoin(DEFAULT_SPACE)) this.pendingJoin = DEFAULT_SPACE;
  }

  private sendEmote(e: Emote): void {
    if (!this.conn.send({ type: 'emote', emote: e })) return;
    // show it at once; the server's echo (if any) just restarts it
    this.emotes.set(this.selfId, { emote: e, at: performance.now() });
  }

  private togglePanel(which: 'people' | 'spaces', open?: boolean, refocus = true): void {
    const panel = which === 'people' ? this.people : this.spacesPanel;
    const button = which === 'people' ? this.peopleButton : this.spacesButton;
    const other = which === 'people' ? this.spacesPanel : this.people;
    const otherButton = which === 'people' ? this.spacesButton : this.peopleButton;
    const next = open ?? panel.el.hidden;
    panel.el.hidden = !next;
    button.setAttribute('aria-expanded', String(next));
    if (next) {
      other.el.hidden = true;
      otherButton.setAttribute('aria-expanded', 'false');
      if (narrow() && this.chat.open) this.chat.setOpen(false);
      if (which === 'spaces') this.conn.send({ type: 'spaces' });
      panel.focus();
    } else if (open === false && refocus && panel.el.contains(document.activeElement)) {
      button.focus();
    }
  }

  private onGlobalKey(e: KeyboardEvent): void {
    if (e.key === 'Escape') {
      if (!this.people.el.hidden) this.togglePanel('people', false);
      if (!this.spacesPanel.el.hidden) this.togglePanel('spaces', false);
      return;
    }
    // Enter on the 3D view jumps to the chat input
    if (e.key === 'Enter' && e.target === this.view?.canvas) {
      e.preventDefault();
      this.chat.setOpen(true);
      this.chat.focusInput();
    }
  }

  // --- people, safety and session ----------------------------------------------------------------

  /** A click or tap (not a drag) on the 3D view opens the card of the avatar under it. */
  private listenForPicks(view: WorldView): void {
    let down: { x: number; y: number; at: number; id: number } | null = null;
    const onDown = (e: PointerEvent) => {
      down = { x: e.clientX, y: e.clientY, at: performance.now(), id: e.pointerId };
    };
    const onUp = (e: PointerEvent) => {
      const d = down;
      down = null;
      if (!d || d.id !== e.pointerId) return;
      if (Math.hypot(e.clientX - d.x, e.clientY - d.y) > 8 || performance.now() - d.at > 600) return;
      const id = view.pick(e.clientX, e.clientY, this.selfId);
      const a = id === null ? undefined : this.registry.get(id);
      if (a) this.openCard(this.targetOf(a.id, a.name, a.avatar));
      else if (this.bank.pick(this.space?.scene ?? null, e.clientX, e.clientY)) this.input.releaseAll();
      else if (this.consult.pick(this.space?.scene ?? null, e.clientX, e.clientY)) this.input.releaseAll();
    };
    view.canvas.addEventListener('pointerdown', onDown);
    view.canvas.addEventListener('pointerup', onUp);
    this.cleanups.push(() => {
      view.canvas.removeEventListener('pointerdown', onDown);
      view.canvas.removeEventListener('pointerup', onUp);
    });
  }

  private targetOf(id: number, name: string, avatar: number, message?: CardTarget['message']): CardTarget {
    const a = this.registry.get(id);
    const flags = a?.flags ?? 0;
    const target: CardTarget = { id, name: this.shown(a?.name ?? name, flags), avatar: a?.avatar ?? avatar, flags };
    if (message) target.message = message;
    return target;
  }

  private openCard(target: CardTarget): void {
    if ((target.flags & FLAG_CLINICIAN) !== 0) void this.badgeCache.want([target.id]);
    this.input.releaseAll();
    this.personCard.open(target);
  }

  /** Mutes and blocks are kept on the server; load them so they apply from the first line. */
  private async loadRelations(): Promise<void> {
    const [mutes, blocks] = await Promise.all([this.opts.api.relations('mutes'), this.opts.api.relations('blocks')]);
    if (this.disposed) return;
    if (mutes.ok) this.relations.load('mutes', mutes.value);
    if (blocks.ok) this.relations.load('blocks', blocks.value);
    if (this.relations.version !== this.relationsVersion) {
      this.relationsVersion = this.relations.version;
      this.chat.redraw();
    }
  }

  /** The session changed (4008: name, role, verification…): read it again and reconnect. */
  private async refreshSession(): Promise<void> {
    const res = await this.opts.api.session();
    if (this.disposed) return;
    if (!res.ok) {
      if (res.failure.kind === 'rejected' && res.failure.status === 401) this.exit('session_invalid');
      else setTimeout(() => !this.disposed && this.conn.restart(), 2000);
      return;
    }
    this.setMe(res.value.user);
    this.badgeCache.forget(res.value.user.id);
    this.conn.restart();
  }

  private setMe(me: Me): void {
    const roleChanged = me.role !== this.user.role;
    this.user = me;
    this.registry.selfId = this.selfId;
    this.spacesPanel.setRole(me.role);
    saveProfile(this.opts.store, me);
    this.adminButton.hidden = !isStaff(me.role);
    if (roleChanged && !isStaff(me.role)) this.admin?.close();
  }

  private openAdmin(): AdminPanel {
    if (!this.admin) {
      this.admin = new AdminPanel({
        api: this.opts.api,
        me: () => this.user,
        host: this.el,
        toast: (key, params, kind = 'info') => this.toasts.show(key, params ?? {}, { kind }),
      });
      this.el.append(this.admin.el);
    }
    this.input.releaseAll();
    return this.admin;
  }

  /** The rules changed since this person accepted them: show them and ask again. */
  private buildRulesDialog(): ReturnType<typeof modal> {
    const m = modal({ title: 'rulesAgain.title', testid: 'rules-dialog' });
    const list = h('ol', { class: 'rules-list' });
    const error = formError('rules-dialog-error');
    const accept = h('button', {
      class: 'btn btn-primary',
      i18n: 'rulesAgain.accept',
      attrs: { type: 'button', 'data-testid': 'rules-dialog-accept' },
      on: {
        click: async () => {
          const version = this.opts.rules?.version ?? 0;
          setBusy(accept, true);
          const res = await this.opts.api.acceptRules(version);
          setBusy(accept, false);
          if (!res.ok) return setMessage(error, res.failure);
          this.user = { ...this.user, rules_version: version };
          m.close();
          this.conn.restart(); // the server reads the accepted version at hello
        },
      },
    });
    m.body.append(h('p', { i18n: 'rulesAgain.intro' }), list, error);
    m.footer.append(accept);
    return m;
  }

  private openRules(): void {
    const list = this.rulesDialog.body.querySelector('ol') as HTMLOListElement;
    const rules = this.opts.rules;
    const items = rules ? (rules.rules[lang()] ?? rules.rules.ja ?? []) : [];
    list.replaceChildren(...items.map((r) => h('li', { text: r })));
    this.rulesDialog.open();
  }

  // --- per-frame helpers -----------------------------------------------------------------------

  private expire(now: number): void {
    for (const [id, e] of this.emotes) if (now - e.at > EMOTE_SECONDS * 1000) this.emotes.delete(id);
    for (const [id, b] of this.bubbles) if (now - b.at > BUBBLE_MS) this.bubbles.delete(id);
  }

  private updatePeople(): void {
    const badgesChanged = this.badgeCache.version !== this.badgeVersion;
    if (this.registry.version === this.peopleVersion && !badgesChanged) return;
    this.badgeVersion = this.badgeCache.version;
    if (this.registry.version !== this.peopleVersion) {
      // clinicians' badge texts come from GET /api/badges (cached)
      const clinicians = [...this.registry.list()].filter((a) => (a.flags & FLAG_CLINICIAN) !== 0).map((a) => a.id);
      if (clinicians.length > 0) void this.badgeCache.want(clinicians);
    }
    this.peopleVersion = this.registry.version;
    const list = [...this.registry.list()].map((a) => ({ id: a.id, name: this.shown(a.name, a.flags), avatar: a.avatar, flags: a.flags, isSelf: a.isSelf }));
    this.people.set(list);
    if (this.personCard.isOpen) this.personCard.render();
    this.peopleCount.textContent = String(list.length);
    this.renderTitle();
  }

  /** Badge labels for `id` with `flags`, remade only when flags, badges or language change. */
  private labels(flags: number, id: number): { labels: BadgeLabel[]; key: string } {
    if (flags === 0) return { labels: [], key: '' };
    const stamp = `${flags}|${this.badgeCache.version}|${lang()}`;
    const hit = this.labelCache.get(id);
    if (hit && hit.stamp === stamp) return hit;
    const labels = badgeLabels(flags, this.badgeCache.get(id), t);
    const made = { stamp, labels, key: labelsKey(labels) };
    this.labelCache.set(id, made);
    return made;
  }

  private drawList(now: number): DrawAvatar[] {
    const out: DrawAvatar[] = [];
    let selfDrawn = false;
    for (const a of this.registry.list()) {
      const pose = a.isSelf && this.self ? this.self : a.pose;
      if (a.isSelf) selfDrawn = true;
      out.push(this.draw(a.id, this.shown(a.name, a.flags), a.avatar, a.flags, pose, a.isSelf, now));
    }
    if (!selfDrawn && this.self && this.joined) {
      const name = this.selfInSpace ? this.lounge.name(this.selfInSpace.name, true) : this.user.name;
      out.push(this.draw(this.selfId, name, this.user.avatar, this.selfInSpace ? 0 : this.selfFlags, this.self, true, now));
    }
    return out;
  }

  private draw(id: number, name: string, avatar: number, flags: number, pose: Pose, isSelf: boolean, now: number): DrawAvatar {
    const e = this.emotes.get(id);
    const b = this.bubbles.get(id);
    const badges = this.labels(flags, id);
    return {
      badges: badges.labels,
      badgeKey: badges.key,
      id,
      name,
      avatar,
      pose,
      isSelf,
      emote: e?.emote ?? null,
      emoteAge: e ? (now - e.at) / 1000 : 0,
      bubble: b ? truncate(b.text, 80) : null,
      voice: this.voice.indicator(id, isSelf),
      hand: this.hall.handRaised(id),
    };
  }

  private renderTitle(): void {
    const name = this.space ? localize(this.space.name, lang()) : t('app.loading');
    this.spaceTitle.textContent = name;
    document.title = `${name} — ${t('app.title')}`;
  }

  private relabel(): void {
    translateDom(this.el);
    this.status.render();
    this.toasts.relabel();
    this.chat.relabel();
    this.people.render();
    this.spacesPanel.render();
    this.help.relabel();
    this.tutorial.render();
    this.personCard.render();
    this.account.render();
    this.bank.relabel();
    this.lounge.relabel();
    this.hall.relabel();
    this.consult.relabel();
    this.peopleVersion = -1; // anonymous labels read differently in the other language
    this.voice.relabel();
    this.renderTitle();
    this.view?.relabel((to) => this.spacesPanel.name(to));
  }

  private installDebugHook(): void {
    const w = window as unknown as { __tsunagu?: unknown };
    w.__tsunagu = Object.freeze({
      avatars: (): DebugAvatar[] =>
        [...this.registry.list()].map((a) => {
          const p = a.isSelf && this.self ? this.self : a.pose;
          return { id: a.id, name: a.name, avatar: a.avatar, x: p.x, y: p.y, z: p.z, yaw: p.yaw, anim: p.anim, self: a.isSelf, rendered: this.view !== null, flags: a.flags };
        }),
      self: () =>
        this.self ? { ...this.self, id: this.user.id, name: this.user.name, role: this.user.role, flags: this.selfFlags, vrm: this.opts.vrm !== null && this.view !== null } : null,
      /** Where on the page an avatar is drawn (its name tag), for tests that click it. */
      tagOf: (id: number) => {
        const el = this.el.querySelector<HTMLElement>(`.avatar-tag[data-id="${id}"] .tag-name`);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      },
      muted: () => [...this.relations.muted],
      blocked: () => [...this.relations.blocked],
      space: () => this.space?.id ?? null,
      status: () => this.conn.status,
      render: () => this.view?.stats() ?? null,
      net: () => ({ ...this.conn.stats }),
    });
  }

  private exit(reason: ExitReason): void {
    if (this.disposed) return;
    this.dispose();
    this.opts.onExit(reason);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    cancelAnimationFrame(this.rafId);
    if (this.fallbackTimer) clearInterval(this.fallbackTimer);
    this.voice.dispose(); // says voice_leave while the socket is still open
    this.conn.stop();
    this.input.dispose();
    this.bank.dispose();
    this.lounge.dispose();
    this.hall.dispose();
    this.consult.dispose();
    this.view?.dispose();
    for (const c of this.cleanups) c();
    for (const d of this.el.querySelectorAll('dialog')) if (d.open) d.close();
    this.admin?.close();
    this.admin?.el.remove();
    this.el.remove();
    delete (window as unknown as { __tsunagu?: unknown }).__tsunagu;
  }
}

/** Phone-sized screens, where panels are sheets that cover the bottom of the view. */
function narrow(): boolean {
  return matchMedia('(max-width: 640px)').matches;
}

/** What identifies a set of portals (to notice when it changed). */
function portalKey(portals: readonly { to: string }[]): string {
  return portals.map((p) => p.to).join('|');
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
