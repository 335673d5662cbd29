// End-to-end: the lecture hall (issue 5, "Presenting") against the real server. Its own server
// with an administrator, who makes one person a facilitator through the API, and its own copy
// of content/ with a three-page slide deck. A guest raises a hand; the facilitator sees it in
// the list and brings them to the stage; the guest is told, goes to the stage (standing on the
// raised platform) and can step down. The facilitator shows the deck and turns a page, and the
// guest's screen in the hall and the full-screen viewer show that page. Zones: the side room's
// note. Browsers at phone size for the guest, desktop for the facilitator (screenshots take both).

import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Person, REPO_DIR, ServerProcess, freshDir, launchBrowser, newPerson, enter, screenshots, selfOf, waitFor, giveRole, spaceOf } from './harness';

const ADMIN = { login: 'root', name: '運営', password: 'tsunagu-e2e-hall-5m' };
const DECK = 'e2e-talk';

let server: ServerProcess;
let browser: Browser;
let adminToken = '';
const dataDir = freshDir('tsunagu-e2e-hall-');
const contentDir = freshDir('tsunagu-e2e-hall-content-');
const people: Person[] = [];
let guest: Person;
let host: Person;
let guestId = 0;

/** A copy of content/ with a small deck of three SVG pages. */
function makeContent(): void {
  cpSync(join(REPO_DIR, 'content'), contentDir, { recursive: true });
  const dir = join(contentDir, 'slides', DECK);
  mkdirSync(dir, { recursive: true });
  const colors = ['#e28b6d', '#7aa7c7', '#8cb97a'];
  const pages = colors.map((c, i) => {
    const name = `0${i + 1}.svg`;
    writeFileSync(
      join(dir, name),
      `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900"><rect width="1600" height="900" fill="#fffaf2"/><rect width="1600" height="170" fill="${c}"/><text x="80" y="115" font-size="80" font-family="sans-serif" fill="#fff">頭痛とつきあう ${i + 1}</text><text x="80" y="420" font-size="64" font-family="sans-serif" fill="#4a3b32">Page ${i + 1} / 3</text><circle cx="1300" cy="560" r="180" fill="${c}"/></svg>`,
    );
    return name;
  });
  writeFileSync(join(dir, 'deck.json'), JSON.stringify({ title: { ja: '頭痛とつきあう', en: 'Living with headache' }, pages }));
}

async function person(viewport = PHONE): Promise<Person> {
  const p = await newPerson(browser, server.url, { skipTutorial: true, viewport });
  people.push(p);
  return p;
}

/** The admin gives the page's person a role (harness giveRole). */
const makeRole = (page: Page, role: string): Promise<void> => giveRole(page, server.url, adminToken, role, 15_000);

interface HallHook {
  hands(): number[];
  guests(): number[];
  invited(): boolean;
  slides(): { deck: string | null; page: number; pages: string[] };
  screen(): { url: string | null; state: string; video: unknown } | null;
  zone(): string | null;
}

function hall<T>(page: Page, fn: (h: HallHook) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__tsunaguHall)`) as Promise<T>;
}

function selfPose(page: Page): Promise<{ x: number; y: number; z: number }> {
  return page.evaluate(() => (window as unknown as { __tsunagu: { self(): { x: number; y: number; z: number } } }).__tsunagu.self());
}

/** Walks in short steps (a key held 200 ms at a time) until `done` says so (see bank.e2e.ts). */
async function walk(page: Page, code: string, done: () => Promise<boolean>, steps = 60): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if (await done()) return;
    await page.keyboard.down(code);
    await page.waitForTimeout(200);
    await page.keyboard.up(code);
  }
  throw new Error(`walking with ${code} did not get there`);
}

async function goToHall(page: Page): Promise<void> {
  if (!(await page.getByTestId('spaces-panel').isVisible())) await page.getByTestId('spaces-button').click();
  await page.getByTestId('space-list').locator('[data-space="hall"]').click();
  await waitFor(async () => (await spaceOf(page)) === 'hall', 'in the hall', 15_000);
  await page.getByTestId('hall-hand').waitFor();
}

beforeAll(async () => {
  makeContent();
  server = await ServerProcess.start({ dataDir, admin: ADMIN, extraArgs: ['--content', contentDir] });
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
  await server?.stop();
});

describe('the lecture hall', () => {
  it('a facilitator and a guest enter the hall; the stage, the screen and the side room are there', async () => {
    host = await person({ width: 1280, height: 800 });
    await enter(host.page, 'ファシリ');
    await makeRole(host.page, 'facilitator');
    guest = await person();
    await enter(guest.page, 'あおい');
    guestId = (await selfOf(guest.page)).id;
    await goToHall(host.page);
    await goToHall(guest.page);
    // the facilitator's list, empty; the guest has none
    await host.page.getByTestId('hall-hands').waitFor();
    expect(await host.page.getByTestId('hall-hands').textContent()).toContain('まだ手を挙げた人はいません');
    expect(await guest.page.getByTestId('hall-hands').isVisible()).toBe(false);
    // a presenter's slide control for the facilitator only
    expect(await host.page.getByTestId('hall-slides-button').isVisible()).toBe(true);
    expect(await guest.page.getByTestId('hall-slides-button').isVisible()).toBe(false);
    // the screen is blank
    expect(await hall(guest.page, (h) => h.screen())).toEqual({ url: null, state: 'blank', video: null });
    // kept light: the whole hall in a few dozen draw calls
    const stats = await guest.page.evaluate(() => (window as unknown as { __tsunagu: { render(): { calls: number; triangles: number } | null } }).__tsunagu.render());
    console.log(`hall render: ${JSON.stringify(stats)}`);
    expect(stats?.calls ?? 0).toBeLessThan(60);
    await screenshots(guest.page, 'hall-guest', 600);
  });

  it('the side room (a closed zone) says that voices stay inside', async () => {
    // from the spawn (0, 20) facing −z, the side room (x 6…14, z 12…28) is to the right
    await walk(guest.page, 'KeyD', async () => (await hall(guest.page, (h) => h.zone())) === 'side-room');
    await guest.page.getByTestId('hall-zone-note').waitFor();
    expect(await guest.page.getByTestId('hall-zone-note').textContent()).toBe('小部屋: 声はこの中だけに届きます');
    await screenshots(guest.page, 'hall-side-room', 400);
    await walk(guest.page, 'KeyA', async () => (await hall(guest.page, (h) => h.zone())) === null);
    expect(await guest.page.getByTestId('hall-zone-note').isVisible()).toBe(false);
  });

  it('the guest raises a hand; the facilitator sees it above the avatar and in the list', async () => {
    await guest.page.getByTestId('hall-hand').click();
    await waitFor(async () => (await guest.page.getByTestId('hall-hand').getAttribute('aria-pressed')) === 'true', 'the hand button pressed');
    await host.page.getByTestId(`hall-hand-${guestId}`).waitFor({ timeout: 10_000 });
    expect(await host.page.getByTestId(`hall-hand-${guestId}`).textContent()).toContain('あおい');
    expect(await hall(host.page, (h) => h.hands())).toEqual([guestId]);
    await waitFor(() => host.page.locator(`.avatar-tag[data-id="${guestId}"][data-hand="raised"]`).count(), 'the hand above the guest');
    await screenshots(guest.page, 'hall-hand-raised', 400);
    await screenshots(host.page, 'hall-facilitator', 600);
    // and lowered again, then raised again
    await guest.page.getByTestId('hall-hand').click();
    await waitFor(async () => (await hall(host.page, (h) => h.hands())).length === 0, 'the hand lowered');
    await guest.page.getByTestId('hall-hand').click();
    await host.page.getByTestId(`hall-hand-${guestId}`).waitFor({ timeout: 10_000 });
  });

  it('the facilitator brings the guest to the stage; the guest goes there and can step down', async () => {
    await host.page.getByTestId(`hall-invite-${guestId}`).click();
    await waitFor(() => hall(guest.page, (h) => h.invited()), 'stage_invited at the guest', 10_000);
    await guest.page.getByTestId('hall-go-stage').waitFor();
    expect(await guest.page.getByTestId('toasts').textContent()).toContain('ステージに招きました');
    // the hand went down with the invitation; the facilitator sees the guest on the stage
    await host.page.getByTestId(`hall-guest-${guestId}`).waitFor({ timeout: 10_000 });
    expect(await hall(host.page, (h) => h.hands())).toEqual([]);
    await screenshots(guest.page, 'hall-invited', 400);
    await guest.page.getByTestId('hall-go-stage').click();
    // on the stage rectangle (x −8…8, z −30…−22), standing on the raised platform
    await waitFor(async () => {
      const p = await selfPose(guest.page);
      return p.x >= -8 && p.x <= 8 && p.z >= -30 && p.z <= -22 && p.y > 0.5;
    }, 'the guest on the stage');
    // the facilitator sees the guest's avatar up there too
    await waitFor(async () => {
      const list = await host.page.evaluate(() => (window as unknown as { __tsunagu: { avatars(): Array<{ id: number; z: number; y: number }> } }).__tsunagu.avatars());
      const a = list.find((x) => x.id === guestId);
      return a !== undefined && a.z <= -22 && a.y > 0.3;
    }, 'the guest on the stage at the facilitator', 10_000);
    expect(await guest.page.getByTestId('hall-go-stage').isVisible()).toBe(false);
    expect(await guest.page.getByTestId('hall-step-down').isVisible()).toBe(true);
    // a stage guest may present
    expect(await guest.page.getByTestId('hall-slides-button').isVisible()).toBe(true);
  });

  it('the facilitator shows a deck and turns a page; the guest sees that page', async () => {
    const list = await fetch(`${server.url}/api/slides`);
    expect(list.status).toBe(200);
    await host.page.getByTestId('hall-slides-button').click();
    await waitFor(async () => (await host.page.getByTestId('hall-deck').locator('option').count()) > 0, 'the decks');
    await host.page.getByTestId('hall-deck').selectOption(DECK);
    await host.page.getByTestId('hall-slides-show').click();
    await waitFor(async () => (await hall(guest.page, (h) => h.slides())).deck === DECK, 'the deck at the guest', 10_000);
    await waitFor(async () => (await hall(guest.page, (h) => h.screen()))?.state === 'loaded', 'page 1 on the guest’s screen', 10_000);
    expect((await hall(guest.page, (h) => h.screen()))?.url).toBe(`/slides/${DECK}/01.svg`);
    // next with the button, then PageDown on the focused control, then PageUp
    await host.page.getByTestId('hall-slides-next').click();
    await waitFor(async () => (await hall(guest.page, (h) => h.slides())).page === 1, 'page 2 at the guest', 10_000);
    await host.page.getByTestId('hall-slides-panel').focus();
    await host.page.keyboard.press('PageDown');
    await waitFor(async () => (await hall(guest.page, (h) => h.slides())).page === 2, 'page 3 at the guest', 10_000);
    // the last page: the host's own control catches up with the broadcast a moment later
    await waitFor(async () => host.page.getByTestId('hall-slides-next').isDisabled(), 'next disabled on the last page', 10_000);
    await host.page.keyboard.press('PageUp');
    await waitFor(async () => (await hall(guest.page, (h) => h.slides())).page === 1, 'back to page 2', 10_000);
    await waitFor(async () => {
      const s = await hall(guest.page, (h) => h.screen());
      return s?.url === `/slides/${DECK}/02.svg` && s.state === 'loaded';
    }, 'page 2 on the guest’s screen', 10_000);
    await waitFor(async () => (await host.page.getByTestId('hall-slides-page').textContent()) === '2 / 3 ページ', 'the host’s page count', 10_000);
    await screenshots(host.page, 'hall-slides-control', 600);
    // the guest opens the page full screen
    await guest.page.getByTestId('hall-view-slides').click();
    await guest.page.getByTestId('hall-viewer').waitFor();
    await waitFor(() => guest.page.getByTestId('hall-viewer-img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0 && img.getAttribute('src')), 'the page in the viewer');
    expect(await guest.page.getByTestId('hall-viewer-img').getAttribute('src')).toBe(`/slides/${DECK}/02.svg`);
    await screenshots(guest.page, 'hall-viewer', 400);
    await guest.page.getByTestId('hall-viewer-close').click();
  });

  it('the guest steps down', async () => {
    await guest.page.getByTestId('hall-step-down').click();
    await waitFor(async () => !(await hall(host.page, (h) => h.guests())).includes(guestId), 'the guest off the stage', 10_000);
    expect(await guest.page.getByTestId('hall-stage').isVisible()).toBe(false);
    expect(await guest.page.getByTestId('hall-slides-button').isVisible()).toBe(false);
  });

  it('the slides can be cleared', async () => {
    await host.page.getByTestId('hall-slides-clear').click();
    await waitFor(async () => (await hall(guest.page, (h) => h.screen()))?.state === 'blank', 'the guest’s screen blank again', 10_000);
    expect(await guest.page.getByTestId('hall-view-slides').isVisible()).toBe(false);
  });
});
