// The docked panel during a consultation (docs/consultation.md, `active`): who is in the room
// (patient, clinician, observers with a trainee badge; "away" while the other side's connection
// is gone), the patient's short text for the clinician and observers, the patient's consent
// switches (withdrawing observers removes them at once), and the way out: "end" for patient and
// clinician (the clinician's opens the outcome form), "leave" for an observer, who is muted by
// default. Owned by consult/dock.ts; single-threaded.

import { h } from '../ui/dom';
import { formError, setMessage } from '../ui/form';
import { consentBox } from './controls';
import { topicKey } from './format';
import { consultIcon } from './icons';
import type { ConsultStatus } from './wire';

type Active = Extract<ConsultStatus, { state: 'active' }>;

export interface RoomDeps {
  consent(observers: boolean, keepNote: boolean): boolean;
  end(): void;
  leave(): void;
}

export class RoomView {
  readonly el: HTMLElement;
  private readonly topic: HTMLElement;
  private readonly people: HTMLUListElement;
  private readonly text: HTMLElement;
  private readonly away: HTMLElement;
  private readonly observerNote: HTMLElement;
  private readonly consents: HTMLElement;
  private readonly observers;
  private readonly keepNote;
  private readonly endButton: HTMLButtonElement;
  private readonly leaveButton: HTMLButtonElement;
  private readonly error: HTMLParagraphElement;

  constructor(private readonly deps: RoomDeps) {
    this.topic = h('p', { class: 'consult-room-topic', attrs: { 'data-testid': 'consult-room-topic' } });
    this.people = h('ul', { class: 'consult-people', i18nAria: 'consult.room.people', attrs: { 'data-testid': 'consult-people' } });
    this.text = h('blockquote', { class: 'consult-text', attrs: { 'data-testid': 'consult-room-text' } });
    this.away = h('p', { class: 'consult-away', i18n: 'consult.room.away', attrs: { role: 'status', 'data-testid': 'consult-away' } });
    this.observerNote = h('p', { class: 'field-hint', i18n: 'consult.room.observerNote', attrs: { 'data-testid': 'consult-observer-note' } });
    const send = () => {
      setMessage(this.error, null);
      if (!this.deps.consent(this.observers.input.checked, this.keepNote.input.checked)) setMessage(this.error, { key: 'consult.offline' });
    };
    this.observers = consentBox({ label: 'consult.form.observers', hint: 'consult.room.observersHint', testid: 'consult-consent-observers', role: 'switch', onChange: send });
    this.keepNote = consentBox({ label: 'consult.form.keepNote', hint: 'consult.form.keepNoteHint', testid: 'consult-consent-note', role: 'switch', onChange: send });
    this.consents = h('div', { class: 'consult-room-consents' }, [this.observers.el, this.keepNote.el]);
    this.endButton = h('button', { class: 'btn btn-danger-outline', attrs: { type: 'button', 'data-testid': 'consult-end' }, on: { click: () => this.deps.end() } }, [
      consultIcon('door'),
      h('span', { i18n: 'consult.room.end' }),
    ]);
    this.leaveButton = h('button', { class: 'btn btn-secondary', attrs: { type: 'button', 'data-testid': 'consult-observe-leave' }, on: { click: () => this.deps.leave() } }, [
      consultIcon('door'),
      h('span', { i18n: 'consult.room.leave' }),
    ]);
    this.error = formError('consult-room-error');
    this.el = h('section', { class: 'consult-room', attrs: { 'data-testid': 'consult-room' } }, [
      h('p', { class: 'consult-private' }, [consultIcon('lock'), h('span', { i18n: 'consult.room.private' })]),
      this.topic,
      this.people,
      this.away,
      this.text,
      this.observerNote,
      this.consents,
      this.error,
      h('div', { class: 'consult-actions' }, [this.leaveButton, this.endButton]),
    ]);
  }

  render(s: Active): void {
    this.topic.replaceChildren(h('span', { i18n: 'consult.room.topic' }), h('strong', { i18n: topicKey(s.topic) }));
    const person = (name: string, roleKey: string, badge: string, testid: string, id?: number) =>
      h('li', { class: 'consult-person', attrs: { 'data-testid': testid, 'data-id': id } }, [
        h('span', { class: 'consult-person-name', text: name }),
        h('span', { class: `consult-badge ${badge}`, i18n: roleKey }),
      ]);
    this.people.replaceChildren(
      person(s.patient.name, 'consult.room.patient', 'patient', 'consult-person-patient'),
      person(s.clinician.name, 'consult.room.clinician', 'clinician', 'consult-person-clinician'),
      ...s.observers.map((o) => person(o.name, 'consult.room.trainee', 'trainee', 'consult-person-observer', o.id)),
    );
    this.away.hidden = !s.away;
    this.text.hidden = s.role === 'patient' || s.text === '';
    this.text.textContent = s.text;
    this.observerNote.hidden = s.role !== 'observer';
    this.consents.hidden = s.role !== 'patient';
    this.observers.input.checked = s.consent.observers;
    this.observers.input.setAttribute('aria-checked', String(s.consent.observers));
    this.keepNote.input.checked = s.consent.keep_note;
    this.keepNote.input.setAttribute('aria-checked', String(s.consent.keep_note));
    this.endButton.hidden = s.role === 'observer';
    this.leaveButton.hidden = s.role !== 'observer';
  }

  onError(code: string): boolean {
    if (code !== 'consult_not_open') return false;
    setMessage(this.error, { key: `consult.errors.${code}` });
    this.error.dataset.code = code;
    return true;
  }
}
