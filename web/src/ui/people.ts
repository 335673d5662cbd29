// The people list of the current space, from the WORLD frames' JOIN/LEAVE records.

import { lang, t } from '../i18n';
import { avatarSpec, cssColor } from '../avatar/catalog';
import { clear, h, uid } from './dom';
import { uiIcon } from './icons';

export interface Person {
  id: number;
  name: string;
  avatar: number;
  isSelf: boolean;
}

export class PeoplePanel {
  readonly el: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly heading: HTMLHeadingElement;
  private people: Person[] = [];

  constructor(private readonly thumbs: readonly string[], onClose: () => void) {
    const headingId = uid('people-heading');
    this.heading = h('h2', { attrs: { id: headingId, tabindex: -1 } });
    this.list = h('ul', { class: 'people-list', attrs: { 'data-testid': 'people-list' } });
    this.el = h('section', { class: 'panel side-panel people-panel', attrs: { 'aria-labelledby': headingId, 'data-testid': 'people-panel' } }, [
      h('header', { class: 'panel-header' }, [
        this.heading,
        h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'people.close', attrs: { type: 'button' }, on: { click: onClose } }, [uiIcon('close')]),
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
      const face = this.thumbs[p.avatar]
        ? h('img', { class: 'face', attrs: { src: this.thumbs[p.avatar] as string, alt: '' } })
        : h('span', { class: 'face', attrs: { style: `background:${cssColor(avatarSpec(p.avatar).accent)}` } });
      this.list.append(
        h('li', { class: p.isSelf ? 'person self' : 'person', attrs: { 'data-id': p.id } }, [
          face,
          h('span', { class: 'person-name', text: p.name }),
          p.isSelf ? h('span', { class: 'tag', text: t('people.you') }) : null,
        ]),
      );
    }
  }
}
