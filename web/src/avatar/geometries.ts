// The shared unit geometries avatar parts are made of (see catalog.ts for the scale rules).
// Built once on first use and never disposed: they live as long as the page.

import * as THREE from 'three';
import type { PartGeo } from './catalog';

let cache: Map<DrawGeo, THREE.BufferGeometry> | null = null;

function build(): Map<DrawGeo, THREE.BufferGeometry> {
  const m = new Map<DrawGeo, THREE.BufferGeometry>();
  // sphere and hemi: scale = radii
  m.set('sphere', new THREE.SphereGeometry(1, 12, 8));
  m.set('hemi', new THREE.SphereGeometry(1, 12, 5, 0, Math.PI * 2, 0, Math.PI / 2));
  // small spheres (eyes, cheeks, noses, pom-poms) need far fewer triangles
  m.set('dot', new THREE.SphereGeometry(1, 7, 5));
  // capsule and box: scale = full size
  m.set('capsule', new THREE.CapsuleGeometry(0.5, 0.5, 2, 8));
  m.set('box', new THREE.BoxGeometry(1, 1, 1));
  // cylinder, frustum, cone: scale = [radius, height, radius]
  m.set('cylinder', new THREE.CylinderGeometry(1, 1, 1, 16));
  m.set('frustum', new THREE.CylinderGeometry(0.55, 1, 1, 16));
  m.set('cone', new THREE.ConeGeometry(1, 1, 14));
  // torus: scale = radius (a ring in the x-y plane, facing −z)
  m.set('torus', new THREE.TorusGeometry(1, 0.18, 6, 18));
  return m;
}

/** The geometries actually drawn: the catalog's shapes plus a low-detail sphere. */
export type DrawGeo = PartGeo | 'dot';

export function partGeometry(geo: DrawGeo): THREE.BufferGeometry {
  cache ??= build();
  return cache.get(geo) as THREE.BufferGeometry;
}

export const PART_GEOS: readonly DrawGeo[] = ['sphere', 'dot', 'hemi', 'capsule', 'box', 'cylinder', 'frustum', 'cone', 'torus'];

/** Spheres smaller than this (largest radius, m) are drawn with the low-detail 'dot'. */
const DOT_RADIUS = 0.16;

/** Which geometry draws a part: small spheres use the cheap one. */
export function drawGeo(part: { geo: PartGeo; scale: readonly [number, number, number] }): DrawGeo {
  if (part.geo === 'sphere' && Math.max(part.scale[0], part.scale[1], part.scale[2]) < DOT_RADIUS) return 'dot';
  return part.geo;
}

const q = new THREE.Quaternion();
const e = new THREE.Euler();
const p = new THREE.Vector3();
const s = new THREE.Vector3();

type PartShape = {
  pos: readonly [number, number, number];
  scale: readonly [number, number, number];
  rot?: readonly [number, number, number];
};

/** Parts are immutable catalog data, so each one's matrix is computed once. */
const matrices = new WeakMap<PartShape, THREE.Matrix4>();

/** The part's matrix in avatar space (cached; do not modify it). */
export function localPartMatrix(part: PartShape): THREE.Matrix4 {
  let m = matrices.get(part);
  if (!m) {
    p.set(part.pos[0], part.pos[1], part.pos[2]);
    s.set(part.scale[0], part.scale[1], part.scale[2]);
    const r = part.rot ?? [0, 0, 0];
    q.setFromEuler(e.set(r[0], r[1], r[2]));
    m = new THREE.Matrix4().compose(p, q, s);
    matrices.set(part, m);
  }
  return m;
}
