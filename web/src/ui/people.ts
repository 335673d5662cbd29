// The people list of the current space, from the WORLD frames' JOIN/LEAVE records. Each other
// person is a button that opens their person card; system badges are drawn beside the name.

import { lang, t } from '../i18n';
import type { BadgeLabel } from '../world/badges';
import { fillBadges } from './badgeView';
import { clear, h, uid } from './dom';
import { faceEl } from './face';
import { uiIcon } from './icons';

export interface Person {
  id: number;
  name: string;
  avatar: number;
  flags: number;
  isSelf: boolean;
}

export interface PeopleOptions {
  thumbs: readonly string[];
  onClose(): void;
  /** Opens the person card of someone else. */
  onPick(p: Person): void;
  badges(flags: number, id: number): BadgeLabel[];
}

export class PeoplePanel {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLHeadingElement;
  private people: Person[] = [];

  constructor(private readonly opts: PeopleOptions) {
    const headingId = uid('people-heading');
    this.heading = h('h2', { attrs: { id: headingId, tabindex: -1 } });
    this.list = h('ul', { class: 'people-list', attrs: { 'data-testid': 'people-list' } });
    this.el = h('section', { class: 'panel side-panel people-panel', attrs: { 'aria-labelledby': headingId, 'data-testid': 'people-panel' } }, [
      h('header', { class: 'panel-header' }, [
        this.heading,
        h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'people.close', attrs: { type: 'button' }, on: { click: () => opts.onClose() } }, [uiIcon('close')]),
      ]),
      this.list,
    ]);
    this.el.hidden = true;
    this.render();
  }

  focus(): void {
    this.heading.focus();
  }

  set(people: Person[]): void {
    const collator = new Intl.Collator(lang());
    this.people = [...people].sort((a, b) => (a.isSelf !== b.isSelf ? (a.isSelf ? -1 : 1) : collator.compare(a.name, b.name)));
    this.render();
  }

  render(): void {
    this.heading.textContent = t('people.heading', { count: this.people.length });
    clear(this.list);
    for (const p of this.people) {
      const badges = h('span', { class: 'badge-row' });
      fillBadges(badges, this.opts.badges(p.flags, p.id));
      const inner = [
        faceEl(this.opts.thumbs, p.avatar),
        h('span', { class: 'person-main' }, [badges, h('span', { class: 'person-name', text: p.name })]),
        p.isSelf ? h('span', { class: 'tag', text: t('people.you') }) : null,
      ];
      const row = p.isSelf
        ? h('div', { class: 'person-row' }, inner)
        : h(
            'button',
            {
              class: 'person-row person-btn',
              attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': `person-${p.id}` },
              on: { click: () => this.opts.onPick(p) },
            },
            inner,
          );
      this.list.append(h('li', { class: p.isSelf ? 'person self' : 'person', attrs: { 'data-id': p.id } }, [row]));
    }
  }
}
