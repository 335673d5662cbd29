// The one HTTP call of consultations: a member's kept notes, `GET /api/me/consultations`
// (docs/consultation.md, "Privacy and audit"). Never throws for a server's "no": it answers a
// value or an ApiFailure, like net/api.ts. `fetchImpl` is injectable for tests.

import type { ApiFailure } from '../net/api';
import { asApiError } from '../net/messages';
import type { NoteRecord } from './format';
import { asOutcome } from './wire';

export interface KeptNote extends NoteRecord {
  id: number | string;
}

export type NotesResult = { ok: true; value: KeptNote[] } | { ok: false; failure: ApiFailure };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function asKeptNotes(body: unknown): KeptNote[] | null {
  if (!isObj(body) || !Array.isArray(body.notes)) return null;
  const out: KeptNote[] = [];
  for (const n of body.notes as unknown[]) {
    if (!isObj(n) || (typeof n.id !== 'number' && typeof n.id !== 'string')) continue;
    const clinician = typeof n.clinician === 'string' ? n.clinician : isObj(n.clinician) && typeof n.clinician.name === 'string' ? n.clinician.name : '';
    out.push({
      id: n.id,
      ended_ms: typeof n.ended_ms === 'number' ? n.ended_ms : 0,
      clinician,
      topic: typeof n.topic === 'string' ? n.topic : '',
      outcome: asOutcome(n.outcome),
      note: typeof n.note === 'string' && n.note !== '' ? n.note : null,
    });
  }
  // newest first
  return out.sort((a, b) => b.ended_ms - a.ended_ms);
}

export async function fetchKeptNotes(fetchImpl: typeof fetch = (...a) => fetch(...a)): Promise<NotesResult> {
  let res: Response;
  try {
    res = await fetchImpl('/api/me/consultations', { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    return { ok: false, failure: { kind: 'network', status: 0 } };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const error = asApiError(body);
    return { ok: false, failure: error ? { kind: 'rejected', status: res.status, error } : { kind: 'network', status: res.status } };
  }
  const notes = asKeptNotes(body);
  return notes ? { ok: true, value: notes } : { ok: false, failure: { kind: 'network', status: res.status } };
}
