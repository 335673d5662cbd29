// End-to-end: accounts, badges, safety tools and the staff pages against the real server.
// Its own server and data directory, with an administrator created before the server starts
// (`tsunagu admin create`, password on standard input). The tests run in order and share the
// administrator's browser, which stays signed in and in the plaza throughout.

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PHONE,
  type Person,
  ServerProcess,
  avatars,
  enter,
  fillEntry,
  freshDir,
  inWorld,
  launchBrowser,
  newPerson,
  screenshots,
  selfOf,
  shownError,
  signIn,
  waitFor,
} from './harness';

const ADMIN = { login: 'root', name: '運営', password: 'tsunagu-e2e-admin-7q' };
const MEMBER = { login: 'kazuki', password: 'kumo-no-ue-42' };

let server: ServerProcess;
let browser: Browser;
let admin: Person;
const dataDir = freshDir('tsunagu-e2e-safety-');
const people: Person[] = [];

async function person(opts: Parameters<typeof newPerson>[2] = {}): Promise<Person> {
  const p = await newPerson(browser, server.url, { skipTutorial: true, ...opts });
  people.push(p);
  return p;
}

async function close(p: Person): Promise<void> {
  await p.context.close().catch(() => undefined);
}

/** What the server answers to a request made outside the browser (for comparing messages). */
async function serverSays(path: string, body: unknown, bearer?: string): Promise<{ status: number; code: string; ja: string }> {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { error?: { code: string; message: { ja: string } } };
  return { status: res.status, code: json.error?.code ?? '', ja: json.error?.message.ja ?? '' };
}

/** A guest session made by the test itself (tools may use Bearer tokens; no CSRF needed). */
async function throwawayToken(name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, avatar: 1, rules_version: 1 }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function openAdmin(page: Page, tab: string): Promise<void> {
  const panel = page.getByTestId('admin-panel');
  if (!(await panel.isVisible())) {
    await page.getByTestId('admin-button').click();
    await panel.waitFor();
  }
  await page.getByTestId(`admin-tabs-${tab}`).click();
}

async function closeDialog(page: Page, testid: string): Promise<void> {
  await page.getByTestId(`${testid}-close`).click();
  await page.getByTestId(testid).waitFor({ state: 'hidden' });
}

/** Admin: find a user by name in the Users tab and open them. */
async function adminOpenUser(name: string, id: number): Promise<void> {
  const page = admin.page;
  await openAdmin(page, 'users');
  await page.getByTestId('users-search-q').fill(name);
  await page.getByTestId('users-search-go').click();
  await page.getByTestId(`user-row-${id}`).click();
  await waitFor(async () => (await page.getByTestId('user-detail-name').textContent())?.includes(`#${id}`), `user #${id} opened`);
}

beforeAll(async () => {
  server = await ServerProcess.start({ dataDir, admin: ADMIN });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of people) await close(p);
  await browser?.close();
  if (server) {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.warn(`server exited with ${code}; log in ${server.logFile}`);
  }
});

describe('names and sign-in', () => {
  it('(c) refuses titles typed into a display name with the server’s name_reserved message', async () => {
    const p = await person({ viewport: PHONE });
    for (const name of ['頭痛専門医 山田', 'ＡＤＭＩＮ']) {
      const expected = await serverSays('/api/session', { name, avatar: 0, rules_version: 1 });
      expect(expected).toMatchObject({ status: 400, code: 'name_reserved' });
      await fillEntry(p.page, name, 1);
      await waitFor(async () => (await p.page.getByTestId('name-error').textContent()) === expected.ja, `name_reserved for ${name}`);
      expect(await p.page.getByTestId('world').count()).toBe(0);
    }
    await close(p);
  });

  it('the administrator signs in (a wrong password first), accepts the rules again and enters', async () => {
    admin = await person({ viewport: PHONE });
    const page = admin.page;
    await signIn(page, ADMIN.login, 'not-the-password');
    const wrong = await shownError(page, 'signin-error');
    expect(wrong.code).toBe('login_failed');
    expect(wrong.text).toBe(wrong.server?.ja);
    await screenshots(page, 'signin-error', 200);

    await page.getByTestId('signin-password').fill(ADMIN.password);
    await page.getByTestId('signin-submit').click();
    // the administrator never accepted the rules: the returning card asks for them first
    await page.getByTestId('rules-changed').waitFor();
    expect(await page.getByTestId('known').textContent()).toContain(ADMIN.name);
    expect(await page.getByTestId('continue').isDisabled()).toBe(true);
    await screenshots(page, 'entry-known-rules-changed');
    await page.getByTestId('known-rules-accept').check();
    await page.getByTestId('continue').click();
    await inWorld(page);
    const self = await selfOf(page);
    expect(self.role).toBe('admin');
    expect(self.flags & 4).toBe(4); // staff badge from the server
    expect(await page.getByTestId('admin-button').isVisible()).toBe(true);
    await page.locator(`.avatar-tag[data-id="${self.id}"] .sys-badge.badge-staff`).waitFor();
    // while idle, the administrator keeps the staff pages open (the world behind a dialog
    // draws only a few frames a second, which leaves the CPU to the other browsers)
    await openAdmin(page, 'reports');
  });
});

describe('accounts and clinicians', () => {
  let memberId = 0;

  it('(e) a guest creates an account (server messages on bad input), signs out and back in elsewhere', async () => {
    const k1 = await person({ viewport: PHONE });
    await enter(k1.page, 'かずき', 2);
    const before = await selfOf(k1.page);
    memberId = before.id;
    expect(await k1.page.getByTestId('admin-button').isVisible()).toBe(false);

    await k1.page.getByTestId('me-button').click();
    await k1.page.getByTestId('account-panel').waitFor();
    await screenshots(k1.page, 'account-profile', 200);
    await k1.page.getByTestId('account-tabs-account').click();

    // a bad login id: the server's message next to the field
    await k1.page.getByTestId('create-login').fill('A!');
    await k1.page.getByTestId('create-password').fill(MEMBER.password);
    await k1.page.getByTestId('create-confirm').fill(MEMBER.password);
    await k1.page.getByTestId('create-submit').click();
    const badLogin = await shownError(k1.page, 'create-login-error');
    expect(badLogin.code).toBe('login_id_invalid');
    expect(badLogin.text).toBe(badLogin.server?.ja);

    // the confirmation must match (checked here, before asking the server)
    await k1.page.getByTestId('create-login').fill(MEMBER.login);
    await k1.page.getByTestId('create-confirm').fill('something-else-1');
    await k1.page.getByTestId('create-submit').click();
    expect((await shownError(k1.page, 'create-confirm-error')).text).toBe('確認用のパスワードが一致しません。');

    // a common password: the server's words, the same as it gives any client
    const token = await throwawayToken('ためし');
    const common = await serverSays('/api/account', { login_id: 'tameshi1', password: 'password' }, token);
    expect(common.code).toBe('password_too_common');
    await k1.page.getByTestId('create-password').fill('password');
    await k1.page.getByTestId('create-confirm').fill('password');
    await k1.page.getByTestId('create-submit').click();
    expect((await shownError(k1.page, 'create-password-error')).text).toBe(common.ja);
    await screenshots(k1.page, 'account-create-error', 200);

    await k1.page.getByTestId('create-password').fill(MEMBER.password);
    await k1.page.getByTestId('create-confirm').fill(MEMBER.password);
    await k1.page.getByTestId('create-submit').click();
    await k1.page.getByTestId('password-form').waitFor();
    expect(await k1.page.getByTestId('account-role').textContent()).toContain(MEMBER.login);

    // a new name (the server reconnects the world: 4008)
    await k1.page.getByTestId('account-tabs-profile').click();
    await k1.page.getByTestId('profile-name').fill('かずま');
    await k1.page.getByTestId('profile-save').click();
    await waitFor(async () => (await selfOf(k1.page))?.name === 'かずま', 'the new name in the world');
    await inWorld(k1.page);
    expect((await selfOf(k1.page)).id).toBe(memberId);

    // sign out: back at the entry, nobody known
    await k1.page.getByTestId('account-tabs-account').click();
    await k1.page.getByTestId('sign-out').click();
    await k1.page.getByTestId('sign-out-confirm-ok').click();
    await k1.page.getByTestId('entry-notice').waitFor();
    expect(await k1.page.getByTestId('known').isVisible()).toBe(false);
    await close(k1);

    // another browser: sign in, straight into the world as the same person
    const k2 = await person({ viewport: PHONE });
    await signIn(k2.page, MEMBER.login, MEMBER.password);
    await inWorld(k2.page);
    const after = await selfOf(k2.page);
    expect(after.id).toBe(memberId);
    expect(after.name).toBe('かずま');

    // changing the password needs the current one: a wrong one gets the server's message
    await k2.page.getByTestId('me-button').click();
    await k2.page.getByTestId('account-tabs-account').click();
    await k2.page.getByTestId('pw-current').fill('not-my-password');
    await k2.page.getByTestId('pw-new').fill('hoshi-no-shita-77');
    await k2.page.getByTestId('pw-confirm').fill('hoshi-no-shita-77');
    await k2.page.getByTestId('pw-submit').click();
    const wrong = await shownError(k2.page, 'pw-current-error');
    expect(wrong.code).toBe('login_failed');
    expect(wrong.text).toBe(wrong.server?.ja);
    await closeDialog(k2.page, 'account-panel');
  });

  it('(d) a member applies as a clinician, the admin approves, and others see the badge', async () => {
    const k2 = people.at(-1)!;
    const page = k2.page;
    await page.getByTestId('me-button').click();
    await page.getByTestId('account-tabs-clinician').click();
    await page.getByTestId('apply-form').waitFor();
    await page.getByTestId('apply-name').fill('山田 太郎');
    await page.getByTestId('apply-number').fill('abc');
    await page.getByTestId('apply-specialty').fill('頭痛専門医');
    await page.getByTestId('apply-affiliation').fill('つなぐ病院');
    await page.getByTestId('apply-submit').click();
    const bad = await shownError(page, 'apply-number-error');
    expect(bad.code).toBe('clinician_number_invalid');
    expect(bad.text).toBe(bad.server?.ja);
    await page.getByTestId('apply-number').fill('S123456');
    await page.getByTestId('apply-submit').click();
    await page.locator('[data-testid="clinician-status"][data-status="pending"]').waitFor();
    await screenshots(page, 'account-clinician-pending', 200);
    await closeDialog(page, 'account-panel');

    // the administrator reviews it in the Clinicians tab
    await openAdmin(admin.page, 'clinicians');
    const item = admin.page.locator('[data-testid^="application-"]', { hasText: '山田 太郎' });
    await item.waitFor();
    await screenshots(admin.page, 'admin-clinicians', 200);
    await item.locator('[data-testid$="-approve"]').click();
    await item.waitFor({ state: 'detached' });
    await closeDialog(admin.page, 'admin-panel');

    // the member's session changed (4008): the client re-reads it and reconnects with the flag
    await waitFor(async () => ((await selfOf(page))?.flags ?? 0) & 1, 'the clinician flag on the member', 15_000);
    expect((await selfOf(page)).role).toBe('clinician');
    // (a few steps away from the spawn point, so the two name tags do not overlap)
    await page.locator('canvas.world-canvas').focus();
    await page.keyboard.down('KeyA');
    await page.waitForTimeout(500);
    await page.keyboard.up('KeyA');
    // another person (the administrator) sees the badge drawn above the avatar and in the list
    const badge = admin.page.locator(`.avatar-tag[data-id="${memberId}"] .sys-badge.badge-clinician`);
    await waitFor(async () => (await badge.textContent())?.includes('頭痛専門医 山田 太郎'), 'the clinician badge above the avatar', 15_000);
    // …and it is not part of the name tag
    expect(await admin.page.locator(`.avatar-tag[data-id="${memberId}"] .tag-name`).textContent()).toBe('かずま');
    await admin.page.getByTestId('people-button').click();
    await admin.page.locator(`[data-testid="person-${memberId}"] .badge-clinician`).waitFor();
    await screenshots(admin.page, 'world-clinician-badge');
    await admin.page.getByTestId('people-button').click();
    await close(k2);
    await openAdmin(admin.page, 'reports');
  });
});

describe('safety', () => {
  it('(b) a block is enforced by the server; a mute hides lines at once; a chat line can be reported', async () => {
    // A and B are guests; the third person in the plaza, who must still hear B, is the administrator
    const a = await person({ viewport: PHONE });
    await enter(a.page, 'えい', 0);
    const b = await person({ viewport: PHONE });
    await enter(b.page, 'びい', 1);
    const c = admin;
    await closeDialog(c.page, 'admin-panel');
    const bId = (await selfOf(b.page)).id;
    await waitFor(async () => (await avatars(a.page)).some((x) => x.id === bId), 'B among A’s avatars');

    // a click (or tap) on B's avatar in the 3D view opens B's card (B first steps away from the
    // spawn point, where everyone else stands too)
    const start = (await avatars(a.page)).find((x) => x.id === bId)!;
    await b.page.locator('canvas.world-canvas').focus();
    await b.page.keyboard.down('KeyD');
    await b.page.waitForTimeout(700);
    await b.page.keyboard.up('KeyD');
    await waitFor(async () => {
      const now = (await avatars(a.page)).find((x) => x.id === bId);
      return now && Math.hypot(now.x - start.x, now.z - start.z) > 1.5;
    }, 'B to step aside on A’s screen');
    await a.page.waitForTimeout(300); // (settled: drawn 100 ms in the past)
    const card = a.page.getByTestId('person-card');
    const tag = await a.page.evaluate((id) => (window as unknown as { __tsunagu: { tagOf(id: number): { x: number; y: number } | null } }).__tsunagu.tagOf(id), bId);
    expect(tag).not.toBeNull();
    await a.page.mouse.click(tag!.x, tag!.y + 40);
    await card.waitFor();
    expect(await a.page.getByTestId('card-name').textContent()).toBe('びい');
    await closeDialog(a.page, 'person-card');

    // A opens B's card from the people list and blocks B
    await a.page.getByTestId('people-button').click();
    await a.page.getByTestId(`person-${bId}`).click();
    await card.waitFor();
    expect(await a.page.getByTestId('card-name').textContent()).toBe('びい');
    await screenshots(a.page, 'person-card', 200);
    await a.page.getByTestId('card-block').click();
    await a.page.getByTestId('toasts').getByText('びいさんをブロックしました').waitFor();
    await card.waitFor({ state: 'hidden' });

    // B disappears from A's world (the server sends A a LEAVE), and from the list
    await waitFor(async () => !(await avatars(a.page)).some((x) => x.id === bId), 'B gone from A’s view');
    await a.page.locator(`[data-testid="person-${bId}"]`).waitFor({ state: 'detached' });

    // B chats: C receives it, A does not
    await c.page.getByTestId('chat-toggle').click();
    await b.page.getByTestId('chat-toggle').click();
    await b.page.getByTestId('chat-input').fill('ブロックのテストです');
    await b.page.getByTestId('chat-input').press('Enter');
    const cLine = c.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'ブロックのテストです' });
    await cLine.waitFor();
    await b.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'ブロックのテストです' }).waitFor();
    await a.page.waitForTimeout(400);
    expect(await a.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'ブロックのテストです' }).count()).toBe(0);
    // a word from the filter list is refused, and the sender is told in their language
    await b.page.getByTestId('chat-input').fill('消えろ');
    await b.page.getByTestId('chat-input').press('Enter');
    await b.page.locator('[data-testid="toasts"] [data-key="errors.chat_filtered"]').waitFor();
    await close(a);

    // C reports B's line from the chat (reason + detail; the message id goes with it)
    await cLine.getByTestId('chat-author').click();
    await c.page.getByTestId('person-card').waitFor();
    expect(await c.page.getByTestId('card-quote').textContent()).toBe('ブロックのテストです');
    await c.page.getByTestId('card-report').click();
    await c.page.getByTestId('report-send').click(); // no reason yet
    expect((await shownError(c.page, 'report-reason-error')).text).toBe('理由を選んでください。');
    await c.page.getByTestId('report-reason').selectOption('spam');
    await c.page.getByTestId('report-detail').fill('同じ宣伝をくり返しています');
    await screenshots(c.page, 'person-card-report', 200);
    await c.page.getByTestId('report-send').click();
    await c.page.getByTestId('toasts').getByText('びいさんについての通報を受け付けました', { exact: false }).waitFor();

    // C mutes B: B's lines vanish from C's chat at once, and stay hidden after a reload
    await cLine.getByTestId('chat-author').click();
    await c.page.getByTestId('card-mute').click();
    await cLine.waitFor({ state: 'detached' });
    await c.page.getByTestId('person-card-close').click();
    await close(b);
    await c.page.reload();
    await c.page.getByTestId('continue').click();
    await inWorld(c.page);
    await waitFor(() => c.page.evaluate(() => (window as unknown as { __tsunagu: { muted(): number[] } }).__tsunagu.muted().length === 1), 'mutes loaded from the server');
    expect(await c.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'ブロックのテストです' }).count()).toBe(0);
    await openAdmin(c.page, 'reports');
  });

  it('staff see the report with the messages kept as evidence and resolve it', async () => {
    await openAdmin(admin.page, 'reports');
    const report = admin.page.locator('[data-testid^="report-"][data-report]', { hasText: '同じ宣伝をくり返しています' });
    await report.waitFor();
    expect(await report.locator('.context-msg.reported').textContent()).toContain('ブロックのテストです');
    await screenshots(admin.page, 'admin-reports', 200);
    // an empty note is refused with the server's message
    await report.locator('button[data-testid$="-resolve"]').click();
    const id = await report.getAttribute('data-report');
    const empty = await shownError(admin.page, `report-${id}-resolution-error`);
    expect(empty.code).toBe('resolution_invalid');
    await admin.page.getByTestId(`report-${id}-resolution`).fill('注意を送りました');
    await admin.page.getByTestId(`report-${id}-resolve`).click();
    await report.waitFor({ state: 'detached' });
  });

  it('(a) a ban holds across a reload and a new guest session; another browser can still enter', async () => {
    const troll = await person({ viewport: PHONE });
    await enter(troll.page, 'troll', 5);
    const trollId = (await selfOf(troll.page)).id;

    await adminOpenUser('troll', trollId);
    // a bad duration is refused with the server's message, next to the field
    await admin.page.getByTestId('ban-hours').fill('9999');
    await admin.page.getByTestId('ban-reason').fill('荒らし行為');
    await admin.page.getByTestId('ban-submit').click();
    await admin.page.getByTestId('ban-confirm-ok').click();
    const tooLong = await shownError(admin.page, 'ban-hours-error');
    expect(tooLong.code).toBe('ban_invalid');
    await screenshots(admin.page, 'admin-users', 200);
    await admin.page.getByTestId('ban-hours').fill('0');
    await admin.page.getByTestId('ban-submit').click();
    await admin.page.getByTestId('ban-confirm-ok').click();
    await admin.page.getByTestId('user-banned').waitFor();

    // the troll's page: the calm banned screen, no reconnecting
    await troll.page.getByTestId('banned-screen').waitFor({ timeout: 10_000 });
    await screenshots(troll.page, 'banned', 200);
    await troll.page.reload();
    await troll.page.getByTestId('banned-screen').waitFor();

    // a new guest with a new name from the same browser: refused with the server's message
    await troll.page.getByTestId('banned-check-again').click();
    await fillEntry(troll.page, 'べつじん', 2);
    const refused = await shownError(troll.page, 'form-error');
    expect(refused.code).toBe('banned');
    expect(refused.text).toBe(refused.server?.ja);
    expect(await troll.page.getByTestId('world').count()).toBe(0);
    await troll.page.reload();
    await troll.page.getByTestId('banned-screen').waitFor();
    await close(troll);

    // a fresh browser is someone else: it may enter
    const fresh = await person({ viewport: PHONE });
    await enter(fresh.page, 'あたらしい人', 3);

    // …and may leave for good: deleting the (guest) account after a confirmation
    await fresh.page.getByTestId('me-button').click();
    await fresh.page.getByTestId('account-tabs-account').click();
    await fresh.page.getByTestId('delete-account').click();
    await fresh.page.getByTestId('delete-confirm').waitFor();
    await screenshots(fresh.page, 'account-delete-confirm', 200);
    await fresh.page.getByTestId('delete-confirm-ok').click();
    await fresh.page.getByTestId('entry-notice').waitFor();
    expect(await fresh.page.getByTestId('entry-notice').textContent()).toContain('削除しました');
    expect(await fresh.page.getByTestId('known').isVisible()).toBe(false);
    await close(fresh);
  });

  it('(f) a warning reaches the person at once; a kick sends them out with a way back', async () => {
    const w = await person({ viewport: PHONE });
    await enter(w.page, 'わかば', 6);
    const wId = (await selfOf(w.page)).id;
    await adminOpenUser('わかば', wId);
    await admin.page.getByTestId('warn-message').fill('ほかの人への言葉づかいに気をつけてください。');
    await admin.page.getByTestId('warn-submit').click();
    await w.page.getByTestId('warning-dialog').waitFor();
    expect(await w.page.getByTestId('warning-text').textContent()).toBe('ほかの人への言葉づかいに気をつけてください。');
    await screenshots(w.page, 'warning', 200);
    await w.page.getByTestId('warning-ok').click();

    await admin.page.getByTestId('kick-reason').fill('クールダウン');
    await admin.page.getByTestId('kick-submit').click();
    await w.page.getByTestId('kicked-screen').waitFor();
    await screenshots(w.page, 'kicked', 200);
    await w.page.getByTestId('kicked-back').click();
    await w.page.getByTestId('continue').click();
    await inWorld(w.page);
    expect((await selfOf(w.page)).id).toBe(wId);
    await close(w);
  });
});

describe('admin pages', () => {
  it('imports a roster, sets a role, and verifies the audit log', async () => {
    const page = admin.page;
    await openAdmin(page, 'roster');
    await page.getByTestId('roster-file').setInputFiles({
      name: 'roster.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('registration_number,name,specialty\nS999999,鈴木 花子,頭痛専門医\nbad,x,y\n'),
    });
    await page.getByTestId('roster-upload').click();
    await waitFor(async () => (await page.getByTestId('roster-result').textContent())?.includes('1行'), 'the roster result');
    expect(await page.getByTestId('roster-result').textContent()).toContain('line 3');
    await screenshots(page, 'admin-roster', 200);

    await openAdmin(page, 'roles');
    await page.getByTestId('roles-search-q').fill('わかば');
    await page.getByTestId('roles-search-go').click();
    const row = page.locator('[data-testid^="role-row-"]').first();
    await row.waitFor();
    await row.locator('select').selectOption('facilitator');
    await row.locator('button[type="submit"]').click();
    await page.getByTestId('toasts').getByText('ファシリテーター', { exact: false }).waitFor();
    await screenshots(page, 'admin-roles', 200);

    await openAdmin(page, 'audit');
    await page.getByTestId('audit-list').waitFor();
    expect(await page.getByTestId('audit-list').textContent()).toContain('moderation.ban');
    await page.getByTestId('audit-verify').click();
    await page.locator('[data-testid="audit-verdict"] [data-ok="true"]').waitFor();
    await screenshots(page, 'admin-audit', 200);
    await closeDialog(page, 'admin-panel');
  });
});
