// What the client keeps in localStorage: the last name and avatar (to fill in the entry form),
// whether the first-visit tutorial was seen, and whether this browser was last told it is
// banned. Never a session token: sign-in sets an HttpOnly cookie the script cannot read
// (docs/security.md). Storage is injected so this is tested without a browser; a storage that
// throws (private mode) is treated as empty.

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Where an older client kept the session token; removed on start. */
const LEGACY_SESSION = 'tsunagu.session';
const TUTORIAL = 'tsunagu.tutorialDone';
const PROFILE = 'tsunagu.profile';
const BANNED = 'tsunagu.banned';

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

/** Forgets a session token an older version of the client left in storage. */
export function forgetLegacySession(store: KeyValueStore): void {
  write(store, LEGACY_SESSION, null);
}

export function saveProfile(store: KeyValueStore, p: { name: string; avatar: number }): void {
  write(store, PROFILE, JSON.stringify({ name: p.name, avatar: p.avatar }));
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

/**
 * The server closed with 4006 or refused with `banned`. A ban deletes the sessions, so after a
 * reload `GET /api/session` only says 401: this flag is how the page remembers to show the
 * banned screen instead of the entry form. It is a hint for the person, not a control — the
 * server refuses every new session from a banned browser anyway — and it is cleared as soon
 * as a session is granted again (e.g. after the ban ends).
 */
export function markBanned(store: KeyValueStore): void {
  write(store, BANNED, String(Date.now()));
}

export function clearBanned(store: KeyValueStore): void {
  write(store, BANNED, null);
}

export function wasBanned(store: KeyValueStore): boolean {
  return read(store, BANNED) !== null;
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
