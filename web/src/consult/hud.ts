// What the world app needs of consultations with specialists, in one place
// (docs/consultation.md): the HUD button (ask — or, for a clinician, the duty queue; for a
// trainee, observing), the desk's prompt in the plaza, the docked panel, and the dialogs (the
// request, the clinician's end form, the ended screen with the note, the trainee's list, the
// kept notes). It keeps the client's picture of its own consultation (state.ts) and tells the
// app to join the private room on `active` (also after a reconnect) and to go back to the plaza
// when it closes. It answers the bank's `tsunagu:open-consultation` event. The server decides
// every permission; this only hides what one may not do. Also installs
// `window.__tsunaguConsult` (read-only) for the end-to-end tests. Owned by the world app;
// single-threaded.

import './consult.css';
import type * as THREE from 'three';
import { CONSULTATION_EVENT } from '../bank/consult';
import { t } from '../i18n';
import type { Me } from '../net/messages';
import { confirmDialog, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { playChime, primeChime } from './chime';
import { deskHit, deskOnScreen, nearDesk } from './desk';
import { Dock } from './dock';
import { EndDialog } from './endDialog';
import { EndedDialog } from './endedDialog';
import { consultIcon } from './icons';
import { seatOf } from './scene';
import { NotesDialog } from './notesDialog';
import { ObserveDialog } from './observeDialog';
import { type BankTab, RequestDialog } from './requestDialog';
import { type ConsultModel, EMPTY, type Effect, isConsultRoom, reduce } from './state';
import { type ConsultClientMessage, type ConsultServerMessage, isConsultError } from './wire';

/** The scene the desk stands in. */
const DESK_SCENE = 'plaza';

export interface ConsultDeps {
  send(m: ConsultClientMessage): boolean;
  me(): Me;
  /** Where confirmations go (inside the translated tree). */
  host: HTMLElement;
  toast(key: string, params?: Record<string, string | number>, kind?: 'info' | 'error'): void;
  /** Join the private room (the app's own join, which follows a `reconnect` to another loop). */
  joinRoom(space: string): void;
  /** Back to the plaza from a room that closed. */
  leaveRoom(): void;
  /** Puts one's own avatar at (x, z) facing `yaw` (a chair of the room). */
  moveSelf(x: number, z: number, yaw: number): void;
  openBank(tab: BankTab): void;
  closeBank(): void;
}

interface ViewLike {
  camera: THREE.Camera;
  canvas: HTMLElement;
}

export class ConsultHud {
  readonly button: HTMLButtonElement;
  /** "Ask a specialist", shown while standing at the desk. */
  readonly prompt: HTMLButtonElement;
  /** The dock and the dialogs, for the app to put into its tree. */
  readonly el: HTMLElement;
  private readonly buttonLabel: HTMLSpanElement;
  private readonly buttonIcon: HTMLSpanElement;
  private readonly buttonCount: HTMLSpanElement;
  private readonly dock: Dock;
  private readonly request: RequestDialog;
  private readonly endForm: EndDialog;
  private readonly ended: EndedDialog;
  private readonly notes: NotesDialog;
  private readonly observe: ObserveDialog;
  private readonly notice = modal({ title: 'consult.notice.title', testid: 'consult-notice', class: 'consult-dialog' });
  private model: ConsultModel = EMPTY;
  /** The topic of the last request or consultation (the ended screen names it). */
  private topic = '';
  private view: ViewLike | null = null;
  private near = false;
  private roleShown = '';
  private readonly onOpenEvent = (e: Event) => {
    e.preventDefault();
    this.deps.closeBank();
    this.openRequest();
  };

  constructor(private readonly deps: ConsultDeps) {
    const send = (m: ConsultClientMessage) => deps.send(m);
    const isMember = () => deps.me().has_account;
    const openNotes = () => void this.notes.open();
    this.request = new RequestDialog({ send, openBank: (tab) => deps.openBank(tab), isMember, openNotes }, () => this.model);
    this.endForm = new EndDialog(send);
    this.ended = new EndedDialog({ isMember, openNotes });
    this.notes = new NotesDialog();
    this.observe = new ObserveDialog(send, () => this.openRequest());
    this.dock = new Dock({
      send,
      openRequest: () => this.openRequest(),
      onDutyClick: () => primeChime(),
      consent: (observers, keepNote) => send({ type: 'consult_consent', observers, keep_note: keepNote }),
      end: () => this.end(),
      leave: () => send({ type: 'observe_leave' }),
    });
    this.notice.footer.append(h('button', { class: 'btn btn-primary', i18n: 'consult.notice.ok', attrs: { type: 'button', 'data-testid': 'consult-notice-ok' }, on: { click: () => this.notice.close() } }));

    this.buttonLabel = h('span', { class: 'btn-label' });
    this.buttonIcon = h('span', { class: 'consult-hud-icon' });
    this.buttonCount = h('span', { class: 'count-badge consult-count', attrs: { 'data-testid': 'consult-count' } });
    this.button = h(
      'button',
      { class: 'btn btn-hud btn-consult', attrs: { type: 'button', 'data-testid': 'consult-hud' }, on: { click: () => this.onButton() } },
      [this.buttonIcon, this.buttonLabel, this.buttonCount],
    );
    this.prompt = h('button', { class: 'btn btn-primary corner-prompt consult-prompt', attrs: { type: 'button', 'data-testid': 'consult-prompt' }, on: { click: () => this.openRequest() } }, [
      consultIcon('ask'),
      h('span', { i18n: 'consult.prompt' }),
    ]);
    this.prompt.hidden = true;
    this.el = h('div', { class: 'consult-layer' }, [this.dock.el, this.request.el, this.endForm.el, this.ended.el, this.notes.el, this.observe.el, this.notice.el]);
    window.addEventListener(CONSULTATION_EVENT, this.onOpenEvent);
    this.renderButton();
    this.installHook();
  }

  setView(view: ViewLike | null): void {
    this.view = view;
  }

  // --- from the app ----------------------------------------------------------------------------

  receive(msg: ConsultServerMessage, now: number): void {
    const { model, effects } = reduce(this.model, msg, now);
    this.model = model;
    const st = model.status;
    if ((st.state === 'waiting' || st.state === 'active') && st.topic) this.topic = st.topic;
    for (const e of effects) this.apply(e, now);
    this.render(now);
  }

  /** A server error; true when it belonged to consultations (and was shown). */
  onError(code: string): boolean {
    if (!isConsultError(code)) return false;
    const shown =
      this.request.onError(code) ||
      this.dock.queue.onError(code) ||
      (this.endForm.el.open && this.endForm.onError(code)) ||
      this.observe.onError(code) ||
      (this.model.status.state === 'active' && this.dock.room.onError(code));
    if (!shown) this.deps.toast(`consult.errors.${code}`, {}, 'error');
    return true;
  }

  /**
   * A space was joined (`entered`: not a rejoin of the same one): no desk prompt outside the
   * plaza; in the room, patient and clinician stand at their chairs, facing each other.
   */
  onJoined(space: { id: string; scene: string; access?: string }, entered: boolean): void {
    if (space.scene !== DESK_SCENE) this.setNear(false);
    const inRoom = isConsultRoom(space);
    this.dock.el.classList.toggle('in-room', inRoom);
    const st = this.model.status;
    if (inRoom && entered && st.state === 'active' && st.space === space.id && st.role !== 'observer') {
      const seat = seatOf(st.role);
      this.deps.moveSelf(seat.x, seat.z, seat.yaw);
    }
  }

  /** Whether the app should keep `space` as where it wants to be after a reconnect (a room not in any list). */
  keepsSpace(space: string): boolean {
    return this.model.room === space;
  }

  /** Simulate phase: the wait times tick; standing at the desk opens the form. */
  tick(scene: string | null, self: { x: number; z: number } | null, now: number): void {
    // a role change (4008, then a new session) shows the button for the new role
    if (this.deps.me().role !== this.roleShown) this.render(now);
    this.dock.queue.tick(now);
    this.setNear(scene === DESK_SCENE && self !== null && nearDesk(self));
  }

  /** A click or tap on the 3D view that hit no avatar: true when it opened the form. */
  pick(scene: string | null, clientX: number, clientY: number): boolean {
    if (scene !== DESK_SCENE || !this.view || !deskHit(this.view.camera, this.view.canvas, clientX, clientY)) return false;
    this.openRequest();
    return true;
  }

  relabel(): void {
    this.renderButton();
    this.dock.queue.relabel(performance.now());
  }

  dispose(): void {
    window.removeEventListener(CONSULTATION_EVENT, this.onOpenEvent);
    for (const d of this.el.querySelectorAll('dialog')) if (d.open) d.close();
    delete (window as unknown as { __tsunaguConsult?: unknown }).__tsunaguConsult;
  }

  // --- inside ---------------------------------------------------------------------------------------

  private apply(e: Effect, now: number): void {
    switch (e.kind) {
      case 'join':
        this.request.close();
        this.observe.close();
        this.deps.closeBank();
        this.deps.joinRoom(e.space);
        return;
      case 'leave':
        this.endForm.close();
        this.deps.leaveRoom();
        return;
      case 'chime':
        playChime();
        this.dock.queue.cue(e.id, now);
        return;
      case 'ended':
        this.endForm.close();
        this.endForm.reset();
        this.request.reset();
        this.ended.show(e.status, e.status.topic || this.topic);
        return;
      case 'removed':
        this.showNotice('consult.notice.removed');
        return;
      case 'expired':
        this.request.reset();
        this.showNotice('consult.notice.expired');
        return;
      case 'requeued':
        this.deps.toast('consult.waiting.requeued');
        return;
    }
  }

  private render(now: number): void {
    const st = this.model.status;
    this.dock.render(this.model, this.isClinician(), now);
    if (this.request.isOpen) this.request.render();
    if (this.observe.isOpen) this.observe.render(this.model);
    if (st.state === 'active' && st.role === 'clinician') this.endForm.setKeepNote(st.consent.keep_note);
    this.renderButton();
  }

  private renderButton(): void {
    const role = this.deps.me().role;
    const key = role === 'clinician' ? 'consult.hud.duty' : role === 'trainee' ? 'consult.hud.observe' : 'consult.hud.ask';
    if (role !== this.roleShown) {
      this.roleShown = role;
      this.buttonIcon.replaceChildren(consultIcon(role === 'clinician' ? 'duty' : role === 'trainee' ? 'eye' : 'ask'));
    }
    this.buttonLabel.dataset.i18n = key;
    this.buttonLabel.textContent = t(key);
    this.button.setAttribute('aria-label', t(key));
    const q = this.model.queue;
    const waiting = role === 'clinician' && q?.on ? q.requests.length : 0;
    this.buttonCount.textContent = String(waiting);
    this.buttonCount.hidden = waiting === 0;
    this.button.classList.toggle('on-duty', role === 'clinician' && (q?.on ?? false));
    if (role === 'clinician') this.button.setAttribute('aria-expanded', String(this.dock.isOpenQueue));
    else this.button.removeAttribute('aria-expanded');
    this.button.setAttribute('aria-haspopup', role === 'clinician' ? 'false' : 'dialog');
  }

  private onButton(): void {
    const role = this.deps.me().role;
    if (this.model.status.state === 'active') {
      this.render(performance.now());
      return;
    }
    if (role === 'clinician') {
      primeChime();
      if (this.dock.isOpenQueue) this.dock.queueWanted = false;
      else this.dock.openQueue();
      this.render(performance.now());
      return;
    }
    if (role === 'trainee') {
      this.observe.open();
      return;
    }
    this.openRequest();
  }

  private openRequest(): void {
    if (this.model.status.state === 'active') return;
    this.request.open();
  }

  private end(): void {
    const st = this.model.status;
    if (st.state !== 'active') return;
    if (st.role === 'clinician') {
      this.endForm.open(st.consent.keep_note);
      return;
    }
    void confirmDialog(this.deps.host, { title: 'consult.room.endTitle', body: 'consult.room.endBody', confirm: 'consult.room.endConfirm', testid: 'consult-end-confirm' }).then((ok) => {
      if (ok) this.deps.send({ type: 'consult_end' });
    });
  }

  private setNear(near: boolean): void {
    if (near === this.near) return;
    this.near = near;
    this.prompt.hidden = !near;
    // walking up to the desk opens the form (once per approach), unless something else is open
    const busy = this.deps.host.closest('.world')?.querySelector('dialog[open]') ?? null;
    if (near && busy === null && this.model.status.state === 'none') this.openRequest();
  }

  private showNotice(key: string): void {
    this.notice.body.replaceChildren(h('p', { i18n: key, attrs: { role: 'alert', 'data-testid': 'consult-notice-text' } }));
    this.notice.open();
  }

  private isClinician(): boolean {
    return this.deps.me().role === 'clinician';
  }

  private installHook(): void {
    const w = window as unknown as { __tsunaguConsult?: unknown };
    w.__tsunaguConsult = Object.freeze({
      state: () => this.model.status.state,
      status: () => JSON.parse(JSON.stringify(this.model.status)) as unknown,
      room: () => this.model.room,
      queue: () => (this.model.queue ? (JSON.parse(JSON.stringify(this.model.queue)) as unknown) : null),
      near: () => this.near,
      /** Where the desk is drawn on the page, or null (behind the camera, no 3D). */
      desk: () => (this.view ? deskOnScreen(this.view.camera, this.view.canvas) : null),
    });
  }
}
