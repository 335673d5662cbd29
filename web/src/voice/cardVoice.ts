// The voice part of the person card: this person's volume (kept per person, 0–200 %), whether
// their microphone is on, and — for facilitators, moderators and admins — muting or allowing
// their microphone (`voice_moderate`; the server decides and audits). One element, reused for
// every card and updated in place, so a slider being dragged is never rebuilt.

import { lang, t, translateDom } from '../i18n';
import { h, uid } from '../ui/dom';
import { uiIcon } from '../ui/icons';
import { VOLUME_MAX } from './volumes';

export interface CardVoiceDeps {
  volume(id: number): number;
  setVolume(id: number, percent: number): void;
  /** Whether the viewer may mute others' microphones (the client only hides the button). */
  canModerate(): boolean;
  /** Whether the viewer muted this person's microphone (in this space). */
  moderated(id: number): boolean;
  /** Whether this person publishes a live microphone (`voice_speakers`). */
  micOn(id: number): boolean;
  moderate(id: number, name: string, muted: boolean): void;
}

export class CardVoice {
  readonly el: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly value: HTMLOutputElement;
  private readonly micState: HTMLElement;
  private readonly modButton: HTMLButtonElement;
  private readonly modLabel: HTMLSpanElement;
  private target: { id: number; name: string } | null = null;
  /** The language the static texts were last translated to (the section may be detached at a switch). */
  private lang = lang();

  constructor(private readonly deps: CardVoiceDeps) {
    const sliderId = uid('voice-volume');
    this.slider = h('input', {
      class: 'voice-volume',
      attrs: { type: 'range', id: sliderId, min: 0, max: VOLUME_MAX, step: 5, value: 100, 'data-testid': 'card-volume' },
      on: {
        input: () => {
          if (!this.target) return;
          const v = Number(this.slider.value);
          this.deps.setVolume(this.target.id, v);
          this.showValue(v);
        },
      },
    });
    this.value = h('output', { class: 'voice-volume-value', attrs: { for: sliderId, 'data-testid': 'card-volume-value' } });
    this.micState = h('span', { class: 'voice-card-mic', attrs: { 'data-testid': 'card-mic-on' } }, [uiIcon('mic'), h('span', { i18n: 'voice.card.speaking' })]);
    this.modLabel = h('span', {});
    this.modButton = h(
      'button',
      {
        class: 'btn btn-secondary card-btn card-btn-warn',
        attrs: { type: 'button', 'data-testid': 'card-voice-moderate' },
        on: {
          click: () => {
            const target = this.target;
            if (!target) return;
            this.deps.moderate(target.id, target.name, !this.deps.moderated(target.id));
            this.update();
          },
        },
      },
      [uiIcon('micOff'), this.modLabel],
    );
    this.el = h('section', { class: 'card-voice', attrs: { 'data-testid': 'card-voice' } }, [
      h('div', { class: 'card-voice-head' }, [h('h3', { i18n: 'voice.card.heading' }), this.micState]),
      h('div', { class: 'card-voice-volume' }, [
        h('label', { i18n: 'voice.card.volume', attrs: { for: sliderId } }),
        h('div', { class: 'voice-volume-row' }, [uiIcon('volume'), this.slider, this.value]),
      ]),
      this.modButton,
    ]);
  }

  /** The section for `target` (the card calls this on every render). */
  show(target: { id: number; name: string }): HTMLElement {
    if (this.target?.id !== target.id) {
      this.target = { id: target.id, name: target.name };
      this.slider.value = String(this.deps.volume(target.id));
    }
    this.target.name = target.name;
    this.update();
    return this.el;
  }

  update(): void {
    const target = this.target;
    if (!target) return;
    if (this.lang !== lang()) {
      this.lang = lang();
      translateDom(this.el);
    }
    const v = Number(this.slider.value);
    this.showValue(v);
    this.micState.hidden = !this.deps.micOn(target.id);
    this.modButton.hidden = !this.deps.canModerate();
    const muted = this.deps.moderated(target.id);
    this.modButton.dataset.action = muted ? 'allow' : 'mute';
    this.modLabel.textContent = t(muted ? 'voice.card.allowMic' : 'voice.card.muteMic');
  }

  private showValue(v: number): void {
    const text = t('voice.card.volumeValue', { value: v });
    this.value.textContent = text;
    this.slider.setAttribute('aria-valuetext', text);
  }
}
