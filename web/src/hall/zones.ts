// Closed voice zones drawn in every space (docs/voice.md, "Content: zones and stages"): a soft
// glowing outline on the floor with a faint fill, and a small sign with the zone's name
// standing on the edge nearest the spawn point (two planes back to back, so it reads from
// outside and inside). All outlines are one mesh; each zone adds a fill and a sign.
// Built with the scene and disposed with it.

import * as THREE from 'three';
import { lang, t } from '../i18n';
import { type JoinedSpace, type Zone, localize } from '../net/messages';
import { GeoBatch, shapes } from '../world/batch';
import { FONT_STACK } from '../world/posters';

const LINE = 0x8fa8e8;
const SIGN_W = 2.8;
const SIGN_H = 0.9;

export interface ZoneMarks {
  object: THREE.Object3D;
  relabel(): void;
  dispose(): void;
}

/** Where a zone's sign stands: on the edge whose middle is nearest `from`, facing outwards. */
export function signSpot(zone: Zone, from: { x: number; z: number }): { x: number; z: number; yaw: number } {
  const cx = (zone.min_x + zone.max_x) / 2;
  const cz = (zone.min_z + zone.max_z) / 2;
  const edges = [
    { x: zone.min_x, z: cz, yaw: -Math.PI / 2 }, // west edge, facing −x
    { x: zone.max_x, z: cz, yaw: Math.PI / 2 },
    { x: cx, z: zone.min_z, yaw: Math.PI }, // north edge, facing −z
    { x: cx, z: zone.max_z, yaw: 0 },
  ];
  let best = edges[0]!;
  for (const e of edges) if (Math.hypot(e.x - from.x, e.z - from.z) < Math.hypot(best.x - from.x, best.z - from.z)) best = e;
  // a quarter along the edge from its middle, so a doorway in the middle stays free
  const alongZ = best.yaw === Math.PI / 2 || best.yaw === -Math.PI / 2;
  return alongZ ? { ...best, z: best.z + (zone.max_z - zone.min_z) / 4 } : { ...best, x: best.x + (zone.max_x - zone.min_x) / 4 };
}

export function buildZoneMarks(space: JoinedSpace): ZoneMarks {
  const group = new THREE.Group();
  group.name = 'zones';
  const zones = space.zones ?? [];
  const disposables: Array<{ dispose(): void }> = [];
  const redraws: Array<() => void> = [];
  if (zones.length === 0) return { object: group, relabel() {}, dispose() {} };

  const lines = new GeoBatch();
  const fillMaterial = new THREE.MeshBasicMaterial({ color: LINE, transparent: true, opacity: 0.1, depthWrite: false });
  const fillGeo = new THREE.PlaneGeometry(1, 1);
  fillGeo.rotateX(-Math.PI / 2);
  disposables.push(fillMaterial, fillGeo);
  for (const zone of zones) {
    const w = zone.max_x - zone.min_x;
    const d = zone.max_z - zone.min_z;
    const cx = (zone.min_x + zone.max_x) / 2;
    const cz = (zone.min_z + zone.max_z) / 2;
    const y = 0.035;
    lines.add(shapes.box, LINE, [cx, y, zone.min_z], [0, 0, 0], [w + 0.16, 0.02, 0.16]);
    lines.add(shapes.box, LINE, [cx, y, zone.max_z], [0, 0, 0], [w + 0.16, 0.02, 0.16]);
    lines.add(shapes.box, LINE, [zone.min_x, y, cz], [0, 0, 0], [0.16, 0.02, d]);
    lines.add(shapes.box, LINE, [zone.max_x, y, cz], [0, 0, 0], [0.16, 0.02, d]);
    const fill = new THREE.Mesh(fillGeo, fillMaterial);
    fill.scale.set(w, 1, d);
    fill.position.set(cx, 0.03, cz);
    fill.renderOrder = 1;
    group.add(fill);

    const spot = signSpot(zone, space.spawn);
    const sign = zoneSign(zone);
    sign.object.position.set(spot.x, 2.5, spot.z);
    sign.object.rotation.y = spot.yaw;
    group.add(sign.object);
    // a thin post under the sign
    lines.add(shapes.box, 0x6d7fae, [spot.x, 1.0, spot.z], [0, 0, 0], [0.08, 2.0, 0.08]);
    disposables.push(sign);
    redraws.push(sign.redraw);
  }
  const lineMaterial = new THREE.MeshBasicMaterial({ vertexColors: true });
  const lineMesh = lines.build(lineMaterial, 'zone-lines');
  group.add(lineMesh);
  disposables.push(lineMesh.geometry, lineMaterial);
  group.updateMatrixWorld(true);
  return {
    object: group,
    relabel() {
      for (const r of redraws) r();
    },
    dispose() {
      for (const d of disposables) d.dispose();
      group.removeFromParent();
    },
  };
}

function zoneSign(zone: Zone): { object: THREE.Object3D; redraw(): void; dispose(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = 512;
  canvas.height = Math.round((512 * SIGN_H) / SIGN_W);
  const ctx = canvas.getContext('2d');
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const material = new THREE.MeshBasicMaterial({ map: texture, transparent: true });
  const geo = new THREE.PlaneGeometry(SIGN_W, SIGN_H);
  const front = new THREE.Mesh(geo, material);
  const back = new THREE.Mesh(geo, material);
  back.rotation.y = Math.PI;
  const object = new THREE.Group();
  object.name = `zone:${zone.id}`;
  object.add(front, back);
  const redraw = () => {
    if (!ctx) return;
    const W = canvas.width;
    const H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    ctx.fillStyle = '#5d6fa3';
    ctx.beginPath();
    ctx.roundRect(6, 6, W - 12, H - 12, 28);
    ctx.fill();
    ctx.strokeStyle = 'rgba(255,255,255,0.8)';
    ctx.lineWidth = 6;
    ctx.beginPath();
    ctx.roundRect(16, 16, W - 32, H - 32, 20);
    ctx.stroke();
    ctx.fillStyle = '#fffaf2';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const name = localize(zone.name, lang());
    let size = 52;
    ctx.font = `700 ${size}px ${FONT_STACK}`;
    while (ctx.measureText(name).width > W - 70 && size > 20) {
      size -= 4;
      ctx.font = `700 ${size}px ${FONT_STACK}`;
    }
    ctx.fillText(name, W / 2, H * 0.4);
    ctx.font = `500 24px ${FONT_STACK}`;
    ctx.fillText(t('hall.zone.sign'), W / 2, H * 0.72, W - 60);
    texture.needsUpdate = true;
  };
  redraw();
  return {
    object,
    redraw,
    dispose() {
      geo.dispose();
      material.dispose();
      texture.dispose();
    },
  };
}
