// The diary the bank panel shows: the entries of a window of months around the month in view,
// read from the person's DiarySource (server for members, browser for guests), and kept up to
// date as entries are saved and deleted. The diary, charts, summary and self-check tabs share it.
// Single-threaded; listeners run after every change.

import { addDays, addMonths, firstDay, lastDay, monthOf, today } from './dates';
import type { DiaryFailure, DiaryResult, DiarySource } from './source';
import type { DiaryEntry } from './types';

/** Months loaded before the month in view (the charts show 6, the summary 3). */
export const WINDOW_MONTHS = 12;

export class DiaryModel {
  entries: DiaryEntry[] = [];
  month = monthOf(today());
  failure: DiaryFailure | null = null;
  loading = false;
  private loadedKey = '';
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  constructor(private src: DiarySource) {}

  get source(): DiarySource {
    return this.src;
  }

  /** Switches where the diary lives (a guest became a member); forgets what was loaded. */
  setSource(src: DiarySource): void {
    if (src.kind === this.src.kind) return;
    this.src = src;
    this.entries = [];
    this.loadedKey = '';
  }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed(): void {
    for (const fn of this.listeners) fn();
  }

  /** The first and last day loaded for `month` in view. */
  static window(month: string): { from: string; to: string } {
    // a week more at the start: a long headache of the month before reaches into the window
    return { from: addDays(firstDay(addMonths(month, -(WINDOW_MONTHS - 1))), -7), to: lastDay(month) };
  }

  /** Shows `month` and loads its window (again when `force`). */
  async show(month: string, force = false): Promise<void> {
    this.month = month;
    const { from, to } = DiaryModel.window(month);
    const key = `${this.src.kind}|${from}|${to}`;
    if (!force && key === this.loadedKey) {
      this.changed();
      return;
    }
    const seq = ++this.seq;
    this.loading = true;
    this.changed();
    const res = await this.src.list(from, to);
    if (seq !== this.seq) return; // a newer request won
    this.loading = false;
    if (res.ok) {
      this.entries = res.value;
      this.failure = null;
      this.loadedKey = key;
    } else {
      this.failure = res.failure;
    }
    this.changed();
  }

  reload(): Promise<void> {
    return this.show(this.month, true);
  }

  async save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>> {
    const res = await this.src.save(e);
    if (res.ok) {
      const saved = res.value;
      const i = this.entries.findIndex((x) => x.id !== undefined && x.id === saved.id);
      if (i >= 0) this.entries[i] = saved;
      else this.entries.push(saved);
      this.changed();
    }
    return res;
  }

  async remove(id: number): Promise<DiaryResult<true>> {
    const res = await this.src.remove(id);
    if (res.ok) {
      this.entries = this.entries.filter((e) => e.id !== id);
      this.changed();
    }
    return res;
  }
}
