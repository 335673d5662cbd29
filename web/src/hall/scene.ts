// The lecture hall (講堂): a light, open pavilion. A raised stage exactly on the space's `stage`
// rectangle (standing on it is being on the stage: docs/voice.md) with steps in front, a
// lectern, and the big slide screen on the wall behind it; rows of seats facing the stage with
// a wide middle aisle and side aisles; a quiet side room (a closed voice zone) behind low
// glass partitions; pendant lamps and columns with soft wall lights. Side and front walls are
// low, so the camera behind one's avatar is never walled in. Built from the same pieces as the
// other scenes (world/scenes.ts hands them in): one merged mesh of props, one of glowing
// things, the screen, two signs.
//
// Kept light for phones: a frame with two people is about 15 draw calls and 16 k triangles
// (hall.e2e.ts logs it).

import type { JoinedSpace } from '../net/messages';
import { GeoBatch, shapes } from '../world/batch';
import type { Collider } from '../world/movement';
import type { Built, GroundPainter, facing, placer } from '../world/scenes';
import { STAGE_HEIGHT, STEPS_DEPTH, STEPS_HALF_WIDTH } from './logic';
import { SlideScreen } from './screen';

export interface SceneKit {
  GroundPainter: typeof GroundPainter;
  placer: typeof placer;
  facing: typeof facing;
}

const FLOOR = 0xe2cfb4;
const CARPET = 0x9fb3c8;
const CARPET_AISLE = 0xc3cfdb;
const STAGE_WOOD = 0xb98a5e;
const STAGE_TRIM = 0x7d5a3e;
const WALL = 0xf1ebe1;
const COLUMN = 0xe6ddd0;
const SEAT = [0x6f8fb5, 0x7b9abf] as const;
const SEAT_BACK = 0x5c7aa0;

/** Screen size (m): 16:9, and the height of its lower edge above the hall floor. */
export const SCREEN = { width: 11.2, height: 6.3, bottom: 1.2 } as const;

export function buildHall(space: JoinedSpace, kit: SceneKit): Built & { screen: SlideScreen } {
  const { placer: at } = kit;
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const colliders: Collider[] = [];
  const bounds = space.bounds;
  const stage = space.stage ?? { min_x: -8, min_z: bounds.min_z, max_x: 8, max_z: bounds.min_z + 8 };
  const stageW = stage.max_x - stage.min_x;
  const stageD = stage.max_z - stage.min_z;
  const stageX = (stage.min_x + stage.max_x) / 2;
  const stageZ = (stage.min_z + stage.max_z) / 2;
  const W = Math.max(Math.abs(bounds.min_x), Math.abs(bounds.max_x)) + 1; // side walls at ±W
  const back = bounds.min_z - 1; // the wall behind the stage
  const front = bounds.max_z + 1; // the low front wall with the doorway to the plaza

  // --- floor: pale wood, a carpet under the seats, aisles a lighter shade
  const ground = new kit.GroundPainter(Math.hypot(W, Math.max(-back, front)) + 4, 0xcfc2ad);
  for (let z = back; z < front; z += 1.6) ground.path(-W, z + 0.8, W, z + 0.8, 1.56, Math.round(z / 1.6) % 2 ? FLOOR : 0xdfcbaf);
  const seatFrom = stage.max_z + 4.5; // first row
  const seatTo = Math.min(8, bounds.max_z - 10); // last row
  for (let z = seatFrom - 1.4; z < seatTo + 1.4; z += 0.5) ground.path(-20.5, z, 20.5, z, 0.55, CARPET);
  for (let z = seatFrom - 1.4; z < seatTo + 1.4; z += 0.5) ground.path(-2.2, z, 2.2, z, 0.55, CARPET_AISLE);
  ground.path(0, seatTo + 1.4, 0, bounds.max_z - 2, 4.4, CARPET_AISLE); // from the door to the seats
  ground.disc(0, bounds.max_z - 4, 3.2, CARPET_AISLE);

  // --- the stage: a platform exactly on the stage rectangle, a dark trim, steps in the middle
  const st = at(b, stageX, stageZ, 0);
  st(shapes.box, STAGE_WOOD, [0, STAGE_HEIGHT / 2, 0], [stageW, STAGE_HEIGHT, stageD]);
  st(shapes.box, STAGE_TRIM, [0, STAGE_HEIGHT - 0.03, stageD / 2], [stageW + 0.04, 0.06, 0.1]);
  st(shapes.box, 0x6b4f38, [0, 0.12, stageD / 2 + 0.01], [stageW, 0.24, 0.04]);
  const stepW = STEPS_HALF_WIDTH * 2;
  const sp = at(b, stageX, stage.max_z, 0);
  sp(shapes.box, STAGE_WOOD, [0, STAGE_HEIGHT * (2 / 6), STEPS_DEPTH / 4], [stepW, STAGE_HEIGHT * (2 / 3), STEPS_DEPTH / 2]);
  sp(shapes.box, STAGE_WOOD, [0, STAGE_HEIGHT * (1 / 6), (STEPS_DEPTH * 3) / 4], [stepW, STAGE_HEIGHT / 3, STEPS_DEPTH / 2]);
  sp(shapes.box, STAGE_TRIM, [0, STAGE_HEIGHT * (2 / 3), STEPS_DEPTH / 2], [stepW, 0.03, 0.05]);
  // a soft light line along the front edge
  at(glow, stageX, stage.max_z, 0)(shapes.box, 0xffe4b0, [0, 0.05, 0.08], [stageW - 0.4, 0.05, 0.05]);
  // the lectern, front right of the stage, turned to the audience
  const lx = stage.max_x - 3.2;
  const lz = stage.max_z - 2.2;
  const lec = at(b, lx, lz, 0.18, STAGE_HEIGHT);
  lec(shapes.box, 0x8b6a4e, [0, 0.55, 0], [0.8, 1.1, 0.55]);
  lec(shapes.box, 0x6e5240, [0, 1.14, -0.02], [0.95, 0.06, 0.7], [-0.25, 0, 0]);
  lec(shapes.box, 0xcfe0ef, [0, 0.62, 0.285], [0.5, 0.28, 0.02]);
  lec(shapes.cyl8, 0x444444, [0.22, 1.3, -0.1], [0.015, 0.35, 0.015], [0.5, 0, 0]);
  colliders.push({ x: lx, z: lz, r: 0.55 });
  // flowers at the stage's front corners
  for (const side of [-1, 1]) {
    const f = at(b, stageX + side * (stageW / 2 - 0.8), stage.max_z - 0.7, 0, STAGE_HEIGHT);
    f(shapes.cyl8, 0xd9cbb8, [0, 0.3, 0], [0.32, 0.6, 0.32]);
    f(shapes.ico1, 0x7fb47a, [0, 0.8, 0], [0.5, 0.45, 0.5]);
    for (let i = 0; i < 5; i++) f(shapes.ico, [0xf4a6b8, 0xfff1a8, 0xffffff][i % 3] as number, [Math.cos(i * 1.3) * 0.3, 1.05, Math.sin(i * 1.3) * 0.3], [0.1, 0.1, 0.1]);
  }

  // --- the back wall with the screen's frame; tall enough to close the view behind the stage
  const wallH = 11;
  const bw = at(b, 0, back, 0);
  bw(shapes.box, WALL, [0, wallH / 2, -0.2], [2 * W, wallH, 0.4]);
  bw(shapes.box, 0xd8cdbd, [0, 0.2, 0.02], [2 * W, 0.4, 0.06]);
  const screenY = SCREEN.bottom + SCREEN.height / 2 + STAGE_HEIGHT;
  bw(shapes.box, 0x3a3f4a, [stageX, screenY, 0.05], [SCREEN.width + 0.5, SCREEN.height + 0.5, 0.12]);
  bw(shapes.box, 0x2a2e36, [stageX, SCREEN.bottom + STAGE_HEIGHT - 0.45, 0.2], [SCREEN.width * 0.6, 0.14, 0.3]);
  // curtains either side of the screen
  for (const side of [-1, 1]) {
    for (let i = 0; i < 4; i++) {
      bw(shapes.cyl8, i % 2 ? 0xb65a5a : 0xa84f50, [stageX + side * (SCREEN.width / 2 + 0.7 + i * 0.45), 4.9, 0.4], [0.3, 9.8, 0.25]);
    }
  }
  // daylight panels in the back wall beyond the curtains
  for (const x of [-26, -18, 18, 26]) {
    bw(shapes.box, 0xc9b9a3, [x, 5, 0.02], [4.4, 6.4, 0.1]);
    at(glow, x, back, 0)(shapes.box, 0xeaf3fb, [0, 5, 0.09], [4, 6, 0.04]);
  }

  // --- low side walls with columns and soft wall lights; a low front wall with a doorway
  for (const side of [-1, 1]) {
    const sw = at(b, side * W, (back + front) / 2, 0);
    sw(shapes.box, WALL, [side * 0.2, 0.6, 0], [0.4, 1.2, front - back]);
    sw(shapes.box, 0xd8cdbd, [side * 0.2, 1.24, 0], [0.55, 0.08, front - back]);
    for (let z = back + 6; z < front - 2; z += 8) {
      const c = at(b, side * W, z, 0);
      c(shapes.cyl8, COLUMN, [0, 3.5, 0], [0.45, 7, 0.45]);
      c(shapes.cyl8, 0xd8cdbd, [0, 7.1, 0], [0.6, 0.25, 0.6]);
      at(glow, side * (W - 0.5), z, 0)(shapes.sphere, 0xffe6bd, [0, 3.2, 0], [0.26, 0.36, 0.26]);
    }
  }
  for (const side of [-1, 1]) {
    const len = W - 3;
    const fw = at(b, side * (3 + len / 2), front, 0);
    fw(shapes.box, WALL, [0, 0.6, 0.2], [len, 1.2, 0.4]);
    fw(shapes.box, 0xd8cdbd, [0, 1.24, 0.2], [len, 0.08, 0.55]);
    at(b, side * 3, front, 0)(shapes.cyl8, COLUMN, [0, 2, 0.2], [0.35, 4, 0.35]);
  }

  // --- seats: two blocks either side of the middle aisle, in straight rows facing the stage;
  //     each row is one long seat and back with armrests, which reads calmer than single chairs
  //     from afar and costs a few boxes per row
  const rowGap = 2.2;
  const seatGap = 0.72;
  let row = 0;
  for (let z = seatFrom; z <= seatTo + 0.01; z += rowGap, row++) {
    for (const side of [-1, 1]) {
      const inner = 2.6;
      const outer = 19.6;
      const len = outer - inner;
      const r = at(b, (side * (inner + outer)) / 2, z, 0);
      r(shapes.box, 0x5d6f86, [0, 0.17, 0], [len, 0.34, 0.44]);
      r(shapes.box, SEAT[row % 2] as number, [0, 0.41, -0.02], [len, 0.14, 0.54]);
      r(shapes.box, SEAT_BACK, [0, 0.76, 0.25], [len, 0.58, 0.09], [-0.12, 0, 0]);
      for (let x = -len / 2; x <= len / 2 + 0.01; x += seatGap * 2) r(shapes.box, 0x4e5f75, [x, 0.58, -0.02], [0.07, 0.2, 0.5]);
    }
  }

  // --- the side room of the hall's first zone: low glass partitions, a doorway on the aisle side
  const room = space.zones?.[0];
  if (room) {
    const rw = room.max_x - room.min_x;
    const rd = room.max_z - room.min_z;
    const rx = (room.min_x + room.max_x) / 2;
    const rz = (room.min_z + room.max_z) / 2;
    const partition = (x: number, z: number, len: number, alongZ: boolean) => {
      const p = at(b, x, z, alongZ ? Math.PI / 2 : 0);
      p(shapes.box, 0x8b6a4e, [0, 0.2, 0], [len, 0.4, 0.12]);
      p(shapes.box, 0xcfe3ee, [0, 0.75, 0], [len, 0.7, 0.04]);
      p(shapes.box, 0x8b6a4e, [0, 1.12, 0], [len, 0.06, 0.14]);
    };
    const door = 3;
    const half = (rd - door) / 2;
    // the side towards the aisle (−x when the room is right of the middle) has the doorway
    const doorX = rx > 0 ? room.min_x : room.max_x;
    const wallX = rx > 0 ? room.max_x : room.min_x;
    partition(doorX, room.min_z + half / 2, half, true);
    partition(doorX, room.max_z - half / 2, half, true);
    partition(wallX, rz, rd, true);
    partition(rx, room.min_z, rw, false);
    partition(rx, room.max_z, rw, false);
    // inside: a rug-coloured floor, a round table and four armchairs
    ground.disc(rx, rz, Math.min(rw, rd) / 2 - 0.6, 0xd9c4a6);
    const tb = at(b, rx, rz, 0);
    tb(shapes.cyl16, 0xb07d56, [0, 0.5, 0], [0.8, 0.06, 0.8]);
    tb(shapes.cyl8, 0x8b5e3c, [0, 0.25, 0], [0.12, 0.5, 0.12]);
    colliders.push({ x: rx, z: rz, r: 0.9 });
    for (let i = 0; i < 4; i++) {
      const a = (i / 4) * Math.PI * 2 + Math.PI / 4;
      const cx = rx + Math.cos(a) * 2;
      const cz = rz + Math.sin(a) * 2;
      const c = at(b, cx, cz, kit.facing(cx, cz, rx, rz));
      c(shapes.box, 0xa9c2a4, [0, 0.25, 0], [0.8, 0.5, 0.75]);
      c(shapes.box, 0x93ad8e, [0, 0.7, 0.32], [0.8, 0.5, 0.15]);
    }
    // a floor lamp in a corner
    at(b, room.max_x - 0.8, room.min_z + 0.8, 0)(shapes.cyl8, 0x5a4a42, [0, 0.8, 0], [0.05, 1.6, 0.05]);
    at(glow, room.max_x - 0.8, room.min_z + 0.8, 0)(shapes.cone7, 0xfff0c4, [0, 1.75, 0], [0.3, 0.35, 0.3]);
  }

  // --- pendant lamps over the seats, plants along the walls
  for (let z = seatFrom; z <= seatTo; z += 7) {
    for (const x of [-14, -7, 7, 14]) {
      at(b, x, z, 0)(shapes.cyl8, 0x6e5a4c, [0, 8.6, 0], [0.02, 2.8, 0.02]);
      at(b, x, z, 0)(shapes.cone7, 0xf6ead8, [0, 7.1, 0], [0.55, 0.35, 0.55]);
      at(glow, x, z, 0)(shapes.sphere, 0xfff0cf, [0, 6.85, 0], [0.28, 0.22, 0.28]);
    }
  }
  // a light bar over the stage
  at(b, stageX, stageZ, 0)(shapes.box, 0x4a4a52, [0, 10.4, 1.5], [stageW + 2, 0.2, 0.2]);
  for (let i = 0; i < 6; i++) {
    const x = stageX - stageW / 2 + 0.5 + (i * (stageW - 1)) / 5;
    at(b, x, stageZ + 1.5, 0)(shapes.cyl8, 0x3a3a40, [0, 10.1, 0], [0.18, 0.4, 0.18]);
    at(glow, x, stageZ + 1.5, 0)(shapes.cyl8, 0xfff2d6, [0, 9.88, 0], [0.15, 0.04, 0.15]);
  }
  for (const [x, z] of [[-W + 2, front - 3], [W - 2, front - 3], [-W + 2, back + 3], [W - 2, back + 3], [-12, front - 2], [12, front - 2]] as const) {
    const p = at(b, x, z, x);
    p(shapes.cyl8, 0xc7764f, [0, 0.35, 0], [0.45, 0.7, 0.45]);
    p(shapes.ico1, 0x7fb47a, [0, 1.2, 0], [0.7, 0.8, 0.7]);
    p(shapes.ico1, 0x96c48a, [0.25, 1.7, 0.1], [0.45, 0.5, 0.45]);
    colliders.push({ x, z, r: 0.55 });
  }

  // the "how it works" poster's stand, by the door
  const ps = at(b, -22, bounds.max_z - 6, Math.PI / 2);
  for (const x of [-1.05, 1.05]) ps(shapes.box, 0x8b6a4e, [x, 1.2, -0.06], [0.1, 2.4, 0.1]);
  colliders.push({ x: -22, z: bounds.max_z - 6, r: 0.6 });

  const screen = new SlideScreen(SCREEN.width, SCREEN.height);
  screen.mesh.position.set(stageX, screenY, back + 0.13);

  return {
    ground,
    batch: b,
    glow,
    colliders,
    screen,
    posters: [
      { spec: { kind: 'sign', width: 4.2, height: 1.2, color: '#6c86a8', titleKey: 'hall.scene.title', subKey: 'hall.scene.sub' }, pos: [stageX, screenY + SCREEN.height / 2 + 1.1, back + 0.1], yaw: 0 },
      { spec: { kind: 'poster', width: 2.4, height: 3.0, color: '#8cb97a', titleKey: 'hall.scene.howTitle', lineKeys: ['hall.scene.how1', 'hall.scene.how2', 'hall.scene.how3'] }, pos: [-22, 1.9, bounds.max_z - 6], yaw: Math.PI / 2 },
    ],
    skyTop: 0xc8d6ea,
    skyHorizon: 0xf6ede2,
    fog: { color: 0xf3ebe0, near: 55, far: 140 },
  };
}
