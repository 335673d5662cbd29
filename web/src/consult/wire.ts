// The consultation messages of docs/consultation.md ("Messages"), client → server and
// server → client, with the shape checks of what arrives. Server messages are untrusted input:
// `parseConsultMessage` reads every field the client uses and returns null for anything else,
// so the rest of consult/ can rely on the types. Pure; no DOM, no state.

export const TOPICS = ['migraine', 'tension', 'medication', 'child', 'work_school', 'other'] as const;
export type Topic = (typeof TOPICS)[number];

export const OUTCOME_KINDS = ['advice', 'see_specialist', 'own_clinic', 'online'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

/** Error codes of the contract ("Error codes"); each has `consult.errors.<code>`. */
export const CONSULT_ERROR_CODES = [
  'consult_bad_topic',
  'consult_text_too_long',
  'consult_already_open',
  'consult_nobody_on_duty',
  'consult_not_on_duty',
  'consult_gone',
  'consult_busy',
  'no_room_free',
  'consult_not_open',
  'consult_bad_outcome',
  'consult_note_too_long',
  'consult_no_consent',
] as const;
export type ConsultErrorCode = (typeof CONSULT_ERROR_CODES)[number];

export function isConsultError(code: string): code is ConsultErrorCode {
  return (CONSULT_ERROR_CODES as readonly string[]).includes(code);
}

/** Ids are given back to the server exactly as it sent them. */
export type ConsultId = number | string;

export type Outcome =
  | { kind: 'advice' }
  | { kind: 'see_specialist' }
  | { kind: 'own_clinic'; clinic_name: string; clinic_contact: string }
  | { kind: 'online'; link: string };

export type ConsultRole = 'patient' | 'clinician' | 'observer';

export interface Consent {
  observers: boolean;
  keep_note: boolean;
}

export type ConsultStatus =
  | { state: 'none'; reason: string | null }
  | { state: 'waiting'; id: ConsultId; topic: string; position: number; on_duty: number; observers: boolean; keep_note: boolean; requeued: boolean }
  | {
      state: 'active';
      id: ConsultId;
      role: ConsultRole;
      space: string;
      topic: string;
      text: string;
      patient: { name: string };
      clinician: { name: string };
      observers: Array<{ id: number; name: string }>;
      consent: Consent;
      away: boolean;
    }
  | {
      state: 'ended';
      id: ConsultId;
      role: ConsultRole;
      by: string;
      /** The topic (the server adds it; '' when absent). */
      topic: string;
      outcome: Outcome | null;
      note: string | null;
      clinician: { name: string };
      ended_ms: number;
    };

export interface QueuedRequest {
  id: ConsultId;
  topic: string;
  text: string;
  waited_s: number;
  observers: boolean;
  keep_note: boolean;
}

export interface Observable {
  id: ConsultId;
  topic: string;
  minutes: number;
}

export type ConsultServerMessage =
  | { type: 'consult_desk'; on_duty: number; waiting: number; topics: string[] }
  | { type: 'consult_status'; status: ConsultStatus }
  | { type: 'consult_queue'; on: boolean; on_duty: number; requests: QueuedRequest[]; arrived: ConsultId | null }
  | { type: 'observe_list'; consultations: Observable[] };

export type ConsultClientMessage =
  | { type: 'consult_desk' }
  | { type: 'consult_request'; topic: Topic; text: string; observers: boolean; keep_note: boolean }
  | { type: 'consult_cancel' }
  | { type: 'consult_consent'; observers: boolean; keep_note: boolean }
  | { type: 'duty'; on: boolean }
  | { type: 'consult_accept'; id: ConsultId }
  | { type: 'consult_end'; outcome?: Outcome; note?: string }
  | { type: 'observe_list' }
  | { type: 'observe'; id: ConsultId }
  | { type: 'observe_leave' };

/** The server → client types this module reads. */
export const CONSULT_SERVER_TYPES = ['consult_desk', 'consult_status', 'consult_queue', 'observe_list'] as const;

// --- shape checks ------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const count = (v: unknown): number => (isNum(v) && v >= 0 ? Math.floor(v) : 0);
const str = (v: unknown): string => (isStr(v) ? v : '');

function asId(v: unknown): ConsultId | null {
  if (isNum(v)) return v;
  if (isStr(v) && v !== '') return v;
  return null;
}

function asName(v: unknown): { name: string } {
  return { name: isObj(v) && isStr(v.name) ? v.name : '' };
}

function asRole(v: unknown): ConsultRole | null {
  return v === 'patient' || v === 'clinician' || v === 'observer' ? v : null;
}

export function asOutcome(v: unknown): Outcome | null {
  if (!isObj(v)) return null;
  switch (v.kind) {
    case 'advice':
    case 'see_specialist':
      return { kind: v.kind };
    case 'own_clinic':
      return isStr(v.clinic_name) && isStr(v.clinic_contact) ? { kind: 'own_clinic', clinic_name: v.clinic_name, clinic_contact: v.clinic_contact } : null;
    case 'online':
      // only a web address is ever made a link
      return isStr(v.link) && /^https:\/\//i.test(v.link) ? { kind: 'online', link: v.link } : null;
    default:
      return null;
  }
}

export function asStatus(v: Obj): ConsultStatus | null {
  switch (v.state) {
    case 'none':
      return { state: 'none', reason: isStr(v.reason) && v.reason !== '' ? v.reason : null };
    case 'waiting': {
      const id = asId(v.id);
      if (id === null) return null;
      return {
        state: 'waiting',
        id,
        topic: str(v.topic),
        position: Math.max(1, count(v.position)),
        on_duty: count(v.on_duty),
        observers: v.observers === true,
        keep_note: v.keep_note === true,
        requeued: v.requeued === true,
      };
    }
    case 'active': {
      const id = asId(v.id);
      const role = asRole(v.role);
      if (id === null || role === null || !isStr(v.space) || v.space === '') return null;
      const consent = isObj(v.consent) ? v.consent : {};
      const observers = Array.isArray(v.observers)
        ? v.observers.filter((o): o is Obj => isObj(o) && isNum(o.id) && isStr(o.name)).map((o) => ({ id: o.id as number, name: o.name as string }))
        : [];
      return {
        state: 'active',
        id,
        role,
        space: v.space,
        topic: str(v.topic),
        text: str(v.text),
        patient: asName(v.patient),
        clinician: asName(v.clinician),
        observers,
        consent: { observers: consent.observers === true, keep_note: consent.keep_note === true },
        away: v.away === true,
      };
    }
    case 'ended': {
      const id = asId(v.id);
      if (id === null) return null;
      return {
        state: 'ended',
        id,
        role: asRole(v.role) ?? 'patient',
        by: str(v.by),
        topic: str(v.topic),
        outcome: asOutcome(v.outcome),
        note: isStr(v.note) && v.note !== '' ? v.note : null,
        clinician: asName(v.clinician),
        ended_ms: isNum(v.ended_ms) ? v.ended_ms : Date.now(),
      };
    }
    default:
      return null;
  }
}

function asRequest(v: unknown): QueuedRequest | null {
  if (!isObj(v)) return null;
  const id = asId(v.id);
  if (id === null) return null;
  return { id, topic: str(v.topic), text: str(v.text), waited_s: count(v.waited_s), observers: v.observers === true, keep_note: v.keep_note === true };
}

function asObservable(v: unknown): Observable | null {
  if (!isObj(v)) return null;
  const id = asId(v.id);
  return id === null ? null : { id, topic: str(v.topic), minutes: count(v.minutes) };
}

/** Reads one consultation message (already JSON-parsed); null when it is not one or malformed. */
export function parseConsultMessage(v: unknown): ConsultServerMessage | null {
  if (!isObj(v)) return null;
  switch (v.type) {
    case 'consult_desk':
      return { type: 'consult_desk', on_duty: count(v.on_duty), waiting: count(v.waiting), topics: Array.isArray(v.topics) ? v.topics.filter(isStr) : [] };
    case 'consult_status': {
      // the status may come flat ({type, state, …}) or wrapped in `status`
      const status = asStatus(isObj(v.status) ? v.status : v);
      return status ? { type: 'consult_status', status } : null;
    }
    case 'consult_queue': {
      if (!Array.isArray(v.requests)) return null;
      const requests = v.requests.map(asRequest).filter((r): r is QueuedRequest => r !== null);
      return { type: 'consult_queue', on: v.on === true, on_duty: count(v.on_duty), requests, arrived: asId(v.arrived) };
    }
    case 'observe_list': {
      if (!Array.isArray(v.consultations)) return null;
      return { type: 'observe_list', consultations: v.consultations.map(asObservable).filter((c): c is Observable => c !== null) };
    }
    default:
      return null;
  }
}
