// End-to-end: presenters upload slides (issue 5, "slides … uploaded by a presenter"). Its own
// server and data directory. A facilitator (a presenter) uploads a small two-page PDF, written
// here by hand, from the hall's slide panel: the browser renders it with pdf.js and sends page
// images. A guest in the hall sees page 1, then page 2 when the presenter turns it; the guest may
// not upload (no control, and 403 from the server). The page images are served with their type,
// nosniff and a cache header. Deleting the deck blanks the screen. An uploaded deck survives a
// restart. Screenshots of the upload form at 390×844 and 1280×800 (e2e/screenshots/).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Person, SCREENSHOTS, ServerProcess, enter, freshDir, launchBrowser, newPerson, waitFor, giveRole } from './harness';

const ADMIN = { login: 'root', name: '運営', password: 'tsunagu-e2e-slides-5m' };
/** Each step may take a while on a busy machine (two browsers, pdf.js, a restart). */
const SLOW = 150_000;

let server: ServerProcess;
let browser: Browser;
let adminToken = '';
const dataDir = freshDir('tsunagu-e2e-slides-');
const people: Person[] = [];
let host: Person;
let guest: Person;
let deckId = '';

/**
 * A valid two-page PDF (16:9 pages, a coloured band and "Page N" in Helvetica), with a correct
 * cross-reference table: ASCII only, so string offsets are byte offsets.
 */
function twoPagePdf(): Buffer {
  const colours = ['0.89 0.55 0.43', '0.48 0.65 0.78'];
  const content = (i: number) => `${colours[i]} rg 0 440 960 100 re f 0 0 0 rg BT /F1 72 Tf 80 240 Td (Page ${i + 1}) Tj ET`;
  const stream = (text: string) => `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  const page = (contents: number) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 960 540] /Resources << /Font << /F1 7 0 R >> >> /Contents ${contents} 0 R >>`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>',
    page(5),
    page(6),
    stream(content(0)),
    stream(content(1)),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

async function person(viewport: { width: number; height: number }): Promise<Person> {
  const p = await newPerson(browser, server.url, { skipTutorial: true, viewport });
  people.push(p);
  return p;
}

/** The admin gives the page's person a role (harness giveRole). */
const makeRole = (page: Page, role: string): Promise<void> => giveRole(page, server.url, adminToken, role, 15_000);

async function goToHall(page: Page): Promise<void> {
  if (!(await page.getByTestId('spaces-panel').isVisible())) await page.getByTestId('spaces-button').click();
  await page.getByTestId('space-list').locator('[data-space="hall"]').click();
  await waitFor(async () => (await page.evaluate(() => (window as unknown as { __tsunagu: { space(): string | null } }).__tsunagu.space())) === 'hall', 'in the hall', 15_000);
  await page.getByTestId('hall-hand').waitFor();
}

interface HallHook {
  slides(): { deck: string | null; page: number; pages: string[] };
  screen(): { url: string | null; state: string } | null;
}

function hall<T>(page: Page, fn: (h: HallHook) => T): Promise<T> {
  return page.evaluate(`(${fn.toString()})(window.__tsunaguHall)`) as Promise<T>;
}

/** The upload form at a phone (390×844) and a desktop size. */
async function uploadShots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const size of [{ width: 390, height: 844 }, { width: 1280, height: 800 }]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(400);
    // on a phone the chat is a sheet over the hall's strip: close it, as a presenter would
    if (size.width < 640 && (await page.locator('.chat-close').isVisible())) await page.locator('.chat-close').click();
    const form = page.getByTestId('hall-upload-form');
    if (await form.isVisible()) await form.scrollIntoViewIfNeeded();
    else console.log(`upload form not visible at ${size.width}x${size.height}`);
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(before);
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
  await server?.stop();
});

describe('uploading slides', () => {
  it('a presenter sees the upload control in the hall; a guest neither sees it nor may upload (403)', async () => {
    host = await person({ width: 1280, height: 800 });
    await enter(host.page, 'はっぴょう');
    await makeRole(host.page, 'facilitator');
    guest = await person({ width: 390, height: 844 });
    await enter(guest.page, 'ききて');
    await goToHall(host.page);
    await goToHall(guest.page);
    await host.page.getByTestId('hall-slides-button').click();
    await host.page.getByTestId('hall-upload-open').waitFor();
    expect(await guest.page.getByTestId('hall-slides-button').isVisible()).toBe(false);
    expect(await guest.page.getByTestId('hall-upload-open').isVisible()).toBe(false);
    // the server decides anyway: the guest's own session, with its CSRF token
    const refused = await guest.page.evaluate(async () => {
      const me = await (await fetch('/api/session')).json();
      const res = await fetch('/api/slides', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf },
        body: JSON.stringify({ title: 'x', pages: 1 }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('permission_denied');
  }, SLOW);

  it('the presenter uploads a two-page PDF; it is rendered in the browser and sent as images', async () => {
    const page = host.page;
    await page.getByTestId('hall-upload-open').click();
    expect(await page.getByTestId('hall-upload-open').getAttribute('aria-expanded')).toBe('true');
    // a script file is refused before anything is sent
    await page.getByTestId('hall-upload-file').setInputFiles({ name: 'evil.png', mimeType: 'image/png', buffer: Buffer.from('<svg onload="alert(1)"/>') });
    await page.getByTestId('hall-upload-start').click();
    await waitFor(async () => (await page.getByTestId('hall-upload-error').getAttribute('data-code')) === 'slides_image_invalid', 'the refusal');
    expect(await page.getByTestId('hall-upload-error').textContent()).toBe('PNG、JPEG、WebP の画像か PDF を選んでください。');
    // the PDF; the title comes from the file name
    await page.getByTestId('hall-upload-file').setInputFiles({ name: '頭痛の講義.pdf', mimeType: 'application/pdf', buffer: twoPagePdf() });
    expect(await page.getByTestId('hall-upload-title').inputValue()).toBe('頭痛の講義');
    await uploadShots(page, 'slides-upload-form');
    await page.getByTestId('hall-upload-start').click();
    await waitFor(async () => ((await page.getByTestId('hall-upload-status').textContent()) ?? '').includes('アップロードしました'), 'the upload done', 30_000);
    expect(await page.getByTestId('hall-upload-error').isVisible()).toBe(false);
    await uploadShots(page, 'slides-upload-done');
    // the new deck is listed and selected
    const list = (await (await fetch(`${server.url}/api/slides`)).json()) as { decks: Array<{ id: string; pages: string[]; uploaded: boolean; title: { ja: string } }> };
    const deck = list.decks.find((d) => d.uploaded);
    expect(deck?.title.ja).toBe('頭痛の講義');
    expect(deck?.pages).toHaveLength(2);
    deckId = deck!.id;
    expect(deckId).toMatch(/^up-[0-9a-f]{32}$/);
    expect(await page.getByTestId('hall-deck').inputValue()).toBe(deckId);
    // the pages are JPEGs made in the browser, served with their type, nosniff and a cache header
    const res = await fetch(`${server.url}${deck!.pages[0]}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('private, max-age=86400, immutable');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
    expect(bytes.length).toBeGreaterThan(5000); // a rendered page, not an empty picture
  }, SLOW);

  it('the presenter shows it and turns the page; the guest sees page 1, then page 2', async () => {
    await host.page.getByTestId('hall-slides-show').click();
    await waitFor(async () => (await hall(guest.page, (h) => h.slides())).deck === deckId, 'the deck at the guest', 10_000);
    await waitFor(async () => {
      const s = await hall(guest.page, (h) => h.screen());
      return s?.state === 'loaded' && s.url === `/slides/${deckId}/01.jpg`;
    }, 'page 1 on the guest’s screen', 15_000);
    await host.page.getByTestId('hall-slides-next').click();
    await waitFor(async () => {
      const s = await hall(guest.page, (h) => h.screen());
      return s?.state === 'loaded' && s.url === `/slides/${deckId}/02.jpg`;
    }, 'page 2 on the guest’s screen', 15_000);
    // the guest's full-screen viewer shows the rendered page
    await guest.page.getByTestId('hall-view-slides').click();
    await waitFor(() => guest.page.getByTestId('hall-viewer-img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth === 1920), 'page 2 in the viewer at 1920 px');
    await guest.page.screenshot({ path: join(SCREENSHOTS, 'slides-uploaded-viewer-390x844.png') });
    await guest.page.getByTestId('hall-viewer-close').click();
  }, SLOW);

  it('deleting the deck blanks the screen', async () => {
    host.page.once('dialog', (d) => void d.accept());
    await host.page.getByTestId('hall-deck').selectOption(deckId);
    await host.page.getByTestId('hall-slides-delete').click();
    await waitFor(async () => (await hall(guest.page, (h) => h.screen()))?.state === 'blank', 'the guest’s screen blank', 10_000);
    expect((await hall(guest.page, (h) => h.slides())).deck).toBeNull();
    expect((await fetch(`${server.url}/slides/${deckId}/01.jpg`)).status).toBe(404);
  }, SLOW);

  it('an uploaded deck survives a restart', async () => {
    // the admin (a presenter) uploads a one-page deck with a tool's Bearer token
    const auth = { Authorization: `Bearer ${adminToken}` };
    const created = await fetch(`${server.url}/api/slides`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: JSON.stringify({ title: '再起動', pages: 1 }) });
    expect(created.status).toBe(201);
    const id = ((await created.json()) as { upload: { id: string } }).upload.id;
    const shot = await host.page.screenshot({ type: 'png' });
    const put = await fetch(`${server.url}/api/slides/${id}/pages/0`, { method: 'PUT', headers: { ...auth, 'Content-Type': 'image/png' }, body: new Uint8Array(shot) });
    expect(put.status).toBe(200);
    expect(((await put.json()) as { ready: boolean }).ready).toBe(true);
    for (const p of people) await p.context.close().catch(() => undefined);
    people.length = 0;
    await server.stop();
    server = await ServerProcess.start({ dataDir });
    const list = (await (await fetch(`${server.url}/api/slides`)).json()) as { decks: Array<{ id: string; pages: string[] }> };
    const again = list.decks.find((d) => d.id === id);
    expect(again?.pages).toEqual([`/slides/${id}/01.png`]);
    const page = await fetch(`${server.url}${again!.pages[0]}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('image/png');
  }, SLOW);
});
