import { describe, expect, it } from 'vitest';
import { Api } from './api';

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown, calls: Call[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  }) as unknown as typeof fetch;
}

describe('Api', () => {
  it('creates a session with a JSON body', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch(201, { token: 'tok', user: { id: 17, name: 'さくら', avatar: 2 } }, calls));
    const res = await api.createSession('さくら', 2);
    expect(res).toEqual({ ok: true, value: { token: 'tok', user: { id: 17, name: 'さくら', avatar: 2 } } });
    expect(calls[0]?.url).toBe('/api/session');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ name: 'さくら', avatar: 2 });
  });

  it('returns the server’s error with its localized message on 400', async () => {
    const error = { code: 'name_too_long', message: { ja: '名前は24文字以内にしてください。', en: 'The name must be at most 24 characters.' } };
    const api = new Api('', fakeFetch(400, { error }));
    expect(await api.createSession('x'.repeat(30), 0)).toEqual({ ok: false, failure: { kind: 'rejected', status: 400, error } });
  });

  it('treats a non-protocol answer or no answer as a network failure', async () => {
    expect(await new Api('', fakeFetch(502, '<html>bad gateway</html>')).rules()).toEqual({
      ok: false,
      failure: { kind: 'network', status: 502 },
    });
    const throwing = (async () => {
      throw new TypeError('offline');
    }) as unknown as typeof fetch;
    expect(await new Api('', throwing).rules()).toEqual({ ok: false, failure: { kind: 'network', status: 0 } });
    expect(await new Api('', fakeFetch(200, { nope: true })).rules()).toEqual({ ok: false, failure: { kind: 'network', status: 200 } });
  });

  it('checks a stored token with a Bearer header, never in the URL', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch(200, { user: { id: 1, name: 'a', avatar: 0 } }, calls));
    expect(await api.session('secret')).toEqual({ ok: true, value: { id: 1, name: 'a', avatar: 0 } });
    expect(calls[0]?.url).toBe('/api/session');
    expect((calls[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer secret');
  });

  it('reads rules and spaces', async () => {
    const rules = { version: 1, rules: { ja: ['やさしく'], en: ['Be kind'] } };
    expect(await new Api('', fakeFetch(200, rules)).rules()).toEqual({ ok: true, value: rules });
    const spaces = [{ id: 'plaza', name: { ja: '広場', en: 'Plaza' }, kind: 'plaza', capacity: 200, count: 4 }];
    expect(await new Api('', fakeFetch(200, { spaces })).spaces()).toEqual({ ok: true, value: spaces });
  });
});
