// The private consultation room (scene key "consultation", the spaces consult-1 … consult-N of
// docs/consultation.md): a small, quiet room. Two armchairs face each other across a round
// table, a tall window lets in daylight behind them, a plant and a lamp soften the corners, a
// bench along one wall seats observers. The side towards the camera (+z) stays open so walls
// never block the view. Built from the same pieces as the other scenes (world/scenes.ts hands
// them in, so this file needs no runtime import of it): one merged mesh of props, one of
// glowing things.

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
const WALL = 0xf2ede6;
const TRIM = 0xb89374;
const CHAIR = [0x8fae9a, 0xc9a27e] as const;
/** The table; the armchairs stand on either side of it (patient left, clinician right). */
const TABLE = { x: 0, z: -1 } as const;
const CHAIR_OFFSET = 1.55;

/**
 * Where patient and clinician stand on entering: just in front of their armchair, turned to
 * the table (yaw as `facing` makes it: the front is −z). Observers keep the room's spawn.
 */
export function seatOf(role: 'patient' | 'clinician'): { x: number; z: number; yaw: number } {
  const x = (role === 'patient' ? -1 : 1) * (CHAIR_OFFSET - 0.35);
  const z = TABLE.z + 0.95;
  return { x, z, yaw: Math.atan2(-(TABLE.x - x), -(TABLE.z - z)) };
}

export function buildConsultRoom(space: JoinedSpace, kit: SceneKit): Built {
  const { placer: at, facing: face } = kit;
  const b = new GeoBatch();
  const glow = new GeoBatch();
  const colliders: Collider[] = [];
  // a little larger than where one may walk (content/world.json bounds)
  const W = Math.max(4.5, Math.min(9, space.bounds.max_x + 1)); // side walls at ±W
  const back = Math.min(-4, Math.max(-9, space.bounds.min_z - 1)); // back wall
  const front = Math.max(4, Math.min(9, space.bounds.max_z + 1));

  // --- floor: warm planks, a soft round rug under the table, pale beyond the room
  const ground = new kit.GroundPainter(24, 0xe3ddd2);
  for (let z = back; z < front; z += 0.7) {
    const shade = Math.round((z - back) / 0.7) % 3;
    ground.path(-W + 0.4, z + 0.35, W - 0.4, z + 0.35, 0.68, shade === 0 ? 0xd6b896 : shade === 1 ? 0xcfae8a : 0xdabd9c);
  }
  ground.disc(0, -1, 2.6, 0xa9bfae);
  ground.disc(0, -1, 2.35, 0xc2d3c4);

  // --- walls, with a tall window in the back wall
  const wallH = 3.0;
  const backWall = at(b, 0, back, 0);
  backWall(shapes.box, WALL, [0, wallH / 2, -0.15], [2 * W, wallH, 0.3]);
  backWall(shapes.box, TRIM, [0, 0.08, 0.02], [2 * W, 0.16, 0.06]);
  for (const side of [-1, 1]) {
    const wall = at(b, side * W, (back + front) / 2, 0);
    wall(shapes.box, WALL, [side * 0.15, wallH / 2, 0], [0.3, wallH, front - back]);
    wall(shapes.box, TRIM, [-side * 0.02, 0.08, 0], [0.06, 0.16, front - back]);
  }
  const win = at(b, 0, back, 0);
  win(shapes.box, TRIM, [0, 1.75, 0.04], [2.9, 2.0, 0.08]);
  at(glow, 0, back, 0)(shapes.box, 0xd9ebf5, [0, 1.75, 0.09], [2.6, 1.75, 0.04]);
  // hills and a tree seen through the window (flat shapes just in front of the glass)
  at(b, 0, back, 0)(shapes.box, 0xa8cf9a, [0, 1.05, 0.12], [2.6, 0.3, 0.02]);
  at(b, 0, back, 0)(shapes.cyl16, 0x8fc088, [-0.6, 1.1, 0.13], [0.7, 0.02, 0.25], );
  at(b, 0, back, 0)(shapes.box, 0x8b6a4e, [0.75, 1.35, 0.13], [0.06, 0.5, 0.02]);
  at(b, 0, back, 0)(shapes.sphere, 0x8cc084, [0.75, 1.7, 0.13], [0.3, 0.3, 0.02]);
  win(shapes.box, TRIM, [0, 1.75, 0.15], [0.05, 1.75, 0.04]);
  win(shapes.box, TRIM, [0, 1.75, 0.15], [2.6, 0.05, 0.04]);
  win(shapes.box, 0xe9dcc8, [0, 0.7, 0.2], [3.1, 0.06, 0.3]); // sill
  // light curtains on both sides of the window
  for (const side of [-1, 1]) win(shapes.box, 0xf1dcc4, [side * 1.65, 1.65, 0.18], [0.35, 2.3, 0.06]);

  // --- the table and two armchairs facing each other across it
  const tx = TABLE.x;
  const tz = TABLE.z;
  const table = at(b, tx, tz, 0);
  table(shapes.cyl16, WOOD, [0, 0.68, 0], [0.7, 0.05, 0.7]);
  table(shapes.cyl8, WOOD_DARK, [0, 0.34, 0], [0.07, 0.68, 0.07]);
  table(shapes.cyl16, WOOD_DARK, [0, 0.03, 0], [0.35, 0.05, 0.35]);
  table(shapes.cyl8, 0xffffff, [-0.22, 0.76, 0.1], [0.05, 0.11, 0.05]); // two cups of tea
  table(shapes.cyl8, 0xffffff, [0.22, 0.76, -0.1], [0.05, 0.11, 0.05]);
  table(shapes.box, 0xf7f1e6, [0.05, 0.72, 0.18], [0.3, 0.02, 0.22]); // a sheet of paper
  table(shapes.sphere, 0xf4a6b8, [0, 0.8, -0.25], [0.06, 0.06, 0.06]); // a small flower
  table(shapes.cyl8, 0x8fae9a, [0, 0.74, -0.25], [0.04, 0.08, 0.04]);
  colliders.push({ x: tx, z: tz, r: 0.8 });
  const armchair = (x: number, z: number, color: number) => {
    const a = at(b, x, z, face(x, z, tx, tz));
    a(shapes.box, color, [0, 0.25, 0], [0.85, 0.4, 0.85]);
    a(shapes.box, color, [0, 0.7, 0.35], [0.85, 0.6, 0.18]);
    a(shapes.box, color, [-0.38, 0.5, 0], [0.14, 0.28, 0.85]);
    a(shapes.box, color, [0.38, 0.5, 0], [0.14, 0.28, 0.85]);
    a(shapes.box, lighten(color), [0, 0.47, -0.03], [0.6, 0.08, 0.68]);
    colliders.push({ x, z, r: 0.55 });
  };
  armchair(tx - CHAIR_OFFSET, tz, CHAIR[0]);
  armchair(tx + CHAIR_OFFSET, tz, CHAIR[1]);

  // --- a bench for observers along the left wall, a shelf and a lamp on the right
  const bench = at(b, -W + 0.55, 1.2, Math.PI / 2);
  bench(shapes.box, WOOD, [0, 0.42, 0], [2.2, 0.08, 0.5]);
  bench(shapes.box, WOOD, [0, 0.75, 0.23], [2.2, 0.4, 0.06]);
  for (const lx of [-0.95, 0.95]) bench(shapes.box, WOOD_DARK, [lx, 0.2, 0], [0.08, 0.4, 0.45]);
  colliders.push({ x: -W + 0.55, z: 0.6, r: 0.45 }, { x: -W + 0.55, z: 1.8, r: 0.45 });
  const shelf = at(b, W - 0.3, -1.8, -Math.PI / 2);
  shelf(shapes.box, WOOD_DARK, [0, 0.6, 0], [1.6, 1.2, 0.4]);
  const spines = [0x7aa7c7, 0xe98a6b, 0x8cc084, 0xf6d38a, 0xc9a0dc];
  for (let i = 0; i < 6; i++) shelf(shapes.box, spines[i % spines.length] as number, [-0.6 + i * 0.2, 1.36, 0], [0.14, 0.3 + (i % 3) * 0.04, 0.28]);
  colliders.push({ x: W - 0.3, z: -1.8, r: 0.8 });
  const lampAt = (x: number, z: number) => {
    at(b, x, z, 0)(shapes.cyl8, WOOD_DARK, [0, 0.8, 0], [0.03, 1.6, 0.03]);
    at(b, x, z, 0)(shapes.cyl16, WOOD_DARK, [0, 0.02, 0], [0.2, 0.04, 0.2]);
    at(glow, x, z, 0)(shapes.cyl16, 0xffe9c4, [0, 1.68, 0], [0.25, 0.3, 0.25]);
    colliders.push({ x, z, r: 0.25 });
  };
  lampAt(W - 0.6, back + 0.6);
  const plant = (x: number, z: number, s: number) => {
    const p = at(b, x, z, s * 4);
    p(shapes.cyl8, 0xe9e4dc, [0, 0.25 * s, 0], [0.28 * s, 0.5 * s, 0.28 * s]);
    p(shapes.ico1, 0x7fb47a, [0, 0.85 * s, 0], [0.45 * s, 0.55 * s, 0.45 * s]);
    p(shapes.ico1, 0x96c48a, [0.15 * s, 1.25 * s, 0.05 * s], [0.32 * s, 0.4 * s, 0.32 * s]);
    colliders.push({ x, z, r: 0.35 * s });
  };
  plant(-W + 0.7, back + 0.7, 1.3);
  // a pendant light over the table, and a ceiling strip so the room reads as indoors
  at(b, tx, tz, 0)(shapes.cyl8, 0x6e5a4c, [0, 2.95, 0], [0.015, 0.7, 0.015]);
  at(glow, tx, tz, 0)(shapes.sphere, 0xfff0cf, [0, 2.5, 0], [0.26, 0.2, 0.26]);
  at(b, 0, back, 0)(shapes.box, TRIM, [0, wallH + 0.05, 0.4], [2 * W, 0.1, 0.8]);

  return {
    ground,
    batch: b,
    glow,
    colliders,
    posters: [
      {
        spec: { kind: 'poster', width: 1.5, height: 1.1, color: '#4f8c7d', titleKey: 'consult.scene.roomTitle', lineKeys: ['consult.scene.room1', 'consult.scene.room2'] },
        pos: [-W + 0.16, 1.75, -1.6],
        yaw: Math.PI / 2,
      },
    ],
    skyTop: 0xe8e2d8,
    skyHorizon: 0xf4efe7,
    fog: { color: 0xf1ebe2, near: 20, far: 60 },
  };
}

function lighten(hex: number): number {
  const r = Math.min(255, ((hex >> 16) & 0xff) + 24);
  const g = Math.min(255, ((hex >> 8) & 0xff) + 24);
  const bl = Math.min(255, (hex & 0xff) + 24);
  return (r << 16) | (g << 8) | bl;
}
