// The space switcher: every space with its count and capacity (from `spaces` / `welcome`).

import { lang, t } from '../i18n';
import { loungeIcon } from '../lounge/icons';
import { isClosed, mayEnter } from '../lounge/access';
import { type SpaceSummary, localize } from '../net/messages';
import { clear, h, uid } from './dom';
import { uiIcon } from './icons';

export class SpacesPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLHeadingElement;
  private spaces: SpaceSummary[] = [];
  private current: string | null = null;
  /** The viewer's role: a closed space (the doctors' lounge) shows a lock, and is greyed out for those it would refuse. */
  private role = 'guest';

  constructor(private readonly onGo: (id: string) => void, onClose: () => void) {
    const headingId = uid('spaces-heading');
    this.heading = h('h2', { i18n: 'spaces.heading', attrs: { id: headingId, tabindex: -1 } });
    this.list = h('ul', { class: 'space-list', attrs: { 'data-testid': 'space-list' } });
    this.el = h('section', { class: 'panel side-panel spaces-panel', attrs: { 'aria-labelledby': headingId, 'data-testid': 'spaces-panel' } }, [
      h('header', { class: 'panel-header' }, [
        this.heading,
        h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'spaces.close', attrs: { type: 'button' }, on: { click: onClose } }, [uiIcon('close')]),
      ]),
      this.list,
    ]);
    this.el.hidden = true;
  }

  focus(): void {
    this.heading.focus();
  }

  set(spaces: SpaceSummary[], current: string | null): void {
    this.spaces = spaces;
    this.current = current;
    this.render();
  }

  setRole(role: string): void {
    this.role = role;
    this.render();
  }

  setCurrent(current: string | null): void {
    this.current = current;
    this.render();
  }

  /** The name of a space in the current language (portal labels use it too). */
  name(id: string): string {
    const s = this.spaces.find((x) => x.id === id);
    return s ? localize(s.name, lang()) : id;
  }

  render(): void {
    clear(this.list);
    for (const s of this.spaces) {
      const here = s.id === this.current;
      const full = s.capacity > 0 && s.count >= s.capacity;
      const name = localize(s.name, lang());
      const fill = s.capacity > 0 ? Math.min(1, s.count / s.capacity) : 0;
      const closed = isClosed(s.access);
      const refused = closed && !mayEnter(this.role, s.access);
      this.list.append(
        h('li', {}, [
          h(
            'button',
            {
              class: here ? 'space-item current' : refused ? 'space-item locked' : 'space-item',
              attrs: {
                type: 'button',
                'aria-label': t('spaces.go', { name, count: s.count, capacity: s.capacity }),
                'aria-current': here ? 'location' : undefined,
                disabled: here || full || refused,
                'data-space': s.id,
              },
              on: { click: () => this.onGo(s.id) },
            },
            [
              h('span', { class: `space-kind kind-${s.kind}`, attrs: { 'aria-hidden': 'true' } }),
              h('span', { class: 'space-main' }, [
                h('span', { class: 'space-name', text: name }),
                closed ? h('span', { class: 'tag tag-lock', attrs: { 'data-testid': `space-lock-${s.id}` } }, [loungeIcon('lock'), t('lounge.spaces.locked')]) : null,
                h('span', { class: 'space-meter', attrs: { 'aria-hidden': 'true' } }, [
                  h('span', { attrs: { style: `width:${Math.round(fill * 100)}%` } }),
                ]),
              ]),
              h('span', { class: 'space-count', text: t('spaces.count', { count: s.count, capacity: s.capacity }) }),
              here ? h('span', { class: 'tag', text: t('spaces.current') }) : full ? h('span', { class: 'tag tag-warn', text: t('spaces.full') }) : null,
            ],
          ),
        ]),
      );
    }
  }
}
