// The research corner (デジタル頭痛バンク) of the plaza: a small booth with a sign, a board and a
// sculpture of bars, east of the fountain. The plaza scene adds its props (scenes.ts); the world
// app asks whether the person stands near it (a prompt appears) or clicked it (the panel opens
// on everyone's aggregates). Geometry only here; no three.js object is kept.

import * as THREE from 'three';
import { GeoBatch, type V3, shapes } from '../world/batch';
import type { Collider } from '../world/movement';
import type { PosterSpec } from '../world/posters';

/** Where the booth stands (clear of the paths to the portals, the lamps and the flower beds). */
export const RESEARCH_CORNER = { x: 13.5, z: -6.5, radius: 1.9, height: 4.0 } as const;
/** How close (m, from the booth's centre) the person must be for the prompt to show. */
export const NEAR_DISTANCE = 4.6;

/** The booth faces the fountain: at this yaw a poster (a plane facing +z) looks at the centre. */
export const CORNER_YAW = Math.atan2(-RESEARCH_CORNER.x, -RESEARCH_CORNER.z);

/** A point of the booth (x across, z towards the fountain) in plaza coordinates. */
export function cornerPoint(lx: number, lz: number): { x: number; z: number } {
  const c = Math.cos(CORNER_YAW);
  const s = Math.sin(CORNER_YAW);
  return { x: RESEARCH_CORNER.x + lx * c + lz * s, z: RESEARCH_CORNER.z - lx * s + lz * c };
}

export function nearCorner(p: { x: number; z: number }): boolean {
  return Math.hypot(p.x - RESEARCH_CORNER.x, p.z - RESEARCH_CORNER.z) <= NEAR_DISTANCE;
}

const m = new THREE.Matrix4();
const base = new THREE.Matrix4();
const q = new THREE.Quaternion();
const v1 = new THREE.Vector3();
const v2 = new THREE.Vector3();

function place(b: GeoBatch, geo: THREE.BufferGeometry, hex: number, pos: V3, scale: V3): void {
  base.makeRotationY(CORNER_YAW).setPosition(RESEARCH_CORNER.x, 0, RESEARCH_CORNER.z);
  m.compose(v1.set(pos[0], pos[1], pos[2]), q.identity(), v2.set(scale[0], scale[1], scale[2]));
  b.addMatrix(geo, hex, base.clone().multiply(m));
}

export interface CornerProps {
  colliders: Collider[];
  posters: Array<{ spec: PosterSpec; pos: V3; yaw: number }>;
}

/** Adds the booth to the plaza's batches; returns its colliders and posters. */
export function buildResearchCorner(b: GeoBatch, glow: GeoBatch): CornerProps {
  // platform, counter and the board behind it
  place(b, shapes.cyl16, 0xe9dccb, [0, 0.06, 0], [2.5, 0.12, 2.5]);
  place(b, shapes.cyl16, 0xd8c6ae, [0, 0.125, 0], [2.55, 0.02, 2.55]);
  place(b, shapes.box, 0x7fae9f, [-0.5, 0.55, 0.55], [2.0, 0.9, 0.7]);
  place(b, shapes.box, 0xf3e6d3, [-0.5, 1.03, 0.55], [2.15, 0.07, 0.82]);
  place(b, shapes.box, 0x6a8f86, [-0.2, 1.85, -0.75], [3.1, 2.3, 0.14]);
  place(b, shapes.box, 0x8b6a4e, [-1.7, 1.7, -0.75], [0.12, 3.4, 0.16]);
  place(b, shapes.box, 0x8b6a4e, [1.3, 1.7, -0.75], [0.12, 3.4, 0.16]);
  // a sculpture of bars: "how many share your experience"
  const bars: Array<[number, number]> = [
    [0xd9825b, 0.7],
    [0xb9553f, 1.25],
    [0x4f8c7d, 0.95],
    [0xf2b880, 1.6],
  ];
  bars.forEach(([hex, hgt], i) => place(b, shapes.box, hex, [1.35 + (i % 2) * 0.42, 0.12 + hgt / 2, 0.5 - Math.floor(i / 2) * 0.45], [0.34, hgt, 0.34]));
  // a lamp over the board
  place(glow, shapes.sphere, 0xfff0c4, [-0.2, 3.65, -0.7], [0.2, 0.2, 0.2]);
  place(b, shapes.cyl8, 0x5a4a42, [-0.2, 3.45, -0.7], [0.05, 0.3, 0.05]);

  const front = cornerPoint(-0.2, -0.64); // just before the board's face
  const c1 = cornerPoint(-0.5, 0.55);
  const c2 = cornerPoint(1.55, 0.3);
  return {
    colliders: [
      { x: c1.x, z: c1.z, r: 1.0 },
      { x: c2.x, z: c2.z, r: 0.55 },
      { x: RESEARCH_CORNER.x, z: RESEARCH_CORNER.z, r: 0.9 },
    ],
    posters: [
      { spec: { kind: 'sign', width: 3.0, height: 0.85, color: '#b9553f', titleKey: 'bank.scene.title', subKey: 'bank.scene.sub' }, pos: [front.x, 3.05, front.z], yaw: CORNER_YAW },
      { spec: { kind: 'poster', width: 2.7, height: 1.75, color: '#4f8c7d', titleKey: 'bank.scene.board', lineKeys: ['bank.scene.line1', 'bank.scene.line2', 'bank.scene.line3'] }, pos: [front.x, 1.62, front.z], yaw: CORNER_YAW },
    ],
  };
}

const ray = new THREE.Raycaster();
const ndc = new THREE.Vector2();
const box = new THREE.Box3(
  new THREE.Vector3(RESEARCH_CORNER.x - RESEARCH_CORNER.radius, 0, RESEARCH_CORNER.z - RESEARCH_CORNER.radius),
  new THREE.Vector3(RESEARCH_CORNER.x + RESEARCH_CORNER.radius, RESEARCH_CORNER.height, RESEARCH_CORNER.z + RESEARCH_CORNER.radius),
);

/** Whether a click at (clientX, clientY) on `canvas` lands on the booth. */
export function cornerHit(camera: THREE.Camera, canvas: HTMLElement, clientX: number, clientY: number): boolean {
  const r = canvas.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0) return false;
  ndc.set(((clientX - r.left) / r.width) * 2 - 1, -((clientY - r.top) / r.height) * 2 + 1);
  ray.setFromCamera(ndc, camera);
  return ray.ray.intersectsBox(box);
}

/** The booth's sign on the screen (the end-to-end test clicks there), or null when behind. */
export function cornerOnScreen(camera: THREE.Camera, canvas: HTMLElement): { x: number; y: number } | null {
  const r = canvas.getBoundingClientRect();
  const sign = cornerPoint(-0.2, -0.64);
  const p = new THREE.Vector3(sign.x, 3.0, sign.z).project(camera);
  if (p.z < -1 || p.z > 1) return null;
  return { x: r.left + ((p.x + 1) / 2) * r.width, y: r.top + ((1 - p.y) / 2) * r.height };
}
