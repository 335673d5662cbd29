// The "ask a specialist" (専門医に相談) desk of the plaza: a small counter with a sign, left of the
// fountain and turned towards the spawn point, so it is among the first things one sees. The
// plaza scene adds its props (world/scenes.ts); the consultation HUD asks whether the person
// stands near it (the request form opens) or clicked it. The older, larger desk at the back of
// the plaza (also signed 専門医に相談) answers a click the same way. Geometry only here; no
// three.js object is kept.

import * as THREE from 'three';
import { GeoBatch, type V3, shapes } from '../world/batch';
import type { Collider } from '../world/movement';
import type { PosterSpec } from '../world/posters';

/** Where the desk stands (the welcome sign's mirror image across the spawn's walkway). */
export const CONSULT_DESK = { x: -4.8, z: 1.2, radius: 1.3, height: 2.9 } as const;
/** The plaza's spawn point (content/world.json), which the desk faces. */
const SPAWN = { x: 0, z: 6 } as const;
/** How close (m, from the desk's centre) one must come for the form to open. */
export const DESK_NEAR = 2.9;
/** The large desk at the back of the plaza (world/scenes.ts). */
const BACK_DESK = { x: 0, z: -19, halfWidth: 1.9, depth: 0.7, height: 3.3 } as const;

/** The desk's yaw: its local +z looks at the spawn (a poster plane faces +z at yaw 0). */
export const DESK_YAW = Math.atan2(SPAWN.x - CONSULT_DESK.x, SPAWN.z - CONSULT_DESK.z);

/** A point of the desk (x across, z towards the spawn) in plaza coordinates. */
export function deskPoint(lx: number, lz: number): { x: number; z: number } {
  const c = Math.cos(DESK_YAW);
  const s = Math.sin(DESK_YAW);
  return { x: CONSULT_DESK.x + lx * c + lz * s, z: CONSULT_DESK.z - lx * s + lz * c };
}

export function nearDesk(p: { x: number; z: number }): boolean {
  return Math.hypot(p.x - CONSULT_DESK.x, p.z - CONSULT_DESK.z) <= DESK_NEAR;
}

const m = new THREE.Matrix4();
const base = new THREE.Matrix4();
const q = new THREE.Quaternion();
const v1 = new THREE.Vector3();
const v2 = new THREE.Vector3();

function place(b: GeoBatch, geo: THREE.BufferGeometry, hex: number, pos: V3, scale: V3): void {
  base.makeRotationY(DESK_YAW).setPosition(CONSULT_DESK.x, 0, CONSULT_DESK.z);
  m.compose(v1.set(pos[0], pos[1], pos[2]), q.identity(), v2.set(scale[0], scale[1], scale[2]));
  b.addMatrix(geo, hex, base.clone().multiply(m));
}

export interface DeskProps {
  colliders: Collider[];
  posters: Array<{ spec: PosterSpec; pos: V3; yaw: number }>;
}

/** Adds the desk to the plaza's batches; returns its collider and its sign. */
export function buildConsultDesk(b: GeoBatch, glow: GeoBatch): DeskProps {
  const TEAL = 0x5f9e8f;
  // a round mat, the counter, its top and a teal front with a white cross
  place(b, shapes.cyl16, 0xe4ecdf, [0, 0.03, 0.2], [1.7, 0.06, 1.7]);
  place(b, shapes.box, 0xd8b48c, [0, 0.5, 0], [1.8, 1.0, 0.7]);
  place(b, shapes.box, 0xf6ede1, [0, 1.04, 0.02], [1.95, 0.08, 0.82]);
  place(b, shapes.box, TEAL, [0, 0.55, 0.36], [1.6, 0.72, 0.03]);
  place(b, shapes.box, 0xffffff, [0, 0.58, 0.38], [0.36, 0.1, 0.02]);
  place(b, shapes.box, 0xffffff, [0, 0.58, 0.38], [0.1, 0.36, 0.02]);
  // on the counter: a little bell and a stack of leaflets
  place(b, shapes.cyl16, 0xd9b35b, [0.55, 1.12, 0.1], [0.1, 0.06, 0.1]);
  place(b, shapes.sphere, 0xe6c46d, [0.55, 1.17, 0.1], [0.07, 0.06, 0.07]);
  place(b, shapes.box, 0xffffff, [-0.5, 1.1, 0.12], [0.3, 0.04, 0.22]);
  place(b, shapes.box, 0xbfe0d6, [-0.5, 1.13, 0.12], [0.3, 0.02, 0.22]);
  // two posts carry the sign behind the counter; a warm lamp on top
  place(b, shapes.box, 0x8b6a4e, [-0.95, 1.3, -0.42], [0.09, 2.6, 0.09]);
  place(b, shapes.box, 0x8b6a4e, [0.95, 1.3, -0.42], [0.09, 2.6, 0.09]);
  place(glow, shapes.sphere, 0xfff0c4, [0, 2.72, -0.38], [0.13, 0.13, 0.13]);

  const signAt = deskPoint(0, -0.36);
  return {
    colliders: [{ x: CONSULT_DESK.x, z: CONSULT_DESK.z, r: 1.05 }],
    posters: [
      {
        spec: { kind: 'sign', width: 1.95, height: 0.78, color: '#4f8c7d', titleKey: 'consult.scene.deskTitle', subKey: 'consult.scene.deskSub' },
        pos: [signAt.x, 2.12, signAt.z],
        yaw: DESK_YAW,
      },
    ],
  };
}

const ray = new THREE.Raycaster();
const ndc = new THREE.Vector2();
const deskBox = new THREE.Box3(
  new THREE.Vector3(CONSULT_DESK.x - CONSULT_DESK.radius, 0, CONSULT_DESK.z - CONSULT_DESK.radius),
  new THREE.Vector3(CONSULT_DESK.x + CONSULT_DESK.radius, CONSULT_DESK.height, CONSULT_DESK.z + CONSULT_DESK.radius),
);
const backBox = new THREE.Box3(
  new THREE.Vector3(BACK_DESK.x - BACK_DESK.halfWidth, 0, BACK_DESK.z - BACK_DESK.depth),
  new THREE.Vector3(BACK_DESK.x + BACK_DESK.halfWidth, BACK_DESK.height, BACK_DESK.z + BACK_DESK.depth),
);

/** Whether a click at (clientX, clientY) on `canvas` lands on one of the desks. */
export function deskHit(camera: THREE.Camera, canvas: HTMLElement, clientX: number, clientY: number): boolean {
  const r = canvas.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  ndc.set(((clientX - r.left) / r.width) * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1);
  ray.setFromCamera(ndc, camera);
  return ray.ray.intersectsBox(deskBox) || ray.ray.intersectsBox(backBox);
}

/** The desk's sign on the screen (the end-to-end test clicks there), or null when behind. */
export function deskOnScreen(camera: THREE.Camera, canvas: HTMLElement): { x: number; y: number } | null {
  const r = canvas.getBoundingClientRect();
  const sign = deskPoint(0, 0);
  const p = new THREE.Vector3(sign.x, 0.8, sign.z).project(camera);
  if (p.z < -1 || p.z > 1) return null;
  return { x: r.left + ((p.x + 1) / 2) * r.width, y: r.top + ((1 - p.y) / 2) * r.height };
}
