// The one WebSocket of a client (docs/protocol.md, "WebSocket").
//
// A `Connection` says `hello` first (the browser's session cookie authenticates it; no token
// travels in the message), queues what arrives in `inbox` for the main tick to drain (so the
// world changes only in the tick's "receive" phase), reconnects with exponential back-off, and
// sends MOVE at most 20 times a second and only when the transform changed. What a close code
// means is decided by `closeAction` (a table, tested on its own). Single-threaded; owned by
// the app for as long as the person is in the world.

import {
  type ClientMessage,
  type ServerMessage,
  PROTOCOL_VERSION,
  parseServerMessage,
} from './messages';
import { type WireTransform, type WorldFrame, decodeFrame, encodeMove, sameTransform } from './protocol';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/**
 * Why the connection stopped reconnecting by itself. `session_changed` (4008) is not the end:
 * the app re-reads its session and calls `restart()`.
 */
export type StopReason = 'session_invalid' | 'version' | 'replaced' | 'banned' | 'kicked' | 'session_changed';

export type Inbound =
  | { kind: 'message'; msg: ServerMessage }
  | { kind: 'world'; frame: WorldFrame; receivedAt: number }
  | { kind: 'status'; status: ConnectionStatus; stop?: StopReason };

/** The part of the browser's WebSocket this class uses (a fake stands in for it in tests). */
export interface SocketLike {
  binaryType: BinaryType;
  readonly readyState: number;
  send(data: string | ArrayBufferLike | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

export type SocketFactory = (url: string) => SocketLike;

const OPEN = 1;
/** MOVE frames go out at most this often (20 Hz). */
export const MOVE_INTERVAL_MS = 50;
const PING_INTERVAL_MS = 20_000;
const PONG_TIMEOUT_MS = 15_000;

/** Close codes after which reconnecting by itself cannot help (docs/protocol.md, close codes). */
const STOP_CLOSE: Readonly<Record<number, StopReason>> = {
  4001: 'session_invalid',
  4002: 'version',
  4004: 'replaced',
  4006: 'banned',
  4007: 'kicked',
  4008: 'session_changed',
};

export type CloseAction = { kind: 'stop'; reason: StopReason } | { kind: 'reconnect' };

/**
 * What to do when the socket closes with `code`: stop (and tell the app why) or reconnect with
 * back-off. Everything not listed — a dropped network (1006), a shutdown (1001), a slow reader
 * (4005), flooding (1008) — is worth another try.
 */
export function closeAction(code: number): CloseAction {
  const reason = STOP_CLOSE[code];
  return reason ? { kind: 'stop', reason } : { kind: 'reconnect' };
}

/** Exponential back-off with jitter: 0.5 s, 1 s, 2 s … up to 15 s, each × [0.5, 1). */
export class Backoff {
  private attempt = 0;
  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 15_000,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 16);
    return Math.round(ceiling * (0.5 + 0.5 * this.random()));
  }

  reset(): void {
    this.attempt = 0;
  }
}

export interface ConnectionOptions {
  /** `socketUrl(location, space)`: the loop of the space the client wants. */
  url: string;
  createSocket?: SocketFactory;
  backoff?: Backoff;
  /** Clock for `receivedAt` of world frames (ms). */
  now?: () => number;
}

export class Connection {
  /** What arrived since the last drain, oldest first. */
  private inbox: Inbound[] = [];
  private socket: SocketLike | null = null;
  private statusValue: ConnectionStatus = 'offline';
  private stopped = true;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private pongDeadline: ReturnType<typeof setTimeout> | null = null;
  private lastMove: WireTransform | null = null;
  private lastMoveAt = -Infinity;
  private welcomed = false;
  private url: string;
  private readonly createSocket: SocketFactory;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  /** Counts, for the debug hook and tests. */
  readonly stats = { movesSent: 0, framesReceived: 0, badFrames: 0, connects: 0 };

  constructor(opts: ConnectionOptions) {
    this.url = opts.url;
    this.createSocket = opts.createSocket ?? ((url) => new WebSocket(url) as SocketLike);
    this.backoff = opts.backoff ?? new Backoff();
    this.now = opts.now ?? (() => performance.now());
  }

  get status(): ConnectionStatus {
    return this.statusValue;
  }

  /** True once `welcome` arrived on the current socket. */
  get ready(): boolean {
    return this.welcomed && this.socket?.readyState === OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open('connecting');
  }

  /** The address the next (re)connect uses. */
  get address(): string {
    return this.url;
  }

  /** Where later reconnects go (the loop of the space one is in). */
  setUrl(url: string): void {
    this.url = url;
  }

  /**
   * Closes the current socket and connects to `url` at once — the server's `reconnect`
   * message, or after the session changed. Says hello again; the app joins on `welcome`.
   */
  switchTo(url: string): void {
    this.url = url;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.close(1000, 'switching');
    }
    this.stopped = false;
    this.open('connecting');
  }

  /** Connects again after a stop (e.g. 4008, once the app re-read its session). */
  restart(): void {
    this.switchTo(this.url);
  }

  /** Closes for good (leaving the world). */
  stop(): void {
    this.stopped = true;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onclose = null;
      s.onmessage = null;
      s.close(1000, 'bye');
    }
    this.setStatus('offline');
  }

  /** Everything received since the last call, oldest first. */
  drain(): Inbound[] {
    const out = this.inbox;
    this.inbox = [];
    return out;
  }

  send(msg: ClientMessage): boolean {
    if (!this.ready || !this.socket) return false;
    this.socket.send(JSON.stringify(msg));
    return true;
  }

  /**
   * Sends the transform as a MOVE frame if it changed since the last one sent and at least
   * MOVE_INTERVAL_MS passed. Returns whether it went out.
   */
  sendMove(t: WireTransform, now: number): boolean {
    if (!this.ready || !this.socket) return false;
    if (this.lastMove && sameTransform(this.lastMove, t)) return false;
    if (now - this.lastMoveAt < MOVE_INTERVAL_MS) return false;
    this.socket.send(encodeMove(t));
    this.lastMove = { ...t };
    this.lastMoveAt = now;
    this.stats.movesSent++;
    return true;
  }

  /** Forget the last MOVE sent, so the next `sendMove` goes out even if unchanged (after a join). */
  resetMove(): void {
    this.lastMove = null;
  }

  /** Close the current socket as if the network dropped (tests, and a dead connection). */
  dropForTest(): void {
    this.socket?.close(4999, 'dropped');
  }

  private setStatus(status: ConnectionStatus, stop?: StopReason): void {
    if (status === this.statusValue && !stop) return;
    this.statusValue = status;
    this.inbox.push(stop ? { kind: 'status', status, stop } : { kind: 'status', status });
  }

  private open(status: ConnectionStatus): void {
    this.setStatus(status);
    this.welcomed = false;
    this.lastMove = null;
    this.lastMoveAt = -Infinity;
    let s: SocketLike;
    try {
      s = this.createSocket(this.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.stats.connects++;
    s.binaryType = 'arraybuffer';
    this.socket = s;
    s.onopen = () => {
      s.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION } satisfies ClientMessage));
    };
    s.onmessage = (ev) => this.onMessage(ev.data);
    s.onerror = () => {
      /* onclose follows; it decides what to do */
    };
    s.onclose = (ev) => this.onClose(s, ev.code);
  }

  private onMessage(data: unknown): void {
    if (typeof data === 'string') {
      const msg = parseServerMessage(data);
      if (!msg) return;
      if (msg.type === 'pong') {
        if (this.pongDeadline) clearTimeout(this.pongDeadline);
        this.pongDeadline = null;
        return;
      }
      if (msg.type === 'welcome') {
        this.welcomed = true;
        this.backoff.reset();
        this.startPing();
        this.setStatus('online');
      }
      this.inbox.push({ kind: 'message', msg });
      return;
    }
    if (data instanceof ArrayBuffer) {
      const result = decodeFrame(data);
      if (!result.ok || result.frame.type !== 'world') {
        this.stats.badFrames++;
        return;
      }
      this.stats.framesReceived++;
      this.inbox.push({ kind: 'world', frame: result.frame, receivedAt: this.now() });
    }
  }

  private onClose(s: SocketLike, code: number): void {
    if (s !== this.socket) return;
    this.socket = null;
    this.welcomed = false;
    this.clearTimers();
    if (this.stopped) return;
    const action = closeAction(code);
    if (action.kind === 'stop') {
      this.stopped = true;
      this.setStatus('offline', action.reason);
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const delay = this.backoff.next();
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.stopped) this.open('reconnecting');
    }, delay);
  }

  private startPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping', t: Date.now() })) return;
      if (this.pongDeadline) return;
      this.pongDeadline = setTimeout(() => {
        // No answer: the connection is dead even if the browser has not noticed yet.
        this.pongDeadline = null;
        this.socket?.close(4998, 'no pong');
      }, PONG_TIMEOUT_MS);
    }, PING_INTERVAL_MS);
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    if (this.pongDeadline) clearTimeout(this.pongDeadline);
    this.reconnectTimer = null;
    this.pingTimer = null;
    this.pongDeadline = null;
  }
}

/** The WebSocket address of the server that served this page, for the loop of `space`. */
export function socketUrl(loc: Pick<Location, 'protocol' | 'host'>, space?: string): string {
  const base = `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
  return space ? `${base}?space=${encodeURIComponent(space)}` : base;
}
