// Which received track is whose voice. Each `voice_offer` lists `feeds` — the avatar id behind
// every receiving transceiver's `mid` (mids not listed are inactive). After each answer the
// session binds the transceivers' tracks to avatar ids and tells the mixer only what changed:
// Janus reuses a mid for another speaker, so "same mid" does not mean "same person".
// Pure logic.

import type { VoiceFeed } from '../net/messages';

export interface Binding<T = MediaStreamTrack> {
  mid: string;
  /** The avatar (= user) id whose voice the track carries. */
  id: number;
  track: T;
}

/** mid → binding, for every transceiver whose mid the offer's `feeds` name. */
export function bindFeeds<T>(
  transceivers: readonly { readonly mid: string | null; readonly receiver: { readonly track: T } }[],
  feeds: readonly VoiceFeed[],
): Map<string, Binding<T>> {
  const byMid = new Map<string, number>();
  for (const f of feeds) byMid.set(f.mid, f.id);
  const out = new Map<string, Binding<T>>();
  for (const t of transceivers) {
    if (t.mid === null) continue;
    const id = byMid.get(t.mid);
    if (id === undefined) continue;
    out.set(t.mid, { mid: t.mid, id, track: t.receiver.track });
  }
  return out;
}

/** What changed from `prev` to `next`: bindings to tear down, then bindings to set up. */
export function diffBindings<T>(prev: ReadonlyMap<string, Binding<T>>, next: ReadonlyMap<string, Binding<T>>): { gone: Binding<T>[]; added: Binding<T>[] } {
  const gone: Binding<T>[] = [];
  const added: Binding<T>[] = [];
  for (const [mid, b] of prev) {
    const n = next.get(mid);
    if (!n || n.id !== b.id || n.track !== b.track) gone.push(b);
  }
  for (const [mid, n] of next) {
    const b = prev.get(mid);
    if (!b || b.id !== n.id || b.track !== n.track) added.push(n);
  }
  return { gone, added };
}

/** What arrived for one avatar, from `getStats()` (for tests and diagnostics). */
export interface ReceivedStats {
  bytesReceived: number;
  packetsReceived: number;
  totalAudioEnergy: number;
}

/**
 * Sums the inbound audio RTP statistics of a subscriber connection per avatar id: a report is
 * matched by its `mid`, else by its `trackIdentifier` (older browsers).
 */
export function statsByAvatar(
  reports: Iterable<Record<string, unknown>>,
  bindings: ReadonlyMap<string, Binding<{ readonly id: string }>>,
): Record<number, ReceivedStats> {
  const byTrack = new Map<string, number>();
  for (const b of bindings.values()) byTrack.set(b.track.id, b.id);
  const out: Record<number, ReceivedStats> = {};
  for (const r of reports) {
    if (r.type !== 'inbound-rtp' || (r.kind !== 'audio' && r.mediaType !== 'audio')) continue;
    const mid = typeof r.mid === 'string' ? r.mid : null;
    const id = (mid !== null ? bindings.get(mid)?.id : undefined) ?? (typeof r.trackIdentifier === 'string' ? byTrack.get(r.trackIdentifier) : undefined);
    if (id === undefined) continue;
    const s = (out[id] ??= { bytesReceived: 0, packetsReceived: 0, totalAudioEnergy: 0 });
    s.bytesReceived += num(r.bytesReceived);
    s.packetsReceived += num(r.packetsReceived);
    s.totalAudioEnergy += num(r.totalAudioEnergy);
  }
  return out;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}
