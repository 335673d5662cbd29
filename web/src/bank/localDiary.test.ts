import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../ui/storage';
import { LOCAL_DIARY_KEY, LocalDiary } from './localDiary';
import { entry, migraine } from './testing';

describe('LocalDiary', () => {
  it('adds, lists newest first, updates and removes', () => {
    const d = new LocalDiary(new MemoryStore());
    expect(d.all()).toEqual([]);
    const a = d.add(entry('2026-11-03', { note: 'first' }));
    const b = d.add(migraine('2026-11-05'));
    const c = d.add(entry('2026-11-05', { start: '21:00' }));
    expect([a?.id, b?.id, c?.id]).toEqual([1, 2, 3]);
    expect(d.all().map((e) => e.id)).toEqual([3, 2, 1]);
    expect(d.count).toBe(3);

    const changed = d.update({ ...(a as NonNullable<typeof a>), intensity: 9, note: 'changed' });
    expect(changed).toMatchObject({ id: 1, intensity: 9, note: 'changed' });
    expect(d.all().find((e) => e.id === 1)?.note).toBe('changed');

    expect(d.remove(2)).toBe(true);
    expect(d.remove(2)).toBe(false);
    expect(d.all().map((e) => e.id)).toEqual([3, 1]);
  });

  it('keeps ids increasing after a removal and across instances (a reload)', () => {
    const store = new MemoryStore();
    const d = new LocalDiary(store);
    d.add(entry('2026-11-01'));
    d.add(entry('2026-11-02'));
    d.remove(2);
    const again = new LocalDiary(store);
    expect(again.add(entry('2026-11-03'))?.id).toBe(3);
  });

  it('filters a date range (inclusive)', () => {
    const d = new LocalDiary(new MemoryStore());
    for (const date of ['2026-10-31', '2026-11-01', '2026-11-30', '2026-12-01']) d.add(entry(date));
    expect(d.range('2026-11-01', '2026-11-30').map((e) => e.date)).toEqual(['2026-11-30', '2026-11-01']);
  });

  it('an update of an unknown id changes nothing', () => {
    const d = new LocalDiary(new MemoryStore());
    expect(d.update(entry('2026-11-01', { id: 7 }))).toBeNull();
    expect(d.update(entry('2026-11-01'))).toBeNull();
  });

  it.each([
    ['not JSON', '{oops'],
    ['not an object', '42'],
    ['entries of the wrong type', '{"next_id":"2","entries":"x"}'],
  ])('reads garbage (%s) as an empty diary', (_name, raw) => {
    const store = new MemoryStore();
    store.setItem(LOCAL_DIARY_KEY, raw);
    const d = new LocalDiary(store);
    expect(d.all()).toEqual([]);
    expect(d.add(entry('2026-11-01'))?.id).toBe(1);
  });

  it('drops stored entries that are broken and never reuses a stored id', () => {
    const store = new MemoryStore();
    store.setItem(LOCAL_DIARY_KEY, JSON.stringify({ next_id: 1, entries: [{ ...entry('2026-11-01'), id: 5 }, { id: 6, date: 'yesterday' }, { ...entry('2026-11-02') }] }));
    const d = new LocalDiary(store);
    expect(d.all().map((e) => e.id)).toEqual([5]);
    expect(d.add(entry('2026-11-03'))?.id).toBe(6);
  });

  it('says so when the browser will not store (full or disabled)', () => {
    const store = new MemoryStore();
    store.setItem = () => {
      throw new Error('QuotaExceededError');
    };
    const d = new LocalDiary(store);
    expect(d.add(entry('2026-11-01'))).toBeNull();
  });

  it('a storage that throws on read is an empty diary', () => {
    const store = new MemoryStore();
    store.getItem = () => {
      throw new Error('SecurityError');
    };
    expect(new LocalDiary(store).all()).toEqual([]);
  });

  it('clears everything', () => {
    const store = new MemoryStore();
    const d = new LocalDiary(store);
    d.add(entry('2026-11-01'));
    d.clear();
    expect(store.getItem(LOCAL_DIARY_KEY)).toBeNull();
    expect(d.count).toBe(0);
  });

  it('exports JSON with every field, oldest last', () => {
    const d = new LocalDiary(new MemoryStore());
    d.add(entry('2026-11-01', { note: 'a' }));
    d.add(migraine('2026-11-02', { medications: [{ class: 'triptan', effect: 'good' }] }));
    const doc = JSON.parse(d.exportJson(new Date('2026-11-20T00:00:00Z'))) as { format: string; exported_at: string; entries: Array<Record<string, unknown>> };
    expect(doc.format).toBe('tsunagu-headache-diary');
    expect(doc.exported_at).toBe('2026-11-20T00:00:00.000Z');
    expect(doc.entries.map((e) => e.date)).toEqual(['2026-11-02', '2026-11-01']);
    expect(doc.entries[0]).toMatchObject({ id: 2, medications: [{ class: 'triptan', effect: 'good' }], photophobia: true });
  });
});
