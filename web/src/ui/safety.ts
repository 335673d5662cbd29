// Safety state behind the person card (docs/security.md, "Safety tools"): whom one muted and
// blocked, what the card offers for a given person, and the report it would send. Pure logic,
// tested without a DOM; the card (personCard.ts) only draws it.
//
// Mutes are one's own choice, kept on the server so they follow the person, and applied here:
// a muted person's chat lines and bubbles are hidden locally at once. Blocks are enforced by
// the server in both directions; the client also hides lines already on screen.

import { isAliasId } from '../lounge/anonymous';
import type { ApiResult, RelationKind } from '../net/api';
import { REPORT_REASONS, type Relation, type ReportForm, type ReportReason } from '../net/apiTypes';
import { isStaff } from '../net/messages';

/** Whom a card is about: from an avatar, the people list, or a chat line (`message`). */
export interface CardTarget {
  id: number;
  name: string;
  avatar: number;
  flags: number;
  message?: { id: number; space: string; text: string };
}

export interface Viewer {
  id: number;
  role: string;
}

export type CardAction = 'mute' | 'unmute' | 'block' | 'unblock' | 'report' | 'moderate';

export const REPORT_DETAIL_MAX = 1000;

export class Relations {
  readonly muted = new Set<number>();
  readonly blocked = new Set<number>();
  /** Bumped on every change (the chat re-filters when it changes). */
  version = 0;

  load(kind: RelationKind, rows: readonly Relation[]): void {
    const set = this.setOf(kind);
    set.clear();
    for (const r of rows) set.add(r.user_id);
    this.version++;
  }

  has(kind: RelationKind, id: number): boolean {
    return this.setOf(kind).has(id);
  }

  set(kind: RelationKind, id: number, on: boolean): void {
    const set = this.setOf(kind);
    if (on === set.has(id)) return;
    if (on) set.add(id);
    else set.delete(id);
    this.version++;
  }

  /** Whether this person's chat is hidden from the viewer (muted or blocked). */
  hides(id: number): boolean {
    return this.muted.has(id) || this.blocked.has(id);
  }

  private setOf(kind: RelationKind): Set<number> {
    return kind === 'mutes' ? this.muted : this.blocked;
  }
}

/** The buttons a card shows, in order. Nothing for oneself. */
export function cardActions(target: Pick<CardTarget, 'id'>, viewer: Viewer, rel: Relations): CardAction[] {
  // an anonymous label in the doctors' lounge names nobody the server could act on
  if (target.id === viewer.id || isAliasId(target.id)) return [];
  const out: CardAction[] = [
    rel.has('mutes', target.id) ? 'unmute' : 'mute',
    rel.has('blocks', target.id) ? 'unblock' : 'block',
    'report',
  ];
  if (isStaff(viewer.role)) out.push('moderate');
  return out;
}

/** What an action changes: which list, on or off. */
export function relationChange(action: CardAction): { kind: RelationKind; on: boolean } | null {
  switch (action) {
    case 'mute':
      return { kind: 'mutes', on: true };
    case 'unmute':
      return { kind: 'mutes', on: false };
    case 'block':
      return { kind: 'blocks', on: true };
    case 'unblock':
      return { kind: 'blocks', on: false };
    default:
      return null;
  }
}

/**
 * Applies a mute/block change at once and asks the server; if the server says no, the change
 * is undone. Returns the server's answer.
 */
export async function changeRelation(
  rel: Relations,
  relate: (kind: RelationKind, id: number, on: boolean) => Promise<ApiResult<true>>,
  kind: RelationKind,
  id: number,
  on: boolean,
): Promise<ApiResult<true>> {
  const before = rel.has(kind, id);
  rel.set(kind, id, on);
  const res = await relate(kind, id, on);
  if (!res.ok) rel.set(kind, id, before);
  return res;
}

export function isReportReason(v: string): v is ReportReason {
  return (REPORT_REASONS as readonly string[]).includes(v);
}

export type ReportCheck = { ok: true; form: ReportForm } | { ok: false; field: 'reason' | 'detail'; key: string };

/**
 * The body of `POST /api/reports` for a report about `target`: the reason must be chosen; the
 * detail is optional (at most 1000 characters). A report from a chat line names the message
 * and its space; otherwise the space one is in, so the server keeps its recent chat as
 * evidence.
 */
export function buildReport(target: CardTarget, reason: string, detail: string, space: string | null): ReportCheck {
  if (!isReportReason(reason)) return { ok: false, field: 'reason', key: 'report.needReason' };
  const text = detail.trim();
  if (Array.from(text).length > REPORT_DETAIL_MAX) return { ok: false, field: 'detail', key: 'report.detailTooLong' };
  const form: ReportForm = { user_id: target.id, reason };
  if (text) form.detail = text;
  if (target.message && target.message.id > 0) {
    form.message_id = target.message.id;
    if (target.message.space) form.space = target.message.space;
  } else if (space) {
    form.space = space;
  }
  return { ok: true, form };
}
