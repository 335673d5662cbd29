import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Backoff, Connection, type Inbound, type SocketLike, closeAction, socketUrl } from './connection';
import { encodeFrame, fromHex, toHex } from './protocol';

/** A WebSocket stand-in that records what is sent and lets the test play the server. */
class FakeSocket implements SocketLike {
  binaryType: BinaryType = 'blob';
  readyState = 0;
  sent: Array<string | Uint8Array> = [];
  closedWith: number | null = null;
  onopen: ((ev: Event) => void) | null = null;
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onclose: ((ev: CloseEvent) => void) | null = null;
  onerror: ((ev: Event) => void) | null = null;

  constructor(readonly url: string) {}
  send(data: string | ArrayBufferLike | ArrayBufferView): void {
    this.sent.push(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer));
  }
  close(code = 1000): void {
    this.closedWith = code;
    this.serverClose(code);
  }
  // --- server side
  serverOpen(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  serverText(v: unknown): void {
    this.onmessage?.({ data: JSON.stringify(v) } as MessageEvent);
  }
  serverBinary(bytes: Uint8Array): void {
    this.onmessage?.({ data: bytes.slice().buffer } as MessageEvent);
  }
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  json(): unknown[] {
    return this.sent.filter((s): s is string => typeof s === 'string').map((s) => JSON.parse(s));
  }
  binary(): string[] {
    return this.sent.filter((s): s is Uint8Array => typeof s !== 'string').map(toHex);
  }
}

const welcome = {
  type: 'welcome',
  v: 1,
  you: { id: 17, name: 'さくら', avatar: 2 },
  spaces: [{ id: 'plaza', name: { ja: '広場', en: 'Plaza' }, kind: 'plaza', capacity: 200, count: 1 }],
};

function setup() {
  const sockets: FakeSocket[] = [];
  const conn = new Connection({
    url: 'ws://example.test/ws?space=plaza',
    createSocket: (url) => {
      const s = new FakeSocket(url);
      sockets.push(s);
      return s;
    },
    backoff: new Backoff(500, 15_000, () => 1),
    now: () => 1234,
  });
  return { conn, sockets, last: () => sockets[sockets.length - 1]! };
}

function statuses(items: Inbound[]): string[] {
  return items.filter((i) => i.kind === 'status').map((i) => (i.kind === 'status' ? i.status : ''));
}

describe('Connection', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('says hello first (without a token: the cookie authenticates) and goes online on welcome', () => {
    const { conn, last } = setup();
    conn.start();
    expect(conn.status).toBe('connecting');
    last().serverOpen();
    expect(last().url).toBe('ws://example.test/ws?space=plaza');
    expect(last().json()).toEqual([{ type: 'hello', v: 1 }]);
    expect(last().sent.join('')).not.toMatch(/token/);
    expect(last().binaryType).toBe('arraybuffer');
    expect(conn.send({ type: 'join', space: 'plaza' })).toBe(false); // not before welcome
    last().serverText(welcome);
    expect(conn.status).toBe('online');
    const items = conn.drain();
    expect(statuses(items)).toEqual(['connecting', 'online']);
    expect(items.some((i) => i.kind === 'message' && i.msg.type === 'welcome')).toBe(true);
    expect(conn.send({ type: 'join', space: 'plaza' })).toBe(true);
    expect(last().json()[1]).toEqual({ type: 'join', space: 'plaza' });
  });

  it('queues decoded WORLD frames and drops bad ones', () => {
    const { conn, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    conn.drain();
    last().serverBinary(encodeFrame({ type: 'world', snapshot: true, tick: 5, records: [{ kind: 'leave', id: 3 }] }));
    last().serverBinary(fromHex('01 81 00'));
    last().serverText({ type: 'nonsense' });
    const items = conn.drain();
    expect(items).toEqual([
      { kind: 'world', frame: { type: 'world', snapshot: true, tick: 5, records: [{ kind: 'leave', id: 3 }] }, receivedAt: 1234 },
    ]);
    expect(conn.stats.badFrames).toBe(1);
  });

  it('sends MOVE at most every 50 ms and only when changed', () => {
    const { conn, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    const a = { x: 0, y: 0, z: 600, yaw: 0, anim: 0 };
    const b = { ...a, z: 590, anim: 1 };
    const c = { ...a, z: 580, anim: 1 };
    expect(conn.sendMove(a, 1000)).toBe(true);
    expect(conn.sendMove(a, 1100)).toBe(false); // unchanged
    expect(conn.sendMove(b, 1120)).toBe(true);
    expect(conn.sendMove(c, 1150)).toBe(false); // too soon (30 ms)
    expect(conn.sendMove(c, 1170)).toBe(true);
    expect(last().binary()).toEqual([
      '01 01 00 00 00 00 58 02 00 00 00',
      '01 01 00 00 00 00 4e 02 00 00 01',
      '01 01 00 00 00 00 44 02 00 00 01',
    ]);
    conn.resetMove();
    expect(conn.sendMove(c, 1300)).toBe(true);
  });

  it('never sends MOVE before welcome', () => {
    const { conn, last } = setup();
    conn.start();
    last().serverOpen();
    expect(conn.sendMove({ x: 1, y: 0, z: 0, yaw: 0, anim: 0 }, 0)).toBe(false);
    expect(last().binary()).toEqual([]);
  });

  it('reconnects with growing back-off and says hello again', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    last().serverClose(1001);
    expect(conn.status).toBe('reconnecting');
    vi.advanceTimersByTime(499);
    expect(sockets.length).toBe(1);
    vi.advanceTimersByTime(1);
    expect(sockets.length).toBe(2);
    last().serverClose(1006); // refused again
    vi.advanceTimersByTime(999);
    expect(sockets.length).toBe(2);
    vi.advanceTimersByTime(1);
    expect(sockets.length).toBe(3);
    last().serverOpen();
    expect(last().json()).toEqual([{ type: 'hello', v: 1 }]);
    last().serverText(welcome);
    expect(conn.status).toBe('online');
    // back-off was reset by the welcome
    last().serverClose(1006);
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(4);
  });

  it.each([
    [4001, 'session_invalid'],
    [4002, 'version'],
    [4004, 'replaced'],
    [4006, 'banned'],
    [4007, 'kicked'],
    [4008, 'session_changed'],
  ])('stops reconnecting on close code %i (%s) and says why', (code, reason) => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    conn.drain();
    last().serverClose(code);
    expect(conn.status).toBe('offline');
    expect(conn.drain()).toEqual([{ kind: 'status', status: 'offline', stop: reason }]);
    vi.advanceTimersByTime(60_000);
    expect(sockets.length).toBe(1);
  });

  it.each([1001, 1006, 1008, 4003, 4005])('reconnects by itself after close code %i', (code) => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    last().serverClose(code);
    expect(conn.status).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    expect(sockets.length).toBe(2);
    expect(sockets[1]!.url).toBe('ws://example.test/ws?space=plaza');
  });

  it('restart() connects again after 4008 and says hello', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    last().serverClose(4008);
    expect(conn.status).toBe('offline');
    conn.restart();
    expect(sockets.length).toBe(2);
    last().serverOpen();
    expect(last().json()).toEqual([{ type: 'hello', v: 1 }]);
    last().serverText(welcome);
    expect(conn.status).toBe('online');
  });

  it('switchTo() closes the socket and connects to the other loop at once', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    conn.drain();
    const first = last();
    conn.switchTo('ws://example.test/ws?space=circle-1');
    expect(first.closedWith).toBe(1000);
    expect(sockets.length).toBe(2);
    expect(last().url).toBe('ws://example.test/ws?space=circle-1');
    expect(conn.drain()).toEqual([{ kind: 'status', status: 'connecting' }]); // the old socket's close is not reported
    last().serverOpen();
    expect(last().json()).toEqual([{ type: 'hello', v: 1 }]);
    // later reconnects go to the new address too
    last().serverText(welcome);
    last().serverClose(1006);
    vi.advanceTimersByTime(500);
    expect(last().url).toBe('ws://example.test/ws?space=circle-1');
  });

  it('setUrl() changes where the next reconnect goes', () => {
    const { conn, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    conn.setUrl('ws://example.test/ws?space=circle-2');
    last().serverClose(1001);
    vi.advanceTimersByTime(500);
    expect(last().url).toBe('ws://example.test/ws?space=circle-2');
  });

  it('passes warning and reconnect messages to the app', () => {
    const { conn, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    conn.drain();
    last().serverText({ type: 'warning', message: '注意' });
    last().serverText({ type: 'reconnect', space: 'circle-1' });
    expect(conn.drain()).toEqual([
      { kind: 'message', msg: { type: 'warning', message: '注意' } },
      { kind: 'message', msg: { type: 'reconnect', space: 'circle-1' } },
    ]);
  });

  it('stop() closes and does not reconnect', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    conn.stop();
    expect(last().closedWith).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(sockets.length).toBe(1);
    expect(conn.status).toBe('offline');
  });

  it('pings while online and closes a connection that stops answering', () => {
    const { conn, sockets, last } = setup();
    conn.start();
    last().serverOpen();
    last().serverText(welcome);
    vi.advanceTimersByTime(20_000);
    expect(last().json().at(-1)).toMatchObject({ type: 'ping' });
    vi.advanceTimersByTime(15_000);
    expect(sockets[0]!.closedWith).toBe(4998);
    expect(conn.status).toBe('reconnecting');
  });
});

describe('Backoff', () => {
  it('doubles up to the ceiling, with jitter in [0.5, 1)', () => {
    const full = new Backoff(500, 4000, () => 1);
    expect([full.next(), full.next(), full.next(), full.next(), full.next()]).toEqual([500, 1000, 2000, 4000, 4000]);
    full.reset();
    expect(full.next()).toBe(500);
    const half = new Backoff(500, 4000, () => 0);
    expect(half.next()).toBe(250);
  });
});

describe('socketUrl', () => {
  it.each([
    [{ protocol: 'http:', host: '127.0.0.1:8080' }, undefined, 'ws://127.0.0.1:8080/ws'],
    [{ protocol: 'https:', host: 'tsunagu.example' }, undefined, 'wss://tsunagu.example/ws'],
    [{ protocol: 'http:', host: '127.0.0.1:8080' }, 'plaza', 'ws://127.0.0.1:8080/ws?space=plaza'],
    [{ protocol: 'https:', host: 'tsunagu.example' }, 'circle 1&x', 'wss://tsunagu.example/ws?space=circle%201%26x'],
  ])('%o, space %s → %s', (loc, space, url) => expect(socketUrl(loc, space)).toBe(url));
});

describe('closeAction', () => {
  it.each([
    [4001, { kind: 'stop', reason: 'session_invalid' }],
    [4002, { kind: 'stop', reason: 'version' }],
    [4004, { kind: 'stop', reason: 'replaced' }],
    [4006, { kind: 'stop', reason: 'banned' }],
    [4007, { kind: 'stop', reason: 'kicked' }],
    [4008, { kind: 'stop', reason: 'session_changed' }],
    [4005, { kind: 'reconnect' }],
    [4000, { kind: 'reconnect' }],
    [4003, { kind: 'reconnect' }],
    [1000, { kind: 'reconnect' }],
    [1001, { kind: 'reconnect' }],
    [1006, { kind: 'reconnect' }],
    [1008, { kind: 'reconnect' }],
    [1009, { kind: 'reconnect' }],
  ])('close code %i → %o', (code, action) => expect(closeAction(code)).toEqual(action));
});
