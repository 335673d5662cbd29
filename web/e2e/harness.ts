// End-to-end harness: starts the real `tsunagu` binary on a free port with a fresh data
// directory, drives Debian's Chromium through playwright-core, and saves screenshots.
//
// TSUNAGU_BINARY overrides the server binary (default ../build/tsunagu from web/).

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, closeSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(WEB_DIR, '..');
export const BINARY = process.env.TSUNAGU_BINARY ?? resolve(WEB_DIR, '../build/tsunagu');
export const SCREENSHOTS = join(WEB_DIR, 'e2e', 'screenshots');
/** The built web app the server serves (relative to web/, or absolute): TSUNAGU_WEB_DIST, else dist. */
const WEB_DIST = process.env.TSUNAGU_WEB_DIST ?? 'dist';
const CHROMIUM = process.env.TSUNAGU_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export const PHONE = { width: 360, height: 640 };
export const DESKTOP = { width: 1280, height: 800 };

export function freshDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A port nobody listens on right now (bind to 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => ok(port));
    });
  });
}

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, what: string, timeoutMs = 10_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** The real server as a child process. */
export class ServerProcess {
  private exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
    readonly logFile: string,
  ) {
    this.exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Creates an administrator in `dataDir` before the server starts: `tsunagu admin create
   * --login ID --name NAME --data DIR`, the password on standard input (docs/security.md).
   */
  static createAdmin(dataDir: string, admin: { login: string; name: string; password: string }): void {
    const res = spawnSync(BINARY, ['admin', 'create', '--login', admin.login, '--name', admin.name, '--data', dataDir], {
      cwd: WEB_DIR,
      input: `${admin.password}\n`,
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (res.status !== 0) throw new Error(`admin create failed (${res.status}): ${res.stderr || res.stdout}`);
  }

  static async start(opts: {
    dataDir: string;
    port?: number;
    admin?: { login: string; name: string; password: string };
    /** Extra `serve` flags. Voice is off unless a test asks for it (`--janus auto`). */
    extraArgs?: string[];
  }): Promise<ServerProcess> {
    if (!existsSync(BINARY)) {
      throw new Error(`server binary not found at ${BINARY} (build it first, or set TSUNAGU_BINARY)`);
    }
    if (opts.admin) ServerProcess.createAdmin(opts.dataDir, opts.admin);
    if (!existsSync(resolve(WEB_DIR, WEB_DIST, 'index.html'))) {
      throw new Error(`web/${WEB_DIST} is missing: run \`npm run build\` first`);
    }
    const port = opts.port ?? (await freePort());
    const logFile = join(opts.dataDir, `server-${Date.now()}.log`);
    const fd = openSync(logFile, 'a');
    const args = ['serve', '--host', '127.0.0.1', '--port', String(port), '--data', opts.dataDir, '--web', WEB_DIST, '--content', '../content', '--janus', 'off', ...(opts.extraArgs ?? [])];
    const child = spawn(BINARY, args, { cwd: WEB_DIR, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const server = new ServerProcess(child, port, opts.dataDir, logFile);
    let exitCode: number | null | undefined;
    void server.exited.then((c) => (exitCode = c));
    await waitFor(
      async () => {
        if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}; see ${logFile}`);
        const res = await fetch(`${server.url}/healthz`);
        return res.status === 200;
      },
      `GET /healthz = 200 on port ${port} (log: ${logFile})`,
      15_000,
      100,
    ).catch((e) => {
      if (exitCode !== undefined) throw new Error(`server exited with ${exitCode}; see ${logFile}`);
      throw e;
    });
    return server;
  }

  /** SIGTERM, then wait for the process to end (SIGKILL after 8 s). */
  async stop(): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 8000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, ...extraArgs], headless: true });
}

export interface Person {
  context: BrowserContext;
  page: Page;
}

export async function newPerson(
  browser: Browser,
  baseURL: string,
  opts: { locale?: string; viewport?: { width: number; height: number }; skipTutorial?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({
    baseURL,
    locale: opts.locale ?? 'ja-JP',
    viewport: opts.viewport ?? DESKTOP,
  });
  if (opts.skipTutorial) {
    await context.addInitScript(() => {
      try {
        localStorage.setItem('tsunagu.tutorialDone', '1');
      } catch {
        /* ignore */
      }
    });
  }
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[page error] ${e.stack ?? e.message}`));
  await page.goto('/');
  await page.getByTestId('entry').waitFor();
  return { context, page };
}

/** Fills the entry form and submits it; waits for the rules to load first. */
export async function fillEntry(page: Page, name: string, avatar = 0): Promise<void> {
  await page.getByTestId('rules-list').waitFor();
  await page.getByTestId('entry-name').fill(name);
  await page.locator(`label[data-avatar="${avatar}"]`).click();
  const accept = page.getByTestId('rules-accept');
  if (!(await accept.isChecked())) await accept.check();
  await page.getByTestId('entry-submit').click();
}

/** Waits until the world is shown, the connection online and a space joined. */
export async function inWorld(page: Page, timeout = 15_000): Promise<void> {
  await page.getByTestId('world').waitFor({ timeout });
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __tsunagu?: { status(): string; space(): string | null } };
      return w.__tsunagu?.status() === 'online' && w.__tsunagu.space() !== null;
    },
    undefined,
    { timeout },
  );
}

/** Enters the world and waits until the plaza is joined and the connection is online. */
export async function enter(page: Page, name: string, avatar = 0): Promise<void> {
  await fillEntry(page, name, avatar);
  await inWorld(page);
}

/** Opens the sign-in dialog on the entry screen, fills it in and submits it. */
export async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByTestId('entry-signin').click();
  await page.getByTestId('signin-dialog').waitFor();
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}

/** The space the page is in, by its debug hook. */
export function spaceOf(page: Page): Promise<string | null> {
  return page.evaluate(() => (window as unknown as { __tsunagu: { space(): string | null } }).__tsunagu.space());
}

/**
 * The admin (a tool with a Bearer token, no browser) gives the page's person a role. The server
 * closes the page's connection with 4008; the page reads its session again and comes back, which
 * this waits for (up to `timeoutMs` for each step).
 */
export async function giveRole(page: Page, baseURL: string, adminToken: string, role: string, timeoutMs = 15_000): Promise<void> {
  const { id } = await selfOf(page);
  const res = await fetch(`${baseURL}/api/admin/users/${id}/role`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ role }),
  });
  if (res.status !== 200) throw new Error(`setting the role ${role} answered ${res.status}: ${await res.text()}`);
  await waitFor(async () => (await selfOf(page))?.role === role, `the role ${role} in the page`, timeoutMs);
  await waitFor(() => page.evaluate(() => (window as unknown as { __tsunagu: { status(): string } }).__tsunagu.status() === 'online'), 'online again', timeoutMs);
}

/** What the page's debug hook says about its own avatar. */
export function selfOf(page: Page): Promise<{ id: number; name: string; role: string; flags: number }> {
  return page.evaluate(() => (window as unknown as { __tsunagu: { self(): { id: number; name: string; role: string; flags: number } } }).__tsunagu.self());
}

/**
 * An error line as the page shows it: its text, the server's code and the server's own
 * Japanese/English message it came from (setMessage keeps them on the element).
 */
export async function shownError(page: Page, testid: string): Promise<{ text: string; code: string | null; server: Record<string, string> | null }> {
  const el = page.getByTestId(testid);
  await waitFor(async () => ((await el.textContent()) ?? '').length > 0, `an error in ${testid}`);
  const [text, code, raw] = await Promise.all([el.textContent(), el.getAttribute('data-code'), el.getAttribute('data-server-msg')]);
  return { text: text ?? '', code, server: raw ? (JSON.parse(raw) as Record<string, string>) : null };
}

export interface DebugAvatar {
  id: number;
  flags: number;
  name: string;
  x: number;
  y: number;
  z: number;
  self: boolean;
  rendered: boolean;
}

export function avatars(page: Page): Promise<DebugAvatar[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __tsunagu?: { avatars(): unknown[] } };
    return (w.__tsunagu?.avatars() ?? []) as DebugAvatar[];
  });
}

/**
 * Saves `<name>-360x640.png` and `<name>-1280x800.png`, then restores the viewport. `settleMs`
 * is how long layout (and a few rendered frames) get after each resize.
 */
export async function screenshots(page: Page, name: string, settleMs = 300): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const before = page.viewportSize() ?? DESKTOP;
  for (const size of [PHONE, DESKTOP]) {
    await page.setViewportSize(size);
    await page.waitForTimeout(settleMs); // layout, ResizeObserver, a few rendered frames
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${size.width}x${size.height}.png`) });
  }
  await page.setViewportSize(before);
  await page.waitForTimeout(100);
}
