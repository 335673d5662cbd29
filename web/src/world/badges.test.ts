import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../net/api';
import type { Badge } from '../net/apiTypes';
import { BadgeCache, badgeKinds, badgeLabels, labelsKey } from './badges';

// a translate function that shows the key and its values, so the tests see what was asked
const t = (key: string, p?: Record<string, unknown>) => (p ? `${key}(${Object.values(p).join(',')})` : key);

describe('badgeKinds', () => {
  it.each([
    [0, []],
    [0b0001, ['clinician']],
    [0b0010, ['trainee']],
    [0b0100, ['staff']],
    [0b1000, ['facilitator']],
    [0b0101, ['clinician', 'staff']],
    [0b1111, ['clinician', 'trainee', 'staff', 'facilitator']],
    [0b1111_0000, []], // unknown bits are ignored
    [0b1_0100, ['staff']],
  ])('flags %i → %j', (flags, kinds) => expect(badgeKinds(flags)).toEqual(kinds));
});

describe('badgeLabels', () => {
  const yamada: Badge = { id: 3, kind: 'clinician', specialty: '頭痛専門医', name: '山田 太郎' };

  it('names a clinician’s specialty and real name once the server told them', () => {
    expect(badgeLabels(1, yamada, t)).toEqual([{ kind: 'clinician', text: 'badge.clinicianNamed(頭痛専門医,山田 太郎)' }]);
  });

  it('says “verified clinician” until then, or when the server knows no badge', () => {
    expect(badgeLabels(1, undefined, t)).toEqual([{ kind: 'clinician', text: 'badge.clinician' }]);
    expect(badgeLabels(1, null, t)).toEqual([{ kind: 'clinician', text: 'badge.clinician' }]);
  });

  it('gives trainees, staff and facilitators their fixed label', () => {
    expect(badgeLabels(0b1110, null, t).map((l) => l.text)).toEqual(['badge.trainee', 'badge.staff', 'badge.facilitator']);
  });

  it('never uses anything but the flags and the server’s badge (no display name)', () => {
    expect(badgeLabels(0, yamada, t)).toEqual([]);
  });

  it('keys change exactly when the labels do', () => {
    const a = labelsKey(badgeLabels(1, undefined, t));
    expect(labelsKey(badgeLabels(1, null, t))).toBe(a);
    expect(labelsKey(badgeLabels(1, yamada, t))).not.toBe(a);
    expect(labelsKey([])).toBe('');
  });
});

describe('BadgeCache', () => {
  function setup(answer: (ids: number[]) => ApiResult<Badge[]>) {
    let now = 1_000;
    const asked: number[][] = [];
    const cache = new BadgeCache(
      async (ids) => {
        asked.push(ids);
        return answer(ids);
      },
      () => now,
    );
    return { cache, asked, advance: (ms: number) => (now += ms) };
  }
  const yamada: Badge = { id: 3, kind: 'clinician', specialty: '頭痛専門医', name: '山田 太郎' };

  it('asks once for unknown ids and caches badges and “none”', async () => {
    const { cache, asked } = setup(() => ({ ok: true, value: [yamada] }));
    expect(cache.get(3)).toBeUndefined();
    const v = cache.version;
    await cache.want([3, 4, 3]);
    expect(asked).toEqual([[3, 4]]);
    expect(cache.get(3)).toEqual(yamada);
    expect(cache.get(4)).toBeNull();
    expect(cache.version).toBeGreaterThan(v);
    await cache.want([3, 4]);
    expect(asked).toHaveLength(1);
  });

  it('asks again about “none” after a minute (someone may have been verified since)', async () => {
    const { cache, asked, advance } = setup(() => ({ ok: true, value: [] }));
    await cache.want([4]);
    advance(30_000);
    await cache.want([4]);
    expect(asked).toHaveLength(1);
    advance(31_000);
    await cache.want([4]);
    expect(asked).toHaveLength(2);
  });

  it('does not ask twice for ids already in flight', async () => {
    let release: (v: ApiResult<Badge[]>) => void = () => undefined;
    const asked: number[][] = [];
    const cache = new BadgeCache((ids) => {
      asked.push(ids);
      return new Promise((r) => (release = r));
    });
    const first = cache.want([3]);
    await cache.want([3]);
    expect(asked).toEqual([[3]]);
    release({ ok: true, value: [yamada] });
    await first;
    expect(cache.get(3)).toEqual(yamada);
  });

  it('waits before asking again after a failure', async () => {
    const { cache, asked, advance } = setup(() => ({ ok: false, failure: { kind: 'network', status: 0 } }));
    await cache.want([3]);
    expect(cache.get(3)).toBeUndefined();
    await cache.want([3]);
    expect(asked).toHaveLength(1);
    advance(10_001);
    await cache.want([3]);
    expect(asked).toHaveLength(2);
  });

  it('forget() makes the next want ask again', async () => {
    const { cache, asked } = setup(() => ({ ok: true, value: [yamada] }));
    await cache.want([3]);
    cache.forget(3);
    expect(cache.get(3)).toBeUndefined();
    await cache.want([3]);
    expect(asked).toHaveLength(2);
  });

  it('asks about at most 100 ids at once', async () => {
    const { cache, asked } = setup(() => ({ ok: true, value: [] }));
    await cache.want(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(asked[0]).toHaveLength(100);
  });
});
