// Binary world frames of docs/protocol.md, version 1 (little-endian throughout).
//
// This module is pure: no DOM, no WebSocket. Everything a peer sends is untrusted, so the
// decoder checks every length and returns an error value instead of throwing.

export const PROTOCOL_VERSION = 1;
export const FRAME_MOVE = 0x01;
export const FRAME_WORLD = 0x81;
export const RECORD_JOIN = 0x01;
export const RECORD_LEAVE = 0x02;
export const RECORD_MOVE = 0x03;
export const TRANSFORM_SIZE = 9;
export const MOVE_FRAME_SIZE = 2 + TRANSFORM_SIZE;
export const WORLD_HEADER_SIZE = 9;
const MAX_NAME_BYTES = 255;
const MAX_ANIM = 2;

/** Animation of an avatar, as carried in a transform. */
export const Anim = { idle: 0, walk: 1, run: 2 } as const;
export type AnimId = (typeof Anim)[keyof typeof Anim];

/** A transform as it travels: centimetres (i16) and a 16-bit yaw (u16). */
export interface WireTransform {
  x: number;
  y: number;
  z: number;
  yaw: number;
  anim: number;
}

/** A pose in world units: metres and radians (0 = facing −z, counter-clockwise from above). */
export interface Pose {
  x: number;
  y: number;
  z: number;
  yaw: number;
  anim: number;
}

export interface MoveFrame {
  type: 'move';
  transform: WireTransform;
}

export interface JoinRecord {
  kind: 'join';
  id: number;
  avatar: number;
  flags: number;
  name: string;
  transform: WireTransform;
}

export interface LeaveRecord {
  kind: 'leave';
  id: number;
}

export interface MoveRecord {
  kind: 'move';
  id: number;
  transform: WireTransform;
}

export type WorldRecord = JoinRecord | LeaveRecord | MoveRecord;

export interface WorldFrame {
  type: 'world';
  snapshot: boolean;
  tick: number;
  records: WorldRecord[];
}

export type Frame = MoveFrame | WorldFrame;

export type DecodeError = 'bad_frame' | 'unsupported_version' | 'unknown_frame';

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; error: DecodeError };

// ---------------------------------------------------------------------------------------------
// Quantisation

const TWO_PI = Math.PI * 2;

function clampI16(v: number): number {
  return Math.max(-32768, Math.min(32767, v));
}

/** Metres/radians → wire units. Positions are clamped to the i16 range. */
export function quantise(pose: Pose): WireTransform {
  const yaw = Math.round((pose.yaw / TWO_PI) * 65536);
  return {
    x: clampI16(Math.round(pose.x * 100)),
    y: clampI16(Math.round(pose.y * 100)),
    z: clampI16(Math.round(pose.z * 100)),
    yaw: ((yaw % 65536) + 65536) % 65536,
    anim: Math.max(0, Math.min(MAX_ANIM, Math.round(pose.anim))),
  };
}

/** Wire units → metres and radians in [0, 2π). */
export function dequantise(t: WireTransform): Pose {
  return {
    x: t.x / 100,
    y: t.y / 100,
    z: t.z / 100,
    yaw: (t.yaw / 65536) * TWO_PI,
    anim: Math.min(t.anim, MAX_ANIM),
  };
}

export function sameTransform(a: WireTransform, b: WireTransform): boolean {
  return a.x === b.x && a.y === b.y && a.z === b.z && a.yaw === b.yaw && a.anim === b.anim;
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Truncated extends Error {}
class Invalid extends Error {}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Bounds-checked little-endian reader; running past the end throws `Truncated`. */
class Reader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  atEnd(): boolean {
    return this.pos === this.bytes.length;
  }

  private need(n: number): void {
    if (this.bytes.length - this.pos < n) throw new Truncated();
  }

  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }

  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, true);
    this.pos += 2;
    return v;
  }

  i16(): number {
    this.need(2);
    const v = this.view.getInt16(this.pos, true);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  utf8(n: number): string {
    this.need(n);
    const slice = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    try {
      return utf8Decoder.decode(slice);
    } catch {
      throw new Invalid();
    }
  }

  transform(): WireTransform {
    this.need(TRANSFORM_SIZE);
    return { x: this.i16(), y: this.i16(), z: this.i16(), yaw: this.u16(), anim: this.u8() };
  }
}

function readRecord(r: Reader): WorldRecord {
  const kind = r.u8();
  const id = r.u32();
  switch (kind) {
    case RECORD_JOIN: {
      const avatar = r.u8();
      const flags = r.u8();
      const nameLen = r.u8();
      const name = r.utf8(nameLen);
      return { kind: 'join', id, avatar, flags, name, transform: r.transform() };
    }
    case RECORD_LEAVE:
      return { kind: 'leave', id };
    case RECORD_MOVE:
      return { kind: 'move', id, transform: r.transform() };
    default:
      throw new Invalid();
  }
}

/**
 * Decodes one binary frame. Errors as in docs/protocol.md: a frame shorter than its header or
 * of the wrong length is `bad_frame`, another version `unsupported_version`, another type
 * `unknown_frame`.
 */
export function decodeFrame(data: ArrayBuffer | Uint8Array): DecodeResult {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < 2) return { ok: false, error: 'bad_frame' };
  if (bytes[0] !== PROTOCOL_VERSION) return { ok: false, error: 'unsupported_version' };
  const type = bytes[1];
  if (type !== FRAME_MOVE && type !== FRAME_WORLD) return { ok: false, error: 'unknown_frame' };
  const r = new Reader(bytes.subarray(2));
  try {
    if (type === FRAME_MOVE) {
      if (bytes.length !== MOVE_FRAME_SIZE) return { ok: false, error: 'bad_frame' };
      const transform = r.transform();
      // Same rule as the server's decoder: an animation it does not know is a bad frame.
      if (transform.anim > MAX_ANIM) return { ok: false, error: 'bad_frame' };
      return { ok: true, frame: { type: 'move', transform } };
    }
    const flags = r.u8();
    const tick = r.u32();
    const count = r.u16();
    const records: WorldRecord[] = [];
    for (let i = 0; i < count; i++) records.push(readRecord(r));
    if (!r.atEnd()) return { ok: false, error: 'bad_frame' };
    return { ok: true, frame: { type: 'world', snapshot: (flags & 1) !== 0, tick, records } };
  } catch (e) {
    if (e instanceof Truncated || e instanceof Invalid) return { ok: false, error: 'bad_frame' };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding

function putTransform(view: DataView, at: number, t: WireTransform): void {
  view.setInt16(at, t.x, true);
  view.setInt16(at + 2, t.y, true);
  view.setInt16(at + 4, t.z, true);
  view.setUint16(at + 6, t.yaw, true);
  view.setUint8(at + 8, t.anim);
}

/** The client's MOVE frame (11 bytes). */
export function encodeMove(t: WireTransform): Uint8Array {
  const out = new Uint8Array(MOVE_FRAME_SIZE);
  const view = new DataView(out.buffer);
  out[0] = PROTOCOL_VERSION;
  out[1] = FRAME_MOVE;
  putTransform(view, 2, t);
  return out;
}

/** Encodes any frame (the client only sends MOVE; WORLD encoding serves tests and tools). */
export function encodeFrame(frame: Frame): Uint8Array {
  if (frame.type === 'move') return encodeMove(frame.transform);
  const names = frame.records.map((rec) =>
    rec.kind === 'join' ? utf8Encoder.encode(rec.name).subarray(0, MAX_NAME_BYTES) : null,
  );
  let size = WORLD_HEADER_SIZE;
  frame.records.forEach((rec, i) => {
    if (rec.kind === 'join') size += 8 + (names[i]?.length ?? 0) + TRANSFORM_SIZE;
    else if (rec.kind === 'leave') size += 5;
    else size += 5 + TRANSFORM_SIZE;
  });
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  out[0] = PROTOCOL_VERSION;
  out[1] = FRAME_WORLD;
  out[2] = frame.snapshot ? 1 : 0;
  view.setUint32(3, frame.tick, true);
  view.setUint16(7, frame.records.length, true);
  let at = WORLD_HEADER_SIZE;
  frame.records.forEach((rec, i) => {
    view.setUint32(at + 1, rec.id, true);
    if (rec.kind === 'join') {
      const name = names[i] ?? new Uint8Array();
      out[at] = RECORD_JOIN;
      out[at + 5] = rec.avatar;
      out[at + 6] = rec.flags;
      out[at + 7] = name.length;
      out.set(name, at + 8);
      putTransform(view, at + 8 + name.length, rec.transform);
      at += 8 + name.length + TRANSFORM_SIZE;
    } else if (rec.kind === 'leave') {
      out[at] = RECORD_LEAVE;
      at += 5;
    } else {
      out[at] = RECORD_MOVE;
      putTransform(view, at + 5, rec.transform);
      at += 5 + TRANSFORM_SIZE;
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hex helpers (golden vectors are written as space-separated hex)

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new Error(`bad hex: ${hex}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
