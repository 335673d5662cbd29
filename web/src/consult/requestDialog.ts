// The patient's side before a consultation (docs/consultation.md): the "ask a specialist" dialog.
// Opening it asks the desk (`consult_desk`); then it shows one of
//   - checking: while the desk has not answered;
//   - closed:   nobody on duty — says so, and offers the diary, the self-check and the exhibits;
//   - form:     topic, an optional short text, the two consents, the "advice and referral, not
//               diagnosis or treatment" sentence;
//   - waiting:  one's place in the queue, clinicians on duty, the consents (still changeable), cancel.
// Closing the dialog while waiting keeps one's place (the dock shows it). The server decides
// everything; this only asks and explains. Owned by consult/hud.ts; single-threaded.

import { choiceGroup } from '../bank/chips';
import { bankIcon } from '../bank/icons';
import { t } from '../i18n';
import { type Modal, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { formError, setBusy, setMessage, textareaField } from '../ui/form';
import { consentBox, counter } from './controls';
import { consultIcon } from './icons';
import type { ConsultModel } from './state';
import { TEXT_MAX, checkRequest } from './validate';
import { type ConsultClientMessage, TOPICS } from './wire';

export type BankTab = 'diary' | 'check' | 'research';

export interface RequestDeps {
  send(m: ConsultClientMessage): boolean;
  openBank(tab: BankTab): void;
  isMember(): boolean;
  openNotes(): void;
}

type View = 'checking' | 'closed' | 'form' | 'waiting';

export class RequestDialog {
  private readonly m: Modal;
  private readonly views: Record<View, HTMLElement>;
  private view: View = 'checking';
  private readonly topic;
  private readonly text;
  private readonly textCount;
  private readonly observers;
  private readonly keepNote;
  private readonly formErr: HTMLParagraphElement;
  private readonly sendButton: HTMLButtonElement;
  private readonly notesButton: HTMLButtonElement;
  private readonly deskLine: HTMLElement;
  // waiting
  private readonly position: HTMLElement;
  private readonly onDuty: HTMLElement;
  private readonly requeued: HTMLElement;
  private readonly nobody: HTMLElement;
  private readonly waitObservers;
  private readonly waitKeepNote;
  private readonly waitErr: HTMLParagraphElement;
  private readonly cancelButton: HTMLButtonElement;

  constructor(private readonly deps: RequestDeps, private readonly model: () => ConsultModel) {
    this.m = modal({ title: 'consult.form.title', testid: 'consult-dialog', class: 'consult-dialog' });
    this.m.footer.remove();

    // --- checking
    const checking = h('p', { class: 'consult-checking', i18n: 'consult.form.checking', attrs: { role: 'status', 'data-testid': 'consult-checking' } });

    // --- closed: nobody on duty
    const go = (tab: BankTab, key: string, testid: string) =>
      h('button', { class: 'btn btn-secondary consult-alt', attrs: { type: 'button', 'data-testid': testid }, on: { click: () => this.openBank(tab) } }, [
        bankIcon(tab === 'diary' ? 'diary' : tab === 'check' ? 'doctor' : 'chart'),
        h('span', { i18n: key }),
      ]);
    const closed = h('section', { class: 'consult-closed', attrs: { 'data-testid': 'consult-closed' } }, [
      h('p', { class: 'consult-lead', i18n: 'consult.closed.title', attrs: { role: 'status' } }),
      h('p', { i18n: 'consult.closed.text' }),
      h('div', { class: 'consult-alts' }, [
        go('diary', 'consult.closed.diary', 'consult-go-diary'),
        go('check', 'consult.closed.check', 'consult-go-check'),
        go('research', 'consult.closed.exhibits', 'consult-go-exhibits'),
      ]),
      h('div', { class: 'consult-actions' }, [
        h('button', { class: 'btn btn-ghost', i18n: 'consult.closed.again', attrs: { type: 'button', 'data-testid': 'consult-recheck' }, on: { click: () => this.check() } }),
      ]),
    ]);

    // --- the form
    this.deskLine = h('p', { class: 'consult-desk-line', attrs: { role: 'status', 'data-testid': 'consult-desk-line' } });
    this.topic = choiceGroup({
      legend: 'consult.form.topic',
      testid: 'consult-topic',
      options: TOPICS.map((id) => ({ value: id, key: `consult.topics.${id}` })),
      value: '',
      wide: true,
    });
    this.text = textareaField({ label: 'consult.form.text', hint: 'consult.form.textHint', testid: 'consult-text', rows: 3, placeholder: 'consult.form.textPlaceholder' });
    this.textCount = counter(this.text.input, TEXT_MAX, 'consult-text-count');
    this.text.el.append(this.textCount.el);
    this.observers = consentBox({ label: 'consult.form.observers', hint: 'consult.form.observersHint', testid: 'consult-observers' });
    this.keepNote = consentBox({ label: 'consult.form.keepNote', hint: 'consult.form.keepNoteHint', testid: 'consult-keep-note' });
    this.formErr = formError('consult-form-error');
    this.sendButton = h('button', { class: 'btn btn-primary btn-large', attrs: { type: 'submit', 'data-testid': 'consult-send' } }, [consultIcon('ask'), h('span', { i18n: 'consult.form.send' })]);
    this.notesButton = h('button', { class: 'btn btn-ghost', attrs: { type: 'button', 'data-testid': 'consult-my-notes' }, on: { click: () => deps.openNotes() } }, [
      consultIcon('note'),
      h('span', { i18n: 'consult.notes.open' }),
    ]);
    const form = h('form', { class: 'consult-form', attrs: { novalidate: true, 'data-testid': 'consult-form' }, on: { submit: (e) => this.submit(e) } }, [
      h('p', { class: 'consult-disclaimer', i18n: 'consult.form.disclaimer', attrs: { 'data-testid': 'consult-disclaimer' } }),
      this.deskLine,
      this.topic.el,
      this.text.el,
      h('fieldset', { class: 'field consult-consents' }, [h('legend', { class: 'field-label', i18n: 'consult.form.consents' }), this.observers.el, this.keepNote.el]),
      this.formErr,
      h('div', { class: 'consult-actions' }, [this.notesButton, this.sendButton]),
    ]);

    // --- waiting
    this.position = h('strong', { class: 'consult-position', attrs: { 'data-testid': 'consult-position' } });
    this.onDuty = h('p', { class: 'consult-on-duty', attrs: { 'data-testid': 'consult-on-duty' } });
    this.requeued = h('p', { class: 'consult-note-line', i18n: 'consult.waiting.requeued', attrs: { 'data-testid': 'consult-requeued' } });
    this.nobody = h('p', { class: 'consult-note-line', i18n: 'consult.waiting.nobody' });
    this.waitObservers = consentBox({ label: 'consult.form.observers', hint: 'consult.form.observersHint', testid: 'consult-wait-observers', onChange: () => this.sendConsent() });
    this.waitKeepNote = consentBox({ label: 'consult.form.keepNote', hint: 'consult.form.keepNoteHint', testid: 'consult-wait-keep-note', onChange: () => this.sendConsent() });
    this.waitErr = formError('consult-wait-error');
    this.cancelButton = h('button', { class: 'btn btn-danger-outline', i18n: 'consult.waiting.cancel', attrs: { type: 'button', 'data-testid': 'consult-cancel' }, on: { click: () => this.cancel() } });
    const waiting = h('section', { class: 'consult-waiting', attrs: { 'data-testid': 'consult-waiting', 'aria-live': 'polite' } }, [
      h('div', { class: 'consult-wait-card' }, [consultIcon('clock'), h('div', {}, [h('p', { class: 'consult-lead', i18n: 'consult.waiting.title' }), this.position])]),
      this.onDuty,
      this.requeued,
      this.nobody,
      h('p', { class: 'field-hint', i18n: 'consult.waiting.keepPlace' }),
      h('fieldset', { class: 'field consult-consents' }, [h('legend', { class: 'field-label', i18n: 'consult.form.consents' }), this.waitObservers.el, this.waitKeepNote.el]),
      this.waitErr,
      h('div', { class: 'consult-actions' }, [
        this.cancelButton,
        h('button', { class: 'btn btn-secondary', i18n: 'consult.waiting.hide', attrs: { type: 'button', 'data-testid': 'consult-hide' }, on: { click: () => this.close() } }),
      ]),
    ]);

    this.views = { checking, closed, form, waiting };
    this.m.body.append(checking, closed, form, waiting);
    this.show('checking');
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  /** Opens the dialog: straight to the waiting view, else asks the desk first. */
  open(): void {
    const st = this.model().status;
    if (st.state === 'active') return; // the room is the place now
    this.m.open();
    if (st.state === 'waiting') this.render();
    else this.check();
  }

  close(): void {
    this.m.close();
  }

  /** Asks the desk again (`consult_desk`); the answer comes through `render`. */
  private check(): void {
    this.show('checking');
    setMessage(this.formErr, null);
    // the answer is a new desk object: the one there now is an old answer
    this.staleDesk = this.model().desk;
    this.asked = true;
    if (!this.deps.send({ type: 'consult_desk' })) {
      this.asked = false;
      this.show('closed');
    }
  }

  /** Whether the desk was asked since the dialog opened (its answer decides the view). */
  private asked = false;
  private staleDesk: unknown = null;

  /** A desk or status change: show what fits. */
  render(): void {
    const { status, desk } = this.model();
    if (status.state === 'active') {
      this.close();
      return;
    }
    if (status.state === 'waiting') {
      this.show('waiting');
      this.setText(this.position, 'consult.waiting.position', { n: status.position });
      this.setText(this.onDuty, 'consult.waiting.onDuty', { n: status.on_duty });
      this.requeued.hidden = !status.requeued;
      this.nobody.hidden = status.on_duty > 0;
      this.waitObservers.input.checked = status.observers;
      this.waitKeepNote.input.checked = status.keep_note;
      setBusy(this.cancelButton, false);
      return;
    }
    if (this.view === 'waiting') {
      // no longer waiting (cancelled, expired): back to the desk's answer
      this.show(desk && desk.on_duty > 0 ? 'form' : 'closed');
      return;
    }
    if (this.view === 'checking' && this.asked && desk && desk !== this.staleDesk) {
      this.asked = false;
      this.show(desk.on_duty > 0 ? 'form' : 'closed');
    }
    if (this.view === 'form' && desk) this.setText(this.deskLine, 'consult.form.onDuty', { n: desk.on_duty, waiting: desk.waiting });
    setBusy(this.sendButton, false);
  }

  /** A refusal of the server about a request; true when it was shown here. */
  onError(code: string): boolean {
    if (!this.isOpen) return false;
    if (code === 'consult_nobody_on_duty') {
      this.show('closed');
      return true;
    }
    const line = this.view === 'waiting' ? this.waitErr : this.formErr;
    if (this.view === 'waiting' || this.view === 'form') {
      setMessage(line, { key: `consult.errors.${code}` });
      line.dataset.code = code;
      setBusy(this.sendButton, false);
      setBusy(this.cancelButton, false);
      return true;
    }
    return false;
  }

  relabel(): void {
    // data-i18n texts are redone by translateDom; nothing drawn by hand here
  }

  private show(view: View): void {
    this.view = view;
    for (const [k, el] of Object.entries(this.views)) el.hidden = k !== view;
    this.notesButton.hidden = !this.deps.isMember();
    if (view === 'form') {
      const desk = this.model().desk;
      if (desk) this.setText(this.deskLine, 'consult.form.onDuty', { n: desk.on_duty, waiting: desk.waiting });
      setBusy(this.sendButton, false);
    }
    // focus the first thing to do in the new view
    queueMicrotask(() => {
      if (!this.isOpen) return;
      const first = this.views[view].querySelector<HTMLElement>('input, textarea, button');
      first?.focus();
    });
  }

  private setText(el: HTMLElement, key: string, params: Record<string, string | number>): void {
    el.dataset.i18n = key;
    el.dataset.i18nParams = JSON.stringify(params);
    el.textContent = t(key, params);
  }

  private submit(e: Event): void {
    e.preventDefault();
    this.topic.error.textContent = '';
    this.text.set(null);
    setMessage(this.formErr, null);
    const checked = checkRequest({ topic: this.topic.get(), text: this.text.input.value, observers: this.observers.input.checked, keep_note: this.keepNote.input.checked });
    if (!checked.ok) {
      if (checked.field === 'topic') {
        setMessage(this.topic.error, { key: checked.key });
        this.topic.el.querySelector<HTMLInputElement>('input')?.focus();
      } else {
        this.text.set({ key: checked.key });
        this.text.input.focus();
      }
      return;
    }
    if (!this.deps.send({ type: 'consult_request', ...checked.value })) {
      setMessage(this.formErr, { key: 'consult.offline' });
      return;
    }
    setBusy(this.sendButton, true);
  }

  private sendConsent(): void {
    setMessage(this.waitErr, null);
    this.deps.send({ type: 'consult_consent', observers: this.waitObservers.input.checked, keep_note: this.waitKeepNote.input.checked });
  }

  private cancel(): void {
    setMessage(this.waitErr, null);
    if (this.deps.send({ type: 'consult_cancel' })) setBusy(this.cancelButton, true);
    else setMessage(this.waitErr, { key: 'consult.offline' });
  }

  private openBank(tab: BankTab): void {
    this.close();
    this.deps.openBank(tab);
  }

  /** After a cancel or a finished consultation, the form starts empty again. */
  reset(): void {
    this.topic.set('');
    this.text.input.value = '';
    this.textCount.update();
    this.observers.input.checked = false;
    this.keepNote.input.checked = false;
  }
}
