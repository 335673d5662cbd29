// HTTP API of docs/protocol.md. Every call answers with a value or an `ApiFailure`; nothing
// here throws for a server's "no". `fetchImpl` is injectable for tests.
//
// Authentication is the server's HttpOnly session cookie, which the page's script never sees.
// What the script does hold is the CSRF token from the latest session JSON: it lives only in
// this object's memory (never in storage) and goes out as `X-CSRF-Token` with every POST,
// PATCH and DELETE. One Api per page; single-threaded.

import {
  type ApplicationForm,
  type AuditEntry,
  type Badge,
  type ClinicianApplication,
  type ModUser,
  type Relation,
  type Report,
  type ReportForm,
  type RosterResult,
  type UserTrail,
  type VerifyResult,
  asApplication,
  asAuditEntry,
  asBadge,
  asModUser,
  asOk,
  asOwnApplication,
  asRelation,
  asReport,
  asRosterResult,
  asUserBody,
  asUserTrail,
  asVerifyResult,
  type ConsultStats,
  asConsultStats,
  field,
} from './apiTypes';
import {
  type ApiError,
  type Me,
  type RulesBody,
  type SessionBody,
  type SpaceSummary,
  asApiError,
  asRules,
  asSession,
  asSpaces,
  isObj,
} from './messages';

export type ApiFailure =
  /** The server said no, with a code and a message for people. */
  | { kind: 'rejected'; status: number; error: ApiError }
  /** No answer, or one that is not what the protocol says. */
  | { kind: 'network'; status: number };

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

type Fetch = typeof fetch;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type Body = { json: unknown } | { csv: string } | null;

/** The error code of a failure ('' for a network failure). */
export function failureCode(f: ApiFailure): string {
  return f.kind === 'rejected' ? f.error.code : '';
}

export type RelationKind = 'blocks' | 'mutes';

export class Api {
  private csrfToken: string | null = null;

  constructor(
    private readonly base = '',
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  /** The CSRF token in use (tests and the debug hook read it; null before any session). */
  get csrf(): string | null {
    return this.csrfToken;
  }

  private async call<T>(method: Method, path: string, body: Body, read: (body: unknown) => T | null): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let payload: string | undefined;
    if (body && 'json' in body) {
      headers['Content-Type'] = 'application/json; charset=utf-8';
      payload = JSON.stringify(body.json);
    } else if (body && 'csv' in body) {
      headers['Content-Type'] = 'text/csv; charset=utf-8';
      payload = body.csv;
    }
    if (method !== 'GET' && this.csrfToken) headers['X-CSRF-Token'] = this.csrfToken;
    let res: Response;
    try {
      res = await this.fetchImpl(this.base + path, {
        method,
        headers,
        ...(payload !== undefined ? { body: payload } : {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      return { ok: false, failure: { kind: 'network', status: 0 } };
    }
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const error = asApiError(parsed);
      return {
        ok: false,
        failure: error ? { kind: 'rejected', status: res.status, error } : { kind: 'network', status: res.status },
      };
    }
    const value = read(parsed);
    if (value === null) return { ok: false, failure: { kind: 'network', status: res.status } };
    return { ok: true, value };
  }

  /** A call whose answer is a session JSON: keeps its CSRF token. */
  private async sessionCall(method: Method, path: string, body: Body): Promise<ApiResult<SessionBody>> {
    const res = await this.call(method, path, body, asSession);
    if (res.ok) this.csrfToken = res.value.csrf;
    else if (res.failure.kind === 'rejected' && res.failure.status === 401 && method === 'GET') this.csrfToken = null;
    return res;
  }

  // --- public ----------------------------------------------------------------------------------

  rules(): Promise<ApiResult<RulesBody>> {
    return this.call('GET', '/api/rules', null, asRules);
  }

  spaces(): Promise<ApiResult<SpaceSummary[]>> {
    return this.call('GET', '/api/spaces', null, (b) => (isObj(b) ? asSpaces(b.spaces) : null));
  }

  /** Badges of verified clinicians among `ids` (at most 100 are asked at once). */
  badges(ids: readonly number[]): Promise<ApiResult<Badge[]>> {
    const list = [...new Set(ids)].filter((id) => Number.isInteger(id) && id > 0).slice(0, 100);
    return this.call('GET', `/api/badges?ids=${list.join(',')}`, null, field('badges', asBadge));
  }

  // --- session and account ---------------------------------------------------------------------

  /** A new guest session (sets the cookies). `rulesVersion` is the version the person accepted. */
  createSession(name: string, avatar: number, rulesVersion: number): Promise<ApiResult<SessionBody>> {
    return this.sessionCall('POST', '/api/session', { json: { name, avatar, rules_version: rulesVersion } });
  }

  /** Who this browser is signed in as; `rejected`/401 means nobody. */
  session(): Promise<ApiResult<SessionBody>> {
    return this.sessionCall('GET', '/api/session', null);
  }

  login(loginId: string, password: string): Promise<ApiResult<SessionBody>> {
    return this.sessionCall('POST', '/api/login', { json: { login_id: loginId, password } });
  }

  async signOut(): Promise<ApiResult<true>> {
    const res = await this.call('DELETE', '/api/session', null, asOk);
    if (res.ok) this.csrfToken = null;
    return res;
  }

  /** A guest becomes a member with the same id. */
  createAccount(loginId: string, password: string): Promise<ApiResult<Me>> {
    return this.call('POST', '/api/account', { json: { login_id: loginId, password } }, asUserBody);
  }

  /** Erases the person's data; `password` is needed for accounts (ignored for guests). */
  async deleteAccount(password: string): Promise<ApiResult<true>> {
    const res = await this.call('DELETE', '/api/account', { json: { password } }, asOk);
    if (res.ok) this.csrfToken = null;
    return res;
  }

  changePassword(current: string, password: string): Promise<ApiResult<true>> {
    return this.call('POST', '/api/account/password', { json: { current, password } }, asOk);
  }

  updateProfile(change: { name?: string; avatar?: number }): Promise<ApiResult<Me>> {
    return this.call('PATCH', '/api/profile', { json: change }, asUserBody);
  }

  acceptRules(version: number): Promise<ApiResult<true>> {
    return this.call('POST', '/api/rules/accept', { json: { version } }, asOk);
  }

  myApplication(): Promise<ApiResult<{ application: ClinicianApplication | null }>> {
    return this.call('GET', '/api/clinician/application', null, asOwnApplication);
  }

  applyAsClinician(form: ApplicationForm): Promise<ApiResult<ClinicianApplication>> {
    return this.call('POST', '/api/clinician/application', { json: form }, (b) => (isObj(b) ? asApplication(b.application) : null));
  }

  // --- safety ----------------------------------------------------------------------------------

  relations(kind: RelationKind): Promise<ApiResult<Relation[]>> {
    return this.call('GET', `/api/${kind}`, null, field(kind, asRelation));
  }

  /** Mutes/blocks (`on`) or unmutes/unblocks someone. */
  relate(kind: RelationKind, userId: number, on: boolean): Promise<ApiResult<true>> {
    return on
      ? this.call('POST', `/api/${kind}`, { json: { user_id: userId } }, asOk)
      : this.call('DELETE', `/api/${kind}/${encodeURIComponent(String(userId))}`, null, asOk);
  }

  report(form: ReportForm): Promise<ApiResult<true>> {
    return this.call('POST', '/api/reports', { json: form }, asOk);
  }

  // --- staff: moderators and admins ------------------------------------------------------------

  reports(status: 'open' | 'resolved'): Promise<ApiResult<Report[]>> {
    return this.call('GET', `/api/mod/reports?status=${status}`, null, field('reports', asReport));
  }

  resolveReport(id: number, resolution: string): Promise<ApiResult<Report>> {
    return this.call('POST', `/api/mod/reports/${id}/resolve`, { json: { resolution } }, (b) => (isObj(b) ? asReport(b.report) : null));
  }

  findUsers(q: string): Promise<ApiResult<ModUser[]>> {
    return this.call('GET', `/api/mod/users?q=${encodeURIComponent(q)}`, null, field('users', asModUser));
  }

  userTrail(id: number): Promise<ApiResult<UserTrail>> {
    return this.call('GET', `/api/mod/users/${id}/audit`, null, asUserTrail);
  }

  warn(id: number, message: string): Promise<ApiResult<true>> {
    return this.call('POST', `/api/mod/users/${id}/warn`, { json: { message } }, asOk);
  }

  kick(id: number, reason: string): Promise<ApiResult<true>> {
    return this.call('POST', `/api/mod/users/${id}/kick`, { json: { reason } }, asOk);
  }

  /** `hours` 0 = for good. */
  ban(id: number, reason: string, hours: number): Promise<ApiResult<true>> {
    return this.call('POST', `/api/mod/users/${id}/ban`, { json: { reason, hours } }, asOk);
  }

  unban(id: number): Promise<ApiResult<true>> {
    return this.call('POST', `/api/mod/users/${id}/unban`, null, asOk);
  }

  // --- admins ----------------------------------------------------------------------------------

  clinicianApplications(status: 'pending' | 'approved' | 'rejected'): Promise<ApiResult<ClinicianApplication[]>> {
    return this.call('GET', `/api/admin/clinicians?status=${status}`, null, field('applications', asApplication));
  }

  decideApplication(id: number, approve: boolean, note: string): Promise<ApiResult<ClinicianApplication>> {
    return this.call('POST', `/api/admin/clinicians/${id}/${approve ? 'approve' : 'reject'}`, { json: { note } }, (b) =>
      isObj(b) ? asApplication(b.application) : null,
    );
  }

  /** Uploads a roster: CSV `registration_number,name,specialty`, sent as it is. */
  importRoster(csv: string): Promise<ApiResult<RosterResult>> {
    return this.call('POST', '/api/admin/roster', { csv }, asRosterResult);
  }

  setRole(id: number, role: string): Promise<ApiResult<true>> {
    return this.call('POST', `/api/admin/users/${id}/role`, { json: { role } }, asOk);
  }

  audit(after = 0): Promise<ApiResult<AuditEntry[]>> {
    return this.call('GET', `/api/admin/audit${after > 0 ? `?after=${after}` : ''}`, null, field('audit', asAuditEntry));
  }

  verifyAudit(): Promise<ApiResult<VerifyResult>> {
    return this.call('POST', '/api/admin/audit/verify', null, asVerifyResult);
  }

  /** Consultation statistics of the last `days` days (admins). */
  consultationStats(days: number): Promise<ApiResult<ConsultStats>> {
    return this.call('GET', `/api/admin/consultations?days=${days}`, null, asConsultStats);
  }
}
