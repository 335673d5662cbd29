// Short messages that fade away (errors, "you entered …"), read out by screen readers.
// They keep their i18n key, so a language switch re-translates those still on screen.

import { t } from '../i18n';
import { h } from './dom';

/** Values for the text; a function is asked again on every language change (e.g. a space name). */
export type Params = Record<string, string | number | (() => string)>;

function text(key: string, params: Params): string {
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(params)) values[k] = typeof v === 'function' ? v() : v;
  return t(key, values);
}

export class Toasts {
  readonly el = h('div', { class: 'toasts', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'toasts' } });
  private readonly live = new Map<HTMLElement, { key: string; params: Params }>();

  /** Shows `t(key, params)`; a toast of the same `group` that is still there is replaced. */
  show(key: string, params: Params = {}, opts: { kind?: 'info' | 'error'; ms?: number; group?: string } = {}): void {
    const { kind = 'info', ms = 4500, group } = opts;
    if (group) {
      const old = this.el.querySelector<HTMLElement>(`[data-group="${group}"]`);
      if (old) {
        this.live.delete(old);
        old.remove();
      }
    }
    const item = h('div', { class: `toast toast-${kind}`, text: text(key, params), attrs: { 'data-group': group, 'data-key': key } });
    this.live.set(item, { key, params });
    this.el.append(item);
    while (this.el.children.length > 3) {
      const first = this.el.firstElementChild as HTMLElement;
      this.live.delete(first);
      first.remove();
    }
    setTimeout(() => {
      item.classList.add('leaving');
      setTimeout(() => {
        this.live.delete(item);
        item.remove();
      }, 400);
    }, ms);
  }

  relabel(): void {
    for (const [el, { key, params }] of this.live) el.textContent = text(key, params);
  }
}
