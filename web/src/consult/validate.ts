// The limits of docs/consultation.md, checked before sending so the person hears about them at
// once; the server checks them again and decides. Lengths count characters (code points) of the
// trimmed text, as the server does. Pure; tested in validate.test.ts.

import { type Outcome, type OutcomeKind, TOPICS, type Topic } from './wire';

export const TEXT_MAX = 200;
export const NOTE_MAX = 2000;
export const CLINIC_NAME_MAX = 100;
export const CLINIC_CONTACT_MAX = 200;
export const LINK_MAX = 300;

export function chars(text: string): number {
  return Array.from(text.trim()).length;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; field: string; key: string };

export interface RequestForm {
  topic: string;
  text: string;
  observers: boolean;
  keep_note: boolean;
}

export function checkRequest(f: RequestForm): Checked<{ topic: Topic; text: string; observers: boolean; keep_note: boolean }> {
  if (!(TOPICS as readonly string[]).includes(f.topic)) return { ok: false, field: 'topic', key: 'consult.form.pickTopic' };
  if (chars(f.text) > TEXT_MAX) return { ok: false, field: 'text', key: 'consult.errors.consult_text_too_long' };
  return { ok: true, value: { topic: f.topic as Topic, text: f.text.trim(), observers: f.observers, keep_note: f.keep_note } };
}

export interface EndForm {
  kind: string;
  clinic_name: string;
  clinic_contact: string;
  link: string;
  note: string;
  /** Whether the patient allows a kept note (the note is not sent otherwise). */
  keepNote: boolean;
}

/** An https address with a host, as the contract asks of `online.link`. */
export function isHttpsLink(link: string): boolean {
  if (!/^https:\/\//i.test(link) || /\s/.test(link)) return false;
  try {
    const u = new URL(link);
    return u.protocol === 'https:' && u.hostname !== '';
  } catch {
    return false;
  }
}

export function checkEnd(f: EndForm): Checked<{ outcome: Outcome; note?: string }> {
  const kind = f.kind as OutcomeKind;
  let outcome: Outcome;
  switch (kind) {
    case 'advice':
    case 'see_specialist':
      outcome = { kind };
      break;
    case 'own_clinic': {
      const name = f.clinic_name.trim();
      const contact = f.clinic_contact.trim();
      if (name === '') return { ok: false, field: 'clinic_name', key: 'consult.end.needClinicName' };
      if (chars(name) > CLINIC_NAME_MAX) return { ok: false, field: 'clinic_name', key: 'consult.end.clinicNameTooLong' };
      if (contact === '') return { ok: false, field: 'clinic_contact', key: 'consult.end.needClinicContact' };
      if (chars(contact) > CLINIC_CONTACT_MAX) return { ok: false, field: 'clinic_contact', key: 'consult.end.clinicContactTooLong' };
      outcome = { kind, clinic_name: name, clinic_contact: contact };
      break;
    }
    case 'online': {
      const link = f.link.trim();
      if (!isHttpsLink(link)) return { ok: false, field: 'link', key: 'consult.end.needHttps' };
      if (chars(link) > LINK_MAX) return { ok: false, field: 'link', key: 'consult.end.linkTooLong' };
      outcome = { kind, link };
      break;
    }
    default:
      return { ok: false, field: 'kind', key: 'consult.end.pickOutcome' };
  }
  const note = f.note.trim();
  if (f.keepNote && chars(note) > NOTE_MAX) return { ok: false, field: 'note', key: 'consult.errors.consult_note_too_long' };
  return { ok: true, value: f.keepNote && note !== '' ? { outcome, note } : { outcome } };
}
