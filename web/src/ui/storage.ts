// What the client keeps in localStorage: the session token (docs/protocol.md: "the client
// keeps the token in localStorage so that a reload keeps the same identity"), the last name
// and avatar, and whether the first-visit tutorial was seen. Storage is injected so this is
// tested without a browser; a storage that throws (private mode) is treated as empty.

import { type User, asUser } from '../net/messages';

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const SESSION = 'tsunagu.session';
const TUTORIAL = 'tsunagu.tutorialDone';
const PROFILE = 'tsunagu.profile';

export interface StoredSession {
  token: string;
  user: User;
}

function read(store: KeyValueStore, key: string): string | null {
  try {
    return store.getItem(key);
  } catch {
    return null;
  }
}

function write(store: KeyValueStore, key: string, value: string | null): void {
  try {
    if (value === null) store.removeItem(key);
    else store.setItem(key, value);
  } catch {
    /* storage full or disabled: the app still works for this visit */
  }
}

export function loadSession(store: KeyValueStore): StoredSession | null {
  const raw = read(store, SESSION);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { token?: unknown; user?: unknown };
    const user = asUser(v.user);
    if (typeof v.token !== 'string' || v.token === '' || !user) return null;
    return { token: v.token, user };
  } catch {
    return null;
  }
}

export function saveSession(store: KeyValueStore, s: StoredSession): void {
  write(store, SESSION, JSON.stringify(s));
  write(store, PROFILE, JSON.stringify({ name: s.user.name, avatar: s.user.avatar }));
}

export function clearSession(store: KeyValueStore): void {
  write(store, SESSION, null);
}

/** The name and avatar used last time, to fill in the entry form. */
export function loadProfile(store: KeyValueStore): { name: string; avatar: number } | null {
  const raw = read(store, PROFILE);
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as { name?: unknown; avatar?: unknown };
    if (typeof v.name !== 'string' || typeof v.avatar !== 'number') return null;
    return { name: v.name, avatar: v.avatar };
  } catch {
    return null;
  }
}

/** A stored session can be reused when the person enters with the same name and avatar. */
export function reusable(s: StoredSession | null, name: string, avatar: number): s is StoredSession {
  return s !== null && s.user.name === name.normalize('NFKC').trim() && s.user.avatar === avatar;
}

export function tutorialDone(store: KeyValueStore): boolean {
  return read(store, TUTORIAL) === '1';
}

export function markTutorialDone(store: KeyValueStore): void {
  write(store, TUTORIAL, '1');
}

export function resetTutorial(store: KeyValueStore): void {
  write(store, TUTORIAL, null);
}

/** A KeyValueStore in memory (tests; and a stand-in when localStorage is missing). */
export class MemoryStore implements KeyValueStore {
  private readonly map = new Map<string, string>();
  getItem(key: string): string | null {
    return this.map.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.map.set(key, value);
  }
  removeItem(key: string): void {
    this.map.delete(key);
  }
}

export function browserStore(): KeyValueStore {
  try {
    if (typeof localStorage !== 'undefined') return localStorage;
  } catch {
    /* access denied */
  }
  return new MemoryStore();
}
