import { describe, expect, it } from 'vitest';
import { isClosed, mayEnter, visiblePortals } from './access';
import { ALIAS_BASE, FLAG_ANONYMOUS, isAliasId, isAnonymous, labelLetters, shownName } from './anonymous';

const t = (key: string, p?: Record<string, unknown>) => (key === 'lounge.label' ? `Doctor ${String(p?.letters)}` : key);

describe('who may enter', () => {
  it.each([
    ['guest', 'clinicians', false],
    ['member', 'clinicians', false],
    ['clinician', 'clinicians', true],
    ['trainee', 'clinicians', true],
    ['facilitator', 'clinicians', false],
    ['researcher', 'clinicians', false],
    ['moderator', 'clinicians', false],
    ['admin', 'clinicians', false],
    ['guest', 'public', true],
    ['guest', undefined, true],
    ['admin', 'secret-club', false],
  ] as const)('%s into %s → %s', (role, access, want) => {
    expect(mayEnter(role, access)).toBe(want);
  });

  it('marks closed spaces', () => {
    expect(isClosed('clinicians')).toBe(true);
    expect(isClosed('public')).toBe(false);
    expect(isClosed(undefined)).toBe(false);
  });

  it('hides portals to the lounge from those who may not enter', () => {
    const spaces = [
      { id: 'plaza', name: {}, kind: 'plaza', capacity: 1, count: 0, access: 'public' },
      { id: 'lounge', name: {}, kind: 'lounge', capacity: 1, count: 0, access: 'clinicians' },
    ];
    const portals = [
      { to: 'circle-1', x: 0, z: 0, radius: 1 },
      { to: 'lounge', x: 1, z: 1, radius: 1 },
    ];
    expect(visiblePortals(portals, spaces, 'guest').map((p) => p.to)).toEqual(['circle-1']);
    expect(visiblePortals(portals, spaces, 'trainee').map((p) => p.to)).toEqual(['circle-1', 'lounge']);
  });
});

describe('anonymous labels', () => {
  it.each([
    ['医師A', 'A'],
    ['医師Z', 'Z'],
    ['医師AB', 'AB'],
    ['医師', null],
    ['医師a', null],
    ['医師A ', null],
    ['Dr A', null],
    ['さくら', null],
  ] as const)('%s → %s', (name, letters) => {
    expect(labelLetters(name)).toBe(letters);
  });

  it('shows the label in the current language only for anonymous members', () => {
    expect(shownName('医師B', true, t)).toBe('Doctor B');
    // a person who typed "医師B" as a name is not shown as a label
    expect(shownName('医師B', false, t)).toBe('医師B');
    expect(shownName('さくら', true, t)).toBe('さくら');
  });

  it('reads the flag', () => {
    expect(isAnonymous(FLAG_ANONYMOUS)).toBe(true);
    expect(isAnonymous(FLAG_ANONYMOUS | 1)).toBe(true);
    expect(isAnonymous(1)).toBe(false);
  });
});

describe('the wire of the lounge', () => {
  it('reads joined.you, the space flags, access in the list, and anonymous chat', async () => {
    const { parseServerMessage } = await import('../net/messages');
    const joined = parseServerMessage(
      JSON.stringify({
        type: 'joined',
        space: { id: 'lounge', kind: 'lounge', access: 'clinicians', anonymous_labels: true, chat_stored: false, portals: [] },
        history: [],
        you: { id: 0xf0040000, name: '医師A', anonymous: true },
      }),
    );
    expect(joined?.type === 'joined' && joined.you).toEqual({ id: 0xf0040000, name: '医師A', anonymous: true });
    expect(joined?.type === 'joined' && [joined.space.access, joined.space.anonymous_labels, joined.space.chat_stored]).toEqual(['clinicians', true, false]);
    const plain = parseServerMessage(JSON.stringify({ type: 'joined', space: { id: 'plaza' }, history: [] }));
    expect(plain?.type === 'joined' && plain.you).toBeNull();
    expect(plain?.type === 'joined' && 'chat_stored' in plain.space).toBe(false);
    const spaces = parseServerMessage(JSON.stringify({ type: 'spaces', spaces: [{ id: 'lounge', access: 'clinicians' }, { id: 'plaza' }] }));
    expect(spaces?.type === 'spaces' && spaces.spaces.map((s) => s.access)).toEqual(['clinicians', undefined]);
    const chat = parseServerMessage(JSON.stringify({ type: 'chat', id: 0, from: 0xf0040000, name: '医師A', text: 'hi', anonymous: true }));
    expect(chat?.type === 'chat' && chat.anonymous).toBe(true);
  });

  it('offers no mute, block or report on an anonymous label', async () => {
    const { Relations, cardActions } = await import('../ui/safety');
    const viewer = { id: 7, role: 'clinician' };
    expect(cardActions({ id: ALIAS_BASE + 3 }, viewer, new Relations())).toEqual([]);
    expect(cardActions({ id: 8 }, viewer, new Relations())).toContain('block');
    expect(isAliasId(ALIAS_BASE)).toBe(true);
    expect(isAliasId(ALIAS_BASE - 1)).toBe(false);
  });
});

describe('texts built from data', () => {
  it('has every finding kind and deletion text in both languages', async () => {
    const { ja } = await import('../i18n/ja');
    const { en } = await import('../i18n/en');
    const { FINDING_KINDS } = await import('./boardApi');
    for (const lang of [ja, en]) {
      for (const kind of [...FINDING_KINDS, 'other']) expect(lang.lounge.findings[kind as keyof typeof lang.lounge.findings]).toBeTruthy();
      for (const what of ['question', 'answer'] as const) {
        expect(lang.lounge.delete[`${what}Title`]).toBeTruthy();
        expect(lang.lounge.delete[`${what}Body`]).toBeTruthy();
      }
      expect(lang.lounge.label).toContain('{{letters}}');
    }
  });
});
