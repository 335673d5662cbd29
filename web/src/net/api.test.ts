import { describe, expect, it } from 'vitest';
import { Api, failureCode } from './api';

type Call = { url: string; init: RequestInit };

/** A fetch that answers each call from `answers` in turn (the last one repeats). */
function fakeFetch(answers: Array<[number, unknown]>, calls: Call[] = []): typeof fetch {
  let i = 0;
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const [status, body] = answers[Math.min(i++, answers.length - 1)]!;
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  }) as unknown as typeof fetch;
}

const headers = (c: Call | undefined) => (c?.init.headers ?? {}) as Record<string, string>;

const user = { id: 17, name: 'さくら', avatar: 2, role: 'guest', has_account: false, rules_version: 1 };
const sessionBody = { token: 'tok', csrf: 'csrf-1', rules_version: 1, user };

describe('Api', () => {
  it('creates a session with the accepted rules version, and keeps only the CSRF token', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch([[201, sessionBody]], calls));
    const res = await api.createSession('さくら', 2, 1);
    expect(res).toEqual({ ok: true, value: { csrf: 'csrf-1', rules_version: 1, user } });
    expect(calls[0]?.url).toBe('/api/session');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect(JSON.parse(calls[0]?.init.body as string)).toEqual({ name: 'さくら', avatar: 2, rules_version: 1 });
    expect(api.csrf).toBe('csrf-1');
    expect(JSON.stringify(res)).not.toContain('tok"');
  });

  it('sends X-CSRF-Token on every POST, PATCH and DELETE once a session is known, never on GET', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch([[200, sessionBody], [200, { ok: true }]], calls));
    await api.session();
    await api.relate('mutes', 5, true);
    await api.relate('mutes', 5, false);
    await api.updateProfile({ name: 'ゆき' });
    await api.relations('blocks');
    await api.ban(9, 'spam', 0);
    expect(calls.map((c) => [c.init.method, c.url, headers(c)['X-CSRF-Token'] ?? null])).toEqual([
      ['GET', '/api/session', null],
      ['POST', '/api/mutes', 'csrf-1'],
      ['DELETE', '/api/mutes/5', 'csrf-1'],
      ['PATCH', '/api/profile', 'csrf-1'],
      ['GET', '/api/blocks', null],
      ['POST', '/api/mod/users/9/ban', 'csrf-1'],
    ]);
    expect(JSON.parse(calls[5]?.init.body as string)).toEqual({ reason: 'spam', hours: 0 });
  });

  it('uses the CSRF token of the latest session (a sign-in replaces it) and forgets it on sign-out', async () => {
    const calls: Call[] = [];
    const api = new Api(
      '',
      fakeFetch(
        [
          [201, sessionBody],
          [200, { ...sessionBody, csrf: 'csrf-2', user: { ...user, role: 'member', has_account: true, login_id: 'sakura' } }],
          [200, { ok: true }],
          [200, { ok: true }],
          [200, { ok: true }],
        ],
        calls,
      ),
    );
    await api.createSession('さくら', 2, 1);
    await api.login('sakura', 'long-password-1');
    expect(api.csrf).toBe('csrf-2');
    await api.signOut();
    expect(headers(calls[2])['X-CSRF-Token']).toBe('csrf-2');
    expect(api.csrf).toBeNull();
    await api.report({ user_id: 3, reason: 'spam' });
    expect(headers(calls[3])['X-CSRF-Token']).toBeUndefined();
  });

  it('forgets the CSRF token when GET /api/session says 401', async () => {
    const api = new Api('', fakeFetch([[200, sessionBody], [401, { error: { code: 'unauthenticated', message: { ja: '期限切れ', en: 'expired' } } }]]));
    await api.session();
    expect(api.csrf).toBe('csrf-1');
    const res = await api.session();
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.failure).toMatchObject({ kind: 'rejected', status: 401 });
      expect(failureCode(res.failure)).toBe('unauthenticated');
    }
    expect(api.csrf).toBeNull();
  });

  it('never sends a token: no Authorization header, nothing in the URL', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch([[200, sessionBody]], calls));
    await api.session();
    await api.acceptRules(2);
    for (const c of calls) {
      expect(headers(c).Authorization).toBeUndefined();
      expect(c.url).not.toMatch(/token/);
    }
  });

  it('returns the server’s error with its localized message', async () => {
    const error = { code: 'name_reserved', message: { ja: 'この名前は使えません', en: 'This name cannot be used' } };
    const api = new Api('', fakeFetch([[400, { error }]]));
    expect(await api.createSession('ＡＤＭＩＮ', 0, 1)).toEqual({ ok: false, failure: { kind: 'rejected', status: 400, error } });
  });

  it('treats a non-protocol answer or no answer as a network failure', async () => {
    expect(await new Api('', fakeFetch([[502, '<html>bad gateway</html>']])).rules()).toEqual({
      ok: false,
      failure: { kind: 'network', status: 502 },
    });
    const throwing = (async () => {
      throw new TypeError('offline');
    }) as unknown as typeof fetch;
    const res = await new Api('', throwing).rules();
    expect(res).toEqual({ ok: false, failure: { kind: 'network', status: 0 } });
    if (!res.ok) expect(failureCode(res.failure)).toBe('');
    expect(await new Api('', fakeFetch([[200, { nope: true }]])).rules()).toEqual({ ok: false, failure: { kind: 'network', status: 200 } });
  });

  it('reads rules and spaces', async () => {
    const rules = { version: 1, rules: { ja: ['やさしく'], en: ['Be kind'] } };
    expect(await new Api('', fakeFetch([[200, rules]])).rules()).toEqual({ ok: true, value: rules });
    const spaces = [{ id: 'plaza', name: { ja: '広場', en: 'Plaza' }, kind: 'plaza', capacity: 200, count: 4 }];
    expect(await new Api('', fakeFetch([[200, { spaces }]])).spaces()).toEqual({ ok: true, value: spaces });
  });

  it('asks for badges of distinct, valid ids only', async () => {
    const calls: Call[] = [];
    const badges = [{ id: 3, kind: 'clinician', specialty: '頭痛専門医', name: '山田 太郎' }];
    const api = new Api('', fakeFetch([[200, { badges: [...badges, { kind: 'x' }] }]], calls));
    expect(await api.badges([3, 3, 0, -1, 4.5, 7])).toEqual({ ok: true, value: badges });
    expect(calls[0]?.url).toBe('/api/badges?ids=3,7');
  });

  it('uploads a roster as text/csv, as it is', async () => {
    const calls: Call[] = [];
    const api = new Api('', fakeFetch([[200, sessionBody], [200, { rows: 1, approved: 0, errors: ['line 3: bad number or name'] }]], calls));
    await api.session();
    const csv = 'registration_number,name,specialty\nS123456,山田 太郎,頭痛専門医\n';
    expect(await api.importRoster(csv)).toEqual({ ok: true, value: { rows: 1, approved: 0, errors: ['line 3: bad number or name'] } });
    expect(headers(calls[1])['Content-Type']).toBe('text/csv; charset=utf-8');
    expect(headers(calls[1])['X-CSRF-Token']).toBe('csrf-1');
    expect(calls[1]?.init.body).toBe(csv);
  });

  it.each([
    ['findUsers', (api: Api) => api.findUsers('山田 &x'), 'GET', '/api/mod/users?q=%E5%B1%B1%E7%94%B0%20%26x'],
    ['userTrail', (api: Api) => api.userTrail(4), 'GET', '/api/mod/users/4/audit'],
    ['warn', (api: Api) => api.warn(4, 'x'), 'POST', '/api/mod/users/4/warn'],
    ['kick', (api: Api) => api.kick(4, 'x'), 'POST', '/api/mod/users/4/kick'],
    ['unban', (api: Api) => api.unban(4), 'POST', '/api/mod/users/4/unban'],
    ['reports', (api: Api) => api.reports('resolved'), 'GET', '/api/mod/reports?status=resolved'],
    ['resolveReport', (api: Api) => api.resolveReport(2, 'ok'), 'POST', '/api/mod/reports/2/resolve'],
    ['clinicianApplications', (api: Api) => api.clinicianApplications('pending'), 'GET', '/api/admin/clinicians?status=pending'],
    ['approve', (api: Api) => api.decideApplication(8, true, ''), 'POST', '/api/admin/clinicians/8/approve'],
    ['reject', (api: Api) => api.decideApplication(8, false, 'no'), 'POST', '/api/admin/clinicians/8/reject'],
    ['setRole', (api: Api) => api.setRole(4, 'moderator'), 'POST', '/api/admin/users/4/role'],
    ['audit', (api: Api) => api.audit(200), 'GET', '/api/admin/audit?after=200'],
    ['verifyAudit', (api: Api) => api.verifyAudit(), 'POST', '/api/admin/audit/verify'],
    ['deleteAccount', (api: Api) => api.deleteAccount('pw'), 'DELETE', '/api/account'],
    ['changePassword', (api: Api) => api.changePassword('a', 'b'), 'POST', '/api/account/password'],
    ['createAccount', (api: Api) => api.createAccount('a', 'b'), 'POST', '/api/account'],
    ['myApplication', (api: Api) => api.myApplication(), 'GET', '/api/clinician/application'],
    ['blocks', (api: Api) => api.relate('blocks', 6, true), 'POST', '/api/blocks'],
    ['unblock', (api: Api) => api.relate('blocks', 6, false), 'DELETE', '/api/blocks/6'],
  ] as const)('%s → %s %s', async (_name, run, method, url) => {
    const calls: Call[] = [];
    await run(new Api('', fakeFetch([[200, {}]], calls)));
    expect(calls[0]?.init.method).toBe(method);
    expect(calls[0]?.url).toBe(url);
  });

  it('reads staff answers defensively', async () => {
    const report = {
      id: 1,
      reporter_id: 4,
      subject_id: 3,
      message_id: 9,
      space: 'plaza',
      reason: 'spam',
      detail: '',
      context: [{ id: 9, user: 3, name: 'x', text: 'buy now', ts: 5 }, { id: 'bad' }],
      status: 'open',
      resolution: '',
      created_ms: 1,
      resolved_ms: 0,
    };
    const res = await new Api('', fakeFetch([[200, { reports: [report, { nope: 1 }] }]])).reports('open');
    expect(res.ok && res.value).toEqual([{ ...report, context: [report.context[0]] }]);
    const trail = await new Api('', fakeFetch([[200, { audit: [{ id: 1, action: 'moderation.ban', detail: { hours: 0 } }], bans: [{ id: 2, until_ms: 0 }] }]])).userTrail(3);
    expect(trail.ok && trail.value.bans[0]).toEqual({ id: 2, user_id: 0, reason: '', created_ms: 0, until_ms: 0, lifted_ms: 0 });
    const verify = await new Api('', fakeFetch([[200, { ok: false, checked: 10, first_broken_id: 7, problem: 'hash mismatch', head_hash: 'ab' }]])).verifyAudit();
    expect(verify).toEqual({ ok: true, value: { ok: false, checked: 10, first_broken_id: 7, problem: 'hash mismatch', head_hash: 'ab' } });
  });
});
