// The docked consultation panel at the side of the world: during a consultation the room
// (roomView.ts); while waiting, one's place in the queue; for a clinician who opened it, the
// duty switch and the queue (queueView.ts). On a phone it sits under the top bar and folds to
// its header. Owned by consult/hud.ts; single-threaded.

import { t } from '../i18n';
import { h, uid } from '../ui/dom';
import { consultIcon } from './icons';
import { QueueView } from './queueView';
import { type RoomDeps, RoomView } from './roomView';
import type { ConsultModel } from './state';
import type { ConsultClientMessage } from './wire';

export interface DockDeps extends RoomDeps {
  send(m: ConsultClientMessage): boolean;
  openRequest(): void;
  onDutyClick(): void;
}

type Mode = 'room' | 'waiting' | 'queue' | null;

export class Dock {
  readonly el: HTMLElement;
  readonly queue: QueueView;
  readonly room: RoomView;
  private readonly title: HTMLHeadingElement;
  private readonly fold: HTMLButtonElement;
  private readonly body: HTMLElement;
  private readonly waiting: HTMLElement;
  private readonly waitingText: HTMLElement;
  private mode: Mode = null;
  private folded = false;
  /** A clinician opened the queue (the HUD button toggles it). */
  queueWanted = false;

  constructor(deps: DockDeps) {
    this.queue = new QueueView(deps.send, deps.onDutyClick);
    this.room = new RoomView(deps);
    const titleId = uid('consult-dock-title');
    const bodyId = uid('consult-dock-body');
    this.title = h('h2', { attrs: { id: titleId } });
    this.fold = h('button', {
      class: 'btn btn-ghost btn-icon consult-fold',
      i18nAria: 'consult.dock.fold',
      attrs: { type: 'button', 'aria-expanded': 'true', 'aria-controls': bodyId, 'data-testid': 'consult-dock-fold' },
      on: { click: () => this.setFolded(!this.folded) },
    }, [consultIcon('chevron')]);
    this.waitingText = h('p', { class: 'consult-lead', attrs: { 'data-testid': 'consult-dock-position' } });
    this.waiting = h('section', { class: 'consult-dock-waiting' }, [
      this.waitingText,
      h('button', { class: 'btn btn-secondary', i18n: 'consult.dock.openWaiting', attrs: { type: 'button', 'data-testid': 'consult-dock-open' }, on: { click: () => deps.openRequest() } }),
    ]);
    this.body = h('div', { class: 'consult-dock-body', attrs: { id: bodyId } }, [this.room.el, this.waiting, this.queue.el]);
    this.el = h('aside', { class: 'panel consult-dock', attrs: { 'aria-labelledby': titleId, 'data-testid': 'consult-dock' } }, [
      h('header', { class: 'panel-header consult-dock-header' }, [h('span', { class: 'consult-dock-icon' }, [consultIcon('ask')]), this.title, this.fold]),
      this.body,
    ]);
    this.el.hidden = true;
    // folded by default on a phone, where it would cover the world
    this.setFolded(matchMedia('(max-width: 640px)').matches);
  }

  render(model: ConsultModel, isClinician: boolean, now: number): void {
    const st = model.status;
    const mode: Mode = st.state === 'active' ? 'room' : st.state === 'waiting' ? 'waiting' : isClinician && this.queueWanted ? 'queue' : null;
    if (mode !== this.mode && mode === 'room') this.setFolded(false);
    this.mode = mode;
    this.el.hidden = mode === null;
    this.el.dataset.mode = mode ?? '';
    this.room.el.hidden = mode !== 'room';
    this.waiting.hidden = mode !== 'waiting';
    this.queue.el.hidden = mode !== 'queue';
    const titleKey = mode === 'room' ? 'consult.dock.room' : mode === 'waiting' ? 'consult.dock.waiting' : 'consult.dock.queue';
    this.title.dataset.i18n = titleKey;
    this.title.textContent = t(titleKey);
    if (st.state === 'active') this.room.render(st);
    if (st.state === 'waiting') {
      this.waitingText.dataset.i18n = 'consult.waiting.position';
      this.waitingText.dataset.i18nParams = JSON.stringify({ n: st.position });
      this.waitingText.textContent = t('consult.waiting.position', { n: st.position });
    }
    if (isClinician) this.queue.render(model, now);
  }

  /** Shows the clinician's queue and unfolds it. */
  openQueue(): void {
    this.queueWanted = true;
    this.setFolded(false);
  }

  get isOpenQueue(): boolean {
    return this.mode === 'queue' && !this.el.hidden;
  }

  private setFolded(folded: boolean): void {
    this.folded = folded;
    this.body.hidden = folded;
    this.el.classList.toggle('folded', folded);
    this.fold.setAttribute('aria-expanded', String(!folded));
  }
}
