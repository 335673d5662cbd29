// The render phase: one WebGL renderer, the current space's environment, every avatar through
// the instancer, a blob shadow under each, and name tags / emotes / chat bubbles as CSS2D
// labels (DOM text, so Japanese renders crisply and names stay plain text).
//
// Owned by the world app; all three.js objects live here and nowhere else.

import * as THREE from 'three';
import { CSS2DObject, CSS2DRenderer } from 'three/examples/jsm/renderers/CSS2DRenderer.js';
import { avatarSpec } from '../avatar/catalog';
import { AvatarInstancer } from '../avatar/instancer';
import { type RigState, newRig, stepRig } from '../avatar/rig';
import type { LoadedVrm } from '../avatar/vrm';
import type { Emote, JoinedSpace, Portal } from '../net/messages';
import type { Pose } from '../net/protocol';
import { fillBadges } from '../ui/badgeView';
import { emoteIcon, uiIcon } from '../ui/icons';
import type { BadgeLabel } from './badges';
import { type Orbit, orbitPosition } from './movement';
import { type ScreenAvatar, pickAvatar } from './pick';
import { type Environment, buildEnvironment, radialTexture } from './scenes';
import { handTag } from '../hall/icons';

export interface DrawAvatar {
  id: number;
  name: string;
  avatar: number;
  pose: Pose;
  isSelf: boolean;
  emote: Emote | null;
  /** Seconds since the emote started. */
  emoteAge: number;
  bubble: string | null;
  /** System badges above the name tag (never part of the name). */
  badges: readonly BadgeLabel[];
  /** Changes whenever `badges` does (so the DOM is touched only then). */
  badgeKey: string;
  /** Voice indicator (voice/controller.ts): 0 none, 1 microphone on, 2 speaking. */
  voice?: number;
  /** A raised hand in the lecture hall (hall/hud.ts). */
  hand?: boolean;
}

interface Visual {
  rig: RigState;
  label: CSS2DObject;
  nameEl: HTMLElement;
  emoteEl: HTMLElement;
  bubbleEl: HTMLElement;
  badgeEl: HTMLElement;
  voiceEl: HTMLElement;
  voice: number;
  handEl: HTMLElement | null;
  emote: Emote | null;
  bubble: string | null;
  name: string;
  badgeKey: string;
  seen: number;
  opacity: number;
  /** Where the feet are and how tall the avatar is (for picking). */
  foot: THREE.Vector3;
  height: number;
}

const LABEL_DISTANCE = 32;
/** How long an emote shows above an avatar (s). */
export const EMOTE_SECONDS = 3;
const MAX_SHADOWS = 256;

export class WorldView {
  readonly canvas: HTMLCanvasElement;
  private readonly renderer: THREE.WebGLRenderer;
  private readonly labels: CSS2DRenderer;
  private readonly scene = new THREE.Scene();
  private readonly labelScene = new THREE.Scene();
  readonly camera = new THREE.PerspectiveCamera(55, 1, 0.1, 500);
  private readonly instancer: AvatarInstancer;
  private readonly shadows: THREE.InstancedMesh;
  private env: Environment | null = null;
  private portalLabels: CSS2DObject[] = [];
  private readonly visuals = new Map<number, Visual>();
  private ownVrm: LoadedVrm | null = null;
  private readonly camTarget = new THREE.Vector3(0, 1, 0);
  private frame = 0;
  private readonly resizeObserver: ResizeObserver;
  private readonly m = new THREE.Matrix4();
  /** Adaptive resolution: the pixel ratio drops when frames are slow and recovers when fast. */
  private readonly maxPixelRatio: number;
  private pixelRatio: number;
  private frameTimes = 0;
  private frameCount = 0;

  /** Throws if WebGL cannot be had; the app then runs without 3D. */
  constructor(private readonly container: HTMLElement) {
    const coarse = typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches;
    const dpr = window.devicePixelRatio || 1;
    this.renderer = new THREE.WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
    this.maxPixelRatio = Math.min(dpr, coarse ? 1.5 : 2);
    this.pixelRatio = this.maxPixelRatio;
    this.renderer.setPixelRatio(this.pixelRatio);
    this.renderer.outputColorSpace = THREE.SRGBColorSpace;
    this.canvas = this.renderer.domElement;
    this.canvas.classList.add('world-canvas');
    container.append(this.canvas);

    this.labels = new CSS2DRenderer();
    this.labels.domElement.classList.add('world-labels');
    container.append(this.labels.domElement);

    this.scene.add(new THREE.HemisphereLight(0xfff4e2, 0xb7a58c, 2.0));
    const sun = new THREE.DirectionalLight(0xfff0dc, 1.8);
    sun.position.set(-12, 24, 10);
    this.scene.add(sun);

    this.instancer = new AvatarInstancer(this.scene);
    const shadowGeo = new THREE.CircleGeometry(0.55, 16);
    shadowGeo.rotateX(-Math.PI / 2);
    this.shadows = new THREE.InstancedMesh(
      shadowGeo,
      new THREE.MeshBasicMaterial({ color: 0x3a2a1a, map: radialTexture(), transparent: true, opacity: 0.32, depthWrite: false }),
      MAX_SHADOWS,
    );
    this.shadows.frustumCulled = false;
    this.shadows.count = 0;
    this.shadows.renderOrder = 1;
    this.scene.add(this.shadows);

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  resize(): void {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.labels.setSize(w, h);
    this.camera.aspect = w / h;
    this.camera.fov = w / h < 0.8 ? 65 : 55;
    this.camera.updateProjectionMatrix();
  }

  /** Builds the scene of a space the person just entered (the previous one is disposed). */
  setSpace(space: JoinedSpace, portalName: (to: string) => string): void {
    this.env?.dispose();
    this.env = buildEnvironment(space);
    this.scene.add(this.env.root);
    this.scene.background = new THREE.Color(this.env.background);
    this.scene.fog = new THREE.Fog(this.env.fog.color, this.env.fog.near, this.env.fog.far);
    for (const l of this.portalLabels) l.removeFromParent();
    this.portalLabels = space.portals.map((p) => this.portalLabel(p, portalName));
    for (const v of this.visuals.values()) v.label.removeFromParent();
    this.visuals.clear();
  }

  get colliders() {
    return this.env?.colliders ?? [];
  }

  /** The lecture hall's slide screen in the current scene, if any. */
  get screen() {
    return this.env?.screen ?? null;
  }

  private portalLabel(p: Portal, portalName: (to: string) => string): CSS2DObject {
    const el = document.createElement('div');
    el.className = 'portal-tag';
    el.textContent = portalName(p.to);
    el.dataset.to = p.to;
    const obj = new CSS2DObject(el);
    obj.position.set(p.x, Math.max(0.8, Math.min(p.radius, 2.2)) * 2 + 0.7, p.z);
    this.labelScene.add(obj);
    return obj;
  }

  /** Redraws everything that shows UI text (after a language change). */
  relabel(portalName: (to: string) => string): void {
    this.env?.relabel();
    for (const l of this.portalLabels) {
      const to = l.element.dataset.to ?? '';
      l.element.textContent = portalName(to);
    }
  }

  setOwnVrm(vrm: LoadedVrm | null): void {
    if (this.ownVrm) this.scene.remove(this.ownVrm.root);
    this.ownVrm = vrm;
    if (vrm) this.scene.add(vrm.root);
  }

  private visual(a: DrawAvatar): Visual {
    let v = this.visuals.get(a.id);
    if (v) return v;
    const el = document.createElement('div');
    el.className = a.isSelf ? 'avatar-tag self' : 'avatar-tag';
    const bubbleEl = document.createElement('div');
    bubbleEl.className = 'tag-bubble';
    bubbleEl.hidden = true;
    const emoteEl = document.createElement('div');
    emoteEl.className = 'tag-emote';
    emoteEl.hidden = true;
    // system badges: their own element above the name tag, drawn from the JOIN flags
    const badgeEl = document.createElement('div');
    badgeEl.className = 'tag-badges';
    badgeEl.hidden = true;
    const nameEl = document.createElement('div');
    nameEl.className = 'tag-name';
    nameEl.textContent = a.name;
    // voice: a microphone above the name while the person publishes, lit while speaking
    const voiceEl = document.createElement('div');
    voiceEl.className = 'tag-voice';
    voiceEl.hidden = true;
    voiceEl.append(uiIcon('mic'));
    el.dataset.id = String(a.id);
    el.append(bubbleEl, emoteEl, badgeEl, voiceEl, nameEl);
    const label = new CSS2DObject(el);
    label.center.set(0.5, 1);
    this.labelScene.add(label);
    v = {
      rig: newRig(),
      label,
      nameEl,
      emoteEl,
      bubbleEl,
      badgeEl,
      voiceEl,
      voice: 0,
      handEl: null,
      emote: null,
      bubble: null,
      name: a.name,
      badgeKey: '',
      seen: 0,
      opacity: 1,
      foot: new THREE.Vector3(),
      height: 1.6,
    };
    this.visuals.set(a.id, v);
    return v;
  }

  /**
   * Draws one frame. `self` is where the own avatar is (for the camera), `orbit` how the
   * camera looks at it. `adapt`: let this frame's time steer the adaptive resolution.
   */
  render(avatars: readonly DrawAvatar[], self: Pose | null, orbit: Orbit, dt: number, time: number, adapt = true): void {
    this.frame++;
    // (frames drawn on purpose at a low rate, behind a dialog, say nothing about the device)
    if (adapt) this.adaptResolution(dt);
    // camera: follow the own avatar smoothly
    if (self) {
      const k = 1 - Math.exp(-dt * 12);
      this.camTarget.x += (self.x - this.camTarget.x) * k;
      this.camTarget.y += (self.y + 1.15 - this.camTarget.y) * k;
      this.camTarget.z += (self.z - this.camTarget.z) * k;
    }
    const [cx, cy, cz] = orbitPosition(orbit, this.camTarget.x, this.camTarget.y, this.camTarget.z);
    this.camera.position.set(cx, Math.max(0.4, cy), cz);
    this.camera.lookAt(this.camTarget);

    this.env?.update(time, cx, cz);
    for (const l of this.portalLabels) l.visible = Math.hypot(cx - l.position.x, cz - l.position.z) > 4;
    this.instancer.begin();
    let shadows = 0;
    for (const a of avatars) {
      const v = this.visual(a);
      v.seen = this.frame;
      const rig = v.rig;
      stepRig(rig, a.pose.anim, dt, time);
      // emotes: a wave lifts the arm, the others make a little hop
      const active = a.emote !== null && a.emoteAge < EMOTE_SECONDS;
      rig.wave = active && a.emote === 'wave' ? Math.min(1, a.emoteAge * 6, (EMOTE_SECONDS - a.emoteAge) * 4) : 0;
      rig.hop = active && a.emote !== 'wave' && a.emoteAge < 0.6 ? Math.sin((a.emoteAge / 0.6) * Math.PI) * 0.18 : 0;
      const spec = avatarSpec(a.avatar);
      if (a.isSelf && this.ownVrm) {
        const r = this.ownVrm.root;
        r.position.set(a.pose.x, a.pose.y + rig.hop, a.pose.z);
        r.rotation.y = a.pose.yaw;
        this.ownVrm.update(dt, rig.moving, rig.phase);
      } else {
        this.instancer.add(spec, a.pose.x, a.pose.y, a.pose.z, a.pose.yaw, rig);
      }
      if (shadows < MAX_SHADOWS) {
        this.m.makeTranslation(a.pose.x, a.pose.y + 0.02, a.pose.z);
        this.shadows.setMatrixAt(shadows++, this.m);
      }
      this.updateLabel(v, a, spec.tagHeight + (a.isSelf && this.ownVrm ? this.ownVrm.height - 1.5 : 0));
    }
    this.instancer.end();
    this.shadows.count = shadows;
    this.shadows.instanceMatrix.needsUpdate = true;
    // forget people who left
    for (const [id, v] of this.visuals) {
      if (v.seen !== this.frame) {
        v.label.removeFromParent();
        this.visuals.delete(id);
      }
    }
    this.renderer.render(this.scene, this.camera);
    this.labels.render(this.labelScene, this.camera);
  }

  /**
   * Keeps the frame rate near the 30 fps target on slow devices: every ~2 s, if frames took
   * more than 40 ms on average the pixel ratio shrinks (down to 0.6), and if they took less
   * than 20 ms it grows back (up to the device's ratio, capped at 2, or 1.5 on phones).
   */
  private adaptResolution(dt: number): void {
    if (dt <= 0 || dt >= 0.5) return; // first frame, or back from a hidden tab
    this.frameTimes += dt;
    this.frameCount++;
    if (this.frameTimes < 2) return;
    const avg = this.frameTimes / this.frameCount;
    this.frameTimes = 0;
    this.frameCount = 0;
    let next = this.pixelRatio;
    if (avg > 0.04) next = Math.max(0.6, this.pixelRatio * 0.8);
    else if (avg < 0.02) next = Math.min(this.maxPixelRatio, this.pixelRatio * 1.15);
    if (Math.abs(next - this.pixelRatio) > 0.01) {
      this.pixelRatio = next;
      this.renderer.setPixelRatio(next);
      this.resize();
    }
  }

  private updateLabel(v: Visual, a: DrawAvatar, height: number): void {
    v.label.position.set(a.pose.x, a.pose.y + height + v.rig.hop, a.pose.z);
    v.foot.set(a.pose.x, a.pose.y, a.pose.z);
    v.height = height;
    if (v.badgeKey !== a.badgeKey) {
      v.badgeKey = a.badgeKey;
      fillBadges(v.badgeEl, a.badges);
    }
    const dist = this.camera.position.distanceTo(v.label.position);
    v.label.visible = dist < LABEL_DISTANCE;
    // far tags fade, so a crowd does not become a wall of names
    const opacity = dist < 12 ? 1 : Math.max(0.35, 1 - (dist - 12) / 25);
    if (Math.abs(opacity - v.opacity) > 0.05) {
      v.opacity = opacity;
      v.label.element.style.opacity = opacity.toFixed(2);
    }
    if (v.name !== a.name) {
      v.name = a.name;
      v.nameEl.textContent = a.name;
    }
    const voice = a.voice ?? 0;
    if (voice !== v.voice) {
      v.voice = voice;
      v.voiceEl.hidden = voice === 0;
      v.voiceEl.classList.toggle('speaking', voice === 2);
      if (voice === 0) delete v.label.element.dataset.voice;
      else v.label.element.dataset.voice = voice === 2 ? 'speaking' : 'mic';
    }
    const hand = a.hand === true;
    if (hand !== (v.handEl !== null)) {
      // a raised hand: made on first use, above the name beside the voice indicator
      if (hand) {
        v.handEl = handTag();
        v.nameEl.before(v.handEl);
        v.label.element.dataset.hand = 'raised';
      } else {
        v.handEl?.remove();
        v.handEl = null;
        delete v.label.element.dataset.hand;
      }
    }
    const emote = a.emote !== null && a.emoteAge < EMOTE_SECONDS ? a.emote : null;
    if (emote !== v.emote) {
      v.emote = emote;
      v.emoteEl.replaceChildren(...(emote ? [emoteIcon(emote)] : []));
      v.emoteEl.hidden = emote === null;
    }
    if (a.bubble !== v.bubble) {
      v.bubble = a.bubble;
      v.bubbleEl.textContent = a.bubble ?? '';
      v.bubbleEl.hidden = a.bubble === null;
    }
  }

  /**
   * The avatar under a click at (clientX, clientY) on the canvas, or null. `skip` is left out
   * (one's own avatar).
   */
  pick(clientX: number, clientY: number, skip: number | null): number | null {
    const rect = this.canvas.getBoundingClientRect();
    const p = new THREE.Vector3();
    const toScreen = (x: number, y: number, z: number): [number, number, number] => {
      p.set(x, y, z).project(this.camera);
      return [rect.left + ((p.x + 1) / 2) * rect.width, rect.top + ((1 - p.y) / 2) * rect.height, p.z];
    };
    const candidates: ScreenAvatar[] = [];
    for (const [id, v] of this.visuals) {
      if (id === skip || v.seen !== this.frame || !v.label.visible) continue;
      const [x1, y1, z1] = toScreen(v.foot.x, v.foot.y, v.foot.z);
      const [x2, y2] = toScreen(v.foot.x, v.foot.y + v.height, v.foot.z);
      if (z1 < -1 || z1 > 1) continue; // behind the camera or beyond the far plane
      candidates.push({ id, x1, y1, x2, y2, depth: this.camera.position.distanceTo(v.foot) });
    }
    return pickAvatar(candidates, clientX, clientY);
  }

  /** Draw calls and triangles of the last frame (debug hook, performance checks). */
  stats(): { calls: number; triangles: number; pixelRatio: number } {
    return { calls: this.renderer.info.render.calls, triangles: this.renderer.info.render.triangles, pixelRatio: this.pixelRatio };
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    this.env?.dispose();
    this.instancer.dispose();
    this.shadows.geometry.dispose();
    (this.shadows.material as THREE.Material).dispose();
    this.ownVrm?.dispose();
    this.renderer.dispose();
    this.canvas.remove();
    this.labels.domElement.remove();
  }
}
