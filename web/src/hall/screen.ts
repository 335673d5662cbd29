// The lecture hall's big screen: one plane whose texture is a canvas. A slide page (an image
// at `/slides/<deck>/<file>`, docs/voice.md "Slides") is drawn onto the canvas fitted inside
// a white page, so SVGs without a size and pages of any aspect look the same; with no deck the
// canvas shows a calm "no slides" card in the current language. One draw call. Owned by the
// scene (hall/scene.ts builds it, world/scenes.ts disposes it); the HUD only calls `show` and
// `showVideo`.
//
// While a presenter shares their screen (docs/voice.md, "Screen sharing") the screen shows the
// share instead: a THREE.VideoTexture on a plane just in front of the slide, fitted inside the
// screen with its own shape, on a dark backdrop (two more draw calls, only while it is live).
// When the share ends the slide is there again as it was.

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
  private readonly width: number;
  private readonly height: number;
  /** The screen share: a backdrop and the video plane, shown only while a share is live. */
  private readonly shareLayer = new THREE.Group();
  private readonly videoMesh: THREE.Mesh;
  private readonly videoMaterial = new THREE.MeshBasicMaterial({ color: 0xffffff, fog: false });
  private video: HTMLVideoElement | null = null;
  private videoTexture: THREE.VideoTexture | null = null;
  private videoTrack: MediaStreamTrack | null = null;

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
    this.width = width;
    this.height = height;
    const backdrop = new THREE.Mesh(this.mesh.geometry, new THREE.MeshBasicMaterial({ color: 0x111418, fog: false }));
    backdrop.position.z = 0.01;
    this.videoMesh = new THREE.Mesh(this.mesh.geometry, this.videoMaterial);
    this.videoMesh.position.z = 0.02;
    this.videoMesh.name = 'screen-share';
    this.shareLayer.add(backdrop, this.videoMesh);
    this.shareLayer.visible = false;
    this.mesh.add(this.shareLayer);
    this.drawBlank();
  }

  /**
   * A screen share to show instead of the slide (a video track: one's own capture, or the one
   * received), or null to show the slide again.
   */
  showVideo(track: MediaStreamTrack | null): void {
    if (track === this.videoTrack) return;
    this.stopVideo();
    if (!track) return;
    const video = document.createElement('video');
    video.muted = true;
    video.playsInline = true;
    video.autoplay = true;
    video.srcObject = new MediaStream([track]);
    video.addEventListener('resize', () => this.fitVideo());
    video.addEventListener('loadedmetadata', () => this.fitVideo());
    void video.play().catch(() => undefined); // muted: allowed without a gesture
    const texture = new THREE.VideoTexture(video);
    texture.colorSpace = THREE.SRGBColorSpace;
    this.video = video;
    this.videoTexture = texture;
    this.videoTrack = track;
    this.videoMaterial.map = texture;
    this.videoMaterial.needsUpdate = true;
    this.fitVideo();
    this.shareLayer.visible = true;
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

  /** For the debug hook: what is on the screen now (`video`: the share's size while one is shown). */
  get state(): { url: string | null; state: ScreenState; video: { width: number; height: number; playing: boolean } | null } {
    const v = this.video;
    return {
      url: this.url,
      state: this.stateNow,
      video: v ? { width: v.videoWidth, height: v.videoHeight, playing: !v.paused && v.readyState >= 2 } : null,
    };
  }

  relabel(): void {
    if (this.stateNow === 'blank') this.drawBlank();
    else if (this.stateNow === 'failed') this.drawMessage(t('hall.screen.failed'), this.title);
  }

  dispose(): void {
    this.generation++;
    this.stopVideo();
    this.mesh.geometry.dispose();
    this.material.dispose();
    this.texture.dispose();
    this.videoMaterial.dispose();
    for (const child of this.shareLayer.children) {
      if (child instanceof THREE.Mesh && child.material !== this.videoMaterial) (child.material as THREE.Material).dispose();
    }
  }

  /** The video plane keeps the share's shape inside the 16:9 screen (letterboxed). */
  private fitVideo(): void {
    const v = this.video;
    const aspect = v && v.videoWidth > 0 && v.videoHeight > 0 ? v.videoWidth / v.videoHeight : this.width / this.height;
    const screen = this.width / this.height;
    if (aspect >= screen) this.videoMesh.scale.set(1, screen / aspect, 1);
    else this.videoMesh.scale.set(aspect / screen, 1, 1);
  }

  private stopVideo(): void {
    this.shareLayer.visible = false;
    this.videoMaterial.map = null;
    this.videoMaterial.needsUpdate = true;
    this.videoTexture?.dispose();
    this.videoTexture = null;
    if (this.video) {
      this.video.pause();
      this.video.srcObject = null;
    }
    this.video = null;
    this.videoTrack = null; // the track itself belongs to its connection (or capture)
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
