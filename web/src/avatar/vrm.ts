// A person's own VRM file, shown only on their own screen (others see the catalog avatar they
// chose, since files are never uploaded). The loader and @pixiv/three-vrm are imported on
// demand, so the main bundle stays small for everyone who never opens a VRM.

import * as THREE from 'three';
import type { VRM } from '@pixiv/three-vrm';

export const VRM_MAX_BYTES = 40 * 1024 * 1024;

export type VrmError = 'too_big' | 'not_vrm';

export interface LoadedVrm {
  /** Stands on y = 0 and faces −z like the catalog avatars. */
  root: THREE.Group;
  height: number;
  /** Advances spring bones and the walk cycle; `moving` 0 … 1. */
  update(dt: number, moving: number, phase: number): void;
  dispose(): void;
}

export class VrmLoadError extends Error {
  constructor(readonly code: VrmError) {
    super(code);
  }
}

export async function loadVrm(data: ArrayBuffer): Promise<LoadedVrm> {
  if (data.byteLength > VRM_MAX_BYTES) throw new VrmLoadError('too_big');
  const [{ GLTFLoader }, vrmLib] = await Promise.all([
    import('three/examples/jsm/loaders/GLTFLoader.js'),
    import('@pixiv/three-vrm'),
  ]);
  const loader = new GLTFLoader();
  loader.register((parser) => new vrmLib.VRMLoaderPlugin(parser));
  let vrm: VRM | undefined;
  try {
    const gltf = await loader.parseAsync(data, '');
    vrm = gltf.userData.vrm as VRM | undefined;
  } catch {
    throw new VrmLoadError('not_vrm');
  }
  if (!vrm) throw new VrmLoadError('not_vrm');
  vrmLib.VRMUtils.removeUnnecessaryVertices(vrm.scene);
  vrmLib.VRMUtils.combineSkeletons(vrm.scene);
  vrmLib.VRMUtils.rotateVRM0(vrm);
  vrm.scene.traverse((o) => {
    o.frustumCulled = false;
  });

  // VRM models face +z; ours face −z.
  const root = new THREE.Group();
  root.name = 'own-vrm';
  vrm.scene.rotation.y = Math.PI;
  root.add(vrm.scene);
  const box = new THREE.Box3().setFromObject(vrm.scene);
  let height = box.max.y - box.min.y;
  if (!(height > 0.3 && height < 4)) {
    const s = 1.6 / (height || 1.6);
    vrm.scene.scale.setScalar(s);
    height = 1.6;
  }
  const h = vrm.humanoid;
  const bone = (name: Parameters<typeof h.getNormalizedBoneNode>[0]) => h.getNormalizedBoneNode(name);
  const loadedVrm = vrm;
  return {
    root,
    height,
    update(dt, moving, phase) {
      const s = Math.sin(phase) * 0.6 * moving;
      // arms down from the T-pose, swinging as it walks
      const lu = bone('leftUpperArm');
      const ru = bone('rightUpperArm');
      if (lu) lu.rotation.set(s * 0.8, 0, 1.2);
      if (ru) ru.rotation.set(-s * 0.8, 0, -1.2);
      const ll = bone('leftUpperLeg');
      const rl = bone('rightUpperLeg');
      if (ll) ll.rotation.x = s;
      if (rl) rl.rotation.x = -s;
      loadedVrm.update(dt);
    },
    dispose() {
      vrmLib.VRMUtils.deepDispose(loadedVrm.scene);
    },
  };
}
