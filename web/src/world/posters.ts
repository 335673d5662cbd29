// Posters and signs: canvas-drawn textures on a plane, redrawn in the current language.
// Each poster is one draw call; a scene has only a few.

import * as THREE from 'three';
import { t } from '../i18n';

export const FONT_STACK = '"Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", system-ui, sans-serif';

export interface PosterSpec {
  /** Size in metres. */
  width: number;
  height: number;
  /** Header colour and accent. */
  color: string;
  titleKey: string;
  subKey?: string;
  lineKeys?: string[];
  /** A sign is one big title on a coloured board; a poster has a header and lines. */
  kind: 'poster' | 'sign';
}

export interface Poster {
  mesh: THREE.Mesh;
  redraw(): void;
  dispose(): void;
}

/** Splits text into lines no wider than `max` (by words when it has spaces, else by characters). */
function wrap(ctx: CanvasRenderingContext2D, text: string, max: number): string[] {
  const units = text.includes(' ') ? text.split(/(?<= )/) : Array.from(text);
  const lines: string[] = [];
  let line = '';
  for (const u of units) {
    if (line && ctx.measureText(line + u).width > max) {
      lines.push(line.trimEnd());
      line = u.trimStart();
    } else {
      line += u;
    }
  }
  if (line) lines.push(line.trimEnd());
  return lines;
}

function roundRect(ctx: CanvasRenderingContext2D, x: number, y: number, w: number, h: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

function draw(ctx: CanvasRenderingContext2D, spec: PosterSpec, W: number, H: number): void {
  ctx.clearRect(0, 0, W, H);
  if (spec.kind === 'sign') {
    ctx.fillStyle = spec.color;
    roundRect(ctx, 8, 8, W - 16, H - 16, 36);
    ctx.fill();
    ctx.lineWidth = 10;
    ctx.strokeStyle = 'rgba(255,255,255,0.85)';
    roundRect(ctx, 22, 22, W - 44, H - 44, 26);
    ctx.stroke();
    ctx.fillStyle = '#fffaf2';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const sub = spec.subKey ? t(spec.subKey) : '';
    let size = Math.round(H * 0.3);
    ctx.font = `700 ${size}px ${FONT_STACK}`;
    const title = t(spec.titleKey);
    while (ctx.measureText(title).width > W - 90 && size > 20) {
      size -= 4;
      ctx.font = `700 ${size}px ${FONT_STACK}`;
    }
    ctx.fillText(title, W / 2, sub ? H * 0.42 : H / 2);
    if (sub) {
      ctx.font = `500 ${Math.round(H * 0.14)}px ${FONT_STACK}`;
      ctx.fillText(sub, W / 2, H * 0.72);
    }
    return;
  }
  // poster: cream card, coloured header, bullet lines
  ctx.fillStyle = '#fffaf2';
  roundRect(ctx, 6, 6, W - 12, H - 12, 28);
  ctx.fill();
  ctx.fillStyle = spec.color;
  roundRect(ctx, 6, 6, W - 12, H * 0.26, 28);
  ctx.fill();
  ctx.fillRect(6, H * 0.18, W - 12, H * 0.08);
  ctx.fillStyle = '#fffaf2';
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  let size = Math.round(W * 0.095);
  ctx.font = `700 ${size}px ${FONT_STACK}`;
  const title = t(spec.titleKey);
  while (ctx.measureText(title).width > W - 70 && size > 18) {
    size -= 2;
    ctx.font = `700 ${size}px ${FONT_STACK}`;
  }
  ctx.fillText(title, 36, H * 0.135);
  ctx.fillStyle = '#4a3b32';
  const lineSize = Math.round(W * 0.058);
  ctx.font = `500 ${lineSize}px ${FONT_STACK}`;
  let y = H * 0.36;
  for (const key of spec.lineKeys ?? []) {
    ctx.fillStyle = spec.color;
    ctx.beginPath();
    ctx.arc(46, y, lineSize * 0.28, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#4a3b32';
    for (const line of wrap(ctx, t(key), W - 110)) {
      ctx.fillText(line, 70, y);
      y += lineSize * 1.35;
    }
    y += lineSize * 0.6;
  }
}

export function makePoster(spec: PosterSpec): Poster {
  const W = 512;
  const H = Math.round((512 * spec.height) / spec.width);
  const canvas = document.createElement('canvas');
  canvas.width = W;
  canvas.height = H;
  const ctx = canvas.getContext('2d');
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  texture.anisotropy = 4;
  const material = new THREE.MeshBasicMaterial({ map: texture, transparent: true, side: THREE.DoubleSide });
  const mesh = new THREE.Mesh(new THREE.PlaneGeometry(spec.width, spec.height), material);
  mesh.name = `poster:${spec.titleKey}`;
  const redraw = () => {
    if (!ctx) return;
    draw(ctx, spec, W, H);
    texture.needsUpdate = true;
  };
  redraw();
  return {
    mesh,
    redraw,
    dispose() {
      mesh.geometry.dispose();
      material.dispose();
      texture.dispose();
    },
  };
}
