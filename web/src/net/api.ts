// HTTP API of docs/protocol.md. Every call answers with a value or an `ApiFailure`; nothing
// here throws for a server's "no". `fetchImpl` is injectable for tests.

import {
  type ApiError,
  type RulesBody,
  type SessionBody,
  type SpaceSummary,
  type User,
  asApiError,
  asRules,
  asSession,
  asSpaces,
  asUser,
} from './messages';

export type ApiFailure =
  /** The server said no, with a code and a message for people. */
  | { kind: 'rejected'; status: number; error: ApiError }
  /** No answer, or one that is not what the protocol says. */
  | { kind: 'network'; status: number };

export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

type Fetch = typeof fetch;

export class Api {
  constructor(
    private readonly base = '',
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(
    path: string,
    init: RequestInit,
    read: (body: unknown) => T | null,
  ): Promise<ApiResult<T>> {
    let res: Response;
    try {
      res = await this.fetchImpl(this.base + path, {
        ...init,
        headers: { Accept: 'application/json', ...(init.headers ?? {}) },
        cache: 'no-store',
      });
    } catch {
      return { ok: false, failure: { kind: 'network', status: 0 } };
    }
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    if (!res.ok) {
      const error = asApiError(body);
      return {
        ok: false,
        failure: error ? { kind: 'rejected', status: res.status, error } : { kind: 'network', status: res.status },
      };
    }
    const value = read(body);
    if (value === null) return { ok: false, failure: { kind: 'network', status: res.status } };
    return { ok: true, value };
  }

  rules(): Promise<ApiResult<RulesBody>> {
    return this.call('/api/rules', { method: 'GET' }, asRules);
  }

  spaces(): Promise<ApiResult<SpaceSummary[]>> {
    return this.call('/api/spaces', { method: 'GET' }, (b) =>
      typeof b === 'object' && b !== null ? asSpaces((b as { spaces?: unknown }).spaces) : null,
    );
  }

  createSession(name: string, avatar: number): Promise<ApiResult<SessionBody>> {
    return this.call(
      '/api/session',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ name, avatar }),
      },
      asSession,
    );
  }

  /** Checks a stored token; `rejected`/401 means it is unknown or expired. */
  session(token: string): Promise<ApiResult<User>> {
    return this.call('/api/session', { method: 'GET', headers: { Authorization: `Bearer ${token}` } }, (b) =>
      typeof b === 'object' && b !== null ? asUser((b as { user?: unknown }).user) : null,
    );
  }
}
