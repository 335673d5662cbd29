// Connection status indicator: a coloured dot and a word, announced politely when it changes.

import { t } from '../i18n';
import type { ConnectionStatus } from '../net/connection';
import { h } from './dom';

export class StatusBadge {
  private status: ConnectionStatus = 'connecting';
  private readonly text = h('span', { class: 'status-text' });
  readonly el = h('div', { class: 'status', attrs: { role: 'status', 'data-testid': 'status', 'data-status': 'connecting' } }, [
    h('span', { class: 'status-dot', attrs: { 'aria-hidden': 'true' } }),
    this.text,
  ]);

  constructor() {
    this.render();
  }

  set(status: ConnectionStatus): void {
    this.status = status;
    this.render();
  }

  render(): void {
    this.el.dataset.status = this.status;
    const word = t(`status.${this.status}`);
    this.text.textContent = word;
    this.el.setAttribute('aria-label', t('status.label', { status: word }));
  }
}
