// The project's own avatars, numbered 0 … 7 as docs/protocol.md says ("avatar": 0–7).
//
// Each avatar is pure data: a list of low-poly parts made from a handful of shared unit
// geometries (sphere, hemisphere, capsule, cylinder, frustum, cone, box, torus), each part with
// its colour, position, scale and rotation in avatar space (feet at y = 0, facing −z).
// The renderer draws every part of every avatar that uses the same geometry in one instanced
// draw call, so 50 avatars cost the same few draw calls as one.

export type PartGeo = 'sphere' | 'hemi' | 'capsule' | 'cylinder' | 'frustum' | 'cone' | 'box' | 'torus';

/** Which bone-like group a part follows when the avatar walks or waves. */
export type PartRole = 'body' | 'head' | 'armL' | 'armR' | 'footL' | 'footR';

export type Vec3 = readonly [number, number, number];

export interface PartSpec {
  geo: PartGeo;
  color: number;
  pos: Vec3;
  scale: Vec3;
  rot?: Vec3;
  role: PartRole;
}

export interface AvatarSpec {
  id: number;
  /** i18n key of the avatar's name (see i18n/ja.ts `avatar.names`). */
  nameKey: string;
  /** i18n key of a short description for screen readers. */
  descKey: string;
  /** Main colour, used for the people list and name tags. */
  accent: number;
  /** Where the name tag floats (m). */
  tagHeight: number;
  parts: readonly PartSpec[];
}

export const AVATAR_COUNT = 8;

const EYE = 0x3a2e2a;
const CHEEK = 0xf5a3a3;

/** Arms, feet, eyes and cheeks every avatar shares, in its own colours. */
function common(o: { body: number; skin: number; feet: number; armY?: number; armX?: number }): PartSpec[] {
  const armY = o.armY ?? 0.55;
  const armX = o.armX ?? 0.4;
  return [
    { geo: 'sphere', color: o.skin, pos: [0, 1.08, 0], scale: [0.32, 0.3, 0.3], role: 'head' },
    { geo: 'sphere', color: EYE, pos: [-0.11, 1.07, -0.27], scale: [0.04, 0.055, 0.03], role: 'head' },
    { geo: 'sphere', color: EYE, pos: [0.11, 1.07, -0.27], scale: [0.04, 0.055, 0.03], role: 'head' },
    { geo: 'sphere', color: CHEEK, pos: [-0.18, 0.99, -0.24], scale: [0.055, 0.03, 0.02], role: 'head' },
    { geo: 'sphere', color: CHEEK, pos: [0.18, 0.99, -0.24], scale: [0.055, 0.03, 0.02], role: 'head' },
    { geo: 'capsule', color: o.body, pos: [-armX, armY, 0], scale: [0.14, 0.3, 0.14], rot: [0, 0, -0.35], role: 'armL' },
    { geo: 'capsule', color: o.body, pos: [armX, armY, 0], scale: [0.14, 0.3, 0.14], rot: [0, 0, 0.35], role: 'armR' },
    { geo: 'sphere', color: o.feet, pos: [-0.14, 0.06, -0.03], scale: [0.11, 0.07, 0.15], role: 'footL' },
    { geo: 'sphere', color: o.feet, pos: [0.14, 0.06, -0.03], scale: [0.11, 0.07, 0.15], role: 'footR' },
  ];
}

export const AVATARS: readonly AvatarSpec[] = [
  {
    // 0 さくら: round pink body, brown bob, a flower in the hair.
    id: 0,
    nameKey: 'avatar.names.0',
    descKey: 'avatar.desc.0',
    accent: 0xf4a6b8,
    tagHeight: 1.7,
    parts: [
      { geo: 'sphere', color: 0xf4a6b8, pos: [0, 0.5, 0], scale: [0.4, 0.44, 0.36], role: 'body' },
      ...common({ body: 0xf4a6b8, skin: 0xffe0c8, feet: 0x8a5a5a }),
      { geo: 'hemi', color: 0x7a4a35, pos: [0, 1.1, 0.02], scale: [0.35, 0.34, 0.34], role: 'head' },
      { geo: 'sphere', color: 0x7a4a35, pos: [0, 1.02, 0.08], scale: [0.35, 0.28, 0.28], role: 'head' },
      { geo: 'sphere', color: 0xff7fa0, pos: [0.22, 1.3, -0.14], scale: [0.075, 0.075, 0.05], role: 'head' },
      { geo: 'sphere', color: 0xfff1a8, pos: [0.22, 1.3, -0.18], scale: [0.03, 0.03, 0.02], role: 'head' },
    ],
  },
  {
    // 1 そら: sky-blue capsule, yellow beanie with a pom-pom, red scarf.
    id: 1,
    nameKey: 'avatar.names.1',
    descKey: 'avatar.desc.1',
    accent: 0x8ec5e8,
    tagHeight: 1.85,
    parts: [
      { geo: 'capsule', color: 0x8ec5e8, pos: [0, 0.5, 0], scale: [0.62, 0.82, 0.56], role: 'body' },
      ...common({ body: 0x8ec5e8, skin: 0xf1c9a5, feet: 0x4a5568 }),
      { geo: 'torus', color: 0xe06c5a, pos: [0, 0.84, 0], scale: [0.25, 0.25, 0.3], rot: [Math.PI / 2, 0, 0], role: 'body' },
      { geo: 'hemi', color: 0x2d2a32, pos: [0, 1.1, 0.03], scale: [0.33, 0.3, 0.32], role: 'head' },
      { geo: 'hemi', color: 0xf2c14e, pos: [0, 1.17, 0.02], scale: [0.34, 0.3, 0.34], role: 'head' },
      { geo: 'cylinder', color: 0xe8a93a, pos: [0, 1.18, 0.02], scale: [0.345, 0.05, 0.345], role: 'head' },
      { geo: 'sphere', color: 0xfff6e0, pos: [0, 1.5, 0.02], scale: [0.08, 0.08, 0.08], role: 'head' },
    ],
  },
  {
    // 2 みどり: green dress, long dark hair, a leaf on top.
    id: 2,
    nameKey: 'avatar.names.2',
    descKey: 'avatar.desc.2',
    accent: 0x8cc084,
    tagHeight: 1.8,
    parts: [
      { geo: 'frustum', color: 0x8cc084, pos: [0, 0.46, 0], scale: [0.42, 0.78, 0.42], role: 'body' },
      ...common({ body: 0x8cc084, skin: 0xffe6d5, feet: 0x5b7553 }),
      { geo: 'sphere', color: 0x3b2f2f, pos: [0, 0.98, 0.07], scale: [0.36, 0.42, 0.3], role: 'head' },
      { geo: 'hemi', color: 0x3b2f2f, pos: [0, 1.1, 0.01], scale: [0.345, 0.33, 0.33], role: 'head' },
      { geo: 'cone', color: 0x5fa35a, pos: [0.06, 1.48, 0], scale: [0.09, 0.2, 0.03], rot: [0, 0, -0.5], role: 'head' },
    ],
  },
  {
    // 3 くま: a round brown bear with ears and a cream muzzle.
    id: 3,
    nameKey: 'avatar.names.3',
    descKey: 'avatar.desc.3',
    accent: 0xa47551,
    tagHeight: 1.75,
    parts: [
      { geo: 'sphere', color: 0xa47551, pos: [0, 0.5, 0], scale: [0.45, 0.48, 0.42], role: 'body' },
      { geo: 'sphere', color: 0xf3dcc0, pos: [0, 0.5, -0.2], scale: [0.28, 0.3, 0.25], role: 'body' },
      ...common({ body: 0xa47551, skin: 0xa47551, feet: 0x7a5238, armX: 0.44 }),
      { geo: 'sphere', color: 0xa47551, pos: [-0.23, 1.32, 0], scale: [0.11, 0.11, 0.08], role: 'head' },
      { geo: 'sphere', color: 0xa47551, pos: [0.23, 1.32, 0], scale: [0.11, 0.11, 0.08], role: 'head' },
      { geo: 'sphere', color: 0xf3dcc0, pos: [-0.23, 1.32, -0.04], scale: [0.06, 0.06, 0.05], role: 'head' },
      { geo: 'sphere', color: 0xf3dcc0, pos: [0.23, 1.32, -0.04], scale: [0.06, 0.06, 0.05], role: 'head' },
      { geo: 'sphere', color: 0xf3dcc0, pos: [0, 0.99, -0.24], scale: [0.14, 0.1, 0.09], role: 'head' },
      { geo: 'sphere', color: 0x3a2e2a, pos: [0, 1.03, -0.33], scale: [0.045, 0.035, 0.03], role: 'head' },
    ],
  },
  {
    // 4 ほし: tall navy robe, silver hair, a purple pointed hat with a star.
    id: 4,
    nameKey: 'avatar.names.4',
    descKey: 'avatar.desc.4',
    accent: 0x4a5a8c,
    tagHeight: 2.05,
    parts: [
      { geo: 'frustum', color: 0x4a5a8c, pos: [0, 0.47, 0], scale: [0.38, 0.86, 0.38], role: 'body' },
      ...common({ body: 0x4a5a8c, skin: 0xf1c9a5, feet: 0x2f3a5a }),
      { geo: 'hemi', color: 0xdcdcec, pos: [0, 1.09, 0.03], scale: [0.345, 0.33, 0.33], role: 'head' },
      { geo: 'sphere', color: 0xdcdcec, pos: [0, 1.0, 0.08], scale: [0.34, 0.26, 0.27], role: 'head' },
      { geo: 'cylinder', color: 0x7b68c8, pos: [0, 1.3, 0.02], scale: [0.46, 0.03, 0.46], role: 'head' },
      { geo: 'cone', color: 0x7b68c8, pos: [0, 1.58, 0.04], scale: [0.27, 0.55, 0.27], rot: [0.15, 0, 0], role: 'head' },
      { geo: 'sphere', color: 0xffd65a, pos: [0, 1.86, 0.09], scale: [0.07, 0.07, 0.07], role: 'head' },
    ],
  },
  {
    // 5 たいよう: square orange body, short black hair, a wide straw hat.
    id: 5,
    nameKey: 'avatar.names.5',
    descKey: 'avatar.desc.5',
    accent: 0xf0a35e,
    tagHeight: 1.8,
    parts: [
      { geo: 'box', color: 0xf0a35e, pos: [0, 0.5, 0], scale: [0.62, 0.66, 0.44], role: 'body' },
      { geo: 'box', color: 0xfbe3c4, pos: [0, 0.56, -0.2], scale: [0.3, 0.3, 0.06], role: 'body' },
      ...common({ body: 0xf0a35e, skin: 0xd9a77f, feet: 0x5a4a3a, armX: 0.42 }),
      { geo: 'hemi', color: 0x22201f, pos: [0, 1.1, 0.03], scale: [0.335, 0.3, 0.32], role: 'head' },
      { geo: 'cylinder', color: 0xe8cf8a, pos: [0, 1.3, 0], scale: [0.56, 0.025, 0.56], role: 'head' },
      { geo: 'cylinder', color: 0xe8cf8a, pos: [0, 1.4, 0], scale: [0.27, 0.2, 0.27], role: 'head' },
      { geo: 'cylinder', color: 0xd9534f, pos: [0, 1.33, 0], scale: [0.275, 0.05, 0.275], role: 'head' },
    ],
  },
  {
    // 6 うさぎ: a white rabbit with long pink-lined ears.
    id: 6,
    nameKey: 'avatar.names.6',
    descKey: 'avatar.desc.6',
    accent: 0xf5f1ea,
    tagHeight: 2.05,
    parts: [
      { geo: 'sphere', color: 0xf5f1ea, pos: [0, 0.5, 0], scale: [0.4, 0.46, 0.38], role: 'body' },
      { geo: 'sphere', color: 0xf7c6d0, pos: [0, 0.55, 0.36], scale: [0.1, 0.1, 0.1], role: 'body' },
      ...common({ body: 0xf5f1ea, skin: 0xf5f1ea, feet: 0xe8e0d5 }),
      { geo: 'capsule', color: 0xf5f1ea, pos: [-0.12, 1.55, 0.02], scale: [0.15, 0.45, 0.1], rot: [0, 0, 0.12], role: 'head' },
      { geo: 'capsule', color: 0xf5f1ea, pos: [0.12, 1.55, 0.02], scale: [0.15, 0.45, 0.1], rot: [0, 0, -0.12], role: 'head' },
      { geo: 'capsule', color: 0xf7b6c6, pos: [-0.12, 1.55, -0.02], scale: [0.08, 0.34, 0.06], rot: [0, 0, 0.12], role: 'head' },
      { geo: 'capsule', color: 0xf7b6c6, pos: [0.12, 1.55, -0.02], scale: [0.08, 0.34, 0.06], rot: [0, 0, -0.12], role: 'head' },
      { geo: 'sphere', color: 0xf08ca0, pos: [0, 1.01, -0.3], scale: [0.035, 0.025, 0.02], role: 'head' },
    ],
  },
  {
    // 7 くも: teal hoodie, navy cap, round glasses.
    id: 7,
    nameKey: 'avatar.names.7',
    descKey: 'avatar.desc.7',
    accent: 0x5fb3a8,
    tagHeight: 1.75,
    parts: [
      { geo: 'capsule', color: 0x5fb3a8, pos: [0, 0.5, 0], scale: [0.7, 0.82, 0.58], role: 'body' },
      { geo: 'sphere', color: 0x4e9d92, pos: [0, 0.36, -0.25], scale: [0.2, 0.09, 0.07], role: 'body' },
      ...common({ body: 0x5fb3a8, skin: 0xffe0c8, feet: 0x355c7d, armX: 0.42 }),
      { geo: 'hemi', color: 0x355c7d, pos: [0, 1.13, 0.02], scale: [0.34, 0.28, 0.34], role: 'head' },
      { geo: 'box', color: 0x355c7d, pos: [0, 1.15, -0.36], scale: [0.34, 0.03, 0.2], rot: [-0.12, 0, 0], role: 'head' },
      { geo: 'torus', color: 0x2b2b2b, pos: [-0.11, 1.07, -0.29], scale: [0.085, 0.085, 0.06], role: 'head' },
      { geo: 'torus', color: 0x2b2b2b, pos: [0.11, 1.07, -0.29], scale: [0.085, 0.085, 0.06], role: 'head' },
    ],
  },
];

/** The avatar for an id from the wire; unknown ids fall back to 0 instead of failing. */
export function avatarSpec(id: number): AvatarSpec {
  return AVATARS[id] ?? (AVATARS[0] as AvatarSpec);
}

export function isAvatarId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < AVATAR_COUNT;
}

/** CSS colour of a 0xRRGGBB number. */
export function cssColor(c: number): string {
  return `#${c.toString(16).padStart(6, '0')}`;
}
