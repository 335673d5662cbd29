// Per-person volume, set in the person card and kept in localStorage (`tsunagu.voiceVolume`,
// {"<user id>": percent}) so it follows the person across spaces and visits on this browser.
// Percent 0–200, 100 = as sent. Pure logic over an injected store.

import type { KeyValueStore } from '../ui/storage';

const KEY = 'tsunagu.voiceVolume';
export const VOLUME_MAX = 200;
export const VOLUME_DEFAULT = 100;
/** Entries kept at most (the oldest set go first). */
const MAX_ENTRIES = 500;

export function clampVolume(v: number): number {
  if (!Number.isFinite(v)) return VOLUME_DEFAULT;
  return Math.min(VOLUME_MAX, Math.max(0, Math.round(v)));
}

export class Volumes {
  private readonly map = new Map<number, number>();

  constructor(private readonly store: KeyValueStore | null) {
    let raw: string | null = null;
    try {
      raw = store?.getItem(KEY) ?? null;
    } catch {
      raw = null;
    }
    if (!raw) return;
    try {
      const v = JSON.parse(raw) as unknown;
      if (typeof v !== 'object' || v === null) return;
      for (const [k, p] of Object.entries(v)) {
        const id = Number(k);
        if (Number.isInteger(id) && typeof p === 'number') this.map.set(id, clampVolume(p));
      }
    } catch {
      /* a broken entry: start afresh */
    }
  }

  /** Percent for `id` (100 when never set). */
  get(id: number): number {
    return this.map.get(id) ?? VOLUME_DEFAULT;
  }

  /** The gain for `id` (percent / 100). */
  gain(id: number): number {
    return this.get(id) / 100;
  }

  set(id: number, percent: number): void {
    const v = clampVolume(percent);
    this.map.delete(id);
    if (v !== VOLUME_DEFAULT) this.map.set(id, v);
    while (this.map.size > MAX_ENTRIES) this.map.delete(this.map.keys().next().value as number);
    try {
      if (this.map.size === 0) this.store?.removeItem(KEY);
      else this.store?.setItem(KEY, JSON.stringify(Object.fromEntries(this.map)));
    } catch {
      /* storage full or disabled: the volume holds for this visit */
    }
  }
}
