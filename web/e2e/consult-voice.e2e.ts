// End-to-end: the voice of a consultation stays in its private room (docs/consultation.md,
// "Private rooms"; issue 6). The real server with its own real Janus and headless Chromium pages
// with a speech-like fake microphone, as in voice.e2e.ts:
//   X — a guest in the plaza, listening, who first hears C there (so X's listening works and
//       X stands within hearing range of where C and P were);
//   C — a guest made a clinician through the admin API: on duty, accepts P's request;
//   P — a guest patient: asks at the desk.
// In the consultation room C and P turn their microphones on; P hears C (bytes and energy), C
// receives P; meanwhile X, in the plaza where they stood, never has C or P among its received
// feeds or its speakers and receives no audio bytes at all for several seconds.
//
// Needs a private network namespace like voice.e2e.ts (scripts/netns-run.sh); skipped outside one.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHONE, type Person, ServerProcess, avatars, fillEntry, freshDir, inWorld, launchBrowser, newPerson, selfOf, waitFor, spaceOf } from './harness';
import { bytesFrom, hears, hearsEnergy, micOn, received, speechLikeWav, voiceState } from './voice-helpers';

const IN_NETNS = process.env.TSUNAGU_IN_NETNS === '1';
if (!IN_NETNS) console.warn('consult-voice.e2e.ts skipped: run it through scripts/netns-run.sh (make test-e2e does, as root)');

const ADMIN = { login: 'root', name: '運営', password: 'tsunagu-e2e-consult-voice-7q' };
/** Time for a test that drives several 3D pages (software rendering on a small machine is slow). */
const SLOW = 180_000;
/** How long X is watched while C and P talk in the room. */
const WINDOW_MS = 8000;

async function voiceAvailable(page: Page): Promise<void> {
  await waitFor(async () => (await voiceState(page)).available, 'voice available', 20_000);
}

/** Everything X's subscription connection received, over all feeds. */
async function totalBytes(page: Page): Promise<number> {
  return Object.values(await received(page)).reduce((sum, r) => sum + r.bytesReceived, 0);
}

describe.skipIf(!IN_NETNS)('consultation voice stays in the private room (real Janus)', () => {
  let server: ServerProcess;
  let browser: Browser;
  const people: Person[] = [];
  let x: Person;
  let c: Person;
  let p: Person;
  let cId = 0;
  let pId = 0;

  async function person(name: string, avatar: number, viewport?: { width: number; height: number }): Promise<Person> {
    const who = await newPerson(browser, server.url, { skipTutorial: true, ...(viewport ? { viewport } : {}) });
    people.push(who);
    await fillEntry(who.page, name, avatar);
    await inWorld(who.page, 60_000);
    return who;
  }

  beforeAll(async () => {
    const dataDir = freshDir('tsunagu-e2e-consult-voice-');
    server = await ServerProcess.start({
      dataDir,
      admin: ADMIN,
      extraArgs: ['--janus', 'auto', '--janus-ice-enforce', '127.0.0.1'],
    });
    browser = await launchBrowser([
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      `--use-file-for-fake-audio-capture=${speechLikeWav(join(dataDir, 'voice.wav'))}`,
    ]);
  }, 120_000);

  afterAll(async () => {
    for (const who of people) await who.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('in the plaza, X hears the clinician C (the control)', { timeout: SLOW }, async () => {
    x = await person('ぼうかん', 4, PHONE); // (a small page: it only listens)
    await voiceAvailable(x.page);
    c = await person('山田太郎', 3);
    cId = (await selfOf(c.page)).id;
    // the administrator (a Bearer token, no browser) makes C a clinician, as consult.e2e.ts does
    const login = await fetch(`${server.url}/api/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login_id: ADMIN.login, password: ADMIN.password }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const res = await fetch(`${server.url}/api/admin/users/${cId}/role`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify({ role: 'clinician' }),
    });
    expect(res.status).toBe(200);
    await waitFor(async () => (await selfOf(c.page))?.role === 'clinician', 'C reconnected as a clinician', 45_000);
    await inWorld(c.page, 45_000);
    await voiceAvailable(c.page);
    await micOn(c.page);
    await hearsEnergy(x.page, cId, 30_000);
    p = await person('はるか', 1);
    pId = (await selfOf(p.page)).id;
    // X stands where C and P are (everyone starts at the plaza's spawn point): within hearing range
    await waitFor(async () => (await avatars(x.page)).some((a) => a.id === pId), 'P seen by X');
    const seen = await avatars(x.page);
    const me = seen.find((a) => a.self);
    expect(me).toBeDefined();
    for (const id of [cId, pId]) {
      const a = seen.find((v) => v.id === id);
      expect(a).toBeDefined();
      expect(Math.hypot(a!.x - me!.x, a!.z - me!.z)).toBeLessThan(10);
    }
  });

  it('the clinician goes on duty, the patient asks, the clinician accepts: both in the same room', { timeout: SLOW }, async () => {
    await waitFor(async () => (await c.page.getByTestId('consult-hud').textContent())?.includes('当番'), 'the duty button');
    await c.page.getByTestId('consult-hud').click();
    await c.page.getByTestId('consult-queue').waitFor();
    await c.page.getByTestId('consult-duty').check();
    await c.page.getByTestId('consult-queue-empty').waitFor();

    // P asks: the request form (what the bank's "ask a specialist" opens), a topic, send
    const taken = await p.page.evaluate(() => !window.dispatchEvent(new CustomEvent('tsunagu:open-consultation', { detail: { from: 'selfcheck' }, cancelable: true })));
    expect(taken).toBe(true);
    await p.page.getByTestId('consult-form').waitFor();
    const topic = await p.page.getByTestId('consult-topic-migraine').getAttribute('id');
    await p.page.locator(`label[for="${topic}"]`).click();
    await p.page.getByTestId('consult-send').click();
    await p.page.getByTestId('consult-waiting').waitFor();

    const item = c.page.getByTestId('consult-requests').locator('li').first();
    await item.waitFor();
    await item.getByTestId('consult-accept').click();
    await waitFor(async () => /^consult-\d+$/.test((await spaceOf(p.page)) ?? ''), 'the patient in a room', 20_000);
    await waitFor(async () => /^consult-\d+$/.test((await spaceOf(c.page)) ?? ''), 'the clinician in a room', 20_000);
    expect(await spaceOf(c.page)).toBe(await spaceOf(p.page));
    expect(await spaceOf(x.page)).toBe('plaza');
    await p.page.getByTestId('consult-room').waitFor();
    await c.page.getByTestId('consult-room').waitFor();
    // in the room they know each other by their avatar ids (not anonymous)
    await waitFor(async () => (await avatars(p.page)).some((a) => a.id === cId), 'C seen by P in the room');
    await waitFor(async () => (await avatars(c.page)).some((a) => a.id === pId), 'P seen by C in the room');
  });

  it('they talk in the room: P hears C, C receives P; X in the plaza receives none of it', { timeout: SLOW }, async () => {
    // leaving the plaza ended C's subscription at X
    await waitFor(async () => !(await voiceState(x.page)).receiving.some((r) => r.id === cId), 'X no longer subscribed to C', 15_000);
    for (const who of [c, p]) {
      await voiceAvailable(who.page);
      await micOn(who.page);
    }
    await hearsEnergy(p.page, cId, 30_000);
    await hears(c.page, pId, 30_000);

    // the window: X keeps listening in the plaza while both talk in the room
    const pFromCBefore = await bytesFrom(p.page, cId);
    const cFromPBefore = await bytesFrom(c.page, pId);
    const until = Date.now() + WINDOW_MS;
    let samples = 0;
    while (Date.now() < until) {
      const s = await voiceState(x.page);
      expect(s.available).toBe(true);
      expect(s.receiving.map((r) => r.id)).not.toContain(cId);
      expect(s.receiving.map((r) => r.id)).not.toContain(pId);
      expect(s.speakers).not.toContain(cId);
      expect(s.speakers).not.toContain(pId);
      expect(await bytesFrom(x.page, cId)).toBe(0);
      expect(await bytesFrom(x.page, pId)).toBe(0);
      expect(await totalBytes(x.page)).toBe(0); // nobody else in the plaza speaks: nothing at all
      samples++;
      await x.page.waitForTimeout(500);
    }
    expect(samples).toBeGreaterThan(3);
    expect(await spaceOf(x.page)).toBe('plaza');
    // and the room's voices really flowed all through the window
    expect(await bytesFrom(p.page, cId)).toBeGreaterThan(pFromCBefore + 2000);
    expect(await bytesFrom(c.page, pId)).toBeGreaterThan(cFromPBefore + 2000);
  });
});
