import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../ui/storage';
import { VOLUME_DEFAULT, Volumes, clampVolume } from './volumes';

class MemStore implements KeyValueStore {
  readonly data = new Map<string, string>();
  getItem(k: string): string | null {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.data.set(k, v);
  }
  removeItem(k: string): void {
    this.data.delete(k);
  }
}

describe('Volumes', () => {
  it('defaults to 100 %, keeps what was set across instances', () => {
    const store = new MemStore();
    const v = new Volumes(store);
    expect(v.get(3)).toBe(VOLUME_DEFAULT);
    v.set(3, 40);
    v.set(9, 150);
    const again = new Volumes(store);
    expect(again.get(3)).toBe(40);
    expect(again.gain(9)).toBe(1.5);
  });

  it('setting the default again forgets the entry', () => {
    const store = new MemStore();
    const v = new Volumes(store);
    v.set(3, 40);
    v.set(3, 100);
    expect(store.data.size).toBe(0);
  });

  it.each([
    ['-5', -5, 0],
    ['250', 250, 200],
    ['NaN', Number.NaN, 100],
    ['33.6', 33.6, 34],
  ])('clamps %s', (_n, v, want) => {
    expect(clampVolume(v)).toBe(want);
  });

  it('survives broken or throwing storage', () => {
    const broken = new MemStore();
    broken.setItem('tsunagu.voiceVolume', '{not json');
    expect(new Volumes(broken).get(1)).toBe(100);
    const throwing: KeyValueStore = {
      getItem: () => {
        throw new Error('private mode');
      },
      setItem: () => {
        throw new Error('full');
      },
      removeItem: () => undefined,
    };
    const v = new Volumes(throwing);
    v.set(1, 20);
    expect(v.get(1)).toBe(20);
    expect(new Volumes(null).get(1)).toBe(100);
  });
});
