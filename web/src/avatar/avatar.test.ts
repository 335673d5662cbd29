import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { AVATARS, AVATAR_COUNT, avatarSpec, isAvatarId } from './catalog';
import { PART_GEOS, drawGeo, partGeometry } from './geometries';
import { AvatarInstancer } from './instancer';
import { newRig, newRoleMatrices, roleMatrices, stepRig } from './rig';

describe('avatar catalog', () => {
  it('has the 8 avatars 0–7 of docs/protocol.md, in order', () => {
    expect(AVATAR_COUNT).toBe(8);
    expect(AVATARS.map((a) => a.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('gives every avatar its own look (accent colour and silhouette)', () => {
    expect(new Set(AVATARS.map((a) => a.accent)).size).toBe(8);
    const silhouettes = AVATARS.map((a) => a.parts.map((p) => `${p.geo}:${p.color.toString(16)}`).join('|'));
    expect(new Set(silhouettes).size).toBe(8);
  });

  it('builds every avatar from the shared part geometries only', () => {
    for (const a of AVATARS) {
      for (const p of a.parts) {
        expect(PART_GEOS).toContain(p.geo);
        expect(PART_GEOS).toContain(drawGeo(p));
        expect(p.scale.every((v) => v > 0)).toBe(true);
      }
      expect(a.parts.length).toBeLessThan(24);
    }
  });

  it('keeps every avatar low-poly (50 of them stay under ~75 k triangles)', () => {
    const triangles = (g: ReturnType<typeof partGeometry>) => (g.index ? g.index.count : g.attributes.position!.count) / 3;
    for (const a of AVATARS) {
      const n = a.parts.reduce((sum, p) => sum + triangles(partGeometry(drawGeo(p))), 0);
      expect(n, `avatar ${a.id}`).toBeLessThan(1500);
    }
  });

  it('falls back to avatar 0 for an unknown id from the wire', () => {
    expect(avatarSpec(99).id).toBe(0);
    expect(isAvatarId(7)).toBe(true);
    expect(isAvatarId(8)).toBe(false);
    expect(isAvatarId(1.5)).toBe(false);
  });
});

describe('AvatarInstancer', () => {
  it('draws 50 avatars with one instanced mesh per part geometry', () => {
    const scene = new THREE.Scene();
    const inst = new AvatarInstancer(scene, 4);
    const rig = newRig();
    inst.begin();
    let parts = 0;
    for (let i = 0; i < 50; i++) {
      const spec = avatarSpec(i % 8);
      inst.add(spec, i, 0, -i, i * 0.1, rig);
      parts += spec.parts.length;
    }
    inst.end();
    const meshes = scene.children.filter((c): c is THREE.InstancedMesh => (c as THREE.InstancedMesh).isInstancedMesh);
    expect(meshes.length).toBe(PART_GEOS.length);
    expect(meshes.reduce((n, m) => n + m.count, 0)).toBe(parts);
    expect(inst.drawn).toBe(50);
    // a frame with fewer avatars shrinks the counts again, without new meshes
    inst.begin();
    inst.add(avatarSpec(0), 0, 0, 0, 0, rig);
    inst.end();
    expect(scene.children.filter((c) => (c as THREE.InstancedMesh).isInstancedMesh).length).toBe(PART_GEOS.length);
    expect(meshes.reduce((n, m) => n + m.count, 0)).toBeLessThanOrEqual(avatarSpec(0).parts.length);
    inst.dispose();
    expect(scene.children.length).toBe(0);
  });

  it('puts the parts where the avatar stands, turned by its yaw', () => {
    const scene = new THREE.Scene();
    const inst = new AvatarInstancer(scene, 1);
    inst.begin();
    inst.add(avatarSpec(3), 10, 0, -5, Math.PI, newRig());
    inst.end();
    const body = scene.children.find((c) => c.name === 'avatars:sphere') as THREE.InstancedMesh;
    const m = new THREE.Matrix4();
    body.getMatrixAt(0, m);
    const p = new THREE.Vector3().setFromMatrixPosition(m);
    expect(p.x).toBeCloseTo(10);
    expect(p.z).toBeCloseTo(-5);
    expect(p.y).toBeCloseTo(0.5, 1);
  });
});

describe('rig', () => {
  it('bobs and swings only while walking', () => {
    const rig = newRig();
    const m = newRoleMatrices();
    roleMatrices(rig, m);
    const still = new THREE.Vector3().setFromMatrixPosition(m.footL);
    for (let i = 0; i < 30; i++) stepRig(rig, 1, 1 / 30, i / 30);
    expect(rig.moving).toBeGreaterThan(0.9);
    roleMatrices(rig, m);
    const walking = new THREE.Vector3().setFromMatrixPosition(m.footL);
    expect(walking.distanceTo(still)).toBeGreaterThan(0.01);
    for (let i = 0; i < 60; i++) stepRig(rig, 0, 1 / 30, 1 + i / 30);
    expect(rig.moving).toBeLessThan(0.05);
  });
});
