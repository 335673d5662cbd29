// HTTP calls of the lounge's case board (docs/protocol.md, "Doctors' lounge"). Same rules as
// net/api.ts: every call answers with a value or a failure and never throws for a server's
// "no"; the session is the HttpOnly cookie and the CSRF token the shared Api object holds goes
// out as `X-CSRF-Token` on every POST and DELETE. A refusal for suspected identifiers carries
// what the server found (`findings`), for the form to show its author. `fetchImpl` is
// injectable for tests.

import type { Api, ApiFailure } from '../net/api';
import { asApiError, isNum, isObj, isStr } from '../net/messages';

type Fetch = typeof fetch;

export interface CaseAuthor {
  anonymous: boolean;
  /** Only when the author chose to be named. */
  name?: string;
  role?: string;
  /** Written by the person looking. */
  mine: boolean;
}

export interface CaseQuestion {
  id: number;
  title: string;
  tags: string[];
  created_ms: number;
  answer_count: number;
  author: CaseAuthor;
  /** The list has an excerpt, a thread the whole text. */
  excerpt?: string;
  body?: string;
}

export interface CaseAnswer {
  id: number;
  question_id: number;
  body: string;
  created_ms: number;
  author: CaseAuthor;
}

export interface CaseThread {
  question: CaseQuestion;
  answers: CaseAnswer[];
}

/** Something in a draft that looks like an identifier (lounge/identifier_check.h). */
export interface Finding {
  kind: string;
  text: string;
}

export interface QuestionDraft {
  title: string;
  body: string;
  tags: string[];
  anonymous: boolean;
  /** The author checked what the server pointed out and posts anyway. */
  confirm: boolean;
}

export interface AnswerDraft {
  body: string;
  anonymous: boolean;
  confirm: boolean;
}

export type BoardFailure = ApiFailure & { findings?: Finding[] };
export type BoardResult<T> = { ok: true; value: T } | { ok: false; failure: BoardFailure };

/** Kinds of findings the server names (server/src/lounge/identifier_check.h). */
export const FINDING_KINDS = ['phone', 'date', 'birth_date', 'postal_code', 'record_number', 'email'] as const;

export const MAX_TITLE = 120;
export const MAX_BODY = 4000;
export const MAX_TAGS = 5;
export const MAX_TAG = 24;

/** Tags as typed in one field: split at commas (、，,) and spaces, trimmed, each once, at most 5. */
export function parseTags(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[,、，\s\u3000]+/)) {
    const tag = raw.trim().replace(/^#/, '');
    if (tag && !out.includes(tag)) out.push(tag);
  }
  return out.slice(0, MAX_TAGS);
}

function asAuthor(v: unknown): CaseAuthor {
  if (!isObj(v)) return { anonymous: true, mine: false };
  const a: CaseAuthor = { anonymous: v.anonymous !== false, mine: v.mine === true };
  if (!a.anonymous && isStr(v.name)) a.name = v.name;
  if (!a.anonymous && isStr(v.role)) a.role = v.role;
  return a;
}

export function asQuestion(v: unknown): CaseQuestion | null {
  if (!isObj(v) || !isNum(v.id) || !isStr(v.title)) return null;
  const q: CaseQuestion = {
    id: v.id,
    title: v.title,
    tags: Array.isArray(v.tags) ? v.tags.filter(isStr) : [],
    created_ms: isNum(v.created_ms) ? v.created_ms : 0,
    answer_count: isNum(v.answer_count) ? v.answer_count : 0,
    author: asAuthor(v.author),
  };
  if (isStr(v.excerpt)) q.excerpt = v.excerpt;
  if (isStr(v.body)) q.body = v.body;
  return q;
}

export function asAnswer(v: unknown): CaseAnswer | null {
  if (!isObj(v) || !isNum(v.id) || !isStr(v.body)) return null;
  return {
    id: v.id,
    question_id: isNum(v.question_id) ? v.question_id : 0,
    body: v.body,
    created_ms: isNum(v.created_ms) ? v.created_ms : 0,
    author: asAuthor(v.author),
  };
}

function asFindings(v: unknown): Finding[] | undefined {
  if (!isObj(v) || !Array.isArray(v.findings)) return undefined;
  return v.findings.filter((f): f is Finding => isObj(f) && isStr(f.kind) && isStr(f.text)).map((f) => ({ kind: f.kind, text: f.text }));
}

export class BoardApi {
  constructor(
    private readonly api: Pick<Api, 'csrf'>,
    private readonly base = '',
    private readonly fetchImpl: Fetch = (...args) => fetch(...args),
  ) {}

  private async call<T>(method: 'GET' | 'POST' | 'DELETE', path: string, json: unknown, read: (body: unknown) => T | null): Promise<BoardResult<T>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (json !== undefined) headers['Content-Type'] = 'application/json; charset=utf-8';
    const csrf = this.api.csrf;
    if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
    let res: Response;
    try {
      res = await this.fetchImpl(this.base + path, {
        method,
        headers,
        ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
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
      if (!error) return { ok: false, failure: { kind: 'network', status: res.status } };
      const findings = asFindings(parsed);
      return { ok: false, failure: findings ? { kind: 'rejected', status: res.status, error, findings } : { kind: 'rejected', status: res.status, error } };
    }
    const value = read(parsed);
    if (value === null) return { ok: false, failure: { kind: 'network', status: res.status } };
    return { ok: true, value };
  }

  questions(before = 0): Promise<BoardResult<CaseQuestion[]>> {
    const q = before > 0 ? `?before=${before}` : '';
    return this.call('GET', `/api/lounge/questions${q}`, undefined, (b) =>
      isObj(b) && Array.isArray(b.questions) ? b.questions.map(asQuestion).filter((x): x is CaseQuestion => x !== null) : null,
    );
  }

  thread(id: number): Promise<BoardResult<CaseThread>> {
    return this.call('GET', `/api/lounge/questions/${id}`, undefined, (b) => {
      if (!isObj(b)) return null;
      const question = asQuestion(b.question);
      if (!question) return null;
      const answers = Array.isArray(b.answers) ? b.answers.map(asAnswer).filter((x): x is CaseAnswer => x !== null) : [];
      return { question, answers };
    });
  }

  ask(d: QuestionDraft): Promise<BoardResult<CaseQuestion>> {
    return this.call('POST', '/api/lounge/questions', d, (b) => (isObj(b) ? asQuestion(b.question) : null));
  }

  answer(questionId: number, d: AnswerDraft): Promise<BoardResult<CaseAnswer>> {
    return this.call('POST', `/api/lounge/questions/${questionId}/answers`, d, (b) => (isObj(b) ? asAnswer(b.answer) : null));
  }

  deleteQuestion(id: number): Promise<BoardResult<true>> {
    return this.call('DELETE', `/api/lounge/questions/${id}`, undefined, () => true);
  }

  deleteAnswer(id: number): Promise<BoardResult<true>> {
    return this.call('DELETE', `/api/lounge/answers/${id}`, undefined, () => true);
  }
}
