// The lecture hall's screen-share controls (docs/voice.md, "Screen sharing"): for presenters a
// "share screen" / "stop sharing" pill; for everyone a note of who shares; for facilitators and
// moderators a "stop share" button while someone else shares (the server checks the right and
// audits it). The video itself goes on the hall's screen object (hall/screen.ts). The server
// decides every permission; this only hides what one may not do. Owned by the hall HUD;
// single-threaded.

import './share.css';
import { t } from '../i18n';
import { h } from '../ui/dom';
import type { ShareControl, ScreenView } from '../voice/controller';
import { hallIcon } from './icons';

export interface ShareHudContext {
  /** The space has a stage (only then is sharing possible). */
  stage: boolean;
  /** The viewer may share (the `present` permission). */
  presenter: boolean;
  /** The viewer may stop someone else's share. */
  moderator: boolean;
  selfId: number;
  nameOf(id: number): string | null;
}

/** What the share pill does and says, from one's own share. Pure (tested). */
export function shareButton(mine: ScreenView['mine']): { action: 'start' | 'stop'; label: string; aria: string } {
  if (mine === 'idle') return { action: 'start', label: 'screen.share', aria: 'screen.shareAria' };
  return { action: 'stop', label: mine === 'starting' ? 'screen.starting' : 'screen.stop', aria: 'screen.stopAria' };
}

/** The note under the pills: null when nobody shares. Pure (tested). */
export function shareNote(view: ScreenView, selfId: number, nameOf: (id: number) => string | null): { key: string; name?: string } | null {
  if (view.mine === 'live') return { key: 'screen.own' };
  if (view.sharer === null || view.sharer === selfId) return null;
  return { key: 'screen.live', name: nameOf(view.sharer) ?? '—' };
}

export class ShareHud {
  readonly el: HTMLElement;
  private readonly button: HTMLButtonElement;
  private readonly label: HTMLSpanElement;
  private readonly note: HTMLElement;
  private readonly noteText: HTMLSpanElement;
  private readonly stopOther: HTMLButtonElement;
  private sharer: number | null = null;
  private sharerName = '';

  constructor(
    private readonly control: ShareControl,
    private readonly toast: (key: string, params?: Record<string, string>) => void,
  ) {
    this.label = h('span');
    this.button = h(
      'button',
      { class: 'btn hall-pill hall-share', attrs: { type: 'button', 'data-testid': 'hall-share', 'aria-pressed': 'false' }, on: { click: () => this.press() } },
      [hallIcon('share'), this.label],
    );
    this.noteText = h('span');
    this.stopOther = h('button', {
      class: 'btn btn-secondary hall-small',
      attrs: { type: 'button', 'data-testid': 'hall-share-stop-other' },
      on: { click: () => this.stopTheirs() },
    });
    this.note = h('p', { class: 'hall-share-note', attrs: { role: 'status', 'data-testid': 'hall-share-note' } }, [hallIcon('share'), this.noteText, this.stopOther]);
    this.el = h('div', { class: 'hall-row hall-share-row' }, [this.button]);
    this.button.hidden = true;
    this.note.hidden = true;
  }

  /** The note goes below the pills (the HUD places it). */
  get noteEl(): HTMLElement {
    return this.note;
  }

  render(ctx: ShareHudContext): void {
    const view = this.control.view();
    // the pill: presenters, in a hall, in a browser that can share at all (not most phones)
    const canShare = ctx.stage && ctx.presenter && this.control.supported();
    this.button.hidden = !canShare && view.mine === 'idle';
    const b = shareButton(view.mine);
    this.button.dataset.state = view.mine;
    this.button.dataset.action = b.action;
    this.button.setAttribute('aria-pressed', String(view.mine !== 'idle'));
    this.button.classList.toggle('on', view.mine !== 'idle');
    this.label.textContent = t(b.label);
    this.button.setAttribute('aria-label', t(b.aria));
    this.button.title = t(b.aria);
    // who shares; "stop share" for moderators while it is someone else's
    const note = ctx.stage ? shareNote(view, ctx.selfId, ctx.nameOf) : null;
    this.note.hidden = note === null;
    if (note) this.noteText.textContent = t(note.key, note.name !== undefined ? { name: note.name } : undefined);
    this.sharer = view.sharer;
    this.sharerName = view.sharer !== null ? (ctx.nameOf(view.sharer) ?? '—') : '';
    const theirs = view.sharer !== null && view.sharer !== ctx.selfId && view.mine === 'idle';
    this.stopOther.hidden = !(ctx.stage && ctx.moderator && theirs);
    this.stopOther.textContent = t('screen.stopOther');
    this.stopOther.setAttribute('aria-label', t('screen.stopOtherAria', { name: this.sharerName }));
  }

  private press(): void {
    if (this.control.view().mine === 'idle') this.control.start();
    else this.control.stop();
  }

  private stopTheirs(): void {
    const id = this.sharer;
    if (id === null) return;
    if (this.control.stopOf(id)) this.toast('screen.stoppedOther', { name: this.sharerName });
  }
}
