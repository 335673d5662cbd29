// Procedural, low-poly scenes for the spaces of content/world.json: "plaza", "circle-warm"
// and "circle-forest" (any other scene id gets a plain meadow sized to the space's bounds).
//
// Draw-call budget: every static prop of a scene is merged into one vertex-coloured mesh
// (GeoBatch), glowing things into a second, plus the sky, a few posters and the portals.
// Only the portals and water animate. The whole environment is disposed on leaving the space.

import * as THREE from 'three';
import { buildResearchCorner } from '../bank/corner';
import { buildConsultDesk } from '../consult/desk';
import { buildConsultRoom } from '../consult/scene';
import { buildHall } from '../hall/scene';
import type { SlideScreen } from '../hall/screen';
import { buildZoneMarks } from '../hall/zones';
import { buildLounge } from '../lounge/scene';
import type { JoinedSpace, Portal } from '../net/messages';
import { GeoBatch, type V3, shapes } from './batch';
import type { Collider } from './movement';
import { type Poster, type PosterSpec, makePoster } from './posters';

export interface Environment {
  root: THREE.Group;
  colliders: Collider[];
  background: number;
  fog: { color: number; near: number; far: number };
  /**
   * Animates portals and water; `time` in seconds. Portals near the camera fade out, so
   * standing just in front of one does not fill the screen with its glow.
   */
  update(time: number, cameraX: number, cameraZ: number): void;
  /** Redraws posters and signs in the current language. */
  relabel(): void;
  /** The lecture hall's slide screen (hall/screen.ts), if this scene has one. */
  screen: SlideScreen | null;
  dispose(): void;
}

/** Deterministic pseudo-random numbers, so a scene looks the same for everyone. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const m4 = new THREE.Matrix4();
const base = new THREE.Matrix4();
const q = new THREE.Quaternion();
const eul = new THREE.Euler();
const v1 = new THREE.Vector3();
const v2 = new THREE.Vector3();

/** Adds parts relative to a prop placed at (x, z) turned by `yaw`. */
export function placer(batch: GeoBatch, x: number, z: number, yaw: number, y = 0) {
  return (geo: THREE.BufferGeometry, hex: number, pos: V3, scale: V3, rot: V3 = [0, 0, 0]) => {
    base.makeRotationY(yaw).setPosition(x, y, z);
    q.setFromEuler(eul.set(rot[0], rot[1], rot[2]));
    m4.compose(v1.set(pos[0], pos[1], pos[2]), q, v2.set(scale[0], scale[1], scale[2]));
    batch.addMatrix(geo, hex, base.clone().multiply(m4));
  };
}

/** Yaw that makes something at (x, z) face the point (tx, tz) (its front is −z). */
export function facing(x: number, z: number, tx: number, tz: number): number {
  return Math.atan2(-(tx - x), -(tz - z));
}

// ---------------------------------------------------------------------------------------------
// Props

function roundTree(b: GeoBatch, x: number, z: number, s: number, leaf: number): void {
  const add = placer(b, x, z, s * 7);
  add(shapes.cyl8, 0x8b6a4e, [0, 0.9 * s, 0], [0.16 * s, 1.8 * s, 0.16 * s]);
  add(shapes.ico1, leaf, [0, 2.3 * s, 0], [1.25 * s, 1.15 * s, 1.25 * s]);
  add(shapes.ico1, leaf, [0.5 * s, 2.0 * s, 0.3 * s], [0.8 * s, 0.75 * s, 0.8 * s]);
}

function pineTree(b: GeoBatch, x: number, z: number, s: number, leaf: number): void {
  const add = placer(b, x, z, s * 5);
  add(shapes.cyl8, 0x7a5a42, [0, 0.5 * s, 0], [0.14 * s, 1 * s, 0.14 * s]);
  add(shapes.cone7, leaf, [0, 1.5 * s, 0], [1.1 * s, 1.6 * s, 1.1 * s]);
  add(shapes.cone7, leaf, [0, 2.4 * s, 0], [0.85 * s, 1.4 * s, 0.85 * s]);
  add(shapes.cone7, leaf, [0, 3.2 * s, 0], [0.55 * s, 1.1 * s, 0.55 * s]);
}

function bench(b: GeoBatch, x: number, z: number, yaw: number): void {
  const add = placer(b, x, z, yaw);
  const wood = 0xc18f62;
  add(shapes.box, wood, [0, 0.45, 0], [1.7, 0.08, 0.5]);
  add(shapes.box, wood, [0, 0.78, 0.24], [1.7, 0.32, 0.06], [-0.15, 0, 0]);
  for (const lx of [-0.7, 0.7]) {
    add(shapes.box, 0x6e5a4c, [lx, 0.22, 0], [0.08, 0.44, 0.45]);
  }
}

function lamp(b: GeoBatch, glow: GeoBatch, x: number, z: number): void {
  const add = placer(b, x, z, 0);
  add(shapes.cyl8, 0x5a4a42, [0, 1.5, 0], [0.07, 3, 0.07]);
  add(shapes.cyl8, 0x5a4a42, [0, 0.08, 0], [0.22, 0.16, 0.22]);
  add(shapes.cone7, 0x5a4a42, [0, 3.35, 0], [0.32, 0.25, 0.32]);
  placer(glow, x, z, 0)(shapes.sphere, 0xfff0c4, [0, 3.05, 0], [0.22, 0.25, 0.22]);
}

function flowerBed(b: GeoBatch, x: number, z: number, r: number, rnd: () => number): void {
  const add = placer(b, x, z, 0);
  add(shapes.cyl16, 0x8a6b52, [0, 0.12, 0], [r + 0.12, 0.24, r + 0.12]);
  add(shapes.cyl16, 0x7fae6a, [0, 0.26, 0], [r, 0.06, r]);
  const colors = [0xf4a6b8, 0xfff1a8, 0xffffff, 0xf7b27a, 0xc9a0dc];
  const n = Math.round(r * 9);
  for (let i = 0; i < n; i++) {
    const a = rnd() * Math.PI * 2;
    const d = Math.sqrt(rnd()) * (r - 0.15);
    add(shapes.ico, colors[i % colors.length] as number, [Math.cos(a) * d, 0.36, Math.sin(a) * d], [0.1, 0.1, 0.1]);
  }
}

function rock(b: GeoBatch, x: number, z: number, s: number, hex = 0xb8b0a4): void {
  placer(b, x, z, s * 3)(shapes.ico, hex, [0, 0.25 * s, 0], [0.6 * s, 0.4 * s, 0.5 * s]);
}

/**
 * The ground, painted once on a canvas (paving rings, paths, soft grass patches) and laid on
 * one disc, with a plain ring around it out to the horizon: two meshes and no overdraw,
 * which keeps the fill cost low on phones.
 */
export class GroundPainter {
  readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly k: number;

  constructor(readonly radius: number, readonly base: number, px = 1024) {
    this.canvas.width = this.canvas.height = px;
    this.ctx = this.canvas.getContext('2d');
    this.k = px / (2 * radius);
    if (this.ctx) {
      this.ctx.fillStyle = css(base);
      this.ctx.fillRect(0, 0, px, px);
    }
  }

  private x(x: number): number {
    return (x + this.radius) * this.k;
  }

  private z(z: number): number {
    return (z + this.radius) * this.k;
  }

  disc(x: number, z: number, r: number, hex: number): void {
    if (!this.ctx) return;
    this.ctx.fillStyle = css(hex);
    this.ctx.beginPath();
    this.ctx.arc(this.x(x), this.z(z), r * this.k, 0, Math.PI * 2);
    this.ctx.fill();
  }

  ring(inner: number, outer: number, hex: number): void {
    if (!this.ctx) return;
    this.ctx.strokeStyle = css(hex);
    this.ctx.lineWidth = (outer - inner) * this.k;
    this.ctx.beginPath();
    this.ctx.arc(this.x(0), this.z(0), ((inner + outer) / 2) * this.k, 0, Math.PI * 2);
    this.ctx.stroke();
  }

  path(x0: number, z0: number, x1: number, z1: number, width: number, hex: number): void {
    if (!this.ctx) return;
    this.ctx.strokeStyle = css(hex);
    this.ctx.lineWidth = width * this.k;
    this.ctx.lineCap = 'round';
    this.ctx.beginPath();
    this.ctx.moveTo(this.x(x0), this.z(z0));
    this.ctx.lineTo(this.x(x1), this.z(z1));
    this.ctx.stroke();
  }

  /** Radial joints, so a paved circle reads as stone. */
  spokes(inner: number, outer: number, count: number, hex: number): void {
    if (!this.ctx) return;
    this.ctx.strokeStyle = css(hex);
    this.ctx.lineWidth = Math.max(1, 0.05 * this.k);
    this.ctx.beginPath();
    for (let i = 0; i < count; i++) {
      const a = (i / count) * Math.PI * 2;
      this.ctx.moveTo(this.x(Math.cos(a) * inner), this.z(Math.sin(a) * inner));
      this.ctx.lineTo(this.x(Math.cos(a) * outer), this.z(Math.sin(a) * outer));
    }
    this.ctx.stroke();
  }

  /** Soft patches of a slightly different shade inside `maxR`. */
  patches(rnd: () => number, count: number, hex: number, jitter: number, maxR: number, minR = 0): void {
    if (!this.ctx) return;
    const c = new THREE.Color(hex);
    for (let i = 0; i < count; i++) {
      const a = rnd() * Math.PI * 2;
      const d = minR + Math.sqrt(rnd()) * (maxR - minR);
      const r = (1.2 + rnd() * 2.8) * this.k;
      const x = this.x(Math.cos(a) * d);
      const z = this.z(Math.sin(a) * d);
      const shade = c.clone().offsetHSL(0, 0, (rnd() - 0.5) * jitter * 2);
      const g = this.ctx.createRadialGradient(x, z, 0, x, z, r);
      g.addColorStop(0, shade.getStyle());
      g.addColorStop(1, `${shade.getStyle().replace('rgb(', 'rgba(').replace(')', ',0)')}`);
      this.ctx.fillStyle = g;
      this.ctx.fillRect(x - r, z - r, r * 2, r * 2);
    }
  }

  build(): { meshes: THREE.Mesh[]; dispose(): void } {
    const texture = new THREE.CanvasTexture(this.canvas);
    texture.colorSpace = THREE.SRGBColorSpace;
    texture.anisotropy = 4;
    const innerGeo = new THREE.CircleGeometry(this.radius, 64);
    innerGeo.rotateX(-Math.PI / 2);
    const innerMat = new THREE.MeshLambertMaterial({ map: texture });
    const inner = new THREE.Mesh(innerGeo, innerMat);
    inner.name = 'ground';
    const outerGeo = new THREE.RingGeometry(this.radius - 0.01, 400, 64, 1);
    outerGeo.rotateX(-Math.PI / 2);
    const outerMat = new THREE.MeshLambertMaterial({ color: this.base });
    const outer = new THREE.Mesh(outerGeo, outerMat);
    outer.name = 'ground-outer';
    for (const m of [inner, outer]) {
      m.matrixAutoUpdate = false;
      m.updateMatrix();
    }
    return {
      meshes: [inner, outer],
      dispose() {
        innerGeo.dispose();
        innerMat.dispose();
        outerGeo.dispose();
        outerMat.dispose();
        texture.dispose();
      },
    };
  }
}

function css(hex: number): string {
  return `#${hex.toString(16).padStart(6, '0')}`;
}

function hills(b: GeoBatch, rnd: () => number, hex: number, from = 70, count = 14): void {
  for (let i = 0; i < count; i++) {
    const a = (i / count) * Math.PI * 2 + rnd() * 0.3;
    const d = from + rnd() * 25;
    const s = 14 + rnd() * 16;
    placer(b, Math.cos(a) * d, Math.sin(a) * d, rnd() * 3)(shapes.ico1, hex, [0, -s * 0.35, 0], [s * 1.4, s * 0.8, s]);
  }
}

function sky(top: number, horizon: number): THREE.Mesh {
  const geo = new THREE.SphereGeometry(300, 20, 12);
  const pos = geo.attributes.position!;
  const colors = new Float32Array(pos.count * 3);
  const a = new THREE.Color(top);
  const h = new THREE.Color(horizon);
  const c = new THREE.Color();
  for (let i = 0; i < pos.count; i++) {
    const y = pos.getY(i) / 300;
    c.copy(h).lerp(a, Math.max(0, Math.min(1, y * 1.6)));
    colors.set([c.r, c.g, c.b], i * 3);
  }
  geo.setAttribute('color', new THREE.BufferAttribute(colors, 3));
  const mesh = new THREE.Mesh(
    geo,
    new THREE.MeshBasicMaterial({ vertexColors: true, side: THREE.BackSide, fog: false, depthWrite: false }),
  );
  mesh.name = 'sky';
  mesh.renderOrder = -1;
  return mesh;
}

// ---------------------------------------------------------------------------------------------
// Portals: a glowing ring standing where the portal is, facing the middle of the space.

const PORTAL_COLORS: Record<string, number> = {
  plaza: 0xffd27a,
  'circle-1': 0xffa46b,
  'circle-2': 0x8fd694,
  lounge: 0x8fb3d9,
};

let glowTexture: THREE.Texture | null = null;

/** A soft radial gradient, made once and shared by every portal and shadow. */
export function radialTexture(): THREE.Texture {
  if (glowTexture) return glowTexture;
  const c = document.createElement('canvas');
  c.width = c.height = 128;
  const ctx = c.getContext('2d');
  if (ctx) {
    const g = ctx.createRadialGradient(64, 64, 0, 64, 64, 64);
    g.addColorStop(0, 'rgba(255,255,255,1)');
    g.addColorStop(0.5, 'rgba(255,255,255,0.45)');
    g.addColorStop(1, 'rgba(255,255,255,0)');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, 128, 128);
  }
  glowTexture = new THREE.CanvasTexture(c);
  return glowTexture;
}

interface PortalVisual {
  group: THREE.Group;
  ring: THREE.Mesh;
  ringMaterial: THREE.MeshBasicMaterial;
  disc: THREE.Mesh;
  discMaterial: THREE.MeshBasicMaterial;
}

function portalVisual(p: Portal): PortalVisual {
  const color = PORTAL_COLORS[p.to] ?? 0xb9d7ff;
  const group = new THREE.Group();
  group.name = `portal:${p.to}`;
  group.position.set(p.x, 0, p.z);
  group.rotation.y = facing(p.x, p.z, 0, 0);
  const r = Math.max(0.8, Math.min(p.radius, 2.2));
  const ringMaterial = new THREE.MeshBasicMaterial({ color, transparent: true });
  const ring = new THREE.Mesh(new THREE.TorusGeometry(r, 0.11, 8, 40), ringMaterial);
  ring.position.y = r + 0.15;
  group.add(ring);
  const discMaterial = new THREE.MeshBasicMaterial({
    color,
    map: radialTexture(),
    transparent: true,
    opacity: 0.75,
    blending: THREE.AdditiveBlending,
    depthWrite: false,
    side: THREE.DoubleSide,
  });
  const disc = new THREE.Mesh(new THREE.CircleGeometry(r * 0.97, 32), discMaterial);
  disc.position.y = ring.position.y;
  group.add(disc);
  const floor = new THREE.Mesh(new THREE.CircleGeometry(r * 1.5, 32), discMaterial);
  floor.rotation.x = -Math.PI / 2;
  floor.position.y = 0.03;
  group.add(floor);
  return { group, ring, ringMaterial, disc, discMaterial };
}

// ---------------------------------------------------------------------------------------------
// Scenes

export interface Built {
  ground: GroundPainter;
  batch: GeoBatch;
  glow: GeoBatch;
  colliders: Collider[];
  posters: Array<{ spec: PosterSpec; pos: V3; yaw: number }>;
  water?: { x: number; z: number; r: number; y: number };
  skyTop: number;
  skyHorizon: number;
  fog: { color: number; near: number; far: number };
  beams?: GeoBatch;
  screen?: SlideScreen;
}

function plaza(space: JoinedSpace): Built {
  const rnd = seeded(11);
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const colliders: Collider[] = [];
  const ground = new GroundPainter(44, 0xb5d69a);
  ground.patches(rnd, 90, 0xb5d69a, 0.05, 43, 17);
  for (const p of space.portals) ground.path(0, 0, p.x, p.z, 3, 0xe5d8c5);
  ground.path(0, 0, 0, -20, 3.2, 0xe5d8c5);
  ground.path(0, 0, 0, 26, 3.2, 0xe5d8c5);
  // paved plaza with rings and stone joints
  ground.disc(0, 0, 17, 0xede2d2);
  ground.spokes(4.2, 10.5, 36, 0xe0d2bf);
  ground.spokes(11.2, 16.4, 60, 0xe0d2bf);
  ground.ring(10.5, 11.2, 0xdccbb4);
  ground.ring(16.4, 17, 0xcdb89c);
  ground.ring(3.6, 4.2, 0xdccbb4);

  // fountain in the middle
  const f = placer(b, 0, 0, 0);
  f(shapes.cyl16, 0xd9cbb8, [0, 0.28, 0], [2.6, 0.56, 2.6]);
  f(shapes.cyl16, 0xcbbba6, [0, 0.58, 0], [2.7, 0.08, 2.7]);
  f(shapes.cyl8, 0xd9cbb8, [0, 1.1, 0], [0.32, 1.6, 0.32]);
  f(shapes.cyl16, 0xd9cbb8, [0, 1.9, 0], [1.0, 0.22, 1.0]);
  f(shapes.sphere, 0xf4a6b8, [0, 2.2, 0], [0.28, 0.28, 0.28]);
  colliders.push({ x: 0, z: 0, r: 2.9 });

  // benches around the fountain, facing it
  // (none on the +z walkway where the camera looks from, or on the paths to the portals)
  for (const deg of [0, 48, 132, 180, 247, 293]) {
    const a = (deg / 180) * Math.PI;
    const x = Math.cos(a) * 7.2;
    const z = Math.sin(a) * 7.2;
    bench(b, x, z, facing(x, z, 0, 0) + Math.PI);
  }
  // lamps on the inner ring
  for (let i = 0; i < 8; i++) {
    const a = ((i + 0.5) / 8) * Math.PI * 2; // off the axes: the camera stands on +z behind the spawn
    lamp(b, glow, Math.cos(a) * 11.8, Math.sin(a) * 11.8);
  }
  // flower beds
  for (const [x, z] of [[-8, 10], [8, 10], [-13, 2], [13, 2]] as const) flowerBed(b, x, z, 1.3, rnd);

  // specialist desk at the back
  const d = placer(b, 0, -19, 0);
  d(shapes.box, 0xc99a6e, [0, 0.5, 0], [3.4, 1, 0.9]);
  d(shapes.box, 0xf3e6d3, [0, 1.04, 0], [3.6, 0.08, 1.05]);
  d(shapes.box, 0x8fb9a8, [0, 0.5, -0.47], [3.4, 0.7, 0.04]);
  d(shapes.cyl8, 0x8b6a4e, [-1.6, 1.6, 0.3], [0.06, 3.2, 0.06]);
  d(shapes.cyl8, 0x8b6a4e, [1.6, 1.6, 0.3], [0.06, 3.2, 0.06]);
  colliders.push({ x: -1, z: -19, r: 0.9 }, { x: 1, z: -19, r: 0.9 });
  // exhibition boards on the sides (posters are placed on them below)
  for (const x of [-7.5, 7.5]) {
    const e = placer(b, x, -12.5, x < 0 ? 0.35 : -0.35);
    e(shapes.box, 0x9c7b5e, [0, 1.35, 0.06], [2.3, 2.9, 0.1]);
    e(shapes.box, 0x8b6a4e, [-1, 0.5, 0.1], [0.1, 1, 0.1]);
    e(shapes.box, 0x8b6a4e, [1, 0.5, 0.1], [0.1, 1, 0.1]);
    colliders.push({ x, z: -12.5, r: 1.1 });
  }
  // welcome sign between the spawn point and the fountain, turned towards the spawn
  const welcomeYaw = Math.atan2(space.spawn.x - 4.8, space.spawn.z - 1.2);
  const w = placer(b, 4.8, 1.2, welcomeYaw);
  w(shapes.box, 0x8b6a4e, [-1.3, 0.9, -0.08], [0.12, 1.8, 0.12]);
  w(shapes.box, 0x8b6a4e, [1.3, 0.9, -0.08], [0.12, 1.8, 0.12]);
  colliders.push({ x: 4.8, z: 1.2, r: 0.8 });

  // trees around the plaza, and beyond the bounds
  const leaves = [0x8cc084, 0x9fcd7f, 0x7fb47a, 0xa8d08d];
  for (let i = 0; i < 26; i++) {
    const a = (i / 26) * Math.PI * 2 + rnd() * 0.12;
    const r = 21 + rnd() * 6;
    const x = Math.cos(a) * r;
    const z = Math.sin(a) * r;
    if (space.portals.some((p) => Math.hypot(p.x - x, p.z - z) < 4)) continue;
    if (Math.abs(x) < 3 && z > 0) continue;
    if (Math.abs(x) < 4 && z < -15) continue;
    const s = 0.9 + rnd() * 0.5;
    if (rnd() < 0.35) pineTree(b, x, z, s, leaves[i % 4] as number);
    else roundTree(b, x, z, s, leaves[i % 4] as number);
    colliders.push({ x, z, r: 0.45 * s });
  }
  for (let i = 0; i < 40; i++) {
    const a = rnd() * Math.PI * 2;
    const r = 33 + rnd() * 25;
    roundTree(b, Math.cos(a) * r, Math.sin(a) * r, 1.1 + rnd() * 0.8, leaves[i % 4] as number);
  }
  for (let i = 0; i < 10; i++) {
    const a = rnd() * Math.PI * 2;
    rock(b, Math.cos(a) * (18 + rnd() * 3), Math.sin(a) * (18 + rnd() * 3), 0.6 + rnd() * 0.6);
  }
  hills(b, rnd, 0xa3c78c);
  // the research corner of the digital headache bank, east of the fountain (bank/corner.ts)
  const corner = buildResearchCorner(b, glow);
  colliders.push(...corner.colliders);
  // the "ask a specialist" desk near the spawn point (consult/desk.ts)
  const desk = buildConsultDesk(b, glow);
  colliders.push(...desk.colliders);

  return {
    ground,
    batch: b,
    glow,
    colliders,
    water: { x: 0, z: 0, r: 2.45, y: 0.56 },
    posters: [
      ...corner.posters,
      ...desk.posters,
      { spec: { kind: 'sign', width: 2.8, height: 1.1, color: '#e28b6d', titleKey: 'scene.welcome', subKey: 'scene.welcomeSub' }, pos: [4.8, 1.75, 1.2], yaw: welcomeYaw },
      { spec: { kind: 'poster', width: 2.1, height: 2.6, color: '#7aa7c7', titleKey: 'scene.migraineTitle', lineKeys: ['scene.migraine1', 'scene.migraine2', 'scene.migraine3'] }, pos: [-7.5 + Math.sin(0.35) * 0.13, 1.38, -12.5 + Math.cos(0.35) * 0.13], yaw: 0.35 },
      { spec: { kind: 'poster', width: 2.1, height: 2.6, color: '#8cb97a', titleKey: 'scene.diaryTitle', lineKeys: ['scene.diary1', 'scene.diary2', 'scene.diary3'] }, pos: [7.5 - Math.sin(0.35) * 0.13, 1.38, -12.5 + Math.cos(0.35) * 0.13], yaw: -0.35 },
      { spec: { kind: 'sign', width: 3.3, height: 1.0, color: '#5f9e8f', titleKey: 'scene.desk', subKey: 'scene.deskSub' }, pos: [0, 2.75, -18.7], yaw: 0 },
    ],
    skyTop: 0xa9d3ee,
    skyHorizon: 0xfbeede,
    fog: { color: 0xf4ead9, near: 40, far: 120 },
  };
}

function circleWarm(space: JoinedSpace): Built {
  const rnd = seeded(23);
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const colliders: Collider[] = [];
  const R = Math.max(12, Math.abs(space.bounds.max_x)) + 1.8;
  const ground = new GroundPainter(R + 8, 0xc9d8a8);
  ground.patches(rnd, 40, 0xc9d8a8, 0.05, R + 8, R);
  // wooden floor with plank rings and a round rug
  ground.disc(0, 0, R, 0xe3c29b);
  for (let r = 2; r < R; r += 2) ground.ring(r - 0.05, r, 0xd4b088);
  ground.spokes(5.4, R, 48, 0xdab790);
  ground.disc(0, 0, 5.4, 0xe8a48c);
  ground.ring(4.6, 4.9, 0xf6d7b8);
  ground.ring(2.8, 3.0, 0xf6d7b8);
  ground.disc(0, 0, 1.4, 0xf3c7a8);
  // low walls with sunny windows, open towards the portal
  const panels = 22;
  for (let i = 0; i < panels; i++) {
    const a = (i / panels) * Math.PI * 2;
    const x = Math.cos(a) * R;
    const z = Math.sin(a) * R;
    if (space.portals.some((p) => Math.hypot(p.x - x, p.z - z) < 3.2)) continue;
    const add = placer(b, x, z, facing(x, z, 0, 0));
    const width = ((2 * Math.PI * R) / panels) * 1.02;
    add(shapes.box, 0xf6ead8, [0, 1.4, 0], [width, 2.8, 0.35]);
    add(shapes.box, 0xb8875e, [0, 2.86, 0], [width, 0.14, 0.5]);
    add(shapes.box, 0xb8875e, [0, 0.1, 0], [width, 0.2, 0.45]);
    if (i % 2 === 0) placer(glow, x, z, facing(x, z, 0, 0))(shapes.box, 0xfff3d6, [0, 1.65, -0.18], [width * 0.5, 1.0, 0.04]);
  }
  // cushions in a circle around a low table with a lantern
  const cushion = [0xf2b880, 0xe98a6b, 0xf6d38a, 0xc9a0dc, 0x9cc7a4];
  for (let i = 0; i < 10; i++) {
    const a = (i / 10) * Math.PI * 2;
    const add = placer(b, Math.cos(a) * 3.6, Math.sin(a) * 3.6, a);
    add(shapes.cyl16, cushion[i % cushion.length] as number, [0, 0.12, 0], [0.5, 0.24, 0.5]);
    add(shapes.cyl16, 0xfff1e0, [0, 0.245, 0], [0.2, 0.02, 0.2]);
  }
  const tbl = placer(b, 0, 0, 0);
  tbl(shapes.cyl16, 0xb07d56, [0, 0.33, 0], [1.0, 0.08, 1.0]);
  tbl(shapes.cyl8, 0x8b5e3c, [0, 0.15, 0], [0.2, 0.3, 0.2]);
  tbl(shapes.cyl8, 0x8b5e3c, [0, 0.42, 0], [0.16, 0.1, 0.16]);
  placer(glow, 0, 0, 0)(shapes.sphere, 0xffd98f, [0, 0.68, 0], [0.26, 0.3, 0.26]);
  colliders.push({ x: 0, z: 0, r: 1.2 });
  // paper lanterns over the circle
  for (let i = 0; i < 8; i++) {
    const a = (i / 8) * Math.PI * 2 + 0.2;
    const x = Math.cos(a) * 6.5;
    const z = Math.sin(a) * 6.5;
    placer(b, x, z, 0)(shapes.cyl8, 0x6e5a4c, [0, 4.6, 0], [0.02, 0.8, 0.02]);
    placer(glow, x, z, 0)(shapes.sphere, i % 2 ? 0xffc9a3 : 0xffe7b0, [0, 4.0, 0], [0.26, 0.33, 0.26]);
  }
  // plants in pots along the wall
  for (let i = 0; i < 12; i++) {
    const a = (i / 12) * Math.PI * 2 + 0.13;
    const x = Math.cos(a) * (R - 1.3);
    const z = Math.sin(a) * (R - 1.3);
    if (space.portals.some((p) => Math.hypot(p.x - x, p.z - z) < 3)) continue;
    const add = placer(b, x, z, a);
    add(shapes.cyl8, 0xc7764f, [0, 0.3, 0], [0.35, 0.6, 0.35]);
    add(shapes.ico1, i % 2 ? 0x7fb47a : 0x96c48a, [0, 0.95, 0], [0.55, 0.6, 0.55]);
    colliders.push({ x, z, r: 0.45 });
  }
  // bookshelf and a sofa to feel like a living room
  const shelf = placer(b, -6.5, -10.2, facing(-6.5, -10.2, 0, 0));
  shelf(shapes.box, 0xa0714f, [0, 1, 0], [2.2, 2, 0.5]);
  for (const [y, c] of [[0.45, 0x7aa7c7], [1.05, 0xe98a6b], [1.6, 0x8cc084]] as const) shelf(shapes.box, c, [0, y, -0.22], [1.9, 0.38, 0.16]);
  colliders.push({ x: -6.5, z: -10.2, r: 1.2 });
  const sofa = placer(b, 6.8, -9.8, facing(6.8, -9.8, 0, 0));
  sofa(shapes.box, 0xe7b27f, [0, 0.3, 0], [2.6, 0.6, 1]);
  sofa(shapes.box, 0xd99a66, [0, 0.8, 0.4], [2.6, 0.6, 0.25]);
  sofa(shapes.box, 0xd99a66, [-1.25, 0.55, 0], [0.25, 0.5, 1]);
  sofa(shapes.box, 0xd99a66, [1.25, 0.55, 0], [0.25, 0.5, 1]);
  colliders.push({ x: 6.8, z: -9.8, r: 1.3 });
  hills(b, rnd, 0xb5cf94, 45, 10);
  return {
    ground,
    batch: b,
    glow,
    colliders,
    posters: [
      { spec: { kind: 'sign', width: 3.0, height: 1.0, color: '#e0956f', titleKey: 'scene.circleTitle', subKey: 'scene.circleSub' }, pos: [0, 2.0, -(R - 0.6)], yaw: 0 },
    ],
    skyTop: 0xf6c9a0,
    skyHorizon: 0xfff1e0,
    fog: { color: 0xfbe9d6, near: 30, far: 90 },
  };
}

function circleForest(space: JoinedSpace): Built {
  const rnd = seeded(37);
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const beams = new GeoBatch();
  const colliders: Collider[] = [];
  const ground = new GroundPainter(40, 0x9cc585);
  ground.patches(rnd, 120, 0x9cc585, 0.07, 39);
  ground.disc(0, 0, 7.5, 0xb9d596);
  ground.patches(rnd, 20, 0xc5d99e, 0.04, 7);
  for (const p of space.portals) ground.path(0, 0, p.x, p.z, 1.8, 0xd8c6a4);
  ground.disc(0, 0, 2.2, 0xd8c6a4);
  // stone ring with a lantern
  for (let i = 0; i < 9; i++) {
    const a = (i / 9) * Math.PI * 2;
    rock(b, Math.cos(a) * 1.25, Math.sin(a) * 1.25, 0.55, 0xa9a399);
  }
  placer(b, 0, 0, 0)(shapes.cyl8, 0x6e5a4c, [0, 0.35, 0], [0.08, 0.7, 0.08]);
  placer(glow, 0, 0, 0)(shapes.sphere, 0xffe3a3, [0, 0.85, 0], [0.25, 0.3, 0.25]);
  colliders.push({ x: 0, z: 0, r: 1.6 });
  // log benches around
  for (let i = 0; i < 6; i++) {
    const a = (i / 6) * Math.PI * 2; // none on the +z side where people arrive
    const x = Math.cos(a) * 4.6;
    const z = Math.sin(a) * 4.6;
    const add = placer(b, x, z, facing(x, z, 0, 0));
    add(shapes.cyl8, 0x8b6a4e, [0, 0.3, 0], [0.3, 2.1, 0.3], [0, 0, Math.PI / 2]);
    add(shapes.cyl8, 0xd9b98f, [1.05, 0.3, 0], [0.26, 0.02, 0.26], [0, 0, Math.PI / 2]);
    add(shapes.cyl8, 0xd9b98f, [-1.05, 0.3, 0], [0.26, 0.02, 0.26], [0, 0, Math.PI / 2]);
  }
  // the forest: dense trees around the clearing
  const leaves = [0x6fa86a, 0x7fb47a, 0x5e9a62, 0x8cc084, 0x93c47d];
  for (let i = 0; i < 70; i++) {
    const a = rnd() * Math.PI * 2;
    const r = 12.5 + Math.pow(rnd(), 0.7) * 22;
    const x = Math.cos(a) * r;
    const z = Math.sin(a) * r;
    if (space.portals.some((p) => Math.hypot(p.x - x, p.z - z) < 3.5)) continue;
    const s = 1 + rnd() * 0.9;
    if (rnd() < 0.55) pineTree(b, x, z, s, leaves[i % leaves.length] as number);
    else roundTree(b, x, z, s, leaves[i % leaves.length] as number);
    if (r < 16) colliders.push({ x, z, r: 0.45 * s });
  }
  // mushrooms and flowers in the grass
  for (let i = 0; i < 26; i++) {
    const a = rnd() * Math.PI * 2;
    const r = 6 + rnd() * 6;
    const add = placer(b, Math.cos(a) * r, Math.sin(a) * r, 0);
    if (i % 3 === 0) {
      add(shapes.cyl8, 0xf4efe6, [0, 0.1, 0], [0.05, 0.2, 0.05]);
      add(shapes.sphere, 0xe07a5f, [0, 0.22, 0], [0.14, 0.08, 0.14]);
    } else {
      add(shapes.ico, [0xfff1a8, 0xffffff, 0xc9a0dc][i % 3] as number, [0, 0.12, 0], [0.09, 0.09, 0.09]);
    }
  }
  // komorebi: soft shafts of sunlight through the leaves
  // (on the far side of the clearing, seen from the spawn point)
  for (let i = 0; i < 5; i++) {
    const a = Math.PI * (1.08 + (i / 4) * 0.84) + (rnd() - 0.5) * 0.2;
    const r = 4 + rnd() * 5;
    const w = 0.5 + rnd() * 0.35;
    placer(beams, Math.cos(a) * r, Math.sin(a) * r, 0)(shapes.cone7, 0xfff4c8, [0, 4, 0], [w, 8, w], [Math.PI + 0.18, 0, 0.12]);
  }
  const sign = placer(b, 0, -9.5, 0);
  sign(shapes.box, 0x8b6a4e, [-1.35, 1.0, -0.08], [0.12, 2.0, 0.12]);
  sign(shapes.box, 0x8b6a4e, [1.35, 1.0, -0.08], [0.12, 2.0, 0.12]);
  colliders.push({ x: 0, z: -9.5, r: 0.8 });
  hills(b, rnd, 0x86b676, 60, 12);
  return {
    ground,
    batch: b,
    glow,
    beams,
    colliders,
    posters: [
      { spec: { kind: 'sign', width: 3.0, height: 1.0, color: '#6f9e6a', titleKey: 'scene.circleTitle', subKey: 'scene.circleSub' }, pos: [0, 1.6, -9.5], yaw: 0 },
    ],
    skyTop: 0xb7dbe0,
    skyHorizon: 0xeef3df,
    fog: { color: 0xe3eed6, near: 18, far: 75 },
  };
}

function meadow(space: JoinedSpace): Built {
  const rnd = seeded(5);
  const b = new GeoBatch();
  const size = Math.max(space.bounds.max_x - space.bounds.min_x, space.bounds.max_z - space.bounds.min_z);
  const ground = new GroundPainter(Math.max(40, size), 0xb5d69a);
  ground.patches(rnd, 60, 0xb5d69a, 0.05, Math.max(40, size));
  for (let i = 0; i < 24; i++) {
    const a = (i / 24) * Math.PI * 2;
    roundTree(b, Math.cos(a) * (size * 0.7 + 4), Math.sin(a) * (size * 0.7 + 4), 1.1, 0x8cc084);
  }
  return {
    ground,
    batch: b,
    glow: new GeoBatch(),
    colliders: [],
    posters: [],
    skyTop: 0xa9d3ee,
    skyHorizon: 0xfbeede,
    fog: { color: 0xf4ead9, near: 40, far: 120 },
  };
}

export function buildEnvironment(space: JoinedSpace): Environment {
  const built =
    space.scene === 'hall'
      ? buildHall(space, { GroundPainter, placer, facing }) // the lecture hall (hall/scene.ts)
      : space.scene === 'lounge'
      ? buildLounge(space, { GroundPainter, placer, facing }) // the doctors' lounge (lounge/scene.ts)
      : space.scene === 'consultation'
      ? buildConsultRoom(space, { GroundPainter, placer, facing }) // a private consultation room (consult/scene.ts)
      : space.scene === 'plaza'
      ? plaza(space)
      : space.scene === 'circle-warm'
        ? circleWarm(space)
        : space.scene === 'circle-forest'
          ? circleForest(space)
          : meadow(space);
  const root = new THREE.Group();
  root.name = `scene:${space.scene}`;
  const disposables: Array<{ dispose(): void }> = [];

  const skyMesh = sky(built.skyTop, built.skyHorizon);
  root.add(skyMesh);
  disposables.push(skyMesh.geometry, skyMesh.material as THREE.Material);

  const ground = built.ground.build();
  root.add(...ground.meshes);
  disposables.push(ground);

  const propsMaterial = new THREE.MeshLambertMaterial({ vertexColors: true, flatShading: true });
  const props = built.batch.build(propsMaterial, 'props');
  root.add(props);
  disposables.push(props.geometry, propsMaterial);

  if (!built.glow.empty) {
    const glowMaterial = new THREE.MeshBasicMaterial({ vertexColors: true });
    const glow = built.glow.build(glowMaterial, 'glow');
    root.add(glow);
    disposables.push(glow.geometry, glowMaterial);
  }
  if (built.beams && !built.beams.empty) {
    const beamMaterial = new THREE.MeshBasicMaterial({
      vertexColors: true,
      transparent: true,
      opacity: 0.09,
      blending: THREE.AdditiveBlending,
      depthWrite: false,
      fog: false,
    });
    const beams = built.beams.build(beamMaterial, 'beams');
    root.add(beams);
    disposables.push(beams.geometry, beamMaterial);
  }

  let water: THREE.Mesh | null = null;
  if (built.water) {
    const w = built.water;
    water = new THREE.Mesh(
      new THREE.CircleGeometry(w.r, 32),
      new THREE.MeshLambertMaterial({ color: 0x8fd0ea, emissive: 0x1d4a5a }),
    );
    water.rotation.x = -Math.PI / 2;
    water.position.set(w.x, w.y, w.z);
    water.name = 'water';
    root.add(water);
    disposables.push(water.geometry, water.material as THREE.Material);
  }

  const posters: Poster[] = built.posters.map(({ spec, pos, yaw }) => {
    const p = makePoster(spec);
    p.mesh.position.set(pos[0], pos[1], pos[2]);
    p.mesh.rotation.y = yaw; // a plane faces +z at yaw 0
    root.add(p.mesh);
    return p;
  });

  // closed voice zones of any space (hall/zones.ts) and the hall's slide screen
  const zones = buildZoneMarks(space);
  root.add(zones.object);
  disposables.push(zones);
  if (built.screen) {
    root.add(built.screen.mesh);
    disposables.push(built.screen);
  }

  const portals = space.portals.map((p) => {
    const v = portalVisual(p);
    root.add(v.group);
    disposables.push(v.ring.geometry, v.ring.material as THREE.Material, v.disc.geometry, v.discMaterial);
    return v;
  });

  root.updateMatrixWorld(true);
  return {
    root,
    colliders: built.colliders,
    background: built.skyHorizon,
    fog: built.fog,
    screen: built.screen ?? null,
    update(time, cameraX, cameraZ) {
      for (const [i, p] of portals.entries()) {
        const near = Math.hypot(cameraX - p.group.position.x, cameraZ - p.group.position.z);
        const fade = Math.max(0, Math.min(1, (near - 2) / 3));
        p.group.visible = fade > 0.02;
        p.ring.rotation.z = time * 0.6 + i;
        p.ringMaterial.opacity = fade;
        p.discMaterial.opacity = (0.55 + Math.sin(time * 2.2 + i) * 0.2) * fade;
        const s = 1 + Math.sin(time * 1.7 + i) * 0.03;
        p.ring.scale.set(s, s, s);
      }
      if (water) water.position.y = (built.water?.y ?? 0.5) + Math.sin(time * 1.3) * 0.015;
    },
    relabel() {
      for (const p of posters) p.redraw();
      zones.relabel();
      built.screen?.relabel();
    },
    dispose() {
      for (const p of posters) p.dispose();
      for (const d of disposables) d.dispose();
      root.removeFromParent();
    },
  };
}
