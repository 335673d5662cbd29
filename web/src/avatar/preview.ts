// Avatar pictures for the entry screen and the people list: one small WebGL renderer that
// draws each catalog avatar once into a thumbnail (data URL), then shows the chosen avatar
// (or a VRM the person loaded) turning slowly. One renderer for all pictures, so the page
// holds one extra WebGL context at most; `dispose()` frees it when the entry screen closes.

import * as THREE from 'three';
import { AVATARS, avatarSpec } from './catalog';
import { buildAvatarGroup } from './group';

export class AvatarPreview {
  private readonly renderer: THREE.WebGLRenderer;
  private readonly scene = new THREE.Scene();
  private readonly camera = new THREE.PerspectiveCamera(30, 1, 0.1, 20);
  private readonly turntable = new THREE.Group();
  private shown: THREE.Object3D | null = null;
  private frame = 0;
  private last = 0;
  private onTick: ((dt: number) => void) | null = null;

  /** Throws when WebGL is not available; callers fall back to plain colours. */
  constructor(private readonly canvas: HTMLCanvasElement) {
    this.renderer = new THREE.WebGLRenderer({ canvas, antialias: true, alpha: true, preserveDrawingBuffer: true });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.outputColorSpace = THREE.SRGBColorSpace;
    this.scene.add(new THREE.HemisphereLight(0xfff6ea, 0xc9b8a6, 2.2));
    const sun = new THREE.DirectionalLight(0xffffff, 1.6);
    sun.position.set(-2, 4, -3);
    this.scene.add(sun);
    this.scene.add(this.turntable);
    this.framing(1.6);
  }

  /** Points the camera at an avatar of about `height` metres, seen from the front. */
  private framing(height: number): void {
    const mid = height * 0.55;
    const dist = height * 2.3 + 0.6;
    this.camera.position.set(0, mid + height * 0.12, -dist);
    this.camera.lookAt(0, mid, 0);
  }

  private resize(w: number, h: number): void {
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
  }

  /** One picture per catalog avatar, `size` CSS pixels square, as data URLs. */
  thumbnails(size = 96): string[] {
    const saved = this.shown;
    this.show(null);
    this.resize(size, size);
    const urls: string[] = [];
    for (const spec of AVATARS) {
      const g = buildAvatarGroup(spec);
      g.rotation.y = -0.35;
      this.turntable.add(g);
      this.framing(1.45);
      this.camera.position.y -= 0.05;
      this.renderer.render(this.scene, this.camera);
      urls.push(this.canvas.toDataURL('image/png'));
      this.turntable.remove(g);
    }
    this.show(saved);
    return urls;
  }

  showAvatar(id: number): void {
    this.onTick = null;
    this.show(buildAvatarGroup(avatarSpec(id)), 1.5);
  }

  /** Shows any object (a loaded VRM); `tick` animates it. */
  showObject(obj: THREE.Object3D, height: number, tick?: (dt: number) => void): void {
    this.show(obj, height);
    this.onTick = tick ?? null;
  }

  private show(obj: THREE.Object3D | null, height = 1.5): void {
    if (this.shown) this.turntable.remove(this.shown);
    this.shown = obj;
    if (obj) this.turntable.add(obj);
    this.framing(height);
  }

  /** Starts turning the shown avatar, drawing into a canvas of w×h CSS pixels. */
  start(w: number, h: number): void {
    this.resize(w, h);
    this.turntable.rotation.y = -0.5;
    const loop = (now: number) => {
      this.frame = requestAnimationFrame(loop);
      // 30 frames a second is plenty for a turntable, and half the battery of 60
      if (this.last && now - this.last < 30) return;
      const dt = this.last ? Math.min(0.1, (now - this.last) / 1000) : 0;
      this.last = now;
      this.turntable.rotation.y += dt * 0.6;
      this.onTick?.(dt);
      this.renderer.render(this.scene, this.camera);
    };
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(loop);
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.show(null);
    this.renderer.dispose();
    this.renderer.forceContextLoss();
  }
}
