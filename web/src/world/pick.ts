// Which avatar a click or tap on the 3D view meant. Each avatar is a vertical segment on the
// screen, from its feet to the top of its head; the click picks the nearest segment within a
// radius that grows with the avatar's size on screen (a far, small avatar still gets a
// finger-sized target). Among several hits the one nearest the camera wins. Pure.

export interface ScreenAvatar {
  id: number;
  /** Feet, in CSS pixels. */
  x1: number;
  y1: number;
  /** Top of the head, in CSS pixels. */
  x2: number;
  y2: number;
  /** Distance from the camera (for overlapping avatars). */
  depth: number;
}

/** Distance from (px, py) to the segment (x1, y1)–(x2, y2). */
export function segmentDistance(px: number, py: number, x1: number, y1: number, x2: number, y2: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / len2));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/**
 * The id of the avatar at (px, py), or null. `minRadius` is the smallest target radius in
 * pixels (22 px ≈ a 44 px touch target).
 */
export function pickAvatar(avatars: readonly ScreenAvatar[], px: number, py: number, minRadius = 22): number | null {
  let best: ScreenAvatar | null = null;
  for (const a of avatars) {
    if (!Number.isFinite(a.x1 + a.y1 + a.x2 + a.y2) || a.depth <= 0) continue;
    const radius = Math.max(minRadius, 0.28 * Math.hypot(a.x2 - a.x1, a.y2 - a.y1));
    if (segmentDistance(px, py, a.x1, a.y1, a.x2, a.y2) > radius) continue;
    if (!best || a.depth < best.depth) best = a;
  }
  return best ? best.id : null;
}
