// The clinician's end of a consultation (docs/consultation.md, `consult_end`): the outcome —
// advice only; see a headache specialist in person; a referral to one's own clinic (name and
// contact); online care (an https link) — and an optional note the patient keeps, which can be
// written only when the patient allowed it. Checked here for the person's sake; the server
// checks again. Owned by consult/hud.ts; single-threaded.

import { choiceGroup } from '../bank/chips';
import { type Modal, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { type Field, formError, inputField, setBusy, setMessage, textareaField } from '../ui/form';
import { counter } from './controls';
import { CLINIC_CONTACT_MAX, CLINIC_NAME_MAX, LINK_MAX, NOTE_MAX, checkEnd } from './validate';
import { type ConsultClientMessage, OUTCOME_KINDS } from './wire';

export class EndDialog {
  private readonly m: Modal;
  private readonly outcome;
  private readonly clinicName: Field<HTMLInputElement>;
  private readonly clinicContact: Field<HTMLInputElement>;
  private readonly link: Field<HTMLInputElement>;
  private readonly note: Field<HTMLTextAreaElement>;
  private readonly noteCount;
  private readonly noteOff: HTMLElement;
  private readonly error: HTMLParagraphElement;
  private readonly send: HTMLButtonElement;
  private keepNote = false;

  constructor(private readonly post: (m: ConsultClientMessage) => boolean) {
    this.m = modal({ title: 'consult.end.title', testid: 'consult-end-dialog', class: 'consult-dialog' });
    this.outcome = choiceGroup({
      legend: 'consult.end.outcome',
      testid: 'consult-outcome',
      options: OUTCOME_KINDS.map((k) => ({ value: k, key: `consult.outcomes.${k}` })),
      value: '',
      onChange: () => this.showFields(),
    });
    this.outcome.el.classList.add('consult-outcomes');
    this.clinicName = inputField({ label: 'consult.end.clinicName', testid: 'consult-clinic-name', maxlength: CLINIC_NAME_MAX, autocomplete: 'organization' });
    this.clinicContact = inputField({ label: 'consult.end.clinicContact', hint: 'consult.end.clinicContactHint', testid: 'consult-clinic-contact', maxlength: CLINIC_CONTACT_MAX });
    this.link = inputField({ label: 'consult.end.link', hint: 'consult.end.linkHint', testid: 'consult-link', type: 'url', inputmode: 'url', maxlength: LINK_MAX, placeholder: 'consult.end.linkPlaceholder' });
    this.note = textareaField({ label: 'consult.end.note', hint: 'consult.end.noteHint', testid: 'consult-end-note', rows: 5 });
    this.noteCount = counter(this.note.input, NOTE_MAX, 'consult-end-note-count');
    this.note.el.append(this.noteCount.el);
    this.noteOff = h('p', { class: 'consult-note-line', i18n: 'consult.end.noteOff', attrs: { 'data-testid': 'consult-note-off' } });
    this.error = formError('consult-end-error');
    this.send = h('button', { class: 'btn btn-primary', i18n: 'consult.end.send', attrs: { type: 'submit', 'data-testid': 'consult-end-send' } });
    const cancel = h('button', { class: 'btn btn-secondary', i18n: 'consult.end.back', attrs: { type: 'button', 'data-testid': 'consult-end-back' }, on: { click: () => this.close() } });
    const form = h('form', { class: 'consult-form', attrs: { novalidate: true }, on: { submit: (e) => this.submit(e) } }, [
      h('p', { class: 'field-hint', i18n: 'consult.end.intro' }),
      this.outcome.el,
      this.clinicName.el,
      this.clinicContact.el,
      this.link.el,
      this.note.el,
      this.noteOff,
      this.error,
      h('div', { class: 'consult-actions' }, [cancel, this.send]),
    ]);
    this.m.body.append(form);
    this.m.footer.remove();
    this.showFields();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  /** Opens the form; the note is possible only when the patient allows it (`keepNote`). */
  open(keepNote: boolean): void {
    this.setKeepNote(keepNote);
    setMessage(this.error, null);
    setBusy(this.send, false);
    this.m.open();
    this.outcome.el.querySelector<HTMLInputElement>('input')?.focus();
  }

  /** The patient changed the consent while the form is open. */
  setKeepNote(keepNote: boolean): void {
    this.keepNote = keepNote;
    this.note.input.disabled = !keepNote;
    this.note.el.classList.toggle('disabled', !keepNote);
    this.noteOff.hidden = keepNote;
  }

  close(): void {
    this.m.close();
  }

  reset(): void {
    this.outcome.set('');
    for (const f of [this.clinicName, this.clinicContact, this.link]) f.input.value = '';
    this.note.input.value = '';
    this.noteCount.update();
    this.showFields();
  }

  onError(code: string): boolean {
    if (!this.m.el.open) return false;
    setMessage(this.error, { key: `consult.errors.${code}` });
    this.error.dataset.code = code;
    setBusy(this.send, false);
    return true;
  }

  private showFields(): void {
    const kind = this.outcome.get();
    this.clinicName.el.hidden = kind !== 'own_clinic';
    this.clinicContact.el.hidden = kind !== 'own_clinic';
    this.link.el.hidden = kind !== 'online';
  }

  private submit(e: Event): void {
    e.preventDefault();
    for (const f of [this.clinicName, this.clinicContact, this.link, this.note]) f.set(null);
    setMessage(this.outcome.error, null);
    setMessage(this.error, null);
    const checked = checkEnd({
      kind: this.outcome.get(),
      clinic_name: this.clinicName.input.value,
      clinic_contact: this.clinicContact.input.value,
      link: this.link.input.value,
      note: this.note.input.value,
      keepNote: this.keepNote,
    });
    if (!checked.ok) {
      const field = { clinic_name: this.clinicName, clinic_contact: this.clinicContact, link: this.link, note: this.note }[checked.field];
      if (field) {
        field.set({ key: checked.key });
        field.input.focus();
      } else {
        setMessage(this.outcome.error, { key: checked.key });
        this.outcome.el.querySelector<HTMLInputElement>('input')?.focus();
      }
      return;
    }
    if (!this.post({ type: 'consult_end', ...checked.value })) {
      setMessage(this.error, { key: 'consult.offline' });
      return;
    }
    setBusy(this.send, true);
  }
}
