// Form building blocks shared by the account, sign-in, person card and staff pages: a labelled
// field with its hint and error line, and the one way errors are shown. A server's refusal is
// shown in the server's own words (`error.message[lang]`, docs/protocol.md); the element keeps
// the whole {"ja","en"} message, so a language switch (translateDom) shows it in the other
// language too. Everything goes in as text, never as HTML.

import { lang, t } from '../i18n';
import type { ApiFailure } from '../net/api';
import { localize } from '../net/messages';
import { h, uid } from './dom';

export type MessageSource = ApiFailure | { key: string; params?: Record<string, string | number> } | null;

/** Shows `src` in `el` (empty for null). */
export function setMessage(el: HTMLElement, src: MessageSource): void {
  delete el.dataset.i18n;
  delete el.dataset.i18nParams;
  delete el.dataset.serverMsg;
  delete el.dataset.code;
  if (src === null) {
    el.textContent = '';
    return;
  }
  if ('key' in src) {
    el.dataset.i18n = src.key;
    if (src.params) el.dataset.i18nParams = JSON.stringify(src.params);
    el.textContent = t(src.key, src.params);
    return;
  }
  if (src.kind === 'rejected') {
    el.dataset.code = src.error.code;
    const text = localize(src.error.message, lang());
    if (text) {
      el.dataset.serverMsg = JSON.stringify(src.error.message);
      el.textContent = text;
      return;
    }
    setMessage(el, { key: 'errors.unknown', params: { code: src.error.code } });
    el.dataset.code = src.error.code;
    return;
  }
  setMessage(el, { key: 'common.networkError' });
}

export interface Field<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> {
  el: HTMLElement;
  input: E;
  error: HTMLParagraphElement;
  /** Shows an error under the field (null clears it) and marks the input invalid. */
  set(src: MessageSource): void;
}

interface FieldOptions {
  /** i18n key of the label. */
  label: string;
  testid: string;
  hint?: string;
}

function wrapField<E extends HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(input: E, o: FieldOptions): Field<E> {
  const id = input.id || uid('field');
  input.id = id;
  const errorId = uid('field-error');
  const hintId = o.hint ? uid('field-hint') : null;
  const error = h('p', { class: 'field-error', attrs: { id: errorId, role: 'alert', 'data-testid': `${o.testid}-error` } });
  input.setAttribute('aria-describedby', [hintId, errorId].filter(Boolean).join(' '));
  const el = h('div', { class: 'field' }, [
    h('label', { class: 'field-label', i18n: o.label, attrs: { for: id } }),
    input,
    o.hint && hintId ? h('p', { class: 'field-hint', i18n: o.hint, attrs: { id: hintId } }) : null,
    error,
  ]);
  const field: Field<E> = {
    el,
    input,
    error,
    set(src) {
      setMessage(error, src);
      input.setAttribute('aria-invalid', String(src !== null));
    },
  };
  input.addEventListener('input', () => {
    if (error.textContent) field.set(null);
  });
  return field;
}

export function inputField(
  o: FieldOptions & { type?: string; autocomplete?: string; maxlength?: number; inputmode?: string; placeholder?: string; min?: number; max?: number },
): Field<HTMLInputElement> {
  const input = h('input', {
    class: 'text-input',
    ...(o.placeholder ? { i18nPlaceholder: o.placeholder } : {}),
    attrs: {
      type: o.type ?? 'text',
      autocomplete: o.autocomplete ?? 'off',
      maxlength: o.maxlength,
      inputmode: o.inputmode,
      min: o.min,
      max: o.max,
      'data-testid': o.testid,
      autocapitalize: 'off',
      spellcheck: 'false',
    },
  });
  return wrapField(input, o);
}

export function textareaField(o: FieldOptions & { maxlength?: number; rows?: number; placeholder?: string }): Field<HTMLTextAreaElement> {
  const input = h('textarea', {
    class: 'text-input text-area',
    ...(o.placeholder ? { i18nPlaceholder: o.placeholder } : {}),
    attrs: { maxlength: o.maxlength, rows: o.rows ?? 3, 'data-testid': o.testid },
  });
  return wrapField(input, o);
}

export function selectField(o: FieldOptions & { options: ReadonlyArray<{ value: string; key: string }> }): Field<HTMLSelectElement> {
  const input = h(
    'select',
    { class: 'text-input select-input', attrs: { 'data-testid': o.testid } },
    o.options.map((opt) => h('option', { i18n: opt.key, attrs: { value: opt.value } })),
  );
  return wrapField(input, o);
}

/** The error line of a whole form (what belongs to no single field). */
export function formError(testid: string): HTMLParagraphElement {
  return h('p', { class: 'form-error', attrs: { role: 'alert', 'data-testid': testid } });
}

/**
 * Shows a failure next to the field `route(code)` names, else in `fallback`. Clears the other
 * fields' errors. Returns the field it went to (to focus it).
 */
export function showFailure(
  f: ApiFailure,
  fields: Record<string, Field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>>,
  route: (code: string) => string | null,
  fallback: HTMLElement,
): Field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement> | null {
  for (const fl of Object.values(fields)) fl.set(null);
  setMessage(fallback, null);
  const name = f.kind === 'rejected' ? route(f.error.code) : null;
  const target = name ? fields[name] : undefined;
  if (target) {
    target.set(f);
    return target;
  }
  setMessage(fallback, f);
  return null;
}

/** Disables a button while its request runs. */
export function setBusy(button: HTMLButtonElement, busy: boolean): void {
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
}

/** A date and time in the current language's style. */
export function formatTime(ms: number): string {
  if (!ms) return '';
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) return '';
  return new Intl.DateTimeFormat(lang() === 'ja' ? 'ja-JP' : 'en-GB', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d);
}

/** Which field of the account forms a server error code belongs to. */
export function accountFieldOf(code: string): string | null {
  if (code.startsWith('login_id')) return 'login';
  if (code.startsWith('password')) return 'password';
  if (code.startsWith('name_')) return 'name';
  if (code.startsWith('avatar')) return 'avatar';
  return null;
}
