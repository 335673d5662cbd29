// Merges many small static props into one vertex-coloured mesh, so a whole scene of trees,
// benches and lamps is one draw call. Used only while a scene is built.

import * as THREE from 'three';
import { mergeGeometries } from 'three/examples/jsm/utils/BufferGeometryUtils.js';

const color = new THREE.Color();
const m = new THREE.Matrix4();
const q = new THREE.Quaternion();
const e = new THREE.Euler();
const pv = new THREE.Vector3();
const sv = new THREE.Vector3();

export type V3 = readonly [number, number, number];

export class GeoBatch {
  private readonly parts: THREE.BufferGeometry[] = [];

  /** Adds a copy of `geo`, coloured `hex`, placed by position/rotation/scale. */
  add(geo: THREE.BufferGeometry, hex: number, pos: V3, rot: V3 = [0, 0, 0], scale: V3 = [1, 1, 1]): void {
    pv.set(pos[0], pos[1], pos[2]);
    sv.set(scale[0], scale[1], scale[2]);
    q.setFromEuler(e.set(rot[0], rot[1], rot[2]));
    m.compose(pv, q, sv);
    this.addMatrix(geo, hex, m);
  }

  addMatrix(geo: THREE.BufferGeometry, hex: number, matrix: THREE.Matrix4): void {
    const g = (geo.index ? geo.toNonIndexed() : geo.clone()) as THREE.BufferGeometry;
    for (const name of Object.keys(g.attributes)) {
      if (name !== 'position' && name !== 'normal') g.deleteAttribute(name);
    }
    g.applyMatrix4(matrix);
    color.setHex(hex);
    const n = g.attributes.position!.count;
    const colors = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      colors[i * 3] = color.r;
      colors[i * 3 + 1] = color.g;
      colors[i * 3 + 2] = color.b;
    }
    g.setAttribute('color', new THREE.BufferAttribute(colors, 3));
    this.parts.push(g);
  }

  get empty(): boolean {
    return this.parts.length === 0;
  }

  /** One mesh of everything added; the batch is emptied. */
  build(material: THREE.Material, name: string): THREE.Mesh {
    const merged = this.parts.length ? mergeGeometries(this.parts, false) : new THREE.BufferGeometry();
    for (const p of this.parts) p.dispose();
    this.parts.length = 0;
    merged.computeBoundingSphere();
    const mesh = new THREE.Mesh(merged, material);
    mesh.name = name;
    mesh.matrixAutoUpdate = false;
    return mesh;
  }
}

/** Low-poly building blocks shared by the scene builders (disposed with the batch copies). */
export const shapes = {
  box: new THREE.BoxGeometry(1, 1, 1),
  cyl8: new THREE.CylinderGeometry(1, 1, 1, 8),
  cyl16: new THREE.CylinderGeometry(1, 1, 1, 16),
  cone7: new THREE.ConeGeometry(1, 1, 7),
  ico: new THREE.IcosahedronGeometry(1, 0),
  ico1: new THREE.IcosahedronGeometry(1, 1),
  sphere: new THREE.SphereGeometry(1, 10, 7),
  torus: new THREE.TorusGeometry(1, 0.25, 6, 16),
};
