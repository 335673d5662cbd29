// A guest's headache diary, kept only in this browser's localStorage (docs/bank.md: guests get
// 403 account_required from the diary endpoints). Nothing here goes to the server except when
// the person runs a self-check, which the server does not store. Storage is injected (tests use
// MemoryStore); a storage that throws or holds garbage reads as an empty diary, and a failed
// write is reported so the page can say the entry was not kept. Single-threaded.

import type { KeyValueStore } from '../ui/storage';
import { type DiaryEntry, asEntry, entryBody, sortEntries } from './types';

export const LOCAL_DIARY_KEY = 'tsunagu.bank.diary';

interface Stored {
  version: 1;
  next_id: number;
  entries: DiaryEntry[];
}

export class LocalDiary {
  constructor(private readonly store: KeyValueStore) {}

  private read(): Stored {
    let raw: string | null = null;
    try {
      raw = this.store.getItem(LOCAL_DIARY_KEY);
    } catch {
      raw = null;
    }
    if (!raw) return { version: 1, next_id: 1, entries: [] };
    try {
      const v = JSON.parse(raw) as { next_id?: unknown; entries?: unknown };
      const entries = Array.isArray(v.entries) ? v.entries.map(asEntry).filter((e): e is DiaryEntry => e !== null && e.id !== undefined) : [];
      const maxId = entries.reduce((m, e) => Math.max(m, e.id ?? 0), 0);
      const next = typeof v.next_id === 'number' && Number.isInteger(v.next_id) ? v.next_id : 1;
      return { version: 1, next_id: Math.max(next, maxId + 1), entries };
    } catch {
      return { version: 1, next_id: 1, entries: [] };
    }
  }

  private write(s: Stored): boolean {
    try {
      this.store.setItem(LOCAL_DIARY_KEY, JSON.stringify(s));
      return true;
    } catch {
      return false;
    }
  }

  /** All entries, newest first. */
  all(): DiaryEntry[] {
    return sortEntries(this.read().entries);
  }

  /** Entries whose date is in [from, to] (inclusive, YYYY-MM-DD), newest first. */
  range(from: string, to: string): DiaryEntry[] {
    return this.all().filter((e) => e.date >= from && e.date <= to);
  }

  get count(): number {
    return this.read().entries.length;
  }

  /** Adds an entry; returns it with its new id, or null when the browser would not keep it. */
  add(e: DiaryEntry): DiaryEntry | null {
    const s = this.read();
    const saved: DiaryEntry = { ...entryBody(e), id: s.next_id };
    s.entries.push(saved);
    s.next_id += 1;
    return this.write(s) ? saved : null;
  }

  /** Replaces the entry with `e.id`; null when there is none or it could not be written. */
  update(e: DiaryEntry): DiaryEntry | null {
    if (e.id === undefined) return null;
    const s = this.read();
    const i = s.entries.findIndex((x) => x.id === e.id);
    if (i < 0) return null;
    const saved: DiaryEntry = { ...entryBody(e), id: e.id };
    s.entries[i] = saved;
    return this.write(s) ? saved : null;
  }

  remove(id: number): boolean {
    const s = this.read();
    const before = s.entries.length;
    s.entries = s.entries.filter((e) => e.id !== id);
    if (s.entries.length === before) return false;
    return this.write(s);
  }

  /** Deletes the whole browser diary. */
  clear(): void {
    try {
      this.store.removeItem(LOCAL_DIARY_KEY);
    } catch {
      /* nothing kept */
    }
  }

  /** The diary as a JSON document for the person to keep ("export"). */
  exportJson(now: Date = new Date()): string {
    return JSON.stringify({ format: 'tsunagu-headache-diary', version: 1, exported_at: now.toISOString(), entries: this.all().map((e) => ({ id: e.id, ...entryBody(e) })) }, null, 2);
  }
}
