import { describe, expect, it } from 'vitest';
import {
  type KeyValueStore,
  MemoryStore,
  clearBanned,
  forgetLegacySession,
  loadProfile,
  markBanned,
  markTutorialDone,
  resetTutorial,
  saveProfile,
  tutorialDone,
  wasBanned,
} from './storage';

describe('profile and session storage', () => {
  it('remembers the last name and avatar, never a token', () => {
    const s = new MemoryStore();
    expect(loadProfile(s)).toBeNull();
    saveProfile(s, { name: 'さくら', avatar: 2 });
    expect(loadProfile(s)).toEqual({ name: 'さくら', avatar: 2 });
    expect(s.getItem('tsunagu.profile')).not.toMatch(/token/);
  });

  it('forgets a session token an older client stored', () => {
    const s = new MemoryStore();
    s.setItem('tsunagu.session', JSON.stringify({ token: 'secret', user: { id: 1, name: 'a', avatar: 0 } }));
    forgetLegacySession(s);
    expect(s.getItem('tsunagu.session')).toBeNull();
  });

  it.each([
    ['garbage', 'not json'],
    ['no name', JSON.stringify({ avatar: 1 })],
    ['bad avatar', JSON.stringify({ name: 'a', avatar: 'x' })],
  ])('ignores a stored profile with %s', (_n, raw) => {
    const s = new MemoryStore();
    s.setItem('tsunagu.profile', raw);
    expect(loadProfile(s)).toBeNull();
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
    expect(() => saveProfile(broken, { name: 'a', avatar: 0 })).not.toThrow();
    expect(() => markBanned(broken)).not.toThrow();
    expect(loadProfile(broken)).toBeNull();
    expect(wasBanned(broken)).toBe(false);
    expect(tutorialDone(broken)).toBe(false);
  });
});

describe('banned flag', () => {
  it('is remembered until cleared', () => {
    const s = new MemoryStore();
    expect(wasBanned(s)).toBe(false);
    markBanned(s);
    expect(wasBanned(s)).toBe(true);
    clearBanned(s);
    expect(wasBanned(s)).toBe(false);
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
