// The lecture hall's pure logic (docs/voice.md, "Presenting" and "Slides"): who may moderate
// the stage or present (the client only hides what it may not do — the server decides), the
// raised hands as a list, where "go to the stage" puts one's avatar, how high the floor is
// (the stage is a raised platform), which zone one stands in, and slide paging bounds.
// No DOM, no three.js: table-tested in logic.test.ts.

import type { Bounds, Zone } from '../net/messages';

/** Roles with `moderate_speakers` (server/src/auth/permissions.cc): bring people to the stage. */
const MODERATE = new Set(['facilitator', 'moderator', 'admin']);
/** Roles with `present`: put slides on the hall's screen. */
const PRESENT = new Set(['clinician', 'facilitator', 'admin']);

export function canModerateStage(role: string): boolean {
  return MODERATE.has(role);
}

/** A presenter by role, or a guest brought to the stage. */
export function canPresent(role: string, isStageGuest: boolean): boolean {
  return PRESENT.has(role) || isStageGuest;
}

export interface HandRow {
  id: number;
  name: string;
  /** 1-based place in the order hands went up. */
  place: number;
}

/**
 * The raised hands as the panel lists them: in raising order, people no longer in the space
 * (no name) left out, and one's own hand too (a facilitator may raise one, but does not
 * invite themselves).
 */
export function handRows(ids: readonly number[], nameOf: (id: number) => string | null, selfId: number): HandRow[] {
  const out: HandRow[] = [];
  for (const id of ids) {
    if (id === selfId) continue;
    const name = nameOf(id);
    if (name === null) continue;
    out.push({ id, name, place: out.length + 1 });
  }
  return out;
}

/** Height of the stage platform above the hall floor (m). */
export const STAGE_HEIGHT = 0.6;
/** Depth of the steps in front of the stage (m), and their half width. */
export const STEPS_DEPTH = 1.2;
export const STEPS_HALF_WIDTH = 1.6;

export function inside(area: Bounds, x: number, z: number): boolean {
  return x >= area.min_x && x <= area.max_x && z >= area.min_z && z <= area.max_z;
}

/**
 * Where "go to the stage" puts one's avatar: the front centre of the stage, 1.2 m in from its
 * front edge (+z, towards the audience), facing the audience (yaw π faces +z), within the
 * space's bounds.
 */
export function stageTarget(stage: Bounds, bounds: Bounds): { x: number; z: number; yaw: number } {
  const x = (stage.min_x + stage.max_x) / 2;
  const depth = stage.max_z - stage.min_z;
  const z = stage.max_z - Math.min(1.2, depth / 2);
  return { x: clamp(x, bounds.min_x, bounds.max_x), z: clamp(z, bounds.min_z, bounds.max_z), yaw: Math.PI };
}

/**
 * How high the floor is at (x, z): the stage platform, the steps half way up in front of its
 * middle, the hall floor elsewhere.
 */
export function floorHeight(stage: Bounds | null | undefined, x: number, z: number): number {
  if (!stage) return 0;
  if (inside(stage, x, z)) return STAGE_HEIGHT;
  const mid = (stage.min_x + stage.max_x) / 2;
  if (Math.abs(x - mid) <= STEPS_HALF_WIDTH && z > stage.max_z && z <= stage.max_z + STEPS_DEPTH) return STAGE_HEIGHT / 2;
  return 0;
}

/** Eases `y` towards `target` (a step up or down takes about a fifth of a second). */
export function easeHeight(y: number, target: number, dt: number): number {
  if (Math.abs(target - y) < 0.005) return target;
  return y + (target - y) * (1 - Math.exp(-dt * 18));
}

/** The first zone containing (x, z), if any. */
export function zoneAt(zones: readonly Zone[] | undefined, x: number, z: number): Zone | null {
  for (const zone of zones ?? []) if (inside(zone, x, z)) return zone;
  return null;
}

/** The page a "previous"/"next" (or PageUp/PageDown) asks for, or null at either end. */
export function turnPage(page: number, count: number, step: -1 | 1): number | null {
  if (count <= 0) return null;
  const next = clamp(page, 0, count - 1) + step;
  return next < 0 || next >= count ? null : next;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}
