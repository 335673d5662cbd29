import { describe, expect, it } from 'vitest';
import type { ApiResult } from '../net/api';
import { type CardTarget, Relations, buildReport, cardActions, changeRelation, relationChange } from './safety';

const me = { id: 1, role: 'guest' };
const them: CardTarget = { id: 2, name: 'たろう', avatar: 3, flags: 0 };

describe('cardActions', () => {
  it('offers mute, block and report for someone else', () => {
    expect(cardActions(them, me, new Relations())).toEqual(['mute', 'block', 'report']);
  });

  it('offers to undo what was done', () => {
    const rel = new Relations();
    rel.set('mutes', 2, true);
    expect(cardActions(them, me, rel)).toEqual(['unmute', 'block', 'report']);
    rel.set('blocks', 2, true);
    expect(cardActions(them, me, rel)).toEqual(['unmute', 'unblock', 'report']);
  });

  it('offers nothing on one’s own card', () => {
    expect(cardActions({ id: 1 }, me, new Relations())).toEqual([]);
  });

  it.each([
    ['guest', false],
    ['member', false],
    ['clinician', false],
    ['facilitator', false],
    ['moderator', true],
    ['admin', true],
  ])('a %s sees the staff pages link: %s', (role, staff) => {
    expect(cardActions(them, { id: 1, role }, new Relations()).includes('moderate')).toBe(staff);
  });
});

describe('relationChange', () => {
  it.each([
    ['mute', { kind: 'mutes', on: true }],
    ['unmute', { kind: 'mutes', on: false }],
    ['block', { kind: 'blocks', on: true }],
    ['unblock', { kind: 'blocks', on: false }],
    ['report', null],
    ['moderate', null],
  ] as const)('%s → %o', (action, change) => expect(relationChange(action)).toEqual(change));
});

describe('Relations', () => {
  it('loads the server’s lists and hides muted or blocked people', () => {
    const rel = new Relations();
    rel.load('mutes', [{ user_id: 5, name: 'a', created_ms: 0 }]);
    rel.load('blocks', [{ user_id: 6, name: 'b', created_ms: 0 }]);
    expect([rel.hides(5), rel.hides(6), rel.hides(7)]).toEqual([true, true, false]);
    rel.load('mutes', []);
    expect(rel.hides(5)).toBe(false);
  });

  it('bumps its version only on a real change', () => {
    const rel = new Relations();
    const v = rel.version;
    rel.set('mutes', 5, false);
    expect(rel.version).toBe(v);
    rel.set('mutes', 5, true);
    rel.set('mutes', 5, true);
    expect(rel.version).toBe(v + 1);
  });
});

describe('changeRelation', () => {
  const ok: ApiResult<true> = { ok: true, value: true };
  const no: ApiResult<true> = { ok: false, failure: { kind: 'rejected', status: 400, error: { code: 'relation_invalid', message: {} } } };

  it('applies a mute at once (before the server answers)', async () => {
    const rel = new Relations();
    let seenDuringRequest = false;
    const res = await changeRelation(rel, async () => {
      seenDuringRequest = rel.hides(2);
      return ok;
    }, 'mutes', 2, true);
    expect(res).toEqual(ok);
    expect(seenDuringRequest).toBe(true);
    expect(rel.has('mutes', 2)).toBe(true);
  });

  it('undoes the change when the server says no', async () => {
    const rel = new Relations();
    rel.set('blocks', 2, true);
    const calls: unknown[] = [];
    const res = await changeRelation(rel, async (...args) => {
      calls.push(args);
      return no;
    }, 'blocks', 2, false);
    expect(res.ok).toBe(false);
    expect(calls).toEqual([['blocks', 2, false]]);
    expect(rel.has('blocks', 2)).toBe(true);
  });
});

describe('buildReport', () => {
  it('needs a known reason', () => {
    expect(buildReport(them, '', '', 'plaza')).toEqual({ ok: false, field: 'reason', key: 'report.needReason' });
    expect(buildReport(them, 'rude', '', 'plaza')).toEqual({ ok: false, field: 'reason', key: 'report.needReason' });
  });

  it('reports a person in the current space (so the server keeps its chat as evidence)', () => {
    expect(buildReport(them, 'harassment', '  ', 'plaza')).toEqual({ ok: true, form: { user_id: 2, reason: 'harassment', space: 'plaza' } });
    expect(buildReport(them, 'spam', '', null)).toEqual({ ok: true, form: { user_id: 2, reason: 'spam' } });
  });

  it('names the chat line and its space when reported from a message', () => {
    const fromLine: CardTarget = { ...them, message: { id: 42, space: 'circle-1', text: 'buy now' } };
    expect(buildReport(fromLine, 'spam', ' ads ', 'plaza')).toEqual({
      ok: true,
      form: { user_id: 2, reason: 'spam', detail: 'ads', message_id: 42, space: 'circle-1' },
    });
  });

  it('limits the detail to 1000 characters (counted as code points)', () => {
    expect(buildReport(them, 'other', '😀'.repeat(1000), null).ok).toBe(true);
    expect(buildReport(them, 'other', 'あ'.repeat(1001), null)).toEqual({ ok: false, field: 'detail', key: 'report.detailTooLong' });
  });
});
