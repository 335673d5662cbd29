// How a system badge looks wherever it is drawn (above an avatar, in the people list, on the
// person card): a coloured pill with its own icon, outside the name. A display name is plain
// text in the name tag, so no typed name can look like one of these.

import type { BadgeKind, BadgeLabel } from '../world/badges';
import { h } from './dom';
import { type UiIcon, uiIcon } from './icons';

const ICON: Record<BadgeKind, UiIcon> = {
  clinician: 'check',
  trainee: 'leaf',
  staff: 'shield',
  facilitator: 'star',
};

export function badgePill(label: BadgeLabel): HTMLElement {
  return h('span', { class: `sys-badge badge-${label.kind}`, attrs: { 'data-badge': label.kind } }, [
    h('span', { class: 'sys-badge-icon', attrs: { 'aria-hidden': 'true' } }, [uiIcon(ICON[label.kind])]),
    h('span', { class: 'sys-badge-text', text: label.text }),
  ]);
}

/** Replaces `el`'s children with the pills for `labels` (and hides it when there are none). */
export function fillBadges(el: HTMLElement, labels: readonly BadgeLabel[]): void {
  el.replaceChildren(...labels.map(badgePill));
  el.hidden = labels.length === 0;
}
