// Emote buttons (wave, clap, heart, laugh, thanks, question). On a phone they fold behind one
// reaction button to leave room for the joystick.

import { EMOTES, type Emote } from '../net/messages';
import { h } from './dom';
import { emoteIcon, uiIcon } from './icons';

export class EmoteBar {
  readonly el: HTMLElement;
  private readonly toggle: HTMLButtonElement;
  private readonly list: HTMLElement;

  constructor(onEmote: (e: Emote) => void) {
    this.list = h(
      'div',
      { class: 'emote-list', attrs: { role: 'group', id: 'emote-list' }, i18nAria: 'hud.reactions' },
      EMOTES.map((e) =>
        h(
          'button',
          {
            class: 'btn emote-btn',
            i18nAria: `emote.${e}`,
            i18nTitle: `emote.${e}`,
            attrs: { type: 'button', 'data-emote': e, 'data-testid': `emote-${e}` },
            on: {
              click: () => {
                onEmote(e);
                if (matchMedia('(max-width: 640px)').matches) this.setOpen(false);
              },
            },
          },
          [emoteIcon(e)],
        ),
      ),
    );
    this.toggle = h(
      'button',
      {
        class: 'btn btn-round emote-toggle',
        i18nAria: 'hud.reactions',
        attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'emote-list' },
        on: { click: () => this.setOpen(!this.el.classList.contains('open')) },
      },
      [uiIcon('smile')],
    );
    this.el = h('div', { class: 'emote-bar', attrs: { 'data-testid': 'emote-bar' } }, [this.toggle, this.list]);
  }

  setOpen(open: boolean): void {
    this.el.classList.toggle('open', open);
    this.toggle.setAttribute('aria-expanded', String(open));
  }
}
