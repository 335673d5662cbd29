// An avatar's small round picture: the rendered thumbnail when there is one, else its colour.

import { avatarSpec, cssColor } from '../avatar/catalog';
import { h } from './dom';

export function faceEl(thumbs: readonly string[], avatar: number, cls = 'face'): HTMLElement {
  const url = thumbs[avatar];
  return url
    ? h('img', { class: cls, attrs: { src: url, alt: '' } })
    : h('span', { class: cls, attrs: { style: `background:${cssColor(avatarSpec(avatar).accent)}`, 'aria-hidden': 'true' } });
}
