// Tiny DOM helpers. Text always goes in as text nodes / textContent, never as HTML: names and
// messages from other people are untrusted.

import { t } from '../i18n';

export interface Props {
  class?: string;
  /** i18n key for textContent (kept in data-i18n so translateDom can redo it). */
  i18n?: string;
  /** i18n key for aria-label. */
  i18nAria?: string;
  i18nPlaceholder?: string;
  i18nTitle?: string;
  /** Plain text (e.g. a person's name). */
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  on?: { [K in keyof HTMLElementEventMap]?: (e: HTMLElementEventMap[K]) => void };
}

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: Child[] = []): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.i18n) {
    el.dataset.i18n = props.i18n;
    el.textContent = t(props.i18n);
  }
  if (props.i18nAria) {
    el.dataset.i18nAria = props.i18nAria;
    el.setAttribute('aria-label', t(props.i18nAria));
  }
  if (props.i18nPlaceholder) {
    el.dataset.i18nPlaceholder = props.i18nPlaceholder;
    el.setAttribute('placeholder', t(props.i18nPlaceholder));
  }
  if (props.i18nTitle) {
    el.dataset.i18nTitle = props.i18nTitle;
    el.setAttribute('title', t(props.i18nTitle));
  }
  if (props.text !== undefined) el.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) {
    if (v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const [type, fn] of Object.entries(props.on ?? {})) {
    el.addEventListener(type, fn as EventListener);
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Visually hidden text for screen readers. */
export function srOnly(i18nKey: string): HTMLSpanElement {
  return h('span', { class: 'sr-only', i18n: i18nKey });
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
