// The mic button in the HUD (and the "tap to hear voices" hint above it). It only reports
// presses; the controller decides (ptt.ts). A pointer press and its release are reported as
// down/up (hold to talk); a keyboard activation (Enter/Space: a click with detail 0) as a
// toggle. Its data attributes mirror the voice state for tests and styles:
//   data-state      off | starting | on | muted-by-moderator | unavailable | disabled | denied
//   data-problem    why the microphone could not be had (denied, no-device, …) or ""
//   data-available  yes | no | unknown (voice_status)
//   data-audio      none | suspended | running | … (the AudioContext)

import { t } from '../i18n';
import { h } from '../ui/dom';
import { uiIcon } from '../ui/icons';
import type { MicProblem } from './permissions';
import type { MicState } from './session';

export interface MicButtonHandlers {
  down(now: number): void;
  up(now: number): void;
  toggle(): void;
}

export interface MicView {
  state: MicState;
  problem: MicProblem | null;
  available: boolean | null;
  audio: string;
  /** One's own level while talking, 0…1 (drawn as a ring). */
  level: number;
  /** Voices are there but the browser waits for a tap to play them. */
  needsTap: boolean;
}

export class MicButton {
  readonly el: HTMLElement;
  readonly button: HTMLButtonElement;
  private readonly label: HTMLSpanElement;
  private readonly iconOn = uiIcon('mic');
  private readonly iconOff = uiIcon('micOff');
  private readonly tapHint: HTMLParagraphElement;
  private state: MicState | null = null;
  private levelShown = -1;

  constructor(private readonly handlers: MicButtonHandlers) {
    this.label = h('span', { class: 'btn-label voice-mic-label' });
    this.button = h(
      'button',
      {
        class: 'btn voice-mic',
        i18nTitle: 'voice.hint',
        attrs: { type: 'button', 'data-testid': 'mic-button', 'data-state': 'off', 'data-problem': '', 'data-available': 'unknown', 'data-audio': 'none' },
      },
      [h('span', { class: 'voice-mic-ring', attrs: { 'aria-hidden': 'true' } }), this.iconOn, this.iconOff, this.label],
    );
    this.tapHint = h('p', { class: 'voice-tap-hint', i18n: 'voice.tapToHear', attrs: { 'data-testid': 'voice-tap-hint', hidden: true } });
    this.el = h('div', { class: 'voice-hud', attrs: { 'data-testid': 'voice-hud' } }, [this.tapHint, this.button]);
    this.listen();
  }

  private listen(): void {
    const b = this.button;
    let pointer: number | null = null;
    b.addEventListener('pointerdown', (e) => {
      if (pointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
      pointer = e.pointerId;
      e.preventDefault(); // no text selection, no magnifier on a long press
      b.setPointerCapture?.(e.pointerId);
      b.focus({ preventScroll: true });
      this.handlers.down(performance.now());
    });
    const end = (e: PointerEvent) => {
      if (e.pointerId !== pointer) return;
      pointer = null;
      this.handlers.up(performance.now());
    };
    b.addEventListener('pointerup', end);
    b.addEventListener('pointercancel', end);
    b.addEventListener('lostpointercapture', end);
    b.addEventListener('contextmenu', (e) => e.preventDefault());
    b.addEventListener('click', (e) => {
      // pointer clicks were handled as down/up; only a keyboard activation toggles here
      if (e.detail === 0) this.handlers.toggle();
    });
  }

  render(v: MicView): void {
    const b = this.button;
    if (v.state !== this.state) {
      this.state = v.state;
      b.dataset.state = v.state;
      const on = v.state === 'on' || v.state === 'starting';
      this.iconOn.style.display = on ? '' : 'none';
      this.iconOff.style.display = on ? 'none' : '';
      this.relabel();
    }
    b.dataset.problem = v.problem ?? '';
    b.dataset.available = v.available === null ? 'unknown' : v.available ? 'yes' : 'no';
    b.dataset.audio = v.audio;
    const level = v.state === 'on' ? Math.min(1, Math.round(v.level * 40) / 10) : 0;
    if (level !== this.levelShown) {
      this.levelShown = level;
      b.style.setProperty('--level', String(level));
    }
    this.tapHint.hidden = !v.needsTap;
  }

  relabel(): void {
    const s = this.state ?? 'off';
    this.label.textContent = t(`voice.state.${s}`);
    this.button.setAttribute('aria-label', t(`voice.aria.${s}`));
    this.button.setAttribute('title', t('voice.hint'));
  }
}
