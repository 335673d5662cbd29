// Where the diary lives: a member's on the server (docs/bank.md /api/diary), a guest's in this
// browser (LocalDiary). The diary screens talk to a DiarySource and do not care which.

import type { BankApi, BankFailure } from './api';
import type { LocalDiary } from './localDiary';
import type { DiaryEntry } from './types';

/** A refusal from the server, or an i18n key for what went wrong in the browser. */
export type DiaryFailure = BankFailure | { key: string };
export type DiaryResult<T> = { ok: true; value: T } | { ok: false; failure: DiaryFailure };

export interface DiarySource {
  readonly kind: 'server' | 'browser';
  /** Entries whose date is in [from, to], any order. */
  list(from: string, to: string): Promise<DiaryResult<DiaryEntry[]>>;
  /** Creates (no id) or replaces (with id) an entry. */
  save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>>;
  remove(id: number): Promise<DiaryResult<true>>;
}

export class ServerDiary implements DiarySource {
  readonly kind = 'server';
  constructor(private readonly api: BankApi) {}

  list(from: string, to: string): Promise<DiaryResult<DiaryEntry[]>> {
    return this.api.diary(from, to);
  }

  save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>> {
    return e.id === undefined ? this.api.createEntry(e) : this.api.updateEntry({ ...e, id: e.id });
  }

  remove(id: number): Promise<DiaryResult<true>> {
    return this.api.deleteEntry(id);
  }
}

export class BrowserDiary implements DiarySource {
  readonly kind = 'browser';
  constructor(readonly local: LocalDiary) {}

  async list(from: string, to: string): Promise<DiaryResult<DiaryEntry[]>> {
    return { ok: true, value: this.local.range(from, to) };
  }

  async save(e: DiaryEntry): Promise<DiaryResult<DiaryEntry>> {
    const saved = e.id === undefined ? this.local.add(e) : this.local.update(e);
    return saved ? { ok: true, value: saved } : { ok: false, failure: { key: 'bank.diary.storageFailed' } };
  }

  async remove(id: number): Promise<DiaryResult<true>> {
    return this.local.remove(id) ? { ok: true, value: true } : { ok: false, failure: { key: 'bank.diary.storageFailed' } };
  }
}
