// End-to-end: the real server, real browsers. Run with `npm run e2e` (after `npm run build`).
// The tests share one server and run in order: the restart test reads the chat the
// two-person test wrote.

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DESKTOP,
  PHONE,
  type Person,
  ServerProcess,
  avatars,
  enter,
  fillEntry,
  inWorld,
  freshDir,
  launchBrowser,
  newPerson,
  screenshots,
  waitFor,
} from './harness';
import { makeTestVrm } from './fixtures';

let server: ServerProcess;
let browser: Browser;
const dataDir = freshDir('tsunagu-e2e-');
const people: Person[] = [];
const CHAT_TEXT = 'こんにちは、はじめまして <b>太字?</b> & よろしく';

async function person(opts: Parameters<typeof newPerson>[2] = {}): Promise<Person> {
  const p = await newPerson(browser, server.url, opts);
  people.push(p);
  return p;
}

beforeAll(async () => {
  server = await ServerProcess.start({ dataDir });
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const p of people) await p.context.close().catch(() => undefined);
  await browser?.close();
  if (server) {
    const code = await server.stop();
    if (code !== 0 && code !== null) console.warn(`server exited with ${code}; log in ${server.logFile}`);
  }
});

describe('entry screen', () => {
  it('shows the server’s own error message next to the name field for a bad name', async () => {
    const { page } = await person();
    const bad = 'ab\u200bcd'; // a zero-width space is refused (name_invalid_char)
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: bad, avatar: 0, rules_version: 1 }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: { ja: string; en: string } } };
    expect(body.error.code).toBe('name_invalid_char');

    await fillEntry(page, bad, 3);
    const error = page.getByTestId('name-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(body.error.message.ja);
    expect(await page.getByTestId('entry-name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('world').count()).toBe(0);
    await screenshots(page, 'entry-bad-name');

    // too long: 25 characters
    await fillEntry(page, 'あ'.repeat(25), 3);
    await waitFor(async () => (await error.textContent())?.includes('24'), 'name_too_long message');
    await page.context().close();
  });

  it('switches language at any time and remembers it', async () => {
    const { page } = await person({ locale: 'en-US' });
    expect(await page.locator('h1').textContent()).toBe('Welcome');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByTestId('rules-list').waitFor();
    const enRule = await page.getByTestId('rules-list').locator('li').first().textContent();
    expect(enRule).toMatch(/headache/);
    await screenshots(page, 'entry-en');

    await page.getByTestId('lang-toggle').click();
    expect(await page.locator('h1').textContent()).toBe('ようこそ');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ja');
    expect(await page.getByTestId('rules-list').locator('li').first().textContent()).toMatch(/頭痛/);
    await screenshots(page, 'entry-ja');

    await page.reload();
    await page.getByTestId('entry').waitFor();
    expect(await page.locator('h1').textContent()).toBe('ようこそ');

    // in the world too
    await page.evaluate(() => localStorage.setItem('tsunagu.tutorialDone', '1'));
    await enter(page, 'Lang', 5);
    expect(await page.getByTestId('people-button').getAttribute('aria-label')).toBe('参加者');
    await page.getByTestId('lang-toggle').click();
    expect(await page.getByTestId('people-button').getAttribute('aria-label')).toBe('People');
    expect(await page.getByTestId('space-title').textContent()).toBe('Plaza');
    await screenshots(page, 'world-en');
    await page.getByTestId('leave-button').click();
    await page.getByTestId('entry').waitFor();
    await page.context().close();
  });
});

describe('own VRM', () => {
  it('refuses a file that is not a VRM with a message, and keeps the chosen avatar', async () => {
    const { page } = await person();
    await page.getByTestId('vrm-input').setInputFiles({ name: 'broken.vrm', mimeType: 'model/gltf-binary', buffer: Buffer.from('not a vrm at all') });
    const status = page.getByTestId('vrm-status');
    await waitFor(async () => (await status.textContent()) === 'VRMファイルとして読み込めませんでした。', 'the not_vrm message', 20_000);
    expect(await status.getAttribute('class')).toContain('field-error');
    await page.context().close();
  });

  it('shows one’s own VRM in the preview and in the world (only locally)', async () => {
    const { page } = await person({ skipTutorial: true });
    await page.getByTestId('vrm-input').setInputFiles({ name: 'me.vrm', mimeType: 'model/gltf-binary', buffer: makeTestVrm() });
    const status = page.getByTestId('vrm-status');
    await waitFor(async () => (await status.textContent()) === '「me.vrm」を使います', 'the VRM to load', 20_000);
    await screenshots(page, 'entry-vrm');
    await enter(page, 'ぶいあーる', 4);
    const self = await page.evaluate(() => (window as unknown as { __tsunagu: { self(): { vrm: boolean } } }).__tsunagu.self());
    expect(self.vrm).toBe(true);
    await page.context().close();
  });
});

describe('first-visit tutorial', () => {
  it('can be skipped and is not shown again', async () => {
    const { page } = await person();
    await enter(page, 'はじめて', 2);
    const tutorial = page.getByTestId('tutorial');
    await tutorial.waitFor();
    expect(await tutorial.getAttribute('data-step')).toBe('move');
    await page.getByTestId('tutorial-next').click();
    expect(await tutorial.getAttribute('data-step')).toBe('talk');
    await screenshots(page, 'tutorial');
    await page.getByTestId('tutorial-skip').click();
    await tutorial.waitFor({ state: 'hidden' });

    // the browser's cookie still names this person: "continue as はじめて"
    await page.reload();
    const known = page.getByTestId('known');
    await known.waitFor();
    expect(await known.textContent()).toContain('はじめて');
    await screenshots(page, 'entry-continue');
    await page.getByTestId('continue').click();
    await inWorld(page);
    await page.waitForTimeout(800);
    expect(await tutorial.isVisible()).toBe(false);

    // help (the tutorial's third step points here): controls, rules, emergency note
    await page.getByTestId('help-button').click();
    const help = page.getByTestId('help-dialog');
    await help.waitFor();
    expect(await help.locator('.rules-list li').count()).toBeGreaterThan(2);
    await screenshots(page, 'help');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.context().close();
  });
});

describe('two people in the plaza', () => {
  let a: Person;
  let b: Person;
  let aId = 0;

  it('B sees A arrive (people list and 3D avatar)', async () => {
    b = await person({ skipTutorial: true });
    await enter(b.page, 'びー', 1);
    a = await person({ skipTutorial: true });
    await enter(a.page, 'えー', 3);
    aId = await a.page.evaluate(() => (window as unknown as { __tsunagu: { self(): { id: number } } }).__tsunagu.self().id);

    const list = b.page.getByTestId('people-list');
    await b.page.getByTestId('people-button').click();
    await list.locator(`li[data-id="${aId}"]`).waitFor();
    expect(await list.locator(`li[data-id="${aId}"] .person-name`).textContent()).toBe('えー');
    const seen = await waitFor(async () => (await avatars(b.page)).find((x) => x.id === aId), 'A among B’s avatars');
    expect(seen.name).toBe('えー');
    expect(seen.rendered).toBe(true);
    expect(await b.page.getByTestId('people-count').textContent()).toBe('2');
    const stats = await b.page.evaluate(() => (window as unknown as { __tsunagu: { render(): { calls: number } } }).__tsunagu.render());
    expect(stats.calls).toBeGreaterThan(3);
    expect(stats.calls).toBeLessThan(60);
    await screenshots(b.page, 'world-two-people');
  });

  it('A walks with the keyboard and B sees A move', async () => {
    const start = (await avatars(b.page)).find((x) => x.id === aId)!;
    await a.page.locator('canvas.world-canvas').focus();
    await a.page.keyboard.down('KeyW');
    await a.page.waitForTimeout(900);
    await a.page.keyboard.up('KeyW');
    const self = await a.page.evaluate(() => (window as unknown as { __tsunagu: { self(): { x: number; z: number } } }).__tsunagu.self());
    expect(Math.hypot(self.x - start.x, self.z - start.z)).toBeGreaterThan(1);
    const moved = await waitFor(
      async () => {
        const now = (await avatars(b.page)).find((x) => x.id === aId);
        return now && Math.hypot(now.x - start.x, now.z - start.z) > 1 ? now : null;
      },
      'A’s avatar to move on B’s screen',
    );
    // B ends where A stopped (within a few centimetres: quantisation + interpolation)
    await waitFor(async () => {
      const now = (await avatars(b.page)).find((x) => x.id === aId)!;
      return Math.hypot(now.x - self.x, now.z - self.z) < 0.05;
    }, 'B to settle where A stopped');
    expect(moved.name).toBe('えー');
  });

  it('A chats and waves; B sees the message as plain text and the emote', async () => {
    await a.page.getByTestId('chat-input').fill(CHAT_TEXT);
    await a.page.getByTestId('chat-input').press('Enter');
    await a.page.getByTestId('emote-wave').click();
    const msg = b.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'はじめまして' });
    await msg.waitFor();
    await b.page.locator('.avatar-tag .tag-emote:not([hidden])').first().waitFor();
    await b.page.locator('.avatar-tag .tag-bubble:not([hidden])', { hasText: 'はじめまして' }).first().waitFor();
    await screenshots(b.page, 'world-chat');
    expect(await msg.locator('.chat-text').textContent()).toBe(CHAT_TEXT);
    expect(await msg.locator('.chat-name').textContent()).toBe('えー');
    expect(await b.page.locator('.chat-text b').count()).toBe(0);
    // the sender sees their own message once (the server echoes it)
    await a.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'はじめまして' }).waitFor();
    expect(await a.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'はじめまして' }).count()).toBe(1);
  });

  it('A leaves (closes the page) and B sees A go', async () => {
    await a.page.close();
    await a.context.close();
    await b.page.getByTestId('people-list').locator(`li[data-id="${aId}"]`).waitFor({ state: 'detached' });
    await waitFor(async () => !(await avatars(b.page)).some((x) => x.id === aId), 'A to leave B’s avatars');
    expect(await b.page.getByTestId('people-count').textContent()).toBe('1');
    await b.page.getByTestId('chat-log').locator('.chat-notice', { hasText: 'えー' }).last().waitFor();
  });

  it('the space switcher takes B to a talk circle and back', async () => {
    await b.page.getByTestId('spaces-button').click();
    const item = b.page.locator('[data-space="circle-1"]');
    await item.waitFor();
    await screenshots(b.page, 'world-spaces');
    await item.click();
    await waitFor(
      () => b.page.evaluate(() => (window as unknown as { __tsunagu: { space(): string } }).__tsunagu.space() === 'circle-1'),
      'B in circle-1',
    );
    await b.page.waitForTimeout(300);
    await screenshots(b.page, 'world-circle-warm');
    await b.page.getByTestId('spaces-button').click();
    await b.page.locator('[data-space="circle-2"]').click();
    await waitFor(
      () => b.page.evaluate(() => (window as unknown as { __tsunagu: { space(): string } }).__tsunagu.space() === 'circle-2'),
      'B in circle-2',
    );
    await b.page.waitForTimeout(300);
    await screenshots(b.page, 'world-circle-forest');
    await b.page.getByTestId('spaces-button').click();
    await b.page.locator('[data-space="plaza"]').click();
    await waitFor(
      () => b.page.evaluate(() => (window as unknown as { __tsunagu: { space(): string } }).__tsunagu.space() === 'plaza'),
      'B back in the plaza',
    );
  });

  it('after a server restart on the same data, the chat history is still there', async () => {
    await server.stop();
    await b.page.waitForFunction(() => (window as unknown as { __tsunagu: { status(): string } }).__tsunagu.status() !== 'online');
    expect(await b.page.getByTestId('status').getAttribute('data-status')).toMatch(/reconnecting|connecting/);
    await screenshots(b.page, 'world-reconnecting');

    server = await ServerProcess.start({ dataDir, port: server.port });
    const c = await person({ skipTutorial: true, viewport: PHONE });
    await enter(c.page, 'しー', 6);
    await c.page.getByTestId('chat-toggle').click();
    const msg = c.page.getByTestId('chat-log').locator('.chat-msg', { hasText: 'はじめまして' });
    await msg.waitFor();
    expect(await msg.locator('.chat-text').textContent()).toBe(CHAT_TEXT);
    await screenshots(c.page, 'world-history-after-restart');

    // B, still open, comes back by itself
    await b.page.waitForFunction(
      () => (window as unknown as { __tsunagu: { status(): string } }).__tsunagu.status() === 'online',
      undefined,
      { timeout: 20_000 },
    );
    void DESKTOP;
  });
});
