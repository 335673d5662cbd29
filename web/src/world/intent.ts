// Pure mapping from held keys and joystick vectors to what the avatar and camera should do
// (kept apart from input.ts, which needs a browser).

import type { MoveIntent } from './movement';

const FORWARD = new Set(['KeyW', 'ArrowUp']);
const BACK = new Set(['KeyS', 'ArrowDown']);
const LEFT = new Set(['KeyA', 'ArrowLeft']);
const RIGHT = new Set(['KeyD', 'ArrowRight']);
const RUN = new Set(['ShiftLeft', 'ShiftRight']);
const TURN_LEFT = new Set(['KeyQ']);
const TURN_RIGHT = new Set(['KeyE']);
const ZOOM_IN = new Set(['Equal', 'NumpadAdd']);
const ZOOM_OUT = new Set(['Minus', 'NumpadSubtract']);
export const HANDLED = new Set([...FORWARD, ...BACK, ...LEFT, ...RIGHT, ...RUN, ...TURN_LEFT, ...TURN_RIGHT, ...ZOOM_IN, ...ZOOM_OUT]);

function any(keys: ReadonlySet<string>, of: ReadonlySet<string>): boolean {
  for (const k of of) if (keys.has(k)) return true;
  return false;
}

/** The walking intent of a set of held key codes. */
export function intentFromKeys(keys: ReadonlySet<string>): MoveIntent {
  const forward = (any(keys, FORWARD) ? 1 : 0) - (any(keys, BACK) ? 1 : 0);
  const right = (any(keys, RIGHT) ? 1 : 0) - (any(keys, LEFT) ? 1 : 0);
  const len = Math.hypot(forward, right) || 1;
  return { forward: forward / len, right: right / len, run: any(keys, RUN) && (forward !== 0 || right !== 0) };
}

/** Camera turn (−1 left … 1 right) and zoom (−1 in … 1 out) asked for by held keys. */
export function cameraFromKeys(keys: ReadonlySet<string>): { turn: number; zoom: number } {
  return {
    turn: (any(keys, TURN_RIGHT) ? 1 : 0) - (any(keys, TURN_LEFT) ? 1 : 0),
    zoom: (any(keys, ZOOM_OUT) ? 1 : 0) - (any(keys, ZOOM_IN) ? 1 : 0),
  };
}

/** Joystick vector (x right, y up, length ≤ 1) → intent; pushed to the rim it runs. */
export function intentFromStick(x: number, y: number): MoveIntent {
  const len = Math.hypot(x, y);
  if (len < 0.1) return { forward: 0, right: 0, run: false };
  const k = Math.min(1, len) / len;
  return { forward: y * k, right: x * k, run: len >= 0.98 };
}

