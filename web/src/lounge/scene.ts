// The doctors' lounge (医局のソファ): a calm staff room. Sofas around low tables, a coffee
// counter and a bookshelf along the back wall under daylight windows, the case board on the
// right wall, plants and warm lamps. The side towards the corridor (+z, where the camera usually
// is and the door to the plaza stands) has only low glass partitions, so walls never block the
// view. Built from the same pieces as the other scenes (world/scenes.ts hands them in, so this
// file needs no runtime import of it): one merged mesh of props, one of glowing things.

import type { JoinedSpace } from '../net/messages';
import { GeoBatch, shapes } from '../world/batch';
import type { Collider } from '../world/movement';
import type { Built, GroundPainter, facing, placer } from '../world/scenes';

export interface SceneKit {
  GroundPainter: typeof GroundPainter;
  placer: typeof placer;
  facing: typeof facing;
}

const WOOD = 0xc8a27a;
const WOOD_DARK = 0x8b6a4e;
const WALL = 0xf3ede4;
const TRIM = 0xb89374;
const SOFA = [0x7d9bb8, 0x8fae9a, 0xc9a27e] as const;

export function buildLounge(space: JoinedSpace, kit: SceneKit): Built {
  const { placer: at, facing: face } = kit;
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const colliders: Collider[] = [];
  // The room is a little larger than where one may walk (content/world.json bounds).
  const W = Math.max(8, space.bounds.max_x) + 1.2; // half width: side walls at ±W
  const back = Math.min(-6, space.bounds.min_z) - 1.2; // back wall
  const front = Math.max(6, space.bounds.max_z) + 1.2; // glass partitions

  // --- floor: oak planks inside, a pale corridor outside
  const ground = new kit.GroundPainter(36, 0xd9d2c6);
  for (let z = back; z < front; z += 0.8) {
    const shade = Math.round((z - back) / 0.8) % 3;
    ground.path(-W + 0.5, z + 0.4, W - 0.5, z + 0.4, 0.78, shade === 0 ? 0xd2ae86 : shade === 1 ? 0xcba57c : 0xd6b48e);
  }
  ground.disc(-4.2, -1.2, 3.6, 0x9fb4a5); // rug under the main sofas
  ground.disc(-4.2, -1.2, 3.3, 0xb3c6b6);
  ground.disc(5.6, 1.2, 2.6, 0xc9a98f); // rug by the armchairs
  ground.disc(5.6, 1.2, 2.35, 0xd9bda3);

  // --- walls
  const wallH = 3.2;
  const backWall = at(b, 0, back, 0);
  backWall(shapes.box, WALL, [0, wallH / 2, -0.15], [2 * W, wallH, 0.3]);
  backWall(shapes.box, TRIM, [0, 0.08, 0.02], [2 * W, 0.16, 0.06]);
  for (const side of [-1, 1]) {
    const wall = at(b, side * W, (back + front) / 2, 0);
    wall(shapes.box, WALL, [side * 0.15, wallH / 2, 0], [0.3, wallH, front - back]);
    wall(shapes.box, TRIM, [-side * 0.02, 0.08, 0], [0.06, 0.16, front - back]);
  }
  // daylight windows in the back wall
  for (const x of [-8, -3.2, 3.2, 8]) {
    at(b, x, back, 0)(shapes.box, TRIM, [0, 1.9, 0.04], [2.6, 1.7, 0.08]);
    at(glow, x, back, 0)(shapes.box, 0xdcecf7, [0, 1.9, 0.09], [2.3, 1.45, 0.04]);
    at(b, x, back, 0)(shapes.box, TRIM, [0, 1.9, 0.12], [0.06, 1.45, 0.04]);
  }
  // low glass partitions towards the corridor, a doorway in the middle
  for (const side of [-1, 1]) {
    const len = W - 1.8;
    const p = at(b, side * (1.8 + len / 2), front, 0);
    p(shapes.box, WOOD_DARK, [0, 0.45, 0], [len, 0.9, 0.12]);
    p(shapes.box, 0xcfe3ee, [0, 1.25, 0], [len, 0.7, 0.04]);
    p(shapes.box, WOOD_DARK, [0, 1.62, 0], [len, 0.06, 0.14]);
  }
  for (const x of [-1.8, 1.8]) at(b, x, front, 0)(shapes.box, WOOD_DARK, [0, 1.1, 0], [0.16, 2.2, 0.16]);

  // --- the main sitting group: an L of sofas around a low table
  const sofa = (x: number, z: number, yaw: number, seats: number, color: number) => {
    const s = at(b, x, z, yaw);
    const w = 0.9 * seats + 0.3;
    s(shapes.box, color, [0, 0.22, 0], [w, 0.36, 0.9]);
    s(shapes.box, color, [0, 0.62, 0.38], [w, 0.6, 0.2]);
    s(shapes.box, color, [-(w / 2 - 0.1), 0.45, 0], [0.2, 0.3, 0.9]);
    s(shapes.box, color, [w / 2 - 0.1, 0.45, 0], [0.2, 0.3, 0.9]);
    for (let i = 0; i < seats; i++) {
      const cx = (i - (seats - 1) / 2) * 0.9;
      s(shapes.box, lighten(color), [cx, 0.44, -0.04], [0.84, 0.1, 0.78]);
    }
    s(shapes.box, WOOD_DARK, [-(w / 2 - 0.15), 0.02, -0.35], [0.08, 0.06, 0.08]);
    s(shapes.box, WOOD_DARK, [w / 2 - 0.15, 0.02, -0.35], [0.08, 0.06, 0.08]);
    const r = Math.max(0.7, w / 2 - 0.2);
    const c = Math.cos(yaw);
    const sn = Math.sin(yaw);
    for (const off of seats > 2 ? [-r / 1.4, r / 1.4] : [0]) colliders.push({ x: x + off * c, z: z - off * sn, r: 0.62 });
  };
  // (a sofa's seat opens towards its local −z, so `face` turns it to the table)
  sofa(-4.2, -3.9, face(-4.2, -3.9, -4.2, -1.4), 3, SOFA[0]);
  sofa(-7.3, -1.1, face(-7.3, -1.1, -4.2, -1.4), 2, SOFA[0]);
  sofa(-1.1, -1.1, face(-1.1, -1.1, -4.2, -1.4), 2, SOFA[1]);
  const table = (x: number, z: number, w: number, d: number) => {
    const t = at(b, x, z, 0);
    t(shapes.box, WOOD, [0, 0.38, 0], [w, 0.06, d]);
    t(shapes.box, WOOD_DARK, [0, 0.18, 0], [w - 0.3, 0.04, d - 0.2]);
    for (const [lx, lz] of [[-1, -1], [1, -1], [-1, 1], [1, 1]] as const) {
      t(shapes.box, WOOD_DARK, [lx * (w / 2 - 0.08), 0.18, lz * (d / 2 - 0.08)], [0.06, 0.36, 0.06]);
    }
    colliders.push({ x, z, r: Math.max(w, d) / 2 + 0.1 });
  };
  table(-4.2, -1.4, 1.8, 0.9);
  // cups, a laptop and journals on the table
  const tb = at(b, -4.2, -1.4, 0);
  tb(shapes.cyl8, 0xffffff, [-0.5, 0.46, 0.15], [0.05, 0.1, 0.05]);
  tb(shapes.cyl8, 0xf6d38a, [0.55, 0.46, -0.1], [0.05, 0.1, 0.05]);
  tb(shapes.box, 0x5b6472, [0.05, 0.43, 0.05], [0.42, 0.02, 0.3]);
  tb(shapes.box, 0x3e4652, [0.05, 0.56, -0.1], [0.42, 0.26, 0.02], [-0.25, 0, 0]);
  tb(shapes.box, 0x7aa7c7, [-0.15, 0.43, -0.25], [0.3, 0.03, 0.22]);

  // --- armchairs by a round side table (the quieter corner)
  const armchair = (x: number, z: number, yaw: number, color: number) => {
    const a = at(b, x, z, yaw);
    a(shapes.box, color, [0, 0.25, 0], [0.85, 0.4, 0.85]);
    a(shapes.box, color, [0, 0.68, 0.35], [0.85, 0.55, 0.18]);
    a(shapes.box, color, [-0.38, 0.5, 0], [0.14, 0.28, 0.85]);
    a(shapes.box, color, [0.38, 0.5, 0], [0.14, 0.28, 0.85]);
    a(shapes.box, lighten(color), [0, 0.47, -0.03], [0.6, 0.08, 0.68]);
    colliders.push({ x, z, r: 0.55 });
  };
  armchair(4.3, 0.2, face(4.3, 0.2, 5.6, 1.3), SOFA[2]);
  armchair(6.9, 0.2, face(6.9, 0.2, 5.6, 1.3), SOFA[2]);
  armchair(5.6, 2.9, face(5.6, 2.9, 5.6, 1.3), SOFA[1]);
  const side = at(b, 5.6, 1.3, 0);
  side(shapes.cyl16, WOOD, [0, 0.5, 0], [0.45, 0.05, 0.45]);
  side(shapes.cyl8, WOOD_DARK, [0, 0.25, 0], [0.06, 0.5, 0.06]);
  side(shapes.cyl16, WOOD_DARK, [0, 0.02, 0], [0.28, 0.04, 0.28]);
  side(shapes.cyl8, 0xffffff, [0.12, 0.58, 0.05], [0.05, 0.1, 0.05]);
  colliders.push({ x: 5.6, z: 1.3, r: 0.5 });

  // --- along the back wall: coffee counter, bookshelf, a tall plant
  const counter = at(b, 5.4, back + 0.55, 0);
  counter(shapes.box, WOOD, [0, 0.45, 0], [3.6, 0.9, 0.7]);
  counter(shapes.box, 0xe9e4dc, [0, 0.92, 0], [3.7, 0.05, 0.75]);
  counter(shapes.box, 0x3e4652, [-1.1, 1.22, -0.05], [0.5, 0.55, 0.4]); // coffee machine
  counter(shapes.box, 0x9aa3ad, [-1.1, 1.05, 0.12], [0.3, 0.08, 0.16]);
  for (let i = 0; i < 4; i++) counter(shapes.cyl8, [0xffffff, 0xf2b880, 0x8fae9a, 0xffffff][i] as number, [0.2 + i * 0.3, 1.0, 0.05], [0.05, 0.11, 0.05]);
  counter(shapes.cyl8, 0x7aa7c7, [1.45, 1.08, 0], [0.12, 0.27, 0.12]); // kettle
  colliders.push({ x: 4.4, z: back + 0.55, r: 0.8 }, { x: 6.4, z: back + 0.55, r: 0.8 });
  const shelf = at(b, -5.4, back + 0.35, 0);
  shelf(shapes.box, WOOD_DARK, [0, 1.1, 0], [2.6, 2.2, 0.45]);
  const spines = [0x7aa7c7, 0xe98a6b, 0x8cc084, 0xf6d38a, 0xc9a0dc, 0x5f9e8f, 0xe0956f];
  for (let row = 0; row < 4; row++) {
    shelf(shapes.box, 0xe9dcc8, [0, 0.32 + row * 0.5, 0.16], [2.44, 0.03, 0.12]);
    for (let i = 0; i < 9; i++) {
      const hgt = 0.3 + ((i * 7 + row * 3) % 5) * 0.025;
      shelf(shapes.box, spines[(i + row * 2) % spines.length] as number, [-1.05 + i * 0.25, 0.34 + row * 0.5 + hgt / 2, 0.16], [0.18, hgt, 0.3]);
    }
  }
  colliders.push({ x: -6.2, z: back + 0.35, r: 0.8 }, { x: -4.6, z: back + 0.35, r: 0.8 });

  // --- the case board on the right wall (its text is a poster)
  const boardZ = -1.5;
  const board = at(b, W - 0.08, boardZ, -Math.PI / 2);
  board(shapes.box, WOOD_DARK, [0, 1.75, 0], [3.5, 2.2, 0.06]);
  board(shapes.box, 0xc9a77c, [0, 1.75, 0.03], [3.3, 2.0, 0.04]);
  // sticky notes along the bottom edge of the cork
  const noteColors = [0xfff1a8, 0xffd1dc, 0xd6f0ff, 0xe3f5d0];
  for (let i = 0; i < 5; i++) {
    board(shapes.box, noteColors[i % noteColors.length] as number, [-1.3 + i * 0.65, 0.84, 0.06], [0.34, 0.16, 0.01], [0, 0, i % 2 ? 0.06 : -0.05]);
  }

  // --- plants and lamps
  const plant = (x: number, z: number, s: number) => {
    const p = at(b, x, z, s * 4);
    p(shapes.cyl8, 0xe9e4dc, [0, 0.25 * s, 0], [0.28 * s, 0.5 * s, 0.28 * s]);
    p(shapes.ico1, 0x7fb47a, [0, 0.85 * s, 0], [0.45 * s, 0.55 * s, 0.45 * s]);
    p(shapes.ico1, 0x96c48a, [0.15 * s, 1.25 * s, 0.05 * s], [0.32 * s, 0.4 * s, 0.32 * s]);
    colliders.push({ x, z, r: 0.35 * s });
  };
  plant(-W + 0.8, back + 0.8, 1.4);
  plant(W - 0.8, back + 0.8, 1.2);
  plant(-W + 0.7, front - 0.9, 1.0);
  plant(W - 0.7, front - 0.9, 1.0);
  plant(1.2, back + 0.6, 1.1);
  const floorLamp = (x: number, z: number) => {
    at(b, x, z, 0)(shapes.cyl8, WOOD_DARK, [0, 0.8, 0], [0.03, 1.6, 0.03]);
    at(b, x, z, 0)(shapes.cyl16, WOOD_DARK, [0, 0.02, 0], [0.2, 0.04, 0.2]);
    at(glow, x, z, 0)(shapes.cyl16, 0xffe9c4, [0, 1.68, 0], [0.25, 0.3, 0.25]);
    colliders.push({ x, z, r: 0.25 });
  };
  floorLamp(-8.2, -3.8);
  floorLamp(8.1, 2.9);
  // pendant lights over the sitting groups (the room has no ceiling to hide the view)
  for (const [x, z] of [[-4.2, -1.4], [5.6, 1.3], [0.8, -5.2]] as const) {
    at(b, x, z, 0)(shapes.cyl8, 0x6e5a4c, [0, 3.1, 0], [0.015, 0.8, 0.015]);
    at(glow, x, z, 0)(shapes.sphere, 0xfff0cf, [0, 2.6, 0], [0.28, 0.22, 0.28]);
  }
  // ceiling strip, so the room reads as indoors from above
  at(b, 0, back, 0)(shapes.box, TRIM, [0, wallH + 0.05, 0.4], [2 * W, 0.1, 0.8]);

  return {
    ground,
    batch: b,
    glow,
    colliders,
    posters: [
      { spec: { kind: 'sign', width: 3.4, height: 1.0, color: '#5b7fa6', titleKey: 'lounge.scene.title', subKey: 'lounge.scene.sub' }, pos: [0, 2.75, back + 0.04], yaw: 0 },
      {
        spec: { kind: 'poster', width: 3.0, height: 1.7, color: '#5f9e8f', titleKey: 'lounge.scene.boardTitle', lineKeys: ['lounge.scene.board1', 'lounge.scene.board2', 'lounge.scene.board3'] },
        pos: [W - 0.16, 1.75, boardZ],
        yaw: -Math.PI / 2,
      },
      {
        spec: { kind: 'poster', width: 1.6, height: 1.2, color: '#b9553f', titleKey: 'lounge.scene.noteTitle', lineKeys: ['lounge.scene.note1', 'lounge.scene.note2'] },
        pos: [-W + 0.16, 1.7, -1.2],
        yaw: Math.PI / 2,
      },
    ],
    skyTop: 0xe8e2d8,
    skyHorizon: 0xf4efe7,
    fog: { color: 0xf1ebe2, near: 26, far: 70 },
  };
}

function lighten(hex: number): number {
  const r = Math.min(255, ((hex >> 16) & 0xff) + 24);
  const g = Math.min(255, ((hex >> 8) & 0xff) + 24);
  const bl = Math.min(255, (hex & 0xff) + 24);
  return (r << 16) | (g << 8) | bl;
}
