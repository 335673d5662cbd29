// What the world app needs of the bank, in one place: the HUD button, the panel, the prompt that
// appears near the research corner of the plaza, and the click test on the booth. The world app
// calls `tick` in its simulate phase and `pick` for a click on the 3D view that hit no avatar.
// Also installs `window.__tsunaguBank` (read-only) for the end-to-end tests.

import './bank.css';
import type * as THREE from 'three';
import { h } from '../ui/dom';
import { cornerHit, cornerOnScreen, nearCorner } from './corner';
import { bankIcon } from './icons';
import { type BankPanelDeps, BankPanel, bankButton } from './panel';

/** The scene the research corner stands in. */
const CORNER_SCENE = 'plaza';

interface ViewLike {
  camera: THREE.Camera;
  canvas: HTMLElement;
}

export class BankHud {
  readonly panel: BankPanel;
  readonly button: HTMLButtonElement;
  /** "Research corner — see everyone's answers", shown while standing near the booth. */
  readonly prompt: HTMLButtonElement;
  private view: ViewLike | null = null;
  private near = false;
  private unfit: (() => void) | null = null;

  constructor(deps: BankPanelDeps) {
    this.panel = new BankPanel(deps);
    this.button = bankButton(() => this.panel.open('diary'), bankIcon('diary'));
    this.prompt = h('button', { class: 'btn btn-primary corner-prompt', attrs: { type: 'button', 'data-testid': 'corner-prompt' }, on: { click: () => this.panel.open('research') } }, [
      bankIcon('chart'),
      h('span', { i18n: 'bank.corner.prompt' }),
    ]);
    this.prompt.hidden = true;
    // once the app has put the button into its HUD row
    requestAnimationFrame(() => {
      const nav = this.button.parentElement;
      if (nav && !this.unfit) this.unfit = fitHudRow(nav);
    });
    const w = window as unknown as { __tsunaguBank?: unknown };
    w.__tsunaguBank = Object.freeze({
      /** Where the booth is drawn on the page, or null (behind the camera, no 3D). */
      corner: () => (this.view ? cornerOnScreen(this.view.camera, this.view.canvas) : null),
      near: () => this.near,
      open: () => this.panel.isOpen,
    });
  }

  setView(view: ViewLike | null): void {
    this.view = view;
  }

  /** Simulate phase: is the person's own avatar near the booth? */
  tick(scene: string | null, self: { x: number; z: number } | null): void {
    const near = scene === CORNER_SCENE && self !== null && nearCorner(self);
    if (near === this.near) return;
    this.near = near;
    this.prompt.hidden = !near;
  }

  /** A click or tap on the 3D view that hit no avatar: true when it opened the research corner. */
  pick(scene: string | null, clientX: number, clientY: number): boolean {
    if (scene !== CORNER_SCENE || !this.view || !cornerHit(this.view.camera, this.view.canvas, clientX, clientY)) return false;
    this.panel.open('research');
    return true;
  }

  relabel(): void {
    this.panel.relabel();
  }

  dispose(): void {
    this.unfit?.();
    this.unfit = null;
    this.panel.close();
    delete (window as unknown as { __tsunaguBank?: unknown }).__tsunaguBank;
  }
}

/** A HUD button and the gap after it on a phone (styles.css: --tap 44 px, gap 4 px). */
const BUTTON_PX = 44 + 4;

/**
 * Keeps the HUD row on screen on a phone: when its visible buttons would not fit (more buttons
 * than 360 px hold: staff's "Admin", the lounge's board, this bank), marks the row `hud-crowded`
 * (bank.css makes the buttons a little smaller). Watches the buttons' `hidden` and the window's
 * size. Returns a function that stops watching.
 */
export function fitHudRow(nav: HTMLElement): () => void {
  const check = () => {
    const shown = [...nav.children].filter((c) => c instanceof HTMLElement && !c.hidden).length;
    const phone = window.innerWidth <= 640;
    nav.classList.toggle('hud-crowded', phone && shown * BUTTON_PX - 4 > window.innerWidth - 16);
  };
  const watch = new MutationObserver(check);
  watch.observe(nav, { childList: true, subtree: true, attributes: true, attributeFilter: ['hidden'] });
  window.addEventListener('resize', check);
  check();
  return () => {
    watch.disconnect();
    window.removeEventListener('resize', check);
    nav.classList.remove('hud-crowded');
  };
}
