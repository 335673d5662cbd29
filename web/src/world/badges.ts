// Badges drawn by the system (docs/protocol.md, WORLD JOIN flags; docs/security.md, "Names and
// badges"): bit 0 verified clinician, bit 1 trainee, bit 2 staff, bit 3 facilitator. A
// clinician's specialty and real name come from `GET /api/badges`, never from the display name,
// so a typed name can never look like a badge: badges are drawn as their own element, with an
// icon and a colour, outside the name tag.
//
// Pure logic: `BadgeCache` asks the server through an injected function and keeps the answers.
// Single-threaded; owned by the world app.

import type { ApiResult } from '../net/api';
import type { Badge } from '../net/apiTypes';

export const FLAG_CLINICIAN = 1 << 0;
export const FLAG_TRAINEE = 1 << 1;
export const FLAG_STAFF = 1 << 2;
export const FLAG_FACILITATOR = 1 << 3;

export type BadgeKind = 'clinician' | 'trainee' | 'staff' | 'facilitator';

const ORDER: ReadonlyArray<[number, BadgeKind]> = [
  [FLAG_CLINICIAN, 'clinician'],
  [FLAG_TRAINEE, 'trainee'],
  [FLAG_STAFF, 'staff'],
  [FLAG_FACILITATOR, 'facilitator'],
];

/** The badges a JOIN record's flags ask for, in drawing order. Unknown bits are ignored. */
export function badgeKinds(flags: number): BadgeKind[] {
  const out: BadgeKind[] = [];
  for (const [bit, kind] of ORDER) if ((flags & bit) !== 0) out.push(kind);
  return out;
}

/** One badge ready to draw: its kind (icon and colour) and its text. */
export interface BadgeLabel {
  kind: BadgeKind;
  text: string;
}

type Translate = (key: string, params?: Record<string, unknown>) => string;

/**
 * The labels for someone with `flags`. A clinician's label names the specialty and real name
 * once the server told them (`known`), else a generic "verified clinician".
 */
export function badgeLabels(flags: number, known: Badge | null | undefined, t: Translate): BadgeLabel[] {
  return badgeKinds(flags).map((kind) => {
    if (kind === 'clinician' && known && (known.specialty || known.name)) {
      return { kind, text: t('badge.clinicianNamed', { specialty: known.specialty, name: known.name }).trim() };
    }
    return { kind, text: t(`badge.${kind}`) };
  });
}

/** A stable key for a label list, so views redraw only when it changes. */
export function labelsKey(labels: readonly BadgeLabel[]): string {
  return labels.map((l) => `${l.kind}:${l.text}`).join('|');
}

/** How long an answer "no badge" is trusted before asking again (ms). */
const NONE_TTL_MS = 60_000;
/** After a failed request, wait this long before asking again (ms). */
const RETRY_MS = 10_000;

/**
 * Clinicians' badges by user id. `want(ids)` asks the server about ids it does not know yet
 * (one request for all of them, at most 100 ids); `version` changes whenever an answer arrives,
 * so views know to redraw.
 */
export class BadgeCache {
  private readonly known = new Map<number, { badge: Badge | null; at: number }>();
  private readonly inFlight = new Set<number>();
  private retryAfter = 0;
  version = 0;

  constructor(
    private readonly fetchBadges: (ids: number[]) => Promise<ApiResult<Badge[]>>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The badge of `id`: a Badge, null (the server says none), or undefined (not asked yet). */
  get(id: number): Badge | null | undefined {
    return this.known.get(id)?.badge;
  }

  /** Forget what is known about `id` (e.g. their session changed). */
  forget(id: number): void {
    if (this.known.delete(id)) this.version++;
  }

  /** Asks the server about the ids not known yet; resolves when the answer is in. */
  async want(ids: Iterable<number>): Promise<void> {
    const now = this.now();
    if (now < this.retryAfter) return;
    const ask: number[] = [];
    for (const id of ids) {
      if (this.inFlight.has(id) || ask.includes(id)) continue;
      const k = this.known.get(id);
      if (k && (k.badge !== null || now - k.at < NONE_TTL_MS)) continue;
      ask.push(id);
      if (ask.length === 100) break;
    }
    if (ask.length === 0) return;
    for (const id of ask) this.inFlight.add(id);
    const res = await this.fetchBadges(ask);
    for (const id of ask) this.inFlight.delete(id);
    if (!res.ok) {
      this.retryAfter = this.now() + RETRY_MS;
      return;
    }
    const at = this.now();
    for (const id of ask) this.known.set(id, { badge: null, at });
    for (const b of res.value) if (ask.includes(b.id)) this.known.set(b.id, { badge: b, at });
    this.version++;
  }
}
