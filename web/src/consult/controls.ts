// Small controls shared by the consultation views: a consent switch (a real checkbox, labelled,
// with a plain sentence under it), a character counter, and a person's line in the room.
// Everything goes in as text, never as HTML.

import { t } from '../i18n';
import { h, uid } from '../ui/dom';
import { chars } from './validate';

export interface Consent {
  el: HTMLElement;
  input: HTMLInputElement;
}

/** A checkbox consent: the question as its label, what it means under it. */
export function consentBox(o: { label: string; hint: string; testid: string; checked?: boolean; onChange?: (on: boolean) => void; role?: 'switch' }): Consent {
  const id = uid('consent');
  const hintId = uid('consent-hint');
  const input = h('input', {
    attrs: { type: 'checkbox', id, 'aria-describedby': hintId, 'data-testid': o.testid, role: o.role },
    on: { change: () => o.onChange?.(input.checked) },
  });
  input.checked = o.checked ?? false;
  const el = h('div', { class: 'consult-consent' }, [
    h('label', { class: 'check', attrs: { for: id } }, [input, h('span', { i18n: o.label })]),
    h('p', { class: 'field-hint', i18n: o.hint, attrs: { id: hintId } }),
  ]);
  return { el, input };
}

/** "12 / 200" under a text field; turns red past the limit. Returns the element and an update. */
export function counter(input: HTMLInputElement | HTMLTextAreaElement, max: number, testid: string): { el: HTMLElement; update(): void } {
  const el = h('p', { class: 'consult-counter', attrs: { 'aria-live': 'polite', 'data-testid': testid } });
  const update = () => {
    const n = chars(input.value);
    el.dataset.i18n = 'consult.form.counter';
    el.dataset.i18nParams = JSON.stringify({ n, max });
    el.textContent = t('consult.form.counter', { n, max });
    el.classList.toggle('over', n > max);
  };
  input.addEventListener('input', update);
  update();
  return { el, update };
}
