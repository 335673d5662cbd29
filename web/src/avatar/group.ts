// A catalog avatar as an ordinary three.js Group (for previews and thumbnails, where one
// avatar is drawn at a time). Geometries are the shared unit ones; materials are cached per
// colour and live as long as the page.

import * as THREE from 'three';
import type { AvatarSpec } from './catalog';
import { drawGeo, localPartMatrix, partGeometry } from './geometries';

const materials = new Map<number, THREE.MeshLambertMaterial>();

function material(color: number): THREE.MeshLambertMaterial {
  let m = materials.get(color);
  if (!m) {
    m = new THREE.MeshLambertMaterial({ color });
    materials.set(color, m);
  }
  return m;
}

export function buildAvatarGroup(spec: AvatarSpec): THREE.Group {
  const group = new THREE.Group();
  group.name = `avatar-${spec.id}`;
  for (const part of spec.parts) {
    const mesh = new THREE.Mesh(partGeometry(drawGeo(part)), material(part.color));
    mesh.matrixAutoUpdate = false;
    mesh.matrix.copy(localPartMatrix(part));
    group.add(mesh);
  }
  return group;
}
