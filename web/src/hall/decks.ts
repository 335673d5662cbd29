// `GET /api/slides` (docs/voice.md, "Slides"): the decks a presenter may put on the screen.
// The answer is untrusted input, checked like the /ws messages in net/messages.ts.

import { type Localized, isObj, isStr } from '../net/messages';

export interface Deck {
  id: string;
  title: Localized;
  pages: string[];
  /** Uploaded by a presenter (not from content/slides). */
  uploaded: boolean;
  /** The signed-in person may delete it (its uploader, or staff); the server decides anyway. */
  canDelete: boolean;
}

/** The decks of a `GET /api/slides` answer (entries that are not a deck are left out), or null. */
export function asDecks(v: unknown): Deck[] | null {
  if (!isObj(v) || !Array.isArray(v.decks)) return null;
  const out: Deck[] = [];
  for (const d of v.decks) {
    if (!isObj(d) || !isStr(d.id) || d.id === '' || !Array.isArray(d.pages)) continue;
    const pages = d.pages.filter((p): p is string => isStr(p) && p.startsWith('/') && !p.startsWith('//'));
    if (pages.length === 0) continue;
    const title: Localized = {};
    if (isStr(d.title)) title.ja = title.en = d.title;
    else if (isObj(d.title)) for (const [k, s] of Object.entries(d.title)) if (isStr(s)) title[k] = s;
    if (Object.keys(title).length === 0) title.ja = title.en = d.id;
    out.push({ id: d.id, title, pages, uploaded: d.uploaded === true, canDelete: d.can_delete === true });
  }
  return out;
}

export type DecksResult = { ok: true; decks: Deck[] } | { ok: false; status: number };

/** Reads the list (same-origin GET with the session cookie). */
export async function loadDecks(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<DecksResult> {
  try {
    const res = await fetchImpl('/api/slides', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
    if (!res.ok) return { ok: false, status: res.status };
    const decks = asDecks(await res.json());
    return decks ? { ok: true, decks } : { ok: false, status: res.status };
  } catch {
    return { ok: false, status: 0 };
  }
}

