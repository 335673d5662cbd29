// Draws every catalog avatar in the space with one InstancedMesh per part geometry: the whole
// crowd costs PART_GEOS.length draw calls however many people are there.
//
// Usage per frame: begin(); add(...) for each avatar; end(). Owned by the world view; touches
// only its own meshes in the scene it was given.

import * as THREE from 'three';
import { type AvatarSpec } from './catalog';
import { type DrawGeo, PART_GEOS, drawGeo, localPartMatrix, partGeometry } from './geometries';
import { type RigState, newRoleMatrices, roleMatrices } from './rig';

interface Pool {
  mesh: THREE.InstancedMesh;
  capacity: number;
  count: number;
  /** The colour each slot holds, so unchanged colours are not re-uploaded every frame. */
  colors: Int32Array;
  colorsDirty: boolean;
}

const world = new THREE.Matrix4();
const partWorld = new THREE.Matrix4();
const color = new THREE.Color();
const roles = newRoleMatrices();

export class AvatarInstancer {
  private readonly pools = new Map<DrawGeo, Pool>();
  private readonly material: THREE.MeshLambertMaterial;
  /** Avatars drawn in the last frame. */
  drawn = 0;

  constructor(private readonly parent: THREE.Object3D, initialAvatars = 16) {
    this.material = new THREE.MeshLambertMaterial({ color: 0xffffff });
    for (const geo of PART_GEOS) this.pools.set(geo, this.makePool(geo, initialAvatars * 3));
  }

  private makePool(geo: DrawGeo, capacity: number): Pool {
    const mesh = new THREE.InstancedMesh(partGeometry(geo), this.material, capacity);
    mesh.name = `avatars:${geo}`;
    mesh.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    mesh.setColorAt(0, color.set(0xffffff));
    mesh.instanceColor?.setUsage(THREE.DynamicDrawUsage);
    // Instances move every frame; the bounding sphere three.js would compute is stale at once.
    mesh.frustumCulled = false;
    mesh.count = 0;
    this.parent.add(mesh);
    return { mesh, capacity, count: 0, colors: new Int32Array(capacity).fill(-1), colorsDirty: false };
  }

  private grow(geo: DrawGeo, pool: Pool): Pool {
    const bigger = this.makePool(geo, pool.capacity * 2);
    for (let i = 0; i < pool.count; i++) {
      pool.mesh.getMatrixAt(i, partWorld);
      bigger.mesh.setMatrixAt(i, partWorld);
      pool.mesh.getColorAt(i, color);
      bigger.mesh.setColorAt(i, color);
      bigger.colors[i] = pool.colors[i] as number;
    }
    bigger.colorsDirty = true;
    bigger.count = pool.count;
    this.parent.remove(pool.mesh);
    pool.mesh.dispose();
    this.pools.set(geo, bigger);
    return bigger;
  }

  begin(): void {
    for (const pool of this.pools.values()) pool.count = 0;
    this.drawn = 0;
  }

  /** Adds one avatar at (x, y, z) facing `yaw` (0 = −z, counter-clockwise from above). */
  add(spec: AvatarSpec, x: number, y: number, z: number, yaw: number, rig: RigState): void {
    world.makeRotationY(yaw).setPosition(x, y, z);
    roleMatrices(rig, roles);
    for (const part of spec.parts) {
      const geo = drawGeo(part);
      let pool = this.pools.get(geo) as Pool;
      if (pool.count >= pool.capacity) pool = this.grow(geo, pool);
      partWorld.multiplyMatrices(world, roles[part.role]).multiply(localPartMatrix(part));
      pool.mesh.setMatrixAt(pool.count, partWorld);
      if (pool.colors[pool.count] !== part.color) {
        pool.colors[pool.count] = part.color;
        pool.mesh.setColorAt(pool.count, color.setHex(part.color));
        pool.colorsDirty = true;
      }
      pool.count++;
    }
    this.drawn++;
  }

  end(): void {
    for (const pool of this.pools.values()) {
      pool.mesh.count = pool.count;
      if (pool.count > 0) {
        // upload only the slots in use, not the whole capacity
        pool.mesh.instanceMatrix.clearUpdateRanges();
        pool.mesh.instanceMatrix.addUpdateRange(0, pool.count * 16);
        pool.mesh.instanceMatrix.needsUpdate = true;
      }
      if (pool.colorsDirty && pool.mesh.instanceColor) pool.mesh.instanceColor.needsUpdate = true;
      pool.colorsDirty = false;
    }
  }

  dispose(): void {
    for (const pool of this.pools.values()) {
      this.parent.remove(pool.mesh);
      pool.mesh.dispose();
    }
    this.pools.clear();
    this.material.dispose();
  }
}
