// Where voices are heard from (docs/voice.md, "In the browser"): each voice sits at its
// avatar's head, the listener at one's own avatar's head, facing where the camera looks (what is
// on the right of the screen is heard on the right). Fall-off is Web Audio's inverse distance
// model: full volume within REF_DISTANCE, about a tenth at the hearing radius, nothing gets
// quieter beyond it (the server stops sending voices farther away). On the stage and in a
// meeting-mode space distance does not make a voice quieter. Pure math, no Web Audio.

import type { Bounds } from '../net/messages';

export interface Vec3 {
  x: number;
  y: number;
  z: number;
}

export interface ListenerFrame {
  position: Vec3;
  forward: Vec3;
  up: Vec3;
}

/** Ears and mouths are this high above an avatar's feet (m). */
export const HEAD_HEIGHT = 1.5;
/** Within this distance a voice is at full volume (m). */
export const REF_DISTANCE = 1.5;
/** docs/voice.md: the default hearing radius (m). */
export const DEFAULT_HEARING_RADIUS = 15;

/** PannerNode distance settings for one voice. */
export interface FallOff {
  refDistance: number;
  maxDistance: number;
  rolloffFactor: number;
}

/** What a space says about voice (the optional `voice` and `stage` of `joined.space`). */
export interface VoiceSpace {
  voice?: { hearing_radius: number; meeting_mode: boolean };
  stage?: Bounds;
}

/**
 * The listener at one's own avatar, facing the way the orbit camera looks: the camera sits at
 * (sin yaw, cos yaw) behind the avatar (world/movement.ts, orbitPosition), so it looks along
 * (−sin yaw, 0, −cos yaw). Level, so looking down does not tilt the ears.
 */
export function listenerFrame(self: Vec3, cameraYaw: number): ListenerFrame {
  return {
    position: { x: self.x, y: self.y + HEAD_HEIGHT, z: self.z },
    forward: { x: -Math.sin(cameraYaw), y: 0, z: -Math.cos(cameraYaw) },
    up: { x: 0, y: 1, z: 0 },
  };
}

/** Where an avatar's voice comes from. */
export function voicePosition(pose: Vec3): Vec3 {
  return { x: pose.x, y: pose.y + HEAD_HEIGHT, z: pose.z };
}

export function onStage(stage: Bounds | undefined, p: { x: number; z: number }): boolean {
  return stage !== undefined && p.x >= stage.min_x && p.x <= stage.max_x && p.z >= stage.min_z && p.z <= stage.max_z;
}

/** The fall-off of a voice at `speaker` (its avatar's position) in `space`. */
export function fallOff(space: VoiceSpace | null, speaker: { x: number; z: number }): FallOff {
  const radius = space?.voice?.hearing_radius ?? DEFAULT_HEARING_RADIUS;
  const maxDistance = Math.max(REF_DISTANCE, radius > 0 ? radius : DEFAULT_HEARING_RADIUS);
  const flat = space?.voice?.meeting_mode === true || onStage(space?.stage, speaker);
  return { refDistance: REF_DISTANCE, maxDistance, rolloffFactor: flat ? 0 : 1 };
}

/** The gain Web Audio's "inverse" distance model gives at distance `d`. */
export function inverseGain(d: number, f: FallOff): number {
  const dd = Math.min(Math.max(d, f.refDistance), f.maxDistance);
  return f.refDistance / (f.refDistance + f.rolloffFactor * (dd - f.refDistance));
}

/**
 * `p` in the listener's own axes (m): `right` of the listener, in `front`, `above`. What an
 * HRTF panner makes of a position; used by the tests to check the frame.
 */
export function relativeToListener(l: ListenerFrame, p: Vec3): { right: number; front: number; above: number } {
  const d = { x: p.x - l.position.x, y: p.y - l.position.y, z: p.z - l.position.z };
  // right = forward × up
  const r = {
    x: l.forward.y * l.up.z - l.forward.z * l.up.y,
    y: l.forward.z * l.up.x - l.forward.x * l.up.z,
    z: l.forward.x * l.up.y - l.forward.y * l.up.x,
  };
  const dot = (a: Vec3, b: Vec3) => a.x * b.x + a.y * b.y + a.z * b.z;
  return { right: dot(d, r), front: dot(d, l.forward), above: dot(d, l.up) };
}
