// The local avatar's simulation: what the person asks for (keys, joystick) turned into a pose
// step, relative to where the camera looks; clamped to the space's bounds. Pure logic.

import type { Pose } from '../net/protocol';
import type { Bounds, Portal } from '../net/messages';
import { angleDelta, wrapAngle } from './interpolation';

export interface MoveIntent {
  /** −1 … 1: backwards … forwards, relative to the camera. */
  forward: number;
  /** −1 … 1: left … right, relative to the camera. */
  right: number;
  run: boolean;
}

export const WALK_SPEED = 2.8; // m/s
export const RUN_SPEED = 5.6;
const TURN_RATE = 12; // rad/s
const DEAD_ZONE = 0.08;

/**
 * The pose after `dt` seconds of `intent`. `cameraYaw` uses the pose's convention: the camera
 * looks along (−sin yaw, −cos yaw) on the ground. The avatar turns smoothly towards where it
 * walks; standing still keeps its yaw.
 */
export function stepPose(pose: Pose, intent: MoveIntent, cameraYaw: number, dt: number, bounds: Bounds): Pose {
  const fx = -Math.sin(cameraYaw);
  const fz = -Math.cos(cameraYaw);
  const rx = Math.cos(cameraYaw);
  const rz = -Math.sin(cameraYaw);
  let vx = fx * intent.forward + rx * intent.right;
  let vz = fz * intent.forward + rz * intent.right;
  const mag = Math.hypot(vx, vz);
  if (mag < DEAD_ZONE) return { ...pose, anim: 0 };
  const strength = Math.min(1, mag);
  vx /= mag;
  vz /= mag;
  const speed = intent.run ? RUN_SPEED : WALK_SPEED * strength;
  const targetYaw = Math.atan2(-vx, -vz);
  const d = angleDelta(pose.yaw, targetYaw);
  const maxTurn = TURN_RATE * dt;
  const yaw = wrapAngle(pose.yaw + Math.max(-maxTurn, Math.min(maxTurn, d)));
  return {
    x: clamp(pose.x + vx * speed * dt, bounds.min_x, bounds.max_x),
    y: pose.y,
    z: clamp(pose.z + vz * speed * dt, bounds.min_z, bounds.max_z),
    yaw,
    anim: intent.run ? 2 : 1,
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** A round obstacle on the ground (fountain, tree trunk). Client-side only: the server
 * knows bounds, not props, so this only keeps one's own avatar from walking through them. */
export interface Collider {
  x: number;
  z: number;
  r: number;
}

/** Pushes the pose out of any collider it stands in (radially), then back into the bounds. */
export function resolveColliders(pose: Pose, colliders: readonly Collider[], bounds: Bounds, bodyRadius = 0.35): Pose {
  let { x, z } = pose;
  for (const c of colliders) {
    const dx = x - c.x;
    const dz = z - c.z;
    const d = Math.hypot(dx, dz);
    const min = c.r + bodyRadius;
    if (d >= min) continue;
    if (d < 1e-6) {
      z = c.z + min; // dead centre: step out towards +z
    } else {
      x = c.x + (dx / d) * min;
      z = c.z + (dz / d) * min;
    }
  }
  if (x === pose.x && z === pose.z) return pose;
  return { ...pose, x: clamp(x, bounds.min_x, bounds.max_x), z: clamp(z, bounds.min_z, bounds.max_z) };
}

/** The portal the avatar stands in, if any (distance on the ground within its radius). */
export function portalAt(pose: Pose, portals: readonly Portal[]): Portal | null {
  for (const p of portals) {
    if (Math.hypot(pose.x - p.x, pose.z - p.z) <= p.radius) return p;
  }
  return null;
}

/** Third-person orbit camera around the avatar. */
export interface Orbit {
  /** Yaw of the direction the camera looks (same convention as the pose). */
  yaw: number;
  /** Radians above the horizon the camera looks down from. */
  pitch: number;
  distance: number;
}

export const ORBIT_LIMITS = { minPitch: 0.08, maxPitch: 1.2, minDistance: 2.5, maxDistance: 14 };

/** Dragging by (dx, dy) pixels: right turns the view right, down looks from higher. */
export function dragOrbit(o: Orbit, dx: number, dy: number, radPerPixel = 0.006): Orbit {
  return {
    yaw: wrapAngle(o.yaw - dx * radPerPixel),
    pitch: clamp(o.pitch + dy * radPerPixel, ORBIT_LIMITS.minPitch, ORBIT_LIMITS.maxPitch),
    distance: o.distance,
  };
}

export function zoomOrbit(o: Orbit, factor: number): Orbit {
  return { ...o, distance: clamp(o.distance * factor, ORBIT_LIMITS.minDistance, ORBIT_LIMITS.maxDistance) };
}

/** Where the camera stands to look at (tx, ty, tz): behind it along −forward, above it. */
export function orbitPosition(o: Orbit, tx: number, ty: number, tz: number): [number, number, number] {
  const h = Math.cos(o.pitch) * o.distance;
  return [tx + Math.sin(o.yaw) * h, ty + Math.sin(o.pitch) * o.distance, tz + Math.cos(o.yaw) * h];
}
