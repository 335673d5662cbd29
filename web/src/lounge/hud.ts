// What the world app needs of the doctors' lounge, in one place (docs/security.md, "Doctors'
// lounge"): the dialog that asks, before entering, whether to appear anonymously; the strip that
// says, inside the lounge, how one appears and that chat here is not stored, with the button of
// the case board; the names to show for anonymous labels. The server decides who may enter
// and what the others see; this only asks and explains. Also installs `window.__tsunaguLounge`
// (read-only) for the end-to-end tests. Owned by the world app; single-threaded.

import './lounge.css';
import { t } from '../i18n';
import type { Api } from '../net/api';
import type { JoinedSpace, JoinedYou, Me } from '../net/messages';
import { h } from '../ui/dom';
import type { KeyValueStore } from '../ui/storage';
import { CaseBoardPanel } from './board';
import { EnterDialog } from './enterDialog';
import { loungeIcon } from './icons';
import { shownName } from './anonymous';

export interface LoungeDeps {
  api: Pick<Api, 'csrf'>;
  store: KeyValueStore;
  me(): Me;
  host: HTMLElement;
  toast(key: string, params?: Record<string, string | number>): void;
}

/** A space of the lounge's kind: closed, with anonymous labels. */
export function isLounge(space: Pick<JoinedSpace, 'access' | 'anonymous_labels' | 'kind'> | null | undefined): boolean {
  return !!space && (space.kind === 'lounge' || space.access === 'clinicians' || space.anonymous_labels === true);
}

export class LoungeHud {
  readonly button: HTMLButtonElement;
  readonly strip: HTMLElement;
  readonly board: CaseBoardPanel;
  readonly enter: EnterDialog;
  private readonly stripName: HTMLElement;
  private you: JoinedYou | null = null;
  private inside = false;
  /** The choice the next join into a lounge carries. */
  anonymous: boolean;

  constructor(deps: LoungeDeps) {
    this.board = new CaseBoardPanel({ api: deps.api, me: deps.me, host: deps.host, toast: deps.toast });
    this.enter = new EnterDialog(deps.store);
    this.anonymous = this.enter.remembered;
    this.stripName = h('strong', { attrs: { 'data-testid': 'lounge-as' } });
    // No way to switch while inside: the others would see one leave and the other arrive at
    // the same moment, which ties the label to the name. One chooses at the door.
    // the board's button sits in the strip, not in the HUD's row (which is full)
    this.button = h(
      'button',
      { class: 'btn lounge-strip-board', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'board-button' }, on: { click: () => this.board.open() } },
      [loungeIcon('board'), h('span', { i18n: 'lounge.hud.board' })],
    );
    this.strip = h('div', { class: 'lounge-strip', attrs: { 'data-testid': 'lounge-strip' } }, [
      h('span', { class: 'lounge-strip-status', attrs: { role: 'status' } }, [
        h('span', { class: 'lounge-strip-line' }, [loungeIcon('sofa'), h('span', { i18n: 'lounge.strip.notStored' })]),
        h('span', { class: 'lounge-strip-line' }, [loungeIcon('mask'), h('span', { i18n: 'lounge.strip.youAre' }), this.stripName]),
      ]),
      this.button,
    ]);
    this.strip.hidden = true;
    const w = window as unknown as { __tsunaguLounge?: unknown };
    w.__tsunaguLounge = Object.freeze({
      inside: () => this.inside,
      you: () => (this.you ? { ...this.you } : null),
      board: () => (this.board.isOpen ? this.board.current : null),
    });
  }

  /** Asks how to enter; resolves with the choice, or null when cancelled. */
  async ask(): Promise<boolean | null> {
    const choice = await this.enter.ask();
    if (choice !== null) this.anonymous = choice;
    return choice;
  }

  /** A space was joined: show the strip and the board button inside the lounge only. */
  onJoined(space: JoinedSpace, you: JoinedYou | null): void {
    this.inside = isLounge(space);
    this.you = this.inside ? you : null;
    this.strip.hidden = !this.inside;
    if (!this.inside) this.board.close();
    this.render();
  }

  /** The name to show for someone (a label in the current language when anonymous). */
  name(name: string, anonymous: boolean): string {
    return shownName(name, anonymous, t);
  }

  relabel(): void {
    this.render();
    this.board.relabel();
  }

  private render(): void {
    const you = this.you;
    this.stripName.textContent = you ? shownName(you.name, you.anonymous, t) : '';
  }

  dispose(): void {
    this.board.close();
    this.enter.el.close();
    delete (window as unknown as { __tsunaguLounge?: unknown }).__tsunaguLounge;
  }
}
