// Pieces shared by the staff pages: what every tab needs, a segmented filter, a loading /
// empty / error line, and a user's one-line description.

import { t } from '../../i18n';
import type { Api, ApiFailure } from '../../net/api';
import type { Me } from '../../net/messages';
import { h } from '../dom';
import { setMessage } from '../form';
import type { Params } from '../toast';

export interface AdminDeps {
  api: Api;
  me(): Me;
  /** Where confirmation dialogs go. */
  host: HTMLElement;
  toast(key: string, params?: Params, kind?: 'info' | 'error'): void;
}

/** A person a moderator is looking at. */
export interface UserRef {
  id: number;
  name: string;
  role?: string;
  login_id?: string;
}

/** A row of buttons where one is chosen (aria-pressed). */
export function segmented<T extends string>(
  options: ReadonlyArray<{ value: T; key: string }>,
  initial: T,
  onChange: (v: T) => void,
  testid: string,
): { el: HTMLElement; value(): T } {
  let value = initial;
  const buttons: HTMLButtonElement[] = [];
  const el = h('div', { class: 'segmented', attrs: { role: 'group', 'data-testid': testid } });
  for (const o of options) {
    const b = h('button', {
      class: 'seg-btn',
      i18n: o.key,
      attrs: { type: 'button', 'aria-pressed': String(o.value === initial), 'data-value': o.value, 'data-testid': `${testid}-${o.value}` },
      on: {
        click: () => {
          value = o.value;
          for (const x of buttons) x.setAttribute('aria-pressed', String(x === b));
          onChange(o.value);
        },
      },
    });
    buttons.push(b);
    el.append(b);
  }
  return { el, value: () => value };
}

/** Replaces `box` with a loading line. */
export function showLoading(box: HTMLElement): void {
  box.replaceChildren(h('p', { class: 'muted', i18n: 'app.loading' }));
}

export function showEmpty(box: HTMLElement, key: string): void {
  box.replaceChildren(h('p', { class: 'muted empty-line', i18n: key }));
}

export function showError(box: HTMLElement, f: ApiFailure): void {
  const p = h('p', { class: 'form-error' });
  setMessage(p, f);
  box.replaceChildren(p);
}

/** "さくら (#17)". */
export function userLabel(u: { id: number; name: string }): string {
  return t('admin.userLabel', { name: u.name || t('admin.noName'), id: u.id });
}

/** A role shown as a small pill. */
export function rolePill(role: string): HTMLElement {
  return h('span', { class: `pill role-${role}`, i18n: `roles.${role}` });
}
