// HTTP calls of the digital headache bank (docs/bank.md). Same rules as net/api.ts: every call
// answers with a value or an ApiFailure and never throws for a server's "no"; the session is
// the HttpOnly cookie, and the CSRF token the shared Api object holds in memory goes out as
// `X-CSRF-Token` on every POST, PUT and DELETE. `fetchImpl` is injectable for tests.

import type { Api, ApiFailure } from '../net/api';
import { asApiError, isObj, isStr } from '../net/messages';
import { type Aggregate, type Survey, type SurveySummary, asAggregate, asSurvey, asSurveySummary } from './survey';
import { type DiaryEntry, type SelfCheck, asEntry, asSelfCheck, entryBody } from './types';

type Fetch = typeof fetch;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A refusal may name the field it is about (`diary_invalid`, `survey_invalid`). */
export type BankFailure = ApiFailure & { field?: string };
export type BankResult<T> = { ok: true; value: T } | { ok: false; failure: BankFailure };

export interface SurveyResponse {
  version: number;
  consent: true;
  anonymous: boolean;
  answers: Record<string, unknown>;
}

/** A file the server made (CSV, JSON), with the name it suggests. */
export interface Download {
  blob: Blob;
  filename: string | null;
}

function fieldOf(body: unknown): string | undefined {
  if (!isObj(body)) return undefined;
  if (isObj(body.error) && isStr(body.error.field)) return body.error.field;
  return isStr(body.field) ? body.field : undefined;
}

function list<T>(key: string, read: (v: unknown) => T | null): (body: unknown) => T[] | null {
  return (body) => {
    if (!isObj(body) || !Array.isArray(body[key])) return null;
    return (body[key] as unknown[]).map(read).filter((x): x is T => x !== null);
  };
}

const noContent = (): true => true;

export class BankApi {
  constructor(
    private readonly api: Pick<Api, 'csrf'>,
    private readonly base = '',
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  private async send(method: Method, path: string, json: unknown, accept: string): Promise<Response | BankFailure> {
    const headers: Record<string, string> = { Accept: accept };
    if (json !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const csrf = this.api.csrf;
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    try {
      return await this.fetchImpl(this.base + path, {
        method,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
        credentials: 'same-origin',
        cache: 'no-store',
      });
    } catch {
      return { kind: 'network', status: 0 };
    }
  }

  private static async failure(res: Response): Promise<BankFailure> {
    let parsed: unknown = null;
    try {
      parsed = await res.json();
    } catch {
      parsed = null;
    }
    const error = asApiError(parsed);
    if (!error) return { kind: 'network', status: res.status };
    const field = fieldOf(parsed);
    return field ? { kind: 'rejected', status: res.status, error, field } : { kind: 'rejected', status: res.status, error };
  }

  private async call<T>(method: Method, path: string, json: unknown, read: (body: unknown) => T | null): Promise<BankResult<T>> {
    const res = await this.send(method, path, json, 'application/json');
    if (!(res instanceof Response)) return { ok: false, failure: res };
    if (!res.ok) return { ok: false, failure: await BankApi.failure(res) };
    let parsed: unknown = null;
    if (res.status !== 204) {
      try {
        parsed = await res.json();
      } catch {
        parsed = null;
      }
    }
    const value = read(parsed);
    if (value === null) return { ok: false, failure: { kind: 'network', status: res.status } };
    return { ok: true, value };
  }

  private async download(path: string, accept: string): Promise<BankResult<Download>> {
    const res = await this.send('GET', path, undefined, accept);
    if (!(res instanceof Response)) return { ok: false, failure: res };
    if (!res.ok) return { ok: false, failure: await BankApi.failure(res) };
    try {
      const blob = await res.blob();
      const cd = res.headers.get('Content-Disposition') ?? '';
      const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(cd);
      return { ok: true, value: { blob, filename: m?.[1] ? decodeURIComponent(m[1]) : null } };
    } catch {
      return { ok: false, failure: { kind: 'network', status: res.status } };
    }
  }

  // --- diary (members) -------------------------------------------------------------------------

  diary(from: string, to: string): Promise<BankResult<DiaryEntry[]>> {
    return this.call('GET', `/api/diary?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, undefined, list('entries', asEntry));
  }

  createEntry(e: DiaryEntry): Promise<BankResult<DiaryEntry>> {
    return this.call('POST', '/api/diary', entryBody(e), (b) => (isObj(b) ? asEntry(b.entry) : null));
  }

  updateEntry(e: DiaryEntry & { id: number }): Promise<BankResult<DiaryEntry>> {
    return this.call('PUT', `/api/diary/${e.id}`, { ...entryBody(e), id: e.id }, (b) => (isObj(b) ? asEntry(b.entry) : null));
  }

  deleteEntry(id: number): Promise<BankResult<true>> {
    return this.call('DELETE', `/api/diary/${id}`, undefined, noContent);
  }

  diaryCsv(): Promise<BankResult<Download>> {
    return this.download('/api/diary.csv', 'text/csv');
  }

  // --- self-check ------------------------------------------------------------------------------

  /** `{}` for a member's stored diary, `{entries}` for a browser diary, `{questionnaire}`. */
  selfCheck(body: object): Promise<BankResult<SelfCheck>> {
    return this.call('POST', '/api/selfcheck', body, asSelfCheck);
  }

  // --- surveys ---------------------------------------------------------------------------------

  surveys(): Promise<BankResult<SurveySummary[]>> {
    return this.call('GET', '/api/surveys', undefined, list('surveys', asSurveySummary));
  }

  survey(id: string): Promise<BankResult<Survey>> {
    return this.call('GET', `/api/surveys/${encodeURIComponent(id)}`, undefined, asSurvey);
  }

  respond(id: string, body: SurveyResponse): Promise<BankResult<true>> {
    return this.call('POST', `/api/surveys/${encodeURIComponent(id)}/responses`, body, noContent);
  }

  aggregate(id: string): Promise<BankResult<Aggregate>> {
    return this.call('GET', `/api/surveys/${encodeURIComponent(id)}/aggregate`, undefined, asAggregate);
  }

  // --- own data --------------------------------------------------------------------------------

  myData(): Promise<BankResult<Download>> {
    return this.download('/api/me/data', 'application/json');
  }

  deleteMyData(): Promise<BankResult<true>> {
    return this.call('DELETE', '/api/me/data', undefined, noContent);
  }
}

