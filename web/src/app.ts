// The world screen: connection, world state, local simulation, the 3D view and the HUD,
// driven by one `mainTick` per animation frame in a fixed order:
//
//   receive → input → simulate → interpolate → render → send
//
// Network sends are rate-limited inside Connection (MOVE ≤ 20 Hz, only on change), so they do
// not depend on the frame rate. Owned by main.ts for as long as the person is in the world.

import i18next from 'i18next';
import type { LoadedVrm } from './avatar/vrm';
import { lang, onLanguageChanged, t, translateDom } from './i18n';
import { Api } from './net/api';
import { Connection, type FatalReason, type Inbound, socketUrl } from './net/connection';
import {
  type ChatMessage,
  type Emote,
  type JoinedSpace,
  type RulesBody,
  type SpaceSummary,
  isEmote,
  localize,
} from './net/messages';
import { type Pose, quantise } from './net/protocol';
import { ChatPanel } from './ui/chat';
import { h } from './ui/dom';
import { EmoteBar } from './ui/emotes';
import { HelpDialog } from './ui/help';
import { uiIcon } from './ui/icons';
import { languageToggle } from './ui/langToggle';
import { PeoplePanel } from './ui/people';
import { SpacesPanel } from './ui/spaces';
import { StatusBadge } from './ui/status';
import { type KeyValueStore, type StoredSession, markTutorialDone, tutorialDone } from './ui/storage';
import { Toasts } from './ui/toast';
import { Tutorial } from './ui/tutorial';
import { AvatarRegistry } from './world/avatars';
import { InputController, isTouchDevice } from './world/input';
import { type Orbit, dragOrbit, portalAt, resolveColliders, stepPose, zoomOrbit } from './world/movement';
import { type DrawAvatar, EMOTE_SECONDS, WorldView } from './world/view';

const BUBBLE_MS = 8000;
const DEFAULT_SPACE = 'plaza';
/** Longest simulation step (s). */
const SIM_STEP = 1 / 30;

export type ExitReason = FatalReason | null;

export interface WorldOptions {
  session: StoredSession;
  store: KeyValueStore;
  thumbs: string[];
  vrm: LoadedVrm | null;
  rules: RulesBody | null;
  api?: Api;
  /** Connection factory (the default opens a WebSocket to this page's server). */
  connect?: (token: string) => Connection;
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
  private readonly cleanups: Array<() => void> = [];

  private user: StoredSession['user'];
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
  private rafId = 0;
  private fallbackTimer: ReturnType<typeof setInterval> | null = null;
  private disposed = false;

  constructor(root: HTMLElement, private readonly opts: WorldOptions) {
    this.user = opts.session.user;
    this.registry.selfId = this.user.id;
    const touch = isTouchDevice();

    // --- layout
    const stage = h('div', { class: 'stage' });
    const stickZone = touch ? h('div', { class: 'stick-zone', i18nAria: 'hud.joystick', attrs: { role: 'application', 'data-testid': 'joystick' } }) : null;
    this.spaceTitle = h('h1', { class: 'space-title', attrs: { 'data-testid': 'space-title' } });
    this.peopleCount = h('span', { class: 'count-badge', attrs: { 'data-testid': 'people-count' } });
    this.chat = new ChatPanel({
      thumbs: opts.thumbs,
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
    this.people = new PeoplePanel(opts.thumbs, () => this.togglePanel('people', false));
    this.spacesPanel = new SpacesPanel((id) => this.goTo(id), () => this.togglePanel('spaces', false));
    this.help = new HelpDialog(() => this.tutorial.open());
    this.help.setRules(opts.rules);
    this.tutorial = new Tutorial(touch, () => markTutorialDone(opts.store));
    const emoteBar = new EmoteBar((e) => this.sendEmote(e));
    const toggle = languageToggle();
    this.cleanups.push(toggle.dispose);

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
        h('nav', { class: 'hud-actions', i18nAria: 'hud.menu' }, [this.peopleButton, this.spacesButton, helpButton, toggle.el, leaveButton]),
      ]),
      this.people.el,
      this.spacesPanel.el,
      this.chat.el,
      h('div', { class: 'hud-bottom' }, [stickZone, h('div', { class: 'hud-bottom-right' }, [emoteBar.el, this.chat.toggle])]),
      this.toasts.el,
      this.help.el,
      this.tutorial.el,
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
    this.input = new InputController(view?.canvas ?? stage, stickZone);
    this.chat.setOpen(!narrow());

    // --- network
    this.conn = opts.connect ? opts.connect(opts.session.token) : new Connection({ url: socketUrl(location), token: opts.session.token });
    this.conn.start();

    this.cleanups.push(onLanguageChanged(() => this.relabel()));
    const onHide = () => this.conn.stop();
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
    for (const item of this.conn.drain()) this.receive(item, now);

    // 2. input: keys, joystick and drags → what the person wants this frame
    const input = this.input.read();
    const modal = this.tutorial.el.open || this.help.el.open;

    // 3. simulate: camera orbit, own avatar (bounds, props, portals), timers
    this.orbit = dragOrbit(this.orbit, input.dragX, input.dragY);
    this.orbit = { ...this.orbit, yaw: this.orbit.yaw - input.turn * dt * 2.2 };
    if (input.wheel || input.zoom) this.orbit = zoomOrbit(this.orbit, 1 + (input.wheel * 0.12 + input.zoom * dt * 1.5));
    if (this.self && this.space && this.joined) {
      const intent = modal ? { forward: 0, right: 0, run: false } : input.intent;
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
    }
    this.expire(now);
    this.updatePeople();

    // 4. interpolate: remote avatars where they were INTERP_DELAY_MS ago
    this.registry.interpolate(now);

    // 5. render
    if (draw && this.view) this.view.render(this.drawList(now), this.self, this.orbit, dt, now / 1000);

    // 6. send: own transform as MOVE, at most 20 Hz and only when it changed
    if (this.self && this.joined && !this.pendingJoin) this.conn.sendMove(quantise(this.self), now);
  }

  // --- receive -------------------------------------------------------------------------------

  private receive(item: Inbound, now: number): void {
    if (item.kind === 'status') {
      this.status.set(item.status);
      this.chat.setOnline(item.status === 'online');
      if (item.status !== 'online') this.joined = false;
      if (item.fatal) this.exit(item.fatal);
      return;
    }
    if (item.kind === 'world') {
      const changes = this.registry.applyFrame(item.frame, item.receivedAt);
      if (!changes.snapshot) {
        for (const a of changes.joined) if (!a.isSelf) this.chat.notice('world.joinedNotice', a.name);
        for (const a of changes.left) if (!a.isSelf) this.chat.notice('world.leftNotice', a.name);
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
        this.user = msg.you;
        this.registry.selfId = msg.you.id;
        this.setSpaces(msg.spaces);
        if (!this.spaces.some((s) => s.id === this.wantSpace) && this.spaces[0]) this.wantSpace = this.spaces[0].id;
        this.pendingJoin = this.wantSpace;
        this.conn.send({ type: 'join', space: this.wantSpace });
        break;
      case 'joined':
        this.onJoined(msg.space, msg.history);
        break;
      case 'chat':
        if (this.space && msg.space && msg.space !== this.space.id) break;
        this.chat.add(msg);
        this.bubbles.set(msg.from, { text: msg.text, at: now });
        break;
      case 'emote':
        if (isEmote(msg.emote)) this.emotes.set(msg.from, { emote: msg.emote, at: now });
        break;
      case 'spaces':
        this.setSpaces(msg.spaces);
        break;
      case 'error':
        this.onServerError(msg.code);
        break;
      case 'pong':
        break;
    }
  }

  private onJoined(space: JoinedSpace, history: ChatMessage[]): void {
    const sameSpace = this.space?.id === space.id && this.self !== null;
    this.space = space;
    this.wantSpace = space.id;
    this.pendingJoin = null;
    this.joined = true;
    if (!sameSpace) {
      // a new space starts at its spawn point, looking the way the spawn faces
      this.self = { x: space.spawn.x, y: space.spawn.y, z: space.spawn.z, yaw: space.spawn.yaw, anim: 0 };
      // a closer camera in small rooms, so it stays inside their walls
      const extent = Math.min(space.bounds.max_x - space.bounds.min_x, space.bounds.max_z - space.bounds.min_z);
      this.orbit = { ...this.orbit, yaw: space.spawn.yaw, distance: extent < 40 ? 5.5 : 6.5 };
      this.view?.setSpace(space, (to) => this.spacesPanel.name(to));
      this.emotes.clear();
      this.bubbles.clear();
      this.toasts.show('world.entered', { name: () => localize(space.name, lang()) }, { group: 'space' });
    }
    this.insidePortal = this.self ? (portalAt(this.self, space.portals)?.to ?? null) : null;
    this.conn.resetMove();
    this.chat.setHistory(history);
    this.spacesPanel.setCurrent(space.id);
    this.renderTitle();
    this.conn.send({ type: 'spaces' });
  }

  private onServerError(code: string): void {
    if (code === 'space_full' || code === 'unknown_space') this.pendingJoin = null;
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
    if (!this.conn.send({ type: 'join', space: id })) return;
    this.pendingJoin = id;
    this.wantSpace = id;
    this.togglePanel('spaces', false);
    this.toasts.show('world.moving', { name: () => this.spacesPanel.name(id) }, { ms: 8000, group: 'space' });
  }

  private sendEmote(e: Emote): void {
    if (!this.conn.send({ type: 'emote', emote: e })) return;
    // show it at once; the server's echo (if any) just restarts it
    this.emotes.set(this.user.id, { emote: e, at: performance.now() });
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

  // --- per-frame helpers -----------------------------------------------------------------------

  private expire(now: number): void {
    for (const [id, e] of this.emotes) if (now - e.at > EMOTE_SECONDS * 1000) this.emotes.delete(id);
    for (const [id, b] of this.bubbles) if (now - b.at > BUBBLE_MS) this.bubbles.delete(id);
  }

  private updatePeople(): void {
    if (this.registry.version === this.peopleVersion) return;
    this.peopleVersion = this.registry.version;
    const list = [...this.registry.list()].map((a) => ({ id: a.id, name: a.name, avatar: a.avatar, isSelf: a.isSelf }));
    this.people.set(list);
    this.peopleCount.textContent = String(list.length);
    this.renderTitle();
  }

  private drawList(now: number): DrawAvatar[] {
    const out: DrawAvatar[] = [];
    let selfDrawn = false;
    for (const a of this.registry.list()) {
      const pose = a.isSelf && this.self ? this.self : a.pose;
      if (a.isSelf) selfDrawn = true;
      out.push(this.draw(a.id, a.name, a.avatar, pose, a.isSelf, now));
    }
    if (!selfDrawn && this.self && this.joined) out.push(this.draw(this.user.id, this.user.name, this.user.avatar, this.self, true, now));
    return out;
  }

  private draw(id: number, name: string, avatar: number, pose: Pose, isSelf: boolean, now: number): DrawAvatar {
    const e = this.emotes.get(id);
    const b = this.bubbles.get(id);
    return {
      id,
      name,
      avatar,
      pose,
      isSelf,
      emote: e?.emote ?? null,
      emoteAge: e ? (now - e.at) / 1000 : 0,
      bubble: b ? truncate(b.text, 80) : null,
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
    this.renderTitle();
    this.view?.relabel((to) => this.spacesPanel.name(to));
  }

  private installDebugHook(): void {
    const w = window as unknown as { __tsunagu?: unknown };
    w.__tsunagu = Object.freeze({
      avatars: (): DebugAvatar[] =>
        [...this.registry.list()].map((a) => {
          const p = a.isSelf && this.self ? this.self : a.pose;
          return { id: a.id, name: a.name, avatar: a.avatar, x: p.x, y: p.y, z: p.z, yaw: p.yaw, anim: p.anim, self: a.isSelf, rendered: this.view !== null };
        }),
      self: () => (this.self ? { ...this.self, id: this.user.id, name: this.user.name, vrm: this.opts.vrm !== null && this.view !== null } : null),
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
    this.conn.stop();
    this.input.dispose();
    this.view?.dispose();
    for (const c of this.cleanups) c();
    if (this.help.el.open) this.help.el.close();
    if (this.tutorial.el.open) this.tutorial.el.close();
    this.el.remove();
    delete (window as unknown as { __tsunagu?: unknown }).__tsunagu;
  }
}

/** Phone-sized screens, where panels are sheets that cover the bottom of the view. */
function narrow(): boolean {
  return matchMedia('(max-width: 640px)').matches;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
