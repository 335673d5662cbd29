// Help: controls, the space rules, and what to do in an emergency. A modal <dialog>, so
// focus stays inside and Escape closes it.

import { lang } from '../i18n';
import type { RulesBody } from '../net/messages';
import { clear, h, uid } from './dom';
import { uiIcon } from './icons';

export class HelpDialog {
  readonly el: HTMLDialogElement;
  private readonly rulesList: HTMLOListElement;
  private rules: RulesBody | null = null;

  constructor(onTutorial: () => void) {
    const headingId = uid('help-heading');
    this.rulesList = h('ol', { class: 'rules-list' });
    this.el = h('dialog', { class: 'dialog help-dialog', attrs: { 'aria-labelledby': headingId, 'data-testid': 'help-dialog' } }, [
      h('header', { class: 'panel-header' }, [
        h('h2', { i18n: 'help.heading', attrs: { id: headingId } }),
        h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'help.close', attrs: { type: 'button' }, on: { click: () => this.el.close() } }, [uiIcon('close')]),
      ]),
      h('div', { class: 'dialog-body' }, [
        h('p', { class: 'emergency', i18n: 'help.emergency', attrs: { role: 'note' } }),
        h('h3', { i18n: 'help.controls' }),
        h('ul', { class: 'controls-list' }, [
          h('li', { i18n: 'help.keysMove' }),
          h('li', { i18n: 'help.keysLook' }),
          h('li', { i18n: 'help.keysZoom' }),
          h('li', { i18n: 'help.touch' }),
          h('li', { i18n: 'voice.help' }),
          h('li', { i18n: 'help.portals' }),
        ]),
        h('h3', { i18n: 'help.rules' }),
        this.rulesList,
        h('p', { class: 'disclaimer', i18n: 'app.disclaimer' }),
      ]),
      h('footer', { class: 'dialog-actions' }, [
        h('button', {
          class: 'btn btn-secondary',
          i18n: 'help.tutorialAgain',
          attrs: { type: 'button' },
          on: {
            click: () => {
              this.el.close();
              onTutorial();
            },
          },
        }),
        h('button', { class: 'btn btn-primary', i18n: 'help.close', attrs: { type: 'button' }, on: { click: () => this.el.close() } }),
      ]),
    ]);
  }

  setRules(rules: RulesBody | null): void {
    this.rules = rules;
    this.renderRules();
  }

  renderRules(): void {
    clear(this.rulesList);
    const list = this.rules ? (this.rules.rules[lang()] ?? this.rules.rules.ja ?? []) : [];
    for (const r of list) this.rulesList.append(h('li', { text: r }));
  }

  open(): void {
    this.renderRules();
    if (!this.el.open) this.el.showModal();
  }

  relabel(): void {
    this.renderRules();
  }
}
