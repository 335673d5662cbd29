import { describe, expect, it } from 'vitest';
import {
  type KeyValueStore,
  MemoryStore,
  clearSession,
  loadProfile,
  loadSession,
  markTutorialDone,
  resetTutorial,
  reusable,
  saveSession,
  tutorialDone,
} from './storage';

const session = { token: 'abc', user: { id: 17, name: 'さくら', avatar: 2 } };

describe('session storage', () => {
  it('round-trips a session and remembers the profile', () => {
    const s = new MemoryStore();
    expect(loadSession(s)).toBeNull();
    saveSession(s, session);
    expect(loadSession(s)).toEqual(session);
    expect(loadProfile(s)).toEqual({ name: 'さくら', avatar: 2 });
    clearSession(s);
    expect(loadSession(s)).toBeNull();
    expect(loadProfile(s)).toEqual({ name: 'さくら', avatar: 2 });
  });

  it.each([
    ['garbage', 'not json'],
    ['no token', JSON.stringify({ user: session.user })],
    ['empty token', JSON.stringify({ token: '', user: session.user })],
    ['bad user', JSON.stringify({ token: 't', user: { id: 'x' } })],
  ])('ignores a stored session with %s', (_n, raw) => {
    const s = new MemoryStore();
    s.setItem('tsunagu.session', raw);
    expect(loadSession(s)).toBeNull();
  });

  it('survives a storage that throws', () => {
    const broken: KeyValueStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(() => saveSession(broken, session)).not.toThrow();
    expect(loadSession(broken)).toBeNull();
    expect(tutorialDone(broken)).toBe(false);
  });

  it('reuses a session only for the same (normalised) name and avatar', () => {
    expect(reusable(session, 'さくら', 2)).toBe(true);
    expect(reusable(session, ' さくら ', 2)).toBe(true);
    expect(reusable(session, 'さくら', 3)).toBe(false);
    expect(reusable(session, 'Ken', 2)).toBe(false);
    expect(reusable(null, 'さくら', 2)).toBe(false);
    expect(reusable({ token: 't', user: { id: 1, name: 'ABC', avatar: 0 } }, 'ＡＢＣ', 0)).toBe(true);
  });
});

describe('tutorial flag', () => {
  it('is shown until marked done', () => {
    const s = new MemoryStore();
    expect(tutorialDone(s)).toBe(false);
    markTutorialDone(s);
    expect(tutorialDone(s)).toBe(true);
    resetTutorial(s);
    expect(tutorialDone(s)).toBe(false);
  });
});
