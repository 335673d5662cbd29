// Full-screen messages that replace the app: "you cannot use this service" after a ban (4006 or
// a `banned` refusal — calm, no automatic reconnect), "a moderator removed you" after a kick
// (4007, with a button to come back). And the modal a moderator's warning opens.

import { onLanguageChanged, translateDom } from '../i18n';
import { modal, type Modal } from './dialog';
import { h } from './dom';
import { type UiIcon, uiIcon } from './icons';
import { languageToggle } from './langToggle';

export interface ScreenAction {
  key: string;
  testid: string;
  primary?: boolean;
  run(): void;
}

export class MessageScreen {
  readonly el: HTMLElement;
  private readonly cleanups: Array<() => void> = [];

  constructor(o: { kind: string; icon: UiIcon; heading: string; body: string[]; actions: ScreenAction[] }) {
    const toggle = languageToggle();
    this.cleanups.push(toggle.dispose);
    const buttons = o.actions.map((a) =>
      h('button', {
        class: a.primary ? 'btn btn-primary' : 'btn btn-link',
        i18n: a.key,
        attrs: { type: 'button', 'data-testid': a.testid },
        on: { click: () => a.run() },
      }),
    );
    this.el = h('main', { class: `message-screen screen-${o.kind}`, attrs: { 'data-testid': `${o.kind}-screen` } }, [
      h('header', { class: 'entry-header' }, [
        h('div', { class: 'brand' }, [
          h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'brand-text' }, [h('span', { class: 'brand-title', i18n: 'app.title' }), h('span', { class: 'brand-sub', i18n: 'app.subtitle' })]),
        ]),
        toggle.el,
      ]),
      h('section', { class: 'message-card', attrs: { role: 'alert' } }, [
        h('span', { class: 'message-icon', attrs: { 'aria-hidden': 'true' } }, [uiIcon(o.icon)]),
        h('h1', { i18n: o.heading, attrs: { tabindex: -1 } }),
        ...o.body.map((k) => h('p', { i18n: k })),
        h('div', { class: 'message-actions' }, buttons),
      ]),
    ]);
    this.cleanups.push(onLanguageChanged(() => translateDom(this.el)));
  }

  mounted(): void {
    (this.el.querySelector('h1') as HTMLElement | null)?.focus();
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.el.remove();
  }
}

/** The banned screen. `onCheckAgain` goes back to the entry form (the server decides there). */
export function bannedScreen(onCheckAgain: () => void): MessageScreen {
  return new MessageScreen({
    kind: 'banned',
    icon: 'block',
    heading: 'banned.heading',
    body: ['banned.body', 'banned.help'],
    actions: [{ key: 'banned.checkAgain', testid: 'banned-check-again', run: onCheckAgain }],
  });
}

export function kickedScreen(onBack: () => void): MessageScreen {
  return new MessageScreen({
    kind: 'kicked',
    icon: 'shield',
    heading: 'kicked.heading',
    body: ['kicked.body'],
    actions: [{ key: 'kicked.back', testid: 'kicked-back', primary: true, run: onBack }],
  });
}

/** A moderator's warning, shown at once over the world (docs/protocol.md `warning`). */
export class WarningDialog {
  private readonly m: Modal;
  private readonly text: HTMLElement;

  constructor() {
    this.m = modal({ title: 'warning.title', testid: 'warning-dialog', class: 'warning-dialog' });
    this.text = h('blockquote', { class: 'warning-text', attrs: { 'data-testid': 'warning-text' } });
    this.m.body.append(h('p', { i18n: 'warning.intro' }), this.text, h('p', { class: 'field-hint', i18n: 'warning.help' }));
    this.m.footer.append(
      h('button', { class: 'btn btn-primary', i18n: 'warning.ok', attrs: { type: 'button', 'data-testid': 'warning-ok' }, on: { click: () => this.m.close() } }),
    );
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  show(message: string): void {
    this.text.textContent = message;
    this.m.open();
  }
}
