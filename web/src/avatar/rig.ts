// Procedural animation of the catalog avatars: a walk cycle (body bob, arm and foot swing),
// a wave and a hop for emotes. Pure math on three.js matrices; no scene objects.

import * as THREE from 'three';
import type { PartRole } from './catalog';

export interface RigState {
  /** Walk-cycle phase (radians), advanced while moving. */
  phase: number;
  /** 0 standing … 1 fully walking; eased so that starting and stopping look soft. */
  moving: number;
  /** 0 … 1 while waving. */
  wave: number;
  /** Extra height of a hop (m). */
  hop: number;
  /** Seconds since the page started, for idle breathing and the wave. */
  time: number;
}

export function newRig(): RigState {
  return { phase: 0, moving: 0, wave: 0, hop: 0, time: 0 };
}

/** Advances a rig by `dt` seconds for animation 0 idle, 1 walk, 2 run. */
export function stepRig(rig: RigState, anim: number, dt: number, time: number): void {
  const target = anim > 0 ? 1 : 0;
  const k = Math.min(1, dt * 8);
  rig.moving += (target - rig.moving) * k;
  if (rig.moving > 0.01) rig.phase = (rig.phase + dt * (anim === 2 ? 15 : 9)) % (Math.PI * 2);
  rig.time = time;
}

export type RoleMatrices = Record<PartRole, THREE.Matrix4>;

export function newRoleMatrices(): RoleMatrices {
  return {
    body: new THREE.Matrix4(),
    head: new THREE.Matrix4(),
    armL: new THREE.Matrix4(),
    armR: new THREE.Matrix4(),
    footL: new THREE.Matrix4(),
    footR: new THREE.Matrix4(),
  };
}

const tmp = new THREE.Matrix4();
const pivot = new THREE.Matrix4();
const unpivot = new THREE.Matrix4();

function aroundPivot(out: THREE.Matrix4, base: THREE.Matrix4, px: number, py: number, rot: THREE.Matrix4): void {
  pivot.makeTranslation(px, py, 0);
  unpivot.makeTranslation(-px, -py, 0);
  out.copy(base).multiply(pivot).multiply(rot).multiply(unpivot);
}

/** Fills `out` with each role's offset matrix (avatar space) for this rig state. */
export function roleMatrices(rig: RigState, out: RoleMatrices): RoleMatrices {
  const m = rig.moving;
  const s = Math.sin(rig.phase);
  const breathe = Math.sin(rig.time * 2) * 0.008 * (1 - m);
  const bob = Math.abs(s) * 0.06 * m + rig.hop + breathe;
  out.body.makeTranslation(0, bob, 0);
  tmp.makeRotationZ(s * 0.05 * m);
  out.head.copy(out.body).multiply(tmp);

  const swing = s * 0.7 * m;
  aroundPivot(out.armL, out.body, -0.36, 0.7, tmp.makeRotationX(swing));
  if (rig.wave > 0) {
    const raise = (2.4 + Math.sin(rig.time * 14) * 0.35) * rig.wave;
    aroundPivot(out.armR, out.body, 0.36, 0.7, tmp.makeRotationZ(raise));
  } else {
    aroundPivot(out.armR, out.body, 0.36, 0.7, tmp.makeRotationX(-swing));
  }
  const step = 0.13 * m;
  out.footL.makeTranslation(0, Math.max(0, -Math.cos(rig.phase)) * 0.06 * m + rig.hop, s * step);
  out.footR.makeTranslation(0, Math.max(0, Math.cos(rig.phase)) * 0.06 * m + rig.hop, -s * step);
  return out;
}
