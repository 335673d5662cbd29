// Bodies of the accounts, safety, moderation and admin routes of docs/protocol.md, and their
// readers. Like messages.ts, every reader treats the answer as untrusted: a field of the wrong
// type gets a harmless default, an object without its identifying fields is dropped.

import { type Me, type Obj, asMe, isNum, isObj, isStr } from './messages';

function num(o: Obj, k: string, d = 0): number {
  const v = o[k];
  return isNum(v) ? v : d;
}
function str(o: Obj, k: string, d = ''): string {
  const v = o[k];
  return isStr(v) ? v : d;
}
function list<T>(v: unknown, read: (x: unknown) => T | null): T[] | null {
  if (!Array.isArray(v)) return null;
  const out: T[] = [];
  for (const x of v) {
    const item = read(x);
    if (item !== null) out.push(item);
  }
  return out;
}
/** `{key: [...]}` → the list, or null when the body is not that shape. */
export function field<T>(key: string, read: (x: unknown) => T | null): (body: unknown) => T[] | null {
  return (body) => (isObj(body) ? list(body[key], read) : null);
}

/** A badge the system draws above a verified clinician (`GET /api/badges`). */
export interface Badge {
  id: number;
  kind: string;
  specialty: string;
  name: string;
}

export function asBadge(v: unknown): Badge | null {
  if (!isObj(v) || !isNum(v.id)) return null;
  return { id: v.id, kind: str(v, 'kind', 'clinician'), specialty: str(v, 'specialty'), name: str(v, 'name') };
}

/** One row of `GET /api/blocks` or `GET /api/mutes`. */
export interface Relation {
  user_id: number;
  name: string;
  created_ms: number;
}

export function asRelation(v: unknown): Relation | null {
  if (!isObj(v) || !isNum(v.user_id)) return null;
  return { user_id: v.user_id, name: str(v, 'name'), created_ms: num(v, 'created_ms') };
}

export type ApplicationStatus = 'pending' | 'approved' | 'rejected';

export interface ClinicianApplication {
  id: number;
  user_id: number;
  real_name: string;
  registration_number: string;
  specialty: string;
  affiliation: string;
  status: ApplicationStatus | string;
  decision_note: string;
  created_ms: number;
  decided_ms: number;
}

export interface ApplicationForm {
  real_name: string;
  registration_number: string;
  specialty: string;
  affiliation: string;
}

export function asApplication(v: unknown): ClinicianApplication | null {
  if (!isObj(v) || !isNum(v.id)) return null;
  return {
    id: v.id,
    user_id: num(v, 'user_id'),
    real_name: str(v, 'real_name'),
    registration_number: str(v, 'registration_number'),
    specialty: str(v, 'specialty'),
    affiliation: str(v, 'affiliation'),
    status: str(v, 'status', 'pending'),
    decision_note: str(v, 'decision_note'),
    created_ms: num(v, 'created_ms'),
    decided_ms: num(v, 'decided_ms'),
  };
}

/** `{"application": … | null}` → the own application (null when there is none yet). */
export function asOwnApplication(body: unknown): { application: ClinicianApplication | null } | null {
  if (!isObj(body)) return null;
  return { application: asApplication(body.application) };
}

export const REPORT_REASONS = ['harassment', 'spam', 'impersonation', 'medical_misinformation', 'personal_info', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

export interface ReportForm {
  user_id: number;
  reason: ReportReason;
  message_id?: number;
  space?: string;
  detail?: string;
}

/** One message kept as evidence with a report. */
export interface ContextMessage {
  id: number;
  user: number;
  name: string;
  text: string;
  ts: number;
}

export interface Report {
  id: number;
  reporter_id: number;
  subject_id: number;
  message_id: number;
  space: string;
  reason: string;
  detail: string;
  context: ContextMessage[];
  status: string;
  resolution: string;
  created_ms: number;
  resolved_ms: number;
}

function asContextMessage(v: unknown): ContextMessage | null {
  if (!isObj(v) || !isStr(v.text)) return null;
  return { id: num(v, 'id'), user: num(v, 'user'), name: str(v, 'name'), text: v.text, ts: num(v, 'ts') };
}

export function asReport(v: unknown): Report | null {
  if (!isObj(v) || !isNum(v.id)) return null;
  return {
    id: v.id,
    reporter_id: num(v, 'reporter_id'),
    subject_id: num(v, 'subject_id'),
    message_id: num(v, 'message_id'),
    space: str(v, 'space'),
    reason: str(v, 'reason'),
    detail: str(v, 'detail'),
    context: list(v.context, asContextMessage) ?? [],
    status: str(v, 'status', 'open'),
    resolution: str(v, 'resolution'),
    created_ms: num(v, 'created_ms'),
    resolved_ms: num(v, 'resolved_ms'),
  };
}

/** A user as staff see them in `GET /api/mod/users`. */
export interface ModUser extends Me {
  created_ms: number;
}

export function asModUser(v: unknown): ModUser | null {
  const me = asMe(v);
  if (!me || !isObj(v)) return null;
  return { ...me, created_ms: num(v, 'created_ms') };
}

export interface AuditEntry {
  id: number;
  created_ms: number;
  actor_id: number;
  action: string;
  subject_id: number;
  /** Ids, codes and moderators' reasons (any JSON). */
  detail: unknown;
  hash: string;
}

export function asAuditEntry(v: unknown): AuditEntry | null {
  if (!isObj(v) || !isNum(v.id) || !isStr(v.action)) return null;
  return {
    id: v.id,
    created_ms: num(v, 'created_ms'),
    actor_id: num(v, 'actor_id'),
    action: v.action,
    subject_id: num(v, 'subject_id'),
    detail: v.detail ?? null,
    hash: str(v, 'hash'),
  };
}

export interface Ban {
  id: number;
  user_id: number;
  reason: string;
  created_ms: number;
  /** 0 = for good. */
  until_ms: number;
  /** 0 = still in force (unless `until_ms` passed). */
  lifted_ms: number;
}

export function asBan(v: unknown): Ban | null {
  if (!isObj(v) || !isNum(v.id)) return null;
  return {
    id: v.id,
    user_id: num(v, 'user_id'),
    reason: str(v, 'reason'),
    created_ms: num(v, 'created_ms'),
    until_ms: num(v, 'until_ms'),
    lifted_ms: num(v, 'lifted_ms'),
  };
}

/** Whether a ban still holds at `now` (ms since epoch). */
export function banActive(b: Ban, now: number): boolean {
  return b.lifted_ms === 0 && (b.until_ms === 0 || b.until_ms > now);
}

export interface UserTrail {
  audit: AuditEntry[];
  bans: Ban[];
}

export function asUserTrail(body: unknown): UserTrail | null {
  if (!isObj(body)) return null;
  const audit = list(body.audit, asAuditEntry);
  if (!audit) return null;
  return { audit, bans: list(body.bans, asBan) ?? [] };
}

export interface RosterResult {
  rows: number;
  approved: number;
  errors: string[];
}

export function asRosterResult(body: unknown): RosterResult | null {
  if (!isObj(body) || !isNum(body.rows)) return null;
  return { rows: body.rows, approved: num(body, 'approved'), errors: (list(body.errors, (e) => (isStr(e) ? e : null)) ?? []) };
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_broken_id: number;
  problem: string;
  head_hash: string;
}

export function asVerifyResult(body: unknown): VerifyResult | null {
  if (!isObj(body) || typeof body.ok !== 'boolean') return null;
  return {
    ok: body.ok,
    checked: num(body, 'checked'),
    first_broken_id: num(body, 'first_broken_id'),
    problem: str(body, 'problem'),
    head_hash: str(body, 'head_hash'),
  };
}

/** Percentiles of a duration in seconds. */
export interface Spread {
  p50: number;
  p90: number;
  max: number;
}

/** GET /api/admin/consultations: counts only, no person, no content (docs/consultation.md). */
export interface ConsultStats {
  count: number;
  by_topic: Record<string, number>;
  by_outcome: Record<string, number>;
  by_end: Record<string, number>;
  wait_s: Spread;
  duration_s: Spread;
}

function counts(v: unknown): Record<string, number> | null {
  if (!isObj(v)) return null;
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) {
    if (!isNum(n)) return null;
    out[k] = n;
  }
  return out;
}

function spread(v: unknown): Spread | null {
  return isObj(v) && isNum(v.p50) && isNum(v.p90) && isNum(v.max) ? { p50: v.p50, p90: v.p90, max: v.max } : null;
}

export function asConsultStats(body: unknown): ConsultStats | null {
  if (!isObj(body) || !isNum(body.count)) return null;
  const by_topic = counts(body.by_topic), by_outcome = counts(body.by_outcome), by_end = counts(body.by_end);
  const wait_s = spread(body.wait_s), duration_s = spread(body.duration_s);
  if (!by_topic || !by_outcome || !by_end || !wait_s || !duration_s) return null;
  return { count: body.count, by_topic, by_outcome, by_end, wait_s, duration_s };
}

/** Any `{"ok": true}`-style answer: the status code already said yes. */
export function asOk(body: unknown): true | null {
  return isObj(body) ? true : null;
}

/** `{"user": …}` → the user. */
export function asUserBody(body: unknown): Me | null {
  return isObj(body) ? asMe(body.user) : null;
}
