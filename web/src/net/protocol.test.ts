import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  type DecodeError,
  type Frame,
  decodeFrame,
  dequantise,
  encodeFrame,
  encodeMove,
  fromHex,
  quantise,
  toHex,
} from './protocol';

interface ValidCase {
  name: string;
  valid: true;
  hex: string;
  frame: Frame;
}
interface InvalidCase {
  name: string;
  valid: false;
  hex: string;
  error: DecodeError;
}
type Case = ValidCase | InvalidCase;

const here = dirname(fileURLToPath(import.meta.url));
const vectorsPath = resolve(here, '../../../proto/vectors/world_v1.json');
const vectors = JSON.parse(readFileSync(vectorsPath, 'utf8')) as { version: number; cases: Case[] };

function normHex(hex: string): string {
  return toHex(fromHex(hex));
}

describe('golden vectors (proto/vectors/world_v1.json)', () => {
  it('has cases of both kinds', () => {
    expect(vectors.version).toBe(1);
    expect(vectors.cases.filter((c) => c.valid).length).toBeGreaterThan(0);
    expect(vectors.cases.filter((c) => !c.valid).length).toBeGreaterThan(0);
  });

  for (const c of vectors.cases) {
    if (c.valid) {
      it(`decodes: ${c.name}`, () => {
        expect(decodeFrame(fromHex(c.hex))).toEqual({ ok: true, frame: c.frame });
      });
      it(`encodes: ${c.name}`, () => {
        expect(toHex(encodeFrame(c.frame))).toBe(normHex(c.hex));
      });
    } else {
      it(`rejects: ${c.name} → ${c.error}`, () => {
        expect(decodeFrame(fromHex(c.hex))).toEqual({ ok: false, error: c.error });
      });
    }
  }
});

describe('decodeFrame edge cases', () => {
  const cases: Array<[string, string, DecodeError]> = [
    ['one byte', '01', 'bad_frame'],
    ['world header cut short', '01 81 00 00 00', 'bad_frame'],
    ['leave cut short', '01 81 00 00 00 00 00 01 00 02 01 00', 'bad_frame'],
    ['move record cut short', '01 81 00 00 00 00 00 01 00 03 01 00 00 00 00 00', 'bad_frame'],
    ['move frame with unknown animation', '01 01 00 00 00 00 00 00 00 00 03', 'bad_frame'],
    ['version 0', '00 81', 'unsupported_version'],
    ['unknown type 0x02', '01 02 00', 'unknown_frame'],
  ];
  for (const [name, hex, error] of cases) {
    it(name, () => expect(decodeFrame(fromHex(hex))).toEqual({ ok: false, error }));
  }

  it('accepts an ArrayBuffer as the WebSocket gives it', () => {
    const bytes = fromHex('01 81 00 07 00 00 00 00 00');
    const result = decodeFrame(bytes.slice().buffer as ArrayBuffer);
    expect(result).toEqual({ ok: true, frame: { type: 'world', snapshot: false, tick: 7, records: [] } });
  });

  it('reads a frame that is a view into a larger buffer', () => {
    const big = new Uint8Array(32);
    big.set(fromHex('01 01 01 00 02 00 03 00 04 00 00'), 5);
    const result = decodeFrame(big.subarray(5, 16));
    expect(result).toEqual({
      ok: true,
      frame: { type: 'move', transform: { x: 1, y: 2, z: 3, yaw: 4, anim: 0 } },
    });
  });
});

describe('quantise / dequantise', () => {
  const cases: Array<[string, Parameters<typeof quantise>[0], ReturnType<typeof quantise>]> = [
    ['origin', { x: 0, y: 0, z: 0, yaw: 0, anim: 0 }, { x: 0, y: 0, z: 0, yaw: 0, anim: 0 }],
    ['centimetres round', { x: 1.234, y: -0.056, z: 12.345, yaw: 0, anim: 1 }, { x: 123, y: -6, z: 1235, yaw: 0, anim: 1 }],
    ['quarter turn', { x: 0, y: 0, z: 0, yaw: Math.PI / 2, anim: 0 }, { x: 0, y: 0, z: 0, yaw: 16384, anim: 0 }],
    ['full turn wraps to 0', { x: 0, y: 0, z: 0, yaw: Math.PI * 2, anim: 0 }, { x: 0, y: 0, z: 0, yaw: 0, anim: 0 }],
    ['negative yaw wraps', { x: 0, y: 0, z: 0, yaw: -Math.PI / 2, anim: 0 }, { x: 0, y: 0, z: 0, yaw: 49152, anim: 0 }],
    ['clamped to i16', { x: 400, y: -400, z: 0, yaw: 0, anim: 2 }, { x: 32767, y: -32768, z: 0, yaw: 0, anim: 2 }],
    ['anim clamped', { x: 0, y: 0, z: 0, yaw: 0, anim: 9 }, { x: 0, y: 0, z: 0, yaw: 0, anim: 2 }],
  ];
  for (const [name, pose, wire] of cases) {
    it(name, () => expect(quantise(pose)).toEqual(wire));
  }

  it('round-trips within a centimetre and a 16-bit yaw step', () => {
    const pose = { x: -12.34, y: 0.5, z: 29.99, yaw: 2.5, anim: 1 };
    const back = dequantise(quantise(pose));
    expect(Math.abs(back.x - pose.x)).toBeLessThan(0.006);
    expect(Math.abs(back.z - pose.z)).toBeLessThan(0.006);
    expect(Math.abs(back.yaw - pose.yaw)).toBeLessThan((2 * Math.PI) / 65536);
    expect(back.anim).toBe(1);
  });

  it('encodeMove writes the 11-byte MOVE frame', () => {
    expect(toHex(encodeMove({ x: 1234, y: -5, z: -32768, yaw: 65535, anim: 1 }))).toBe(
      '01 01 d2 04 fb ff 00 80 ff ff 01',
    );
  });
});
