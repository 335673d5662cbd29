// End-to-end: the digital headache bank (docs/bank.md) against the real server. Its own server,
// started with a small k (`--k-anonymity 2`), so two people are enough to see an aggregate.
// The tests run in order and share two browsers:
//   A — a guest who records a headache in the browser, makes an account, moves it there, keeps
//       a diary for a month (API + form), edits and deletes, reads the calendar and charts,
//       exports CSV, prints the summary, runs the self-check (diary and questionnaire), answers
//       the epidemiology survey, downloads and deletes own data;
//   B — a guest on a phone-sized page who walks to the research corner of the plaza, opens it
//       from the booth and from the prompt, answers the survey anonymously (the aggregate
//       changes for A), and keeps a diary in the browser only.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Person, SCREENSHOTS, ServerProcess, enter, freshDir, inWorld, launchBrowser, newPerson, screenshots, waitFor } from './harness';

const K = 2;
const MEMBER = { login: 'yuki-diary', password: 'zutsu-nikki-2026' };

let server: ServerProcess;
let browser: Browser;
let a: Person;
let b: Person;
const dataDir = freshDir('tsunagu-e2e-bank-');
const people: Person[] = [];

// --- dates: the diary month is last month, so every day of it is in the past -------------------

const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
const lastMonthDate = new Date(now.getFullYear(), now.getMonth() - 1, 1);
const MONTH = `${lastMonthDate.getFullYear()}-${pad(lastMonthDate.getMonth() + 1)}`;
const day = (d: number) => `${MONTH}-${pad(d)}`;
const TODAY = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;

const base = { start: null, side: null, character: null, worse_with_activity: null, nausea: false, vomiting: false, photophobia: false, phonophobia: false, aura: false, medications: [], triggers: [], missed: [], note: '' };
const migraine = { side: 'one', character: 'pulsating', worse_with_activity: true, nausea: true, photophobia: true, phonophobia: true };
/** A month of headaches (besides the one recorded with the form on day 27). */
const MONTH_ENTRIES = [
  { ...base, ...migraine, date: day(2), start: '08:00', duration_min: 600, intensity: 8, medications: [{ class: 'triptan', effect: 'good' }], triggers: ['weather'] },
  { ...base, ...migraine, date: day(5), duration_min: 480, intensity: 7, medications: [{ class: 'triptan', effect: 'good' }], triggers: ['sleep'] },
  { ...base, date: day(8), side: 'both', character: 'pressing', worse_with_activity: false, duration_min: 120, intensity: 3, medications: [{ class: 'simple_analgesic', effect: 'some' }] },
  { ...base, ...migraine, date: day(10), duration_min: 720, intensity: 9, vomiting: true, medications: [{ class: 'triptan', effect: 'none' }, { class: 'nsaid', effect: 'good' }], missed: ['work'] },
  { ...base, date: day(12), side: 'both', character: 'pressing', duration_min: 90, intensity: 2 },
  { ...base, ...migraine, date: day(15), start: '22:00', duration_min: 240, intensity: 6, medications: [{ class: 'triptan', effect: 'good' }] },
  { ...base, date: day(18), duration_min: 30, intensity: 0, aura: true },
  { ...base, date: day(20), side: 'one', duration_min: 300, intensity: 5, photophobia: true, phonophobia: true },
  { ...base, date: day(22), side: 'both', character: 'pressing', duration_min: 180, intensity: 3 },
  { ...base, ...migraine, date: day(25), duration_min: 480, intensity: 8, medications: [{ class: 'nsaid', effect: 'some' }], triggers: ['menstruation'] },
  { ...base, date: day(28), side: 'both', character: 'pressing', duration_min: 240, intensity: 4, medications: [{ class: 'nsaid', effect: 'good' }], missed: ['school'] },
];
// Expected after the form's entry on day 27 and the deletion of day 12 (hand-counted, see
// bank/month.ts): headache days 2 5 8 10 15 16 20 22 25 27 28 (the aura alone on 18 is none);
// migraine-like 2 5 10 15 16 20 25 27; acute medicine 2 5 8 10 15 25 27 28.
const EXPECTED = { headache: 11, migraine: 8, meds: 8 };

// --- helpers -------------------------------------------------------------------------------------

/** Time for a test that drives a 3D page (software rendering on a small machine is slow). */
const SLOW = 150_000;

async function person(opts: Parameters<typeof newPerson>[2] = {}): Promise<Person> {
  const p = await newPerson(browser, server.url, { skipTutorial: true, ...opts });
  p.page.on('console', (m) => m.type() === 'error' && console.error(`[console] ${m.text()}`));
  people.push(p);
  return p;
}

/** Clicks the chip (label) of a radio or checkbox found by its test id. */
async function chip(page: Page, testid: string): Promise<void> {
  const id = await page.getByTestId(testid).getAttribute('id');
  await page.locator(`label[for="${id}"]`).click();
}

async function openBank(page: Page, tab: string): Promise<void> {
  const panel = page.getByTestId('bank-panel');
  if (!(await panel.isVisible())) {
    await page.getByTestId('bank-button').click();
    await panel.waitFor();
  }
  await page.getByTestId(`bank-tabs-${tab}`).click();
}

async function closeBank(page: Page): Promise<void> {
  await page.getByTestId('bank-panel-close').click();
  await page.getByTestId('bank-panel').waitFor({ state: 'hidden' });
}

async function text(page: Page, testid: string): Promise<string> {
  return (await page.getByTestId(testid).textContent()) ?? '';
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; body: string }> {
  const [d] = (await Promise.all([page.waitForEvent('download'), click()])) as [Download, void];
  const path = await d.path();
  return { name: d.suggestedFilename(), body: readFileSync(path, 'utf8') };
}

/** POSTs from inside the page with the session's CSRF token, as the client would. */
async function pagePost(page: Page, path: string, body: unknown): Promise<number[]> {
  return page.evaluate(
    async ({ path, body }) => {
      const s = (await (await fetch('/api/session')).json()) as { csrf: string };
      const list = Array.isArray(body) ? body : [body];
      const out: number[] = [];
      for (const item of list) {
        const res = await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': s.csrf }, body: JSON.stringify(item) });
        out.push(res.status);
      }
      return out;
    },
    { path, body },
  );
}

async function aggregate(): Promise<{ n?: number; k: number; n_suppressed?: boolean; questions?: Record<string, { counts: Record<string, number>; suppressed: string[] }> }> {
  return (await (await fetch(`${server.url}/api/surveys/epidemiology/aggregate`)).json()) as never;
}

/**
 * Walks the own avatar in short steps (a key held 200 ms at a time) until `done` says so: a slow
 * page answers late, and a key held while waiting for it would walk far past the goal.
 */
async function walk(page: Page, code: string, done: () => Promise<boolean>, steps = 80): Promise<void> {
  for (let i = 0; i < steps; i++) {
    if (await done()) return;
    await page.keyboard.down(code);
    await page.waitForTimeout(200);
    await page.keyboard.up(code);
  }
  throw new Error(`walking with ${code} did not get there`);
}

function self(page: Page): Promise<{ x: number; z: number }> {
  return page.evaluate(() => (window as unknown as { __tsunagu: { self(): { x: number; z: number } } }).__tsunagu.self());
}

function bankHook<T>(page: Page, what: 'corner' | 'near' | 'open'): Promise<T> {
  return page.evaluate((w) => (window as unknown as { __tsunaguBank: Record<string, () => unknown> }).__tsunaguBank[w]!(), what) as Promise<T>;
}

beforeAll(async () => {
  server = await ServerProcess.start({ dataDir, extraArgs: ['--k-anonymity', String(K)] });
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

describe('diary', () => {
  it('a guest records a headache in this browser only, and is told so', { timeout: SLOW }, async () => {
    a = await person({ viewport: PHONE });
    await enter(a.page, 'ゆき', 1);
    const page = a.page;
    await openBank(page, 'diary');
    expect(await text(page, 'diary-where')).toContain('このブラウザの中だけ');
    expect(await page.getByTestId('diary-export-csv').isVisible()).toBe(true);
    await screenshots(page, 'bank-diary-guest');

    await page.getByTestId('diary-add').click();
    await page.getByTestId('diary-form').waitFor();
    // the form says what is wrong before anything is sent
    await page.getByTestId('diary-hours').fill('');
    await page.getByTestId('diary-minutes').fill('');
    await page.getByTestId('diary-save').click();
    await waitFor(async () => (await text(page, 'diary-duration-value-error')).length > 0, 'the duration error');
    expect(await text(page, 'diary-duration-value-error')).toBe('どのくらい続いたかを選んでください。');
    await screenshots(page, 'bank-form-error');
    await chip(page, 'diary-duration-120');
    await chip(page, 'diary-band-mild');
    await page.getByTestId('diary-save').click();
    await page.getByTestId('diary-form').waitFor({ state: 'hidden' });
    await page.getByTestId(`cal-day-${TODAY}`).waitFor();
    expect(await page.getByTestId(`cal-day-${TODAY}`).getAttribute('data-band')).toBe('mild');
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('tsunagu.bank.diary') ?? '{}') as { entries: unknown[] });
    expect(stored.entries).toHaveLength(1);

    // the server keeps no diary for a guest
    const guest = await page.evaluate(async () => (await fetch('/api/diary?from=2000-01-01&to=2100-01-01')).status);
    expect(guest).toBe(403);
    await closeBank(page);
  });

  it('the guest makes an account and moves the browser diary into it', { timeout: SLOW }, async () => {
    const page = a.page;
    await page.getByTestId('me-button').click();
    await page.getByTestId('account-panel').waitFor();
    await page.getByTestId('account-tabs-account').click();
    await page.getByTestId('create-login').fill(MEMBER.login);
    await page.getByTestId('create-password').fill(MEMBER.password);
    await page.getByTestId('create-confirm').fill(MEMBER.password);
    await page.getByTestId('create-submit').click();
    await page.getByTestId('password-form').waitFor();
    await page.getByTestId('account-panel-close').click();
    await inWorld(page);

    await openBank(page, 'diary');
    await page.getByTestId('diary-move-local').waitFor();
    expect(await text(page, 'diary-where')).toContain('1件');
    await page.getByTestId('diary-move-local').click();
    await waitFor(async () => (await page.getByTestId('diary-move-local').count()) === 0, 'the local diary moved');
    const onServer = await page.evaluate(async (d) => ((await (await fetch(`/api/diary?from=${d}&to=${d}`)).json()) as { entries: unknown[] }).entries.length, TODAY);
    expect(onServer).toBe(1);
    expect(await page.evaluate(() => localStorage.getItem('tsunagu.bank.diary'))).toBeNull();
  });

  it('a member keeps a diary for a month: entries, the form, edit and delete, calendar and stats', { timeout: SLOW }, async () => {
    const page = a.page;
    expect(await pagePost(page, '/api/diary', MONTH_ENTRIES)).toEqual(MONTH_ENTRIES.map(() => 201));

    // the 27th with the form: every kind of field
    await openBank(page, 'diary');
    await page.getByTestId('diary-add').click();
    await page.getByTestId('diary-form').waitFor();
    await page.getByTestId('diary-date').fill(day(27));
    await page.getByTestId('diary-start').fill('14:30');
    await chip(page, 'diary-duration-480');
    await chip(page, 'diary-band-severe');
    expect(await text(page, 'diary-intensity-value')).toBe('強さ 9 / 10');
    await chip(page, 'diary-side-one');
    await chip(page, 'diary-character-pulsating');
    await chip(page, 'diary-activity-yes');
    for (const s of ['nausea', 'photophobia', 'phonophobia']) await chip(page, `diary-symptoms-${s}`);
    await page.getByTestId('diary-add-med').click();
    await page.getByTestId('diary-med-class-0').selectOption('triptan');
    await chip(page, 'diary-med-effect-0-good');
    await chip(page, 'diary-triggers-weather');
    await chip(page, 'diary-missed-work');
    await page.getByTestId('diary-note').fill('雨の日。午後の会議を早退した。');
    await screenshots(page, 'bank-form');
    await page.getByTestId('diary-save').click();
    await page.getByTestId('diary-form').waitFor({ state: 'hidden' });

    // the calendar shows that month; edit the 22nd (mild → severe), delete the 12th
    await waitFor(async () => (await text(page, 'cal-title')).includes(String(lastMonthDate.getMonth() + 1)), 'the calendar on the diary month');
    await page.getByTestId(`cal-day-${day(22)}`).click();
    const card22 = page.locator(`[data-testid^="entry-"][data-date="${day(22)}"]`);
    await card22.waitFor();
    const id22 = ((await card22.getAttribute('data-testid')) ?? '').replace('entry-', '');
    await page.getByTestId(`entry-edit-${id22}`).click();
    await chip(page, 'diary-band-severe');
    await page.getByTestId('diary-save').click();
    await page.getByTestId('diary-form').waitFor({ state: 'hidden' });
    await waitFor(async () => (await page.getByTestId(`cal-day-${day(22)}`).getAttribute('data-band')) === 'severe', 'the 22nd now severe');

    await page.getByTestId(`cal-day-${day(12)}`).click();
    const card12 = page.locator(`[data-testid^="entry-"][data-date="${day(12)}"]`);
    await card12.waitFor();
    const id12 = ((await card12.getAttribute('data-testid')) ?? '').replace('entry-', '');
    await page.getByTestId(`entry-delete-${id12}`).click();
    await page.getByTestId('entry-delete-confirm').waitFor();
    await page.getByTestId('entry-delete-confirm-ok').click();
    await waitFor(async () => (await page.getByTestId(`cal-day-${day(12)}`).getAttribute('data-band')) === '', 'the 12th empty');
    await page.getByTestId(`cal-day-${day(12)}`).click(); // unselect: the month's list again

    expect(await page.getByTestId(`cal-day-${day(27)}`).getAttribute('data-band')).toBe('severe');
    expect(await page.getByTestId(`cal-day-${day(16)}`).getAttribute('data-band')).toBe('moderate'); // 22:00 + 4 h
    expect(await page.getByTestId(`cal-day-${day(18)}`).getAttribute('data-band')).toBe('none'); // aura only
    expect(await text(page, 'cal-stats')).toBe(`頭痛 ${EXPECTED.headache}日 ・ 片頭痛のような日 ${EXPECTED.migraine}日 ・ 頭痛薬 ${EXPECTED.meds}日`);
    expect(await page.locator('[data-testid="entry-list"] article').count()).toBe(11);
    await screenshots(page, 'bank-month');
  });

  it('charts per month, the CSV of the server and the printable summary', { timeout: SLOW }, async () => {
    const page = a.page;
    await openBank(page, 'charts');
    const last = async (chart: string) => page.locator(`[data-testid="chart-${chart}"] rect.chart-bar`).last().getAttribute('data-value');
    await waitFor(async () => (await last('headache_days')) === String(EXPECTED.headache), 'the headache-days bar');
    expect(await last('migraine_like_days')).toBe(String(EXPECTED.migraine));
    expect(await last('acute_med_days')).toBe(String(EXPECTED.meds));
    await screenshots(page, 'bank-charts');

    const csv = await downloaded(page, () => page.getByTestId('charts-csv').click());
    expect(csv.body.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.body.slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('id,date,start,duration_min,intensity,side,character,worse_with_activity,nausea,vomiting,photophobia,phonophobia,aura,medications,triggers,missed,note');
    expect(lines).toHaveLength(1 + 12); // the moved entry + 10 of the month + the form's
    expect(csv.body).toContain(`${day(27)},14:30,480,9,one,pulsating,1,1,0,1,1,0,triptan:good,weather,work,雨の日。午後の会議を早退した。`);

    const [summary] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('charts-print').click()]);
    await summary.waitForLoadState();
    await summary.getByTestId('print-sheet').waitFor();
    const sheet = (await summary.getByTestId('print-sheet').textContent()) ?? '';
    expect(sheet).toContain('頭痛ダイアリーのまとめ');
    expect(sheet).toContain('診断ではありません');
    expect(await summary.locator('svg.bar-chart').count()).toBe(3);
    await summary.setViewportSize({ width: 820, height: 1160 });
    await summary.screenshot({ path: join(SCREENSHOTS, 'bank-print-summary-820x1160.png'), fullPage: true });
    await screenshots(summary, 'bank-print-summary');
    await summary.close();
  });
});

describe('self-check', () => {
  it('checks the stored diary: red flags first, guidance not diagnosis, the way to a specialist', { timeout: SLOW }, async () => {
    const page = a.page;
    await page.evaluate(() => {
      (window as unknown as { __consult: unknown[] }).__consult = [];
      window.addEventListener('tsunagu:open-consultation', (e) => (window as unknown as { __consult: unknown[] }).__consult.push((e as CustomEvent).detail));
    });
    await openBank(page, 'check');
    expect(await page.getByTestId('red-flags').isVisible()).toBe(true);
    expect(await text(page, 'red-flags')).toContain('119');
    // (after a result, the result carries the red flags and the first box is hidden)
    await page.getByTestId('check-diary').click();
    await page.getByTestId('check-guidance').waitFor();
    expect((await text(page, 'check-guidance')).length).toBeGreaterThan(10);
    expect(await page.locator('[data-testid="check-results"] [data-testid="red-flags"] li').count()).toBeGreaterThan(3);
    expect(await page.locator('[data-testid="check-results"] .not-diagnosis').textContent()).toContain('診断ではありません');
    expect(await page.locator('[data-testid^="check-result-"]').count()).toBe(6);
    // the server counts the month as the calendar does
    const row = page.locator('[data-testid="check-monthly"] tbody tr').filter({ hasText: `${lastMonthDate.getMonth() + 1}月` });
    expect(await row.locator('td').allTextContents()).toEqual([`${lastMonthDate.getMonth() + 1}月`, String(EXPECTED.headache), String(EXPECTED.migraine), String(EXPECTED.meds)]);
    await screenshots(page, 'bank-selfcheck');

    // the consultation desk (consult/) takes over: the bank closes and the request form opens
    await page.getByTestId('consult-button').click();
    await page.getByTestId('consult-dialog').waitFor();
    expect(await page.getByTestId('bank-panel').isVisible()).toBe(false);
    expect(await text(page, 'consult-note')).toBe('');
    expect(await page.evaluate(() => (window as unknown as { __consult: unknown[] }).__consult)).toEqual([{ from: 'selfcheck' }]);
    await page.getByTestId('consult-dialog-close').click();
  });

  it('checks a short questionnaire, and says what is missing first', { timeout: SLOW }, async () => {
    const page = a.page;
    await openBank(page, 'check');
    await page.getByTestId('check-questions').click();
    await page.getByTestId('check-form').waitFor();
    await page.getByTestId('check-run').click();
    await waitFor(async () => (await text(page, 'check-attacks-error')).length > 0, 'a missing answer');
    await page.getByTestId('check-attacks').fill('20');
    await page.getByTestId('check-duration').fill('12');
    await chip(page, 'check-intensity-severe');
    await chip(page, 'check-side-one');
    await chip(page, 'check-character-pulsating');
    await chip(page, 'check-activity-yes');
    await chip(page, 'check-symptoms-nausea');
    await page.getByTestId('check-days').fill('16');
    await page.getByTestId('check-months').fill('6');
    await page.getByTestId('check-med-combination').fill('12');
    await page.getByTestId('check-run').click();
    await page.getByTestId('check-guidance').waitFor();
    // chronic migraine and medication overuse (combination analgesics on ≥ 10 days for > 3 months)
    expect(await page.getByTestId('check-result-c1_3').getAttribute('data-status')).toBe('matches');
    expect(await page.getByTestId('check-result-c8_2').getAttribute('data-status')).toBe('matches');
    await screenshots(page, 'bank-selfcheck-questionnaire');
  });
});

describe('surveys and the research corner', () => {
  it('A answers the epidemiology survey after the consent screen; one group is too small to show', { timeout: SLOW }, async () => {
    const page = a.page;
    await openBank(page, 'surveys');
    await page.getByTestId('survey-open-epidemiology').click();
    await page.getByTestId('survey-consent').waitFor();
    expect((await text(page, 'consent-text')).length).toBeGreaterThan(20);
    await screenshots(page, 'bank-survey-consent');
    await page.getByTestId('consent-go').click();
    await waitFor(async () => (await text(page, 'consent-error')).length > 0, 'consent is needed');
    await page.getByTestId('consent-agree').check();
    await page.getByTestId('consent-go').click();
    await page.getByTestId('survey-form').waitFor();

    // a conditional question shows only after "yes"
    expect(await page.getByTestId('q-headache_days').isVisible()).toBe(false);
    await chip(page, 'q-age_band-30_39');
    await chip(page, 'q-sex-female');
    await page.getByTestId('q-prefecture').selectOption('tokyo');
    await chip(page, 'q-has_headache-yes');
    await page.getByTestId('q-headache_days').waitFor();
    await page.getByTestId('q-headache_days').fill('8');
    await chip(page, 'q-impact-7');
    await screenshots(page, 'bank-survey-form');
    await page.getByTestId('survey-send').click();
    await page.getByTestId('survey-result-head').waitFor();
    expect(await text(page, 'survey-result-head')).toContain('ありがとうございました');
    await page.getByTestId('agg-too-few').waitFor();
    expect(await text(page, 'agg-too-few')).toContain(`${K}人`);
    expect((await aggregate()).n_suppressed).toBe(true);

    // one response per version: the list says so, and opening it shows the results
    await page.getByTestId('survey-back').click();
    await page.getByTestId('survey-answered-epidemiology').waitFor();
    await page.getByTestId('survey-open-epidemiology').click();
    await page.getByTestId('survey-result-head').waitFor();
    expect(await text(page, 'survey-result-head')).toContain('もう答えています');
    await closeBank(page);
  });

  it('B walks to the research corner of the plaza and opens it from the booth and from the prompt', { timeout: SLOW }, async () => {
    b = await person({ viewport: PHONE });
    await enter(b.page, 'そら', 4);
    const page = b.page;
    await walk(page, 'KeyD', async () => (await self(page)).x >= 13.2);
    await walk(page, 'KeyW', () => bankHook<boolean>(page, 'near'));
    await page.getByTestId('corner-prompt').waitFor();
    await page.waitForTimeout(400);
    await screenshots(page, 'world-research-corner', 600);

    const at = await bankHook<{ x: number; y: number } | null>(page, 'corner');
    expect(at).not.toBeNull();
    expect(at!.x).toBeGreaterThan(0);
    expect(at!.x).toBeLessThan(PHONE.width);
    await page.mouse.click(at!.x, at!.y);
    await page.getByTestId('bank-panel').waitFor();
    expect(await page.getByTestId('bank-tabs-research').getAttribute('aria-selected')).toBe('true');
    await page.getByTestId('research-epidemiology').waitFor();
    await closeBank(page);

    await page.getByTestId('corner-prompt').click();
    await page.getByTestId('bank-panel').waitFor();
    expect(await page.getByTestId('bank-tabs-research').getAttribute('aria-selected')).toBe('true');
  });

  it('B answers anonymously from the corner, and the aggregate changes for both', { timeout: SLOW }, async () => {
    const page = b.page;
    await page.getByTestId('research-answer-epidemiology').click();
    await page.getByTestId('survey-consent').waitFor();
    await chip(page, 'consent-anonymous-anonymous');
    await page.getByTestId('consent-agree').check();
    await page.getByTestId('consent-go').click();
    await page.getByTestId('survey-form').waitFor();
    await chip(page, 'q-age_band-30_39');
    await chip(page, 'q-sex-female');
    await page.getByTestId('q-prefecture').selectOption('osaka');
    await chip(page, 'q-has_headache-yes');
    await page.getByTestId('q-headache_days').fill('2');
    await page.getByTestId('survey-send').click();
    await page.getByTestId('agg-n').waitFor();

    const agg = await aggregate();
    expect(agg.n).toBe(2);
    expect(agg.questions?.age_band?.counts['30_39']).toBe(2);
    expect(agg.questions?.prefecture?.suppressed).toEqual(expect.arrayContaining(['tokyo', 'osaka']));
    // suppressed groups: a word, never a number
    const tokyo = page.locator('[data-question="prefecture"] .agg-row[data-value="tokyo"]');
    expect(await tokyo.getAttribute('data-count')).toBe('suppressed');
    expect(await tokyo.locator('.agg-count').textContent()).toBe(`${K}人未満を守るため非表示`);
    expect(await page.locator('[data-question="age_band"] .agg-row[data-value="30_39"] .agg-count').textContent()).toBe('2人（100%）');
    await page.locator('[data-question="prefecture"]').scrollIntoViewIfNeeded();
    await screenshots(page, 'bank-aggregate');

    // A sees the change in "Everyone", with their own answers marked
    await openBank(a.page, 'research');
    const rowA = a.page.locator('[data-testid="research-epidemiology"] [data-question="age_band"] .agg-row[data-value="30_39"]');
    await rowA.waitFor();
    expect(await rowA.getAttribute('class')).toContain('mine');
    expect(await a.page.locator('[data-testid="research-epidemiology"] [data-question="age_band"] .agg-share').textContent()).toContain('2人');
    await screenshots(a.page, 'bank-research');
  });

  it('B keeps a diary in the browser on a phone: self-check from it, export', { timeout: SLOW }, async () => {
    const page = b.page;
    await page.setViewportSize(PHONE);
    await openBank(page, 'diary');
    await page.getByTestId('diary-add').click();
    await chip(page, 'diary-band-moderate');
    await chip(page, 'diary-side-both');
    await chip(page, 'diary-character-pressing');
    await page.getByTestId('diary-save').click();
    await page.getByTestId(`cal-day-${TODAY}`).waitFor();
    await screenshots(page, 'bank-diary-phone');
    const csv = await downloaded(page, () => page.getByTestId('diary-export-csv').click());
    expect(csv.name).toMatch(/^tsunagu-headache-diary-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.body.slice(1).split('\r\n')[1]).toMatch(/^1,\d{4}-\d{2}-\d{2},,240,6,both,pressing,/);

    await openBank(page, 'check');
    await page.getByTestId('check-diary').click();
    await page.getByTestId('check-guidance').waitFor();
    await screenshots(page, 'bank-selfcheck-guest');
  });
});

describe('my data', () => {
  it('A downloads everything, then deletes it: the diary empties and the aggregate loses A', { timeout: SLOW }, async () => {
    const page = a.page;
    await openBank(page, 'mydata');
    const mine = await downloaded(page, () => page.getByTestId('mydata-download').click());
    const data = JSON.parse(mine.body) as Record<string, unknown>;
    expect(JSON.stringify(data)).toContain(day(27));
    await screenshots(page, 'bank-mydata');

    await page.getByTestId('mydata-delete').click();
    await page.getByTestId('mydata-delete-confirm').waitFor();
    await screenshots(page, 'bank-mydata-confirm');
    await page.getByTestId('mydata-delete-confirm-ok').click();
    await page.getByTestId('mydata-delete-confirm').waitFor({ state: 'hidden' });
    const left = await page.evaluate(async () => ((await (await fetch('/api/diary?from=2000-01-01&to=2100-12-31')).json()) as { entries: unknown[] }).entries.length);
    expect(left).toBe(0);
    expect((await aggregate()).n_suppressed).toBe(true);

    await openBank(page, 'diary');
    await waitFor(async () => (await text(page, 'cal-stats')).startsWith('頭痛 0日'), 'an empty month');
    await openBank(page, 'research');
    await page.locator('[data-testid="research-epidemiology"] [data-testid="agg-too-few"]').waitFor();
  });

  it('everything is in English too', { timeout: SLOW }, async () => {
    const page = a.page;
    await closeBank(page);
    await page.getByTestId('lang-toggle').click();
    await openBank(page, 'check');
    expect(await page.getByTestId('bank-tabs-check').textContent()).toBe('Self-check');
    expect(await page.locator('[data-testid="red-flags"]:visible').first().textContent()).toContain('Signs that need urgent care');
    await screenshots(page, 'bank-selfcheck-en');
  });
});
