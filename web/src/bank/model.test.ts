import { describe, expect, it } from 'vitest';
import { niceMax } from './charts';
import { DiaryModel } from './model';
import type { DiaryResult, DiarySource } from './source';
import { entry } from './testing';
import type { DiaryEntry } from './types';

class FakeSource implements DiarySource {
  readonly kind: 'server' | 'browser';
  calls: Array<[string, string]> = [];
  rows: DiaryEntry[] = [];
  fail = false;
  private next = 1;
  constructor(kind: 'server' | 'browser' = 'server') {
    this.kind = kind;
  }
  async list(from: string, to: string): Promise<DiaryResult<DiaryEntry[]>> {
    this.calls.push([from, to]);
    if (this.fail) return { ok: false, failure: { kind: 'network', status: 0 } };
    return { ok: true, value: this.rows.filter((e) => e.date >= from && e.date <= to) };
  }
  async save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>> {
    if (this.fail) return { ok: false, failure: { key: 'x' } };
    const saved = { ...e, id: e.id ?? this.next++ };
    this.rows = [...this.rows.filter((x) => x.id !== saved.id), saved];
    return { ok: true, value: saved };
  }
  async remove(id: number): Promise<DiaryResult<true>> {
    this.rows = this.rows.filter((x) => x.id !== id);
    return { ok: true, value: true };
  }
}

describe('DiaryModel', () => {
  it('loads twelve months (and a week before) up to the month in view, once', async () => {
    const src = new FakeSource();
    const m = new DiaryModel(src);
    let changes = 0;
    m.onChange(() => (changes += 1));
    await m.show('2026-11');
    expect(src.calls).toEqual([['2025-11-24', '2026-11-30']]);
    await m.show('2026-11');
    expect(src.calls).toHaveLength(1);
    await m.show('2026-11', true);
    expect(src.calls).toHaveLength(2);
    expect(changes).toBeGreaterThanOrEqual(3);
    expect(DiaryModel.window('2027-02')).toEqual({ from: '2026-02-22', to: '2027-02-28' });
  });

  it('keeps entries in step with saves and deletions', async () => {
    const src = new FakeSource();
    const m = new DiaryModel(src);
    await m.show('2026-11');
    const a = await m.save(entry('2026-11-03'));
    expect(a.ok && a.value.id).toBe(1);
    await m.save(entry('2026-11-04'));
    expect(m.entries.map((e) => e.id)).toEqual([1, 2]);
    await m.save({ ...entry('2026-11-03', { intensity: 9 }), id: 1 });
    expect(m.entries).toHaveLength(2);
    expect(m.entries.find((e) => e.id === 1)?.intensity).toBe(9);
    await m.remove(2);
    expect(m.entries.map((e) => e.id)).toEqual([1]);
  });

  it('keeps what it had and reports the failure when loading fails', async () => {
    const src = new FakeSource();
    src.rows = [entry('2026-11-03', { id: 7 })];
    const m = new DiaryModel(src);
    await m.show('2026-11');
    src.fail = true;
    await m.reload();
    expect(m.entries.map((e) => e.id)).toEqual([7]);
    expect(m.failure).toEqual({ kind: 'network', status: 0 });
  });

  it('a change of source forgets the old entries and loads again', async () => {
    const browser = new FakeSource('browser');
    browser.rows = [entry('2026-11-03', { id: 1 })];
    const m = new DiaryModel(browser);
    await m.show('2026-11');
    const server = new FakeSource('server');
    m.setSource(server);
    expect(m.entries).toEqual([]);
    await m.show('2026-11');
    expect(server.calls).toHaveLength(1);
  });

  it('a slow answer for an older month does not overwrite a newer one', async () => {
    const src = new FakeSource();
    src.rows = [entry('2026-10-03', { id: 1 }), entry('2026-11-03', { id: 2 })];
    let release: () => void = () => undefined;
    const slow = new Promise<void>((r) => (release = r));
    const list = src.list.bind(src);
    let first = true;
    src.list = async (from, to) => {
      if (first) {
        first = false;
        await slow;
        return { ok: true, value: [] };
      }
      return list(from, to);
    };
    const m = new DiaryModel(src);
    const older = m.show('2026-10');
    await m.show('2026-11');
    release();
    await older;
    expect(m.month).toBe('2026-11');
    expect(m.entries.map((e) => e.id)).toEqual([1, 2]);
  });
});

describe('niceMax', () => {
  it.each([
    [[0, 0, 0], undefined, 5],
    [[3], undefined, 5],
    [[7], undefined, 10],
    [[2], 15, 20],
    [[12], 10, 15],
    [[31], 15, 40],
  ] as const)('%j with threshold %s → %i', (values, threshold, want) => {
    expect(niceMax(values, threshold)).toBe(want);
  });
});
