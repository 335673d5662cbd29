// "Enter the doctors' lounge": before joining, the person chooses whether to appear under an
// anonymous label (医師A …) or their own name, and reads what the room is: verified doctors only,
// chat not stored, no identifying details about patients. The choice is remembered in this
// browser (`tsunagu.loungeAnonymous`) as the next default. Owned by the lounge HUD.

import { type Modal, modal } from '../ui/dialog';
import { h, uid } from '../ui/dom';
import type { KeyValueStore } from '../ui/storage';
import { loungeIcon } from './icons';

const STORAGE_KEY = 'tsunagu.loungeAnonymous';

export class EnterDialog {
  private readonly m: Modal;
  private readonly box: HTMLInputElement;
  private resolve: ((anonymous: boolean | null) => void) | null = null;
  private chosen: boolean | null = null;

  constructor(private readonly store: KeyValueStore) {
    this.m = modal({ title: 'lounge.enter.title', testid: 'lounge-enter', class: 'lounge-enter', onClose: () => this.finish() });
    this.box = h('input', { attrs: { type: 'checkbox', id: uid('lounge-anon'), 'data-testid': 'lounge-anonymous' } });
    const points = h('ul', { class: 'lounge-points' }, [
      h('li', {}, [loungeIcon('lock'), h('span', { i18n: 'lounge.enter.who' })]),
      h('li', {}, [loungeIcon('mask'), h('span', { i18n: 'lounge.enter.notStored' })]),
      h('li', {}, [loungeIcon('alert'), h('span', { i18n: 'lounge.enter.privacy' })]),
    ]);
    this.m.body.append(
      h('p', { i18n: 'lounge.enter.intro' }),
      points,
      h('label', { class: 'check lounge-anon-check', attrs: { for: this.box.id } }, [
        this.box,
        h('span', {}, [h('span', { class: 'lounge-anon-title', i18n: 'lounge.enter.anonymous' }), h('span', { class: 'field-hint lounge-anon-hint', i18n: 'lounge.enter.anonymousHint' })]),
      ]),
    );
    const enter = h('button', {
      class: 'btn btn-primary',
      i18n: 'lounge.enter.go',
      attrs: { type: 'button', 'data-testid': 'lounge-enter-go' },
      on: {
        click: () => {
          this.chosen = this.box.checked;
          try {
            this.store.setItem(STORAGE_KEY, this.chosen ? '1' : '0');
          } catch {
            /* private mode: remembered for this visit only */
          }
          this.m.close();
        },
      },
    });
    const cancel = h('button', { class: 'btn btn-secondary', i18n: 'common.cancel', attrs: { type: 'button', 'data-testid': 'lounge-enter-cancel' }, on: { click: () => this.m.close() } });
    this.m.footer.append(cancel, enter);
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  /** The last choice in this browser (anonymous unless the person chose their name). */
  get remembered(): boolean {
    try {
      return this.store.getItem(STORAGE_KEY) !== '0';
    } catch {
      return true;
    }
  }

  /** Asks; resolves with the choice (true: anonymous), or null when the person cancelled. */
  ask(): Promise<boolean | null> {
    this.finish();
    this.chosen = null;
    this.box.checked = this.remembered;
    this.m.open();
    this.box.focus();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  private finish(): void {
    const done = this.resolve;
    this.resolve = null;
    done?.(this.chosen);
  }
}
