import { describe, expect, it } from 'vitest';
import { HOLD_MS, type PttSource, PushToTalk } from './ptt';

/** Plays steps against a fake "session" whose wantOn follows the answers. */
type Step = ['down' | 'up', PttSource, number] | ['toggle'] | ['blur'];

function play(steps: Step[], startOn = false): boolean[] {
  const ptt = new PushToTalk();
  let on = startOn;
  const seen: boolean[] = [];
  for (const s of steps) {
    let r: boolean | null;
    if (s[0] === 'down') r = ptt.down(s[1], s[2], on);
    else if (s[0] === 'up') r = ptt.up(s[1], s[2]);
    else if (s[0] === 'toggle') r = ptt.toggle(on);
    else r = ptt.releaseAll();
    if (r !== null) on = r;
    seen.push(on);
  }
  return seen;
}

describe('PushToTalk', () => {
  it.each<[string, Step[], boolean, boolean[]]>([
    ['a tap on the button turns the mic on and leaves it on', [['down', 'button', 0], ['up', 'button', 120]], false, [true, true]],
    ['a second tap turns it off', [['down', 'button', 0], ['up', 'button', 120], ['down', 'button', 1000], ['up', 'button', 1100]], false, [true, true, true, false]],
    ['holding the button talks while held (push-to-talk)', [['down', 'button', 0], ['up', 'button', HOLD_MS + 500]], false, [true, false]],
    ['a long press on a live mic mutes it too', [['down', 'button', 0], ['up', 'button', 2000]], true, [true, false]],
    ['holding V talks while held', [['down', 'key', 0], ['up', 'key', 50]], false, [true, false]],
    ['key repeat does nothing', [['down', 'key', 0], ['down', 'key', 30], ['down', 'key', 60], ['up', 'key', 900]], false, [true, true, true, false]],
    ['V on a mic that is already on changes nothing', [['down', 'key', 0], ['up', 'key', 900]], true, [true, true]],
    ['V released while the button is still held keeps talking', [['down', 'key', 0], ['down', 'button', 100], ['up', 'key', 500], ['up', 'button', 1500]], false, [true, true, true, false]],
    ['a keyboard toggle flips', [['toggle'], ['toggle']], false, [true, false]],
    ['leaving the page while holding releases', [['down', 'key', 0], ['blur']], false, [true, false]],
    ['leaving the page after a tap keeps the toggle', [['down', 'button', 0], ['up', 'button', 100], ['blur']], false, [true, true, true]],
    ['an up without a down is ignored', [['up', 'button', 10]], true, [true]],
  ])('%s', (_name, steps, startOn, want) => {
    expect(play(steps, startOn)).toEqual(want);
  });

  it('tells whether a press is held', () => {
    const p = new PushToTalk();
    p.down('key', 0, false);
    expect(p.holding('key')).toBe(true);
    expect(p.holding('button')).toBe(false);
    p.clear();
    expect(p.holding()).toBe(false);
    expect(p.up('key', 10)).toBeNull();
  });
});
