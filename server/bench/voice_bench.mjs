// Voice benchmark: Janus's CPU per forwarded voice stream on this machine.
//
// Starts the real server with its own Janus, then headless Chromium pages (Debian's chromium,
// fake microphones), each page holding several voice clients that speak the real /ws voice
// protocol (docs/voice.md): every client publishes its microphone and receives the voices the
// server plans for it (all stand together in the lecture hall, so each hears its 8 nearest).
// Once every planned stream carries audio, Janus's CPU time is sampled from /proc for the
// measuring window and divided by the number of forwarded streams.
//
// Must run where 127.0.0.1 works for WebRTC (scripts/netns-run.sh); `make bench-voice` does.
//
//   node server/bench/voice_bench.mjs --server build/tsunagu --clients 8,16,24 --seconds 20 [--json]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(join(ROOT, 'web/package.json'));
const { chromium } = require('playwright-core');

function args() {
  const out = { server: join(ROOT, 'build/tsunagu'), clients: [8, 16], seconds: 20, perPage: 4, json: false };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--json') out.json = true;
    else if (flag === '--server') out.server = argv[++i];
    else if (flag === '--clients') out.clients = argv[++i].split(',').map(Number);
    else if (flag === '--seconds') out.seconds = Number(argv[++i]);
    else if (flag === '--per-page') out.perPage = Number(argv[++i]);
    else throw new Error(`unknown flag ${flag}`);
  }
  return out;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

// The server with its own Janus, on a free port, in a fresh data directory.
async function startServer(binary, work) {
  const web = join(work, 'web');
  mkdirSync(web, { recursive: true });
  writeFileSync(join(web, 'index.html'), '<!doctype html><title>voice bench</title>');
  const child = spawn(binary, ['serve', '--host', '127.0.0.1', '--port', '0', '--data', join(work, 'data'),
    '--web', web, '--content', join(ROOT, 'content'), '--guest-burst', '10000', '--log-level', 'warn',
    '--janus', 'auto', '--janus-ice-enforce', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((res, rej) => {
    let text = '';
    child.stdout.on('data', (d) => {
      text += d;
      const m = text.match(/running: https?:\/\/[^:]+:(\d+)\//);
      if (m) res(Number(m[1]));
    });
    child.on('exit', (code) => rej(new Error(`server exited with ${code}`)));
  });
  return { child, port };
}

function janusPid(serverPid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === serverPid && stat.includes('(janus)')) return Number(entry);
    } catch { /* gone */ }
  }
  return 0;
}

// CPU seconds (user + system) a process has used.
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;  // clock ticks (USER_HZ = 100)
}

async function guestToken(port, name) {
  const res = await fetch(`http://127.0.0.1:${port}/api/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, avatar: 1, rules_version: 1 }),
  });
  if (res.status !== 201) throw new Error(`guest session: ${res.status} ${await res.text()}`);
  return (await res.json()).token;
}

// In the page: one voice client per token, speaking the /ws voice protocol.
function pageClients(tokens) {
  const gather = (pc) => new Promise((res) => {
    if (pc.iceGatheringState === 'complete') return res();
    const t = setTimeout(res, 3000);
    pc.addEventListener('icegatheringstatechange', () => {
      if (pc.iceGatheringState === 'complete') { clearTimeout(t); res(); }
    });
  });
  const clients = tokens.map((token) => ({ token, inbound: 0, published: false, errors: [] }));
  window.__voice = clients;
  for (const c of clients) {
    const ws = new WebSocket(`ws://${location.host}/ws?space=hall`);
    const pub = new RTCPeerConnection();
    const sub = new RTCPeerConnection();
    c.sub = sub;
    let queue = Promise.resolve();
    const send = (m) => ws.send(JSON.stringify(m));
    ws.onopen = () => send({ type: 'hello', v: 1, token: c.token });
    ws.onclose = (e) => c.errors.push(`closed ${e.code}`);
    ws.onmessage = (e) => {
      if (typeof e.data !== 'string') return;
      const m = JSON.parse(e.data);
      (c.seen ??= []).push(m.type === 'voice_status' ? `voice_status:${m.available}` : m.type);
      if (m.type === 'welcome') send({ type: 'join', space: 'hall' });
      else if (m.type === 'reconnect') c.errors.push('reconnect to ' + m.space);
      else if (m.type === 'voice_status' && m.available && !c.started) {
        c.started = true;
        send({ type: 'voice_listen' });
        queue = queue.then(async () => {
          const mic = await navigator.mediaDevices.getUserMedia({ audio: true });
          pub.addTransceiver(mic.getAudioTracks()[0], { direction: 'sendonly' });
          await pub.setLocalDescription(await pub.createOffer());
          await gather(pub);
          send({ type: 'voice_publish', sdp: pub.localDescription.sdp });
        });
      } else if (m.type === 'voice_published') {
        queue = queue.then(() => pub.setRemoteDescription({ type: 'answer', sdp: m.sdp })).then(() => { c.published = true; });
      } else if (m.type === 'voice_offer') {
        queue = queue.then(async () => {
          await sub.setRemoteDescription({ type: 'offer', sdp: m.sdp });
          await sub.setLocalDescription(await sub.createAnswer());
          await gather(sub);
          send({ type: 'voice_answer', sdp: sub.localDescription.sdp });
          c.feeds = m.feeds.length;
        });
      } else if (m.type === 'error') c.errors.push(m.code);
    };
  }
}

// In the page: how many inbound audio streams carry bytes, per client.
async function pageInbound() {
  const out = [];
  for (const c of window.__voice) {
    let live = 0;
    const stats = await c.sub.getStats();
    stats.forEach((s) => { if (s.type === 'inbound-rtp' && s.kind === 'audio' && s.bytesReceived > 0) live++; });
    out.push({ live, feeds: c.feeds ?? 0, published: c.published, errors: c.errors, seen: (c.seen ?? []).slice(0, 12) });
  }
  return out;
}

async function measure(opts, browser, port, serverPid, clientCount) {
  const pages = [];
  for (let i = 0; i < clientCount; i += opts.perPage) {
    const n = Math.min(opts.perPage, clientCount - i);
    const tokens = [];
    for (let k = 0; k < n; k++) tokens.push(await guestToken(port, `bench${i + k}`));
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.evaluate(pageClients, tokens);
    pages.push(page);
  }
  const expected = clientCount * Math.min(8, clientCount - 1);
  const flowing = async () => {
    let live = 0;
    for (const p of pages) for (const c of await p.evaluate(pageInbound)) live += c.live;
    return live;
  };
  try {
    await waitFor(async () => (await flowing()) >= expected, `${expected} streams carrying audio`, 60_000);
  } catch (e) {
    for (const p of pages) console.error(JSON.stringify(await p.evaluate(pageInbound)));
    throw e;
  }
  await sleep(3000);  // let renegotiations settle
  const janus = janusPid(serverPid);
  const t0 = Date.now(), j0 = cpuSeconds(janus), s0 = cpuSeconds(serverPid);
  await sleep(opts.seconds * 1000);
  const wall = (Date.now() - t0) / 1000;
  const janusCpu = (cpuSeconds(janus) - j0) / wall;
  const serverCpu = (cpuSeconds(serverPid) - s0) / wall;
  const streams = await flowing();
  for (const p of pages) await p.close();
  await sleep(2000);  // Janus drops the closed peers before the next step
  return { clients: clientCount, forwarded_streams: streams, janus_cpu_cores: janusCpu,
    janus_cpu_per_stream_pct: (100 * janusCpu) / Math.max(1, streams), server_cpu_cores: serverCpu, seconds: wall };
}

async function main() {
  const opts = args();
  const work = mkdtempSync(join(tmpdir(), 'tsunagu-voice-bench-'));
  const { child, port } = await startServer(opts.server, work);
  const browser = await chromium.launch({
    executablePath: process.env.TSUNAGU_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      '--allow-loopback-in-peer-connection', '--autoplay-policy=no-user-gesture-required'],
  });
  const results = [];
  try {
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, 'the server', 10_000);
    for (const n of opts.clients) {
      const r = await measure(opts, browser, port, child.pid, n);
      results.push(r);
      if (!opts.json) console.log(JSON.stringify(r));
    }
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await new Promise((r) => child.on('exit', r));
    rmSync(work, { recursive: true, force: true });
  }
  if (opts.json) console.log(JSON.stringify({ results }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
