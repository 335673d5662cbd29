// Input phase of the main tick: keyboard (WASD / arrows, Shift to run, Q/E to turn the
// camera, +/- to zoom), a touch joystick (nipplejs) and pointer drag to look around.
// Event handlers only record state; `read()` turns it into a MoveIntent once per frame.

import nipplejs from 'nipplejs';
import type { MoveIntent } from './movement';
import { HANDLED, cameraFromKeys, intentFromKeys, intentFromStick } from './intent';

export function isTypingTarget(t: EventTarget | null): boolean {
  if (!(t instanceof HTMLElement)) return false;
  return t.isContentEditable || t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT';
}

export function isTouchDevice(): boolean {
  return (
    (typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches) ||
    navigator.maxTouchPoints > 0 ||
    'ontouchstart' in window
  );
}

export class InputController {
  private readonly keys = new Set<string>();
  private stick = { x: 0, y: 0 };
  private dragDx = 0;
  private dragDy = 0;
  private wheel = 0;
  private dragging: number | null = null;
  private lastX = 0;
  private lastY = 0;
  private joystick: ReturnType<typeof nipplejs.create> | null = null;
  private readonly cleanups: Array<() => void> = [];
  /** Set when the person used any control (the tutorial listens). */
  onActivity: ((kind: 'move' | 'look') => void) | null = null;

  constructor(private readonly lookSurface: HTMLElement, stickZone: HTMLElement | null) {
    this.listen(window, 'keydown', (e) => this.onKey(e as KeyboardEvent, true));
    this.listen(window, 'keyup', (e) => this.onKey(e as KeyboardEvent, false));
    this.listen(window, 'blur', () => this.keys.clear());
    this.listen(lookSurface, 'pointerdown', (e) => this.onPointerDown(e as PointerEvent));
    this.listen(lookSurface, 'pointermove', (e) => this.onPointerMove(e as PointerEvent));
    this.listen(lookSurface, 'pointerup', (e) => this.onPointerUp(e as PointerEvent));
    this.listen(lookSurface, 'pointercancel', (e) => this.onPointerUp(e as PointerEvent));
    this.listen(lookSurface, 'wheel', (e) => {
      this.wheel += Math.sign((e as WheelEvent).deltaY);
      e.preventDefault();
    }, { passive: false });
    if (stickZone) this.attachJoystick(stickZone);
  }

  private listen(t: EventTarget, type: string, fn: (e: Event) => void, opts?: AddEventListenerOptions): void {
    t.addEventListener(type, fn, opts);
    this.cleanups.push(() => t.removeEventListener(type, fn, opts));
  }

  private attachJoystick(zone: HTMLElement): void {
    const j = nipplejs.create({
      zone,
      mode: 'static',
      position: { left: '50%', top: '50%' },
      size: 110,
      color: { front: 'rgba(255, 250, 242, 0.95)', back: 'rgba(120, 90, 70, 0.35)' },
      restOpacity: 0.75,
    });
    j.on('move', (evt) => {
      this.stick = { x: evt.data.vector.x, y: evt.data.vector.y };
      this.onActivity?.('move');
    });
    j.on('end', () => {
      this.stick = { x: 0, y: 0 };
    });
    this.joystick = j;
  }

  private onKey(e: KeyboardEvent, down: boolean): void {
    if (down && (isTypingTarget(e.target) || e.ctrlKey || e.metaKey || e.altKey)) return;
    if (!HANDLED.has(e.code)) return;
    if (down) {
      this.keys.add(e.code);
      if (e.code.startsWith('Arrow')) e.preventDefault();
      this.onActivity?.('move');
    } else {
      this.keys.delete(e.code);
    }
  }

  private onPointerDown(e: PointerEvent): void {
    if (this.dragging !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    this.dragging = e.pointerId;
    this.lastX = e.clientX;
    this.lastY = e.clientY;
    this.lookSurface.setPointerCapture?.(e.pointerId);
  }

  private onPointerMove(e: PointerEvent): void {
    if (e.pointerId !== this.dragging) return;
    this.dragDx += e.clientX - this.lastX;
    this.dragDy += e.clientY - this.lastY;
    this.lastX = e.clientX;
    this.lastY = e.clientY;
    this.onActivity?.('look');
  }

  private onPointerUp(e: PointerEvent): void {
    if (e.pointerId !== this.dragging) return;
    this.dragging = null;
    this.lookSurface.releasePointerCapture?.(e.pointerId);
  }

  /** This frame's intent and look deltas; drag and wheel deltas are consumed. */
  read(): { intent: MoveIntent; dragX: number; dragY: number; wheel: number; turn: number; zoom: number } {
    const keyIntent = intentFromKeys(this.keys);
    const stickIntent = intentFromStick(this.stick.x, this.stick.y);
    const useStick = keyIntent.forward === 0 && keyIntent.right === 0;
    const out = {
      intent: useStick ? stickIntent : keyIntent,
      dragX: this.dragDx,
      dragY: this.dragDy,
      wheel: this.wheel,
      ...cameraFromKeys(this.keys),
    };
    this.dragDx = 0;
    this.dragDy = 0;
    this.wheel = 0;
    return out;
  }

  /** Forget held keys (e.g. when a dialog opens). */
  releaseAll(): void {
    this.keys.clear();
    this.stick = { x: 0, y: 0 };
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.joystick?.destroy();
  }
}
