// The one WebSocket of a client (docs/protocol.md, "WebSocket").
//
// A `Connection` says `hello` with the session token first, queues what arrives in `inbox`
// for the main tick to drain (so the world changes only in the tick's "receive" phase),
// reconnects with exponential back-off, and sends MOVE at most 20 times a second and only when
// the transform changed. Single-threaded; owned by the app for the page's life.

import {
  type ClientMessage,
  type ServerMessage,
  PROTOCOL_VERSION,
  parseServerMessage,
} from './messages';
import { type WireTransform, type WorldFrame, decodeFrame, encodeMove, sameTransform } from './protocol';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting' | 'offline';

/** Why the connection gave up for good (no automatic reconnect). */
export type FatalReason = 'session_invalid' | 'version' | 'replaced';

export type Inbound =
  | { kind: 'message'; msg: ServerMessage }
  | { kind: 'world'; frame: WorldFrame; receivedAt: number }
  | { kind: 'status'; status: ConnectionStatus; fatal?: FatalReason };

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

/** Close codes after which reconnecting cannot help (docs/protocol.md, close codes). */
const FATAL_CLOSE: Record<number, FatalReason> = { 4001: 'session_invalid', 4002: 'version', 4004: 'replaced' };

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
  url: string;
  token: string;
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
  private readonly createSocket: SocketFactory;
  private readonly backoff: Backoff;
  private readonly now: () => number;
  /** Counts, for the debug hook and tests. */
  readonly stats = { movesSent: 0, framesReceived: 0, badFrames: 0, connects: 0 };

  constructor(private readonly opts: ConnectionOptions) {
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

  private setStatus(status: ConnectionStatus, fatal?: FatalReason): void {
    if (status === this.statusValue && !fatal) return;
    this.statusValue = status;
    this.inbox.push(fatal ? { kind: 'status', status, fatal } : { kind: 'status', status });
  }

  private open(status: ConnectionStatus): void {
    this.setStatus(status);
    this.welcomed = false;
    this.lastMove = null;
    this.lastMoveAt = -Infinity;
    let s: SocketLike;
    try {
      s = this.createSocket(this.opts.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.stats.connects++;
    s.binaryType = 'arraybuffer';
    this.socket = s;
    s.onopen = () => {
      s.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, token: this.opts.token } satisfies ClientMessage));
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
    const fatal = FATAL_CLOSE[code];
    if (fatal) {
      this.stopped = true;
      this.setStatus('offline', fatal);
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

/** The WebSocket address of the server that served this page. */
export function socketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/ws`;
}
