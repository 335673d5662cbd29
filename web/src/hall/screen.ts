// The lecture hall's big screen: one plane whose texture is a canvas. A slide page (an image
// at `/slides/<deck>/<file>`, docs/voice.md "Slides") is drawn onto the canvas fitted inside
// a white page, so SVGs without a size and pages of any aspect look the same; with no deck the
// canvas shows a calm "no slides" card in the current language. One draw call. Owned by the
// scene (hall/scene.ts builds it, world/scenes.ts disposes it); the HUD only calls `show`.

import * as THREE from 'three';
import { t } from '../i18n';
import { FONT_STACK } from '../world/posters';

const W = 1024;
const H = 576;

export type ScreenState = 'blank' | 'loading' | 'loaded' | 'failed';

export class SlideScreen {
  readonly mesh: THREE.Mesh;
  private readonly canvas = document.createElement('canvas');
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly texture: THREE.CanvasTexture;
  private readonly material: THREE.MeshBasicMaterial;
  private url: string | null = null;
  private title = '';
  private stateNow: ScreenState = 'blank';
  /** Bumped on every `show`, so a slow image that arrives late is dropped. */
  private generation = 0;

  /** `width` × `height` in metres (16:9 suits the canvas). */
  constructor(width: number, height: number) {
    this.canvas.width = W;
    this.canvas.height = H;
    this.ctx = this.canvas.getContext('2d');
    this.texture = new THREE.CanvasTexture(this.canvas);
    this.texture.colorSpace = THREE.SRGBColorSpace;
    this.texture.anisotropy = 4;
    this.material = new THREE.MeshBasicMaterial({ map: this.texture, fog: false });
    this.mesh = new THREE.Mesh(new THREE.PlaneGeometry(width, height), this.material);
    this.mesh.name = 'slide-screen';
    this.drawBlank();
  }

  /** What the screen shows: a page URL (same site) and the deck's title, or nothing. */
  show(url: string | null, title = ''): void {
    if (url === this.url && title === this.title && this.stateNow !== 'failed') return;
    this.url = url;
    this.title = title;
    const gen = ++this.generation;
    if (!url) {
      this.stateNow = 'blank';
      this.drawBlank();
      return;
    }
    this.stateNow = 'loading';
    const img = new Image();
    img.decoding = 'async';
    img.onload = () => {
      if (gen !== this.generation) return;
      this.stateNow = 'loaded';
      this.drawPage(img);
    };
    img.onerror = () => {
      if (gen !== this.generation) return;
      this.stateNow = 'failed';
      this.drawMessage(t('hall.screen.failed'), title);
    };
    img.src = url;
  }

  /** For the debug hook: what is on the screen now. */
  get state(): { url: string | null; state: ScreenState } {
    return { url: this.url, state: this.stateNow };
  }

  relabel(): void {
    if (this.stateNow === 'blank') this.drawBlank();
    else if (this.stateNow === 'failed') this.drawMessage(t('hall.screen.failed'), this.title);
  }

  dispose(): void {
    this.generation++;
    this.mesh.geometry.dispose();
    this.material.dispose();
    this.texture.dispose();
  }

  private drawPage(img: HTMLImageElement): void {
    const ctx = this.ctx;
    if (!ctx) return;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, W, H);
    // fit inside, keeping the page's shape (an SVG without a size counts as 16:9)
    const iw = img.naturalWidth || W;
    const ih = img.naturalHeight || H;
    const k = Math.min(W / iw, H / ih);
    const w = iw * k;
    const h = ih * k;
    try {
      ctx.drawImage(img, (W - w) / 2, (H - h) / 2, w, h);
    } catch {
      this.stateNow = 'failed';
      this.drawMessage(t('hall.screen.failed'), this.title);
      return;
    }
    this.texture.needsUpdate = true;
  }

  private drawBlank(): void {
    this.drawMessage(t('hall.screen.none'), t('hall.screen.noneSub'));
  }

  private drawMessage(title: string, sub: string): void {
    const ctx = this.ctx;
    if (!ctx) return;
    const g = ctx.createLinearGradient(0, 0, 0, H);
    g.addColorStop(0, '#3b4a63');
    g.addColorStop(1, '#2a3448');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
    // a soft ring, like a projector's idle logo
    ctx.strokeStyle = 'rgba(255,255,255,0.14)';
    ctx.lineWidth = 14;
    ctx.beginPath();
    ctx.arc(W / 2, H * 0.36, 70, 0, Math.PI * 2);
    ctx.stroke();
    ctx.fillStyle = 'rgba(255,255,255,0.5)';
    ctx.beginPath();
    ctx.moveTo(W / 2 - 22, H * 0.36 - 34);
    ctx.lineTo(W / 2 + 36, H * 0.36);
    ctx.lineTo(W / 2 - 22, H * 0.36 + 34);
    ctx.closePath();
    ctx.fill();
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#f4f1ea';
    let size = 54;
    ctx.font = `700 ${size}px ${FONT_STACK}`;
    while (ctx.measureText(title).width > W - 120 && size > 24) {
      size -= 4;
      ctx.font = `700 ${size}px ${FONT_STACK}`;
    }
    ctx.fillText(title, W / 2, H * 0.64);
    if (sub) {
      ctx.fillStyle = 'rgba(244,241,234,0.75)';
      ctx.font = `500 32px ${FONT_STACK}`;
      ctx.fillText(sub, W / 2, H * 0.77, W - 120);
    }
    this.texture.needsUpdate = true;
  }
}
