// End-to-end: the doctors' lounge (医局のソファ, issue 6) against the real server. Its own server
// and data directory with an administrator (created before the server starts), who makes two
// guests clinicians through the API. A guest finds the lounge locked and is refused by the
// server; a clinician enters anonymously and the other clinician only ever sees "医師A"; chat
// there says it is not stored; a case question is posted (after the identifier warning) and
// answered. The browsers run at phone size (screenshots take both sizes).

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Person, ServerProcess, avatars, enter, freshDir, launchBrowser, newPerson, screenshots, waitFor, giveRole, spaceOf } from './harness';

const ADMIN = { login: 'root', name: '運営', password: 'tsunagu-e2e-lounge-5m' };
const DOCTOR_A = '山田太郎';
const DOCTOR_B = '鈴木花子';

let server: ServerProcess;
let browser: Browser;
let adminToken = '';
const dataDir = freshDir('tsunagu-e2e-lounge-');
const people: Person[] = [];
let docA: Person;
let docB: Person;

async function person(): Promise<Person> {
  const p = await newPerson(browser, server.url, { skipTutorial: true, viewport: PHONE });
  people.push(p);
  return p;
}

/** The admin gives the page's person a role (harness giveRole). */
const makeRole = (page: Page, role: string): Promise<void> => giveRole(page, server.url, adminToken, role, 15_000);

function loungeYou(page: Page): Promise<{ id: number; name: string; anonymous: boolean } | null> {
  return page.evaluate(() => (window as unknown as { __tsunaguLounge: { you(): { id: number; name: string; anonymous: boolean } | null } }).__tsunaguLounge.you());
}

async function openSpaces(page: Page): Promise<void> {
  if (!(await page.getByTestId('spaces-panel').isVisible())) await page.getByTestId('spaces-button').click();
  await page.getByTestId('space-list').locator('[data-space="lounge"]').waitFor();
}

/** Opens the space list, picks the lounge and answers the entry dialog. */
async function enterLounge(page: Page, anonymous: boolean, shot?: string): Promise<void> {
  await openSpaces(page);
  await page.getByTestId('space-list').locator('[data-space="lounge"]').click();
  await page.getByTestId('lounge-enter').waitFor();
  const box = page.getByTestId('lounge-anonymous');
  expect(await box.isChecked()).toBe(true); // anonymous unless one chose otherwise
  if (!anonymous) await box.uncheck();
  if (shot) await screenshots(page, shot, 300);
  await page.getByTestId('lounge-enter-go').click();
  await waitFor(async () => (await spaceOf(page)) === 'lounge', 'in the lounge', 15_000);
  await page.getByTestId('lounge-strip').waitFor();
}

beforeAll(async () => {
  server = await ServerProcess.start({ dataDir, admin: ADMIN });
  browser = await launchBrowser();
  const login = await fetch(`${server.url}/api/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: ADMIN.login, password: ADMIN.password }),
  });
  expect(login.status).toBe(200);
  adminToken = ((await login.json()) as { token: string }).token;
});

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => undefined);
  await browser?.close();
  if (server) {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.warn(`server exited with ${code}; log in ${server.logFile}`);
  }
});

describe("the doctors' lounge", () => {
  it('is closed to a guest: a lock in the list, no portal, and the server refuses', async () => {
    const guest = await person();
    await enter(guest.page, 'さくら', 2);
    await openSpaces(guest.page);
    const item = guest.page.getByTestId('space-list').locator('[data-space="lounge"]');
    expect(await item.isDisabled()).toBe(true);
    await guest.page.getByTestId('space-lock-lounge').waitFor();
    await screenshots(guest.page, 'lounge-locked-for-guest', 300);
    // the plaza has no portal to the lounge for a guest (portal labels name their space)
    const labels = await guest.page.locator('.portal-tag').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels).not.toContain('医局のソファ');
    // the case board answers 403 to the guest's own session
    const board = await guest.page.evaluate(async () => (await fetch('/api/lounge/questions')).status);
    expect(board).toBe(403);
    // and the server refuses a hand-made join (this connection replaces the page's own)
    const refusal = await guest.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`${location.origin.replace('http', 'ws')}/ws?space=lounge`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', v: 1 }));
          ws.onmessage = (e) => {
            const m = JSON.parse(String(e.data)) as { type: string; code?: string };
            if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'join', space: 'lounge', anonymous: true }));
            if (m.type === 'error' || m.type === 'joined') resolve(m.code ?? m.type);
          };
          setTimeout(() => resolve('timeout'), 8000);
        }),
    );
    expect(refusal).toBe('permission_denied');
    await guest.context.close();
  });

  it('lets a clinician in under an anonymous label that is all the other doctor sees', async () => {
    docA = await person();
    await enter(docA.page, DOCTOR_A, 3);
    await makeRole(docA.page, 'clinician');
    docB = await person();
    await enter(docB.page, DOCTOR_B, 5);
    await makeRole(docB.page, 'clinician');

    // the portal shows for clinicians
    await waitFor(async () => (await docA.page.locator('.portal-tag').allTextContents()).includes('医局のソファ'), 'the lounge portal in the plaza');
    await enterLounge(docA.page, true, 'lounge-enter');
    const a = await loungeYou(docA.page);
    expect(a).toMatchObject({ name: '医師A', anonymous: true });
    expect(await docA.page.getByTestId('lounge-as').textContent()).toBe('医師A');

    await enterLounge(docB.page, false);
    expect(await loungeYou(docB.page)).toMatchObject({ name: DOCTOR_B, anonymous: false });
    await waitFor(async () => (await avatars(docB.page)).some((x) => x.name === '医師A'), '医師A in B’s world');
    const seen = await avatars(docB.page);
    expect(seen.map((x) => x.name)).not.toContain(DOCTOR_A);
    expect(seen.find((x) => x.name === '医師A')?.id).toBe(a?.id);

    // A walks towards the sofas, so B sees 医師A's own name tag
    await docA.page.locator('canvas.world-canvas').focus();
    await docA.page.keyboard.down('KeyW');
    await docA.page.waitForTimeout(900);
    await docA.page.keyboard.up('KeyW');
    // chat: the line carries the label; the room says chat is not stored
    await docA.page.getByTestId('chat-toggle').click();
    await docA.page.getByTestId('chat-input').fill('前兆のある片頭痛の予防薬について相談させてください');
    await docA.page.getByTestId('chat-input').press('Enter');
    await docB.page.getByTestId('chat-toggle').click();
    const line = docB.page.getByTestId('chat-log').locator('.chat-msg', { hasText: '予防薬について' });
    await line.waitFor();
    expect(await line.locator('.chat-name').textContent()).toBe('医師A');
    await docB.page.getByTestId('chat-log').locator('.chat-notice[data-key="lounge.chatNotice"]').waitFor();
    await docB.page.locator(`.avatar-tag[data-id="${a?.id}"] .tag-name`).waitFor();
    expect(await docB.page.locator(`.avatar-tag[data-id="${a?.id}"] .tag-name`).textContent()).toBe('医師A');
    await screenshots(docB.page, 'lounge-inside', 400);
    // the real name is nowhere on B's page
    expect(await docB.page.evaluate(() => document.body.innerText.includes('山田'))).toBe(false);
    // in English the label reads "Doctor A"
    await docB.page.getByTestId('lang-toggle').click();
    await waitFor(async () => (await docB.page.locator(`.avatar-tag[data-id="${a?.id}"] .tag-name`).textContent()) === 'Doctor A', 'Doctor A in English');
    expect(await line.locator('.chat-name').textContent()).toBe('Doctor A');
    await screenshots(docB.page, 'lounge-inside-en', 400);
    await docB.page.getByTestId('lang-toggle').click();
  }, 150_000);

  it('posts a case question after the identifier warning, and a clinician answers', async () => {
    const pa = docA.page;
    await pa.getByTestId('board-button').click();
    await pa.getByTestId('lounge-board').waitFor();
    await pa.getByTestId('board-empty').waitFor();
    await pa.getByTestId('board-new').click();
    await pa.getByTestId('ask-reminder').waitFor();
    await pa.getByTestId('ask-title').fill('前兆のある片頭痛の予防薬の選び方');
    await pa.getByTestId('ask-body').fill('40代女性、月8日の頭痛。トリプタンで改善。連絡先 090-1234-5678。予防薬は何から始めますか？');
    await pa.getByTestId('ask-tags').fill('片頭痛、予防');
    await screenshots(pa, 'lounge-ask', 300);
    await pa.getByTestId('ask-send').click();
    await pa.getByTestId('ask-warning').waitFor();
    expect(await pa.getByTestId('ask-warning-findings').textContent()).toContain('090-1234-5678');
    expect(await pa.getByTestId('ask-warning').getAttribute('data-code')).toBe('case_identifiers_suspected');
    await screenshots(pa, 'lounge-ask-warning', 300);
    // editing the text takes the warning away (the server checks again)…
    await pa.getByTestId('ask-body').fill('40代女性、月8日の頭痛。トリプタンで改善。病院代表 03-1111-2222。予防薬は何から始めますか？');
    expect(await pa.getByTestId('ask-warning').isVisible()).toBe(false);
    await pa.getByTestId('ask-send').click();
    await pa.getByTestId('ask-warning').waitFor();
    // …and a number the author checked (a hospital's switchboard) goes through once confirmed
    await pa.getByTestId('ask-warning-confirm').check();
    await pa.getByTestId('ask-send').click();
    await pa.getByTestId('thread-title').waitFor();
    expect(await pa.getByTestId('thread-title').textContent()).toBe('前兆のある片頭痛の予防薬の選び方');
    // a clinician who asked sees the answer form too; it is for the other doctor this time
    const pb = docB.page;
    await pb.getByTestId('board-button').click();
    const item = pb.getByTestId('board-list').locator('[data-question]').first();
    await item.waitFor();
    expect(await item.textContent()).toContain('匿名の医師');
    expect(await item.textContent()).not.toContain('山田');
    await screenshots(pb, 'lounge-board', 300);
    await item.click();
    await pb.getByTestId('answer-body').fill('まずは頭痛ダイアリーで頻度と服薬日数を確認し、薬剤の使用過多がないかを見ましょう。');
    await pb.getByTestId('answer-send').click();
    const answer = pb.getByTestId('answers').locator('li').first();
    await answer.waitFor();
    expect(await answer.textContent()).toContain(DOCTOR_B);
    await screenshots(pb, 'lounge-thread', 300);
    // the asker sees the answer when they look again
    await pa.locator('[data-testid="board-back"]:visible').click();
    const mine = pa.getByTestId('board-list').locator('[data-question]').first();
    await waitFor(async () => (await mine.textContent())?.includes('回答 1件'), 'one answer in A’s list');
    await mine.click();
    await pa.getByTestId('answers').locator('li').first().waitFor();
    expect(await pa.getByTestId('answers').textContent()).toContain('頭痛ダイアリー');
    await pa.getByTestId('lounge-board-close').click();
    await pb.getByTestId('lounge-board-close').click();
  }, 120_000);
});
