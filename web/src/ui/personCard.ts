// The person card: opened by clicking an avatar, a person in the people list or a chat line's
// author. Mute (hides their chat here at once; kept on the server), block (the server then
// keeps the two apart everywhere), report (a reason, an optional detail; from a chat line the
// message itself) — and for staff, a way into the staff pages for that person. What it offers
// comes from safety.ts; this file only draws it. Owned by the world app, reused for every card.

import { isAliasId } from '../lounge/anonymous';
import type { Api } from '../net/api';
import { REPORT_REASONS } from '../net/apiTypes';
import type { BadgeLabel } from '../world/badges';
import { fillBadges } from './badgeView';
import { modal, type Modal } from './dialog';
import { h } from './dom';
import { faceEl } from './face';
import { type Field, formError, selectField, setBusy, setMessage, textareaField } from './form';
import { type UiIcon, uiIcon } from './icons';
import {
  type CardAction,
  type CardTarget,
  type Relations,
  type Viewer,
  REPORT_DETAIL_MAX,
  buildReport,
  cardActions,
  changeRelation,
  relationChange,
} from './safety';
import type { Params } from './toast';

export interface PersonCardDeps {
  api: Api;
  relations: Relations;
  viewer(): Viewer;
  /** The space one is in (reports without a message name it). */
  space(): string | null;
  thumbs: readonly string[];
  badges(flags: number, id: number): BadgeLabel[];
  toast(key: string, params?: Params, kind?: 'info' | 'error'): void;
  /** After a mute or block changed (the chat re-filters). */
  onRelationsChanged(): void;
  /** Staff: open the staff pages on this person. */
  onModerate?(target: CardTarget): void;
  /** More about this person from other features (voice: volume, mute microphone); kept, not rebuilt. */
  extra?(target: CardTarget): HTMLElement | null;
}

const ACTION_ICON: Record<CardAction, UiIcon> = {
  mute: 'mute',
  unmute: 'chat',
  block: 'block',
  unblock: 'people',
  report: 'flag',
  moderate: 'shield',
};

export class PersonCard {
  private readonly m: Modal;
  private readonly face: HTMLElement;
  private readonly name: HTMLElement;
  private readonly badgeRow: HTMLElement;
  private readonly quote: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly note: HTMLParagraphElement;
  private readonly extraSlot: HTMLElement;
  private readonly error: HTMLParagraphElement;
  private readonly reportBox: HTMLElement;
  private readonly reason: Field<HTMLSelectElement>;
  private readonly detail: Field<HTMLTextAreaElement>;
  private readonly reportError: HTMLParagraphElement;
  private readonly sendReport: HTMLButtonElement;
  private target: CardTarget | null = null;

  constructor(private readonly deps: PersonCardDeps) {
    this.m = modal({ title: 'card.title', testid: 'person-card', class: 'person-card' });
    this.face = h('span', { class: 'card-face' });
    this.name = h('p', { class: 'card-name', attrs: { 'data-testid': 'card-name' } });
    this.badgeRow = h('div', { class: 'badge-row', attrs: { 'data-testid': 'card-badges' } });
    this.quote = h('blockquote', { class: 'card-quote', attrs: { 'data-testid': 'card-quote' } });
    this.actions = h('div', { class: 'card-actions', attrs: { role: 'group' }, i18nAria: 'card.actions' });
    this.note = h('p', { class: 'field-hint card-note', i18n: 'card.blockNote' });
    this.extraSlot = h('div', { class: 'card-extra' });
    this.error = formError('card-error');

    this.reason = selectField({
      label: 'report.reason',
      testid: 'report-reason',
      options: [{ value: '', key: 'report.choose' }, ...REPORT_REASONS.map((r) => ({ value: r, key: `report.reasons.${r}` }))],
    });
    this.detail = textareaField({ label: 'report.detail', testid: 'report-detail', hint: 'report.detailHint', maxlength: REPORT_DETAIL_MAX, rows: 3 });
    this.reportError = formError('report-error');
    this.sendReport = h('button', { class: 'btn btn-primary', i18n: 'report.send', attrs: { type: 'submit', 'data-testid': 'report-send' } });
    this.reportBox = h(
      'form',
      { class: 'report-form', attrs: { 'data-testid': 'report-form', novalidate: true }, on: { submit: (e) => void this.submitReport(e) } },
      [
        h('h3', { i18n: 'report.heading' }),
        h('p', { class: 'field-hint', i18n: 'report.intro' }),
        this.reason.el,
        this.detail.el,
        this.reportError,
        h('div', { class: 'form-actions' }, [
          h('button', { class: 'btn btn-secondary', i18n: 'common.cancel', attrs: { type: 'button' }, on: { click: () => this.showReport(false) } }),
          this.sendReport,
        ]),
      ],
    );
    this.m.body.append(
      h('div', { class: 'card-head' }, [this.face, h('div', { class: 'card-who' }, [this.badgeRow, this.name])]),
      this.quote,
      this.actions,
      this.note,
      this.extraSlot,
      this.error,
      this.reportBox,
    );
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  open(target: CardTarget): void {
    this.target = target;
    this.face.replaceChildren(faceEl(this.deps.thumbs, target.avatar, 'card-face-img'));
    this.name.textContent = target.name;
    this.quote.textContent = target.message?.text ?? '';
    this.quote.hidden = !target.message;
    this.reason.input.value = '';
    this.detail.input.value = '';
    this.reason.set(null);
    this.detail.set(null);
    setMessage(this.reportError, null);
    setMessage(this.error, null);
    this.render();
    this.showReport(false);
    this.m.open();
    (this.actions.querySelector('button') as HTMLButtonElement | null)?.focus();
  }

  close(): void {
    this.m.close();
  }

  /** Redraws what depends on state or language (badges, button labels). */
  render(): void {
    const target = this.target;
    if (!target) return;
    fillBadges(this.badgeRow, this.deps.badges(target.flags, target.id));
    const actions = cardActions(target, this.deps.viewer(), this.deps.relations);
    this.actions.replaceChildren(
      ...actions.map((a) =>
        h(
          'button',
          {
            class: a === 'block' || a === 'report' ? 'btn btn-secondary card-btn card-btn-warn' : 'btn btn-secondary card-btn',
            attrs: { type: 'button', 'data-testid': `card-${a}`, 'data-action': a },
            on: { click: (e) => void this.act(a, e.currentTarget as HTMLButtonElement) },
          },
          [uiIcon(ACTION_ICON[a]), h('span', { i18n: `card.${a}` })],
        ),
      ),
    );
    this.note.hidden = actions.length === 0;
    const anonymous = isAliasId(target.id) && target.id !== this.deps.viewer().id;
    if (actions.length === 0) this.actions.append(h('p', { class: 'muted', i18n: anonymous ? 'lounge.cardAnonymous' : 'card.self' }));
    const extra = this.deps.extra?.(target) ?? null;
    if (!extra) this.extraSlot.replaceChildren();
    else if (extra.parentNode !== this.extraSlot) this.extraSlot.replaceChildren(extra);
    this.extraSlot.hidden = !extra || !this.reportBox.hidden;
  }

  private async act(action: CardAction, button: HTMLButtonElement): Promise<void> {
    const target = this.target;
    if (!target) return;
    if (action === 'report') {
      this.showReport(true);
      return;
    }
    if (action === 'moderate') {
      this.close();
      this.deps.onModerate?.(target);
      return;
    }
    const change = relationChange(action);
    if (!change) return;
    setBusy(button, true);
    setMessage(this.error, null);
    const res = await changeRelation(this.deps.relations, (k, id, on) => this.deps.api.relate(k, id, on), change.kind, target.id, change.on);
    setBusy(button, false);
    this.deps.onRelationsChanged();
    if (!res.ok) {
      setMessage(this.error, res.failure);
      this.render();
      return;
    }
    this.deps.toast(`card.done.${action}`, { name: target.name });
    if (action === 'block') this.close();
    else this.render();
  }

  private showReport(show: boolean): void {
    this.reportBox.hidden = !show;
    this.actions.hidden = show;
    this.extraSlot.hidden = show || !this.extraSlot.firstChild;
    this.note.hidden = show || cardActions(this.target ?? { id: -1 }, this.deps.viewer(), this.deps.relations).length === 0;
    if (show) this.reason.input.focus();
  }

  private async submitReport(e: Event): Promise<void> {
    e.preventDefault();
    const target = this.target;
    if (!target) return;
    this.reason.set(null);
    this.detail.set(null);
    setMessage(this.reportError, null);
    const check = buildReport(target, this.reason.input.value, this.detail.input.value, this.deps.space());
    if (!check.ok) {
      const field = check.field === 'reason' ? this.reason : this.detail;
      field.set({ key: check.key });
      field.input.focus();
      return;
    }
    setBusy(this.sendReport, true);
    const res = await this.deps.api.report(check.form);
    setBusy(this.sendReport, false);
    if (!res.ok) {
      const f = res.failure;
      if (f.kind === 'rejected' && f.error.code === 'report_invalid') this.reason.set(f);
      else setMessage(this.reportError, f);
      return;
    }
    this.deps.toast('report.sent', { name: target.name });
    this.close();
  }
}
