import { describe, expect, it } from 'vitest';
import type { WorldFrame } from '../net/protocol';
import { AvatarRegistry } from './avatars';

const T = (x: number, z = 0) => ({ x, y: 0, z, yaw: 0, anim: 1 });
const join = (id: number, name: string, x = 0) =>
  ({ kind: 'join', id, avatar: id % 8, flags: 0, name, transform: T(x) }) as const;

function frame(tick: number, snapshot: boolean, records: WorldFrame['records']): WorldFrame {
  return { type: 'world', tick, snapshot, records };
}

describe('AvatarRegistry', () => {
  it('adds everyone of a snapshot, itself marked, without announcing them as new', () => {
    const r = new AvatarRegistry();
    r.selfId = 2;
    const ch = r.applyFrame(frame(10, true, [join(1, 'さくら', 100), join(2, 'Ken')]), 0);
    expect(r.size).toBe(2);
    expect(r.get(2)?.isSelf).toBe(true);
    expect(r.get(1)?.pose.x).toBe(1);
    expect(ch.joined.map((a) => a.name)).toEqual(['さくら', 'Ken']);
    expect(ch.joined.every((a) => a.joinedAt === -Infinity)).toBe(true);
  });

  it('joins, moves (interpolated) and leaves', () => {
    const r = new AvatarRegistry();
    r.selfId = 9;
    r.applyFrame(frame(100, true, [join(9, 'me')]), 10_000);
    const v0 = r.version;
    const ch = r.applyFrame(frame(101, false, [join(1, 'A', 0)]), 10_050);
    expect(ch.joined.map((a) => a.id)).toEqual([1]);
    expect(r.version).toBeGreaterThan(v0);
    r.applyFrame(frame(102, false, [{ kind: 'move', id: 1, transform: T(100) }]), 10_100);
    r.applyFrame(frame(103, false, [{ kind: 'move', id: 1, transform: T(200) }]), 10_150);
    // render time at local 10 175 = server 5150 + 25 - 100 = 5075 → halfway between ticks 101 and 102
    r.interpolate(10_175);
    expect(r.get(1)?.pose.x).toBeCloseTo(0.5);
    r.interpolate(10_400);
    expect(r.get(1)?.pose.x).toBeCloseTo(2);
    const left = r.applyFrame(frame(104, false, [{ kind: 'leave', id: 1 }]), 10_200);
    expect(left.left.map((a) => a.id)).toEqual([1]);
    expect(r.get(1)).toBeUndefined();
  });

  it('ignores MOVE records about itself and unknown ids', () => {
    const r = new AvatarRegistry();
    r.selfId = 9;
    r.applyFrame(frame(1, true, [join(9, 'me', 300)]), 0);
    r.applyFrame(frame(2, false, [{ kind: 'move', id: 9, transform: T(999) }, { kind: 'move', id: 5, transform: T(1) }]), 50);
    r.interpolate(1000);
    expect(r.get(9)?.pose.x).toBe(3);
    expect(r.size).toBe(1);
  });

  it('a new snapshot replaces everyone; those still there are not reported as leaving', () => {
    const r = new AvatarRegistry();
    r.applyFrame(frame(1, true, [join(1, 'A'), join(2, 'B')]), 0);
    const ch = r.applyFrame(frame(50, true, [join(2, 'B'), join(3, 'C')]), 2500);
    expect([...r.list()].map((a) => a.id).sort()).toEqual([2, 3]);
    expect(ch.left.map((a) => a.id)).toEqual([1]);
  });

  it('leave of someone unknown changes nothing', () => {
    const r = new AvatarRegistry();
    r.applyFrame(frame(1, true, []), 0);
    const v = r.version;
    r.applyFrame(frame(2, false, [{ kind: 'leave', id: 77 }]), 50);
    expect(r.version).toBe(v);
  });
});
