import { describe, expect, it } from 'vitest';
import { BankApi } from './api';
import { entry } from './testing';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

function fake(status: number, body: unknown, headers: Record<string, string> = {}) {
  const calls: Call[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', headers: init.headers as Record<string, string>, body: init.body as string | undefined });
    if (body instanceof Error) throw body;
    const text = typeof body === 'string' ? body : body === null ? '' : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status, headers });
  }) as unknown as typeof fetch;
  return { calls, fetchImpl };
}

const CSRF = { csrf: 'tok-1' };

describe('BankApi', () => {
  it('lists the diary of a range with GET and no CSRF header', async () => {
    const f = fake(200, { entries: [{ id: 1, date: '2026-11-03', duration_min: 60, intensity: 5 }, { id: 2 }] });
    const res = await new BankApi(CSRF, '', f.fetchImpl).diary('2026-11-01', '2026-11-30');
    expect(res.ok && res.value.map((e) => e.id)).toEqual([1]);
    expect(f.calls[0]).toMatchObject({ url: '/api/diary?from=2026-11-01&to=2026-11-30', method: 'GET' });
    expect(f.calls[0]?.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('creates with POST (no id in the body) and the CSRF header', async () => {
    const f = fake(201, { entry: { id: 9, date: '2026-11-03', duration_min: 240, intensity: 6 } });
    const res = await new BankApi(CSRF, '', f.fetchImpl).createEntry(entry('2026-11-03', { id: 99 }));
    expect(res.ok && res.value.id).toBe(9);
    expect(f.calls[0]?.method).toBe('POST');
    expect(f.calls[0]?.headers['X-CSRF-Token']).toBe('tok-1');
    expect(JSON.parse(f.calls[0]?.body ?? '{}')).not.toHaveProperty('id');
  });

  it('updates with PUT on /api/diary/:id', async () => {
    const f = fake(200, { entry: { id: 9, date: '2026-11-03', duration_min: 240, intensity: 2 } });
    await new BankApi(CSRF, '', f.fetchImpl).updateEntry({ ...entry('2026-11-03'), id: 9 });
    expect(f.calls[0]).toMatchObject({ url: '/api/diary/9', method: 'PUT' });
  });

  it('a 204 without a body is success', async () => {
    const f = fake(204, null);
    expect(await new BankApi(CSRF, '', f.fetchImpl).deleteEntry(9)).toEqual({ ok: true, value: true });
    expect(f.calls[0]).toMatchObject({ url: '/api/diary/9', method: 'DELETE' });
  });

  it('a refusal keeps the code, the message and the field', async () => {
    const f = fake(400, { error: { code: 'diary_invalid', field: 'duration_min', message: { ja: '長さ', en: 'Length' } } });
    const res = await new BankApi(CSRF, '', f.fetchImpl).createEntry(entry('2026-11-03'));
    expect(res).toEqual({ ok: false, failure: { kind: 'rejected', status: 400, error: { code: 'diary_invalid', message: { ja: '長さ', en: 'Length' } }, field: 'duration_min' } });
  });

  it('a refusal without an error body, and no answer at all, are network failures', async () => {
    expect(await new BankApi(CSRF, '', fake(502, '<html>').fetchImpl).surveys()).toEqual({ ok: false, failure: { kind: 'network', status: 502 } });
    expect(await new BankApi(CSRF, '', fake(0, new Error('offline')).fetchImpl).surveys()).toEqual({ ok: false, failure: { kind: 'network', status: 0 } });
  });

  it('an answer of the wrong shape is a failure, not a crash', async () => {
    expect((await new BankApi(CSRF, '', fake(200, { nope: 1 }).fetchImpl).diary('a', 'b')).ok).toBe(false);
  });

  it('downloads a file with the name the server suggests', async () => {
    const f = fake(200, 'date,start\r\n', { 'Content-Type': 'text/csv', 'Content-Disposition': 'attachment; filename="headache-diary.csv"' });
    const res = await new BankApi(CSRF, '', f.fetchImpl).diaryCsv();
    expect(res.ok && res.value.filename).toBe('headache-diary.csv');
    expect(res.ok && (await res.value.blob.text())).toBe('date,start\r\n');
  });

  it('answers a survey with consent, anonymity and the version', async () => {
    const f = fake(201, { ok: true });
    const res = await new BankApi(CSRF, '', f.fetchImpl).respond('epi/../x', { version: 2, consent: true, anonymous: true, answers: { q1: 'a' } });
    expect(res.ok).toBe(true);
    expect(f.calls[0]?.url).toBe('/api/surveys/epi%2F..%2Fx/responses');
    expect(JSON.parse(f.calls[0]?.body ?? '{}')).toEqual({ version: 2, consent: true, anonymous: true, answers: { q1: 'a' } });
  });

  it('deletes own data with DELETE /api/me/data', async () => {
    const f = fake(204, null);
    expect((await new BankApi(CSRF, '', f.fetchImpl).deleteMyData()).ok).toBe(true);
    expect(f.calls[0]).toMatchObject({ url: '/api/me/data', method: 'DELETE' });
    expect(f.calls[0]?.headers['X-CSRF-Token']).toBe('tok-1');
  });
});
