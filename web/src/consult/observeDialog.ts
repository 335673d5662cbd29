// A trainee's way into consultations (docs/consultation.md, `observe_list`, `observe`): the
// consultations whose patient allows observers, with how long they have run, and "observe".
// Observers join muted (the microphone stays off until they turn it on) and are removed at
// once when the patient withdraws consent. The server decides; `consult_no_consent` is shown
// in the dialog. Owned by consult/hud.ts; single-threaded.

import { t } from '../i18n';
import { type Modal, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import { topicKey } from './format';
import { consultIcon } from './icons';
import type { ConsultModel } from './state';
import type { ConsultClientMessage } from './wire';

export class ObserveDialog {
  private readonly m: Modal;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly error: HTMLParagraphElement;

  constructor(private readonly send: (m: ConsultClientMessage) => boolean, openRequest: () => void) {
    this.m = modal({ title: 'consult.observe.title', testid: 'consult-observe', class: 'consult-dialog' });
    this.list = h('ul', { class: 'consult-requests', i18nAria: 'consult.observe.title', attrs: { 'data-testid': 'consult-observable' } });
    this.empty = h('p', { class: 'field-hint', i18n: 'consult.observe.empty', attrs: { 'data-testid': 'consult-observe-empty' } });
    this.error = formError('consult-observe-error');
    this.m.body.append(
      h('p', { i18n: 'consult.observe.intro' }),
      h('p', { class: 'field-hint', i18n: 'consult.observe.muted' }),
      this.error,
      this.list,
      this.empty,
    );
    this.m.footer.append(
      h('button', { class: 'btn btn-ghost', i18n: 'consult.observe.ask', attrs: { type: 'button', 'data-testid': 'consult-observe-ask' }, on: { click: () => { this.close(); openRequest(); } } }),
      h('button', { class: 'btn btn-secondary', i18n: 'consult.observe.refresh', attrs: { type: 'button', 'data-testid': 'consult-observe-refresh' }, on: { click: () => this.refresh() } }),
    );
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  open(): void {
    setMessage(this.error, null);
    this.m.open();
    this.refresh();
  }

  close(): void {
    this.m.close();
  }

  private refresh(): void {
    if (!this.send({ type: 'observe_list' })) setMessage(this.error, { key: 'consult.offline' });
  }

  render(model: ConsultModel): void {
    if (model.status.state === 'active') {
      this.close();
      return;
    }
    const items = model.observable ?? [];
    this.empty.hidden = items.length > 0;
    this.list.replaceChildren(
      ...items.map((c) => {
        const go = h(
          'button',
          {
            class: 'btn btn-primary consult-accept',
            attrs: { type: 'button', 'data-testid': 'consult-observe-go' },
            on: {
              click: () => {
                setMessage(this.error, null);
                if (this.send({ type: 'observe', id: c.id })) setBusy(go, true);
                else setMessage(this.error, { key: 'consult.offline' });
              },
            },
          },
          [consultIcon('eye'), h('span', { i18n: 'consult.observe.go' })],
        );
        const minutes = h('span', { class: 'consult-wait', text: t('consult.observe.minutes', { n: c.minutes }) });
        minutes.dataset.i18n = 'consult.observe.minutes';
        minutes.dataset.i18nParams = JSON.stringify({ n: c.minutes });
        return h('li', { class: 'consult-request', attrs: { 'data-consultation': String(c.id) } }, [
          h('div', { class: 'consult-request-head' }, [h('strong', { class: 'consult-topic', i18n: topicKey(c.topic) }), minutes]),
          go,
        ]);
      }),
    );
  }

  onError(code: string): boolean {
    if (!this.isOpen) return false;
    setMessage(this.error, { key: `consult.errors.${code}` });
    this.error.dataset.code = code;
    for (const b of this.list.querySelectorAll<HTMLButtonElement>('button')) setBusy(b, false);
    return true;
  }
}
