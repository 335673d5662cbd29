// Finger-sized choice controls for the bank's forms: a group of chips that are real radio
// buttons or checkboxes underneath (so arrow keys, Space and screen readers work as usual), each
// labelled through i18n. Values are strings; a group may offer "don't know" as an empty value.

import { lang } from '../i18n';
import { type Localized, localize } from '../net/messages';
import { h, uid } from '../ui/dom';

export interface ChipOption {
  value: string;
  /** i18n key of the chip's text… */
  key?: string;
  /** …or the server's own text in several languages (a survey's option). */
  text?: Localized;
}

/** The label of a chip: translated by key, or the server's text kept for a language switch. */
function chipLabel(opt: ChipOption, id: string, cls: string): HTMLLabelElement {
  if (opt.key) return h('label', { class: cls, i18n: opt.key, attrs: { for: id } });
  const text = opt.text ?? { ja: opt.value, en: opt.value };
  const label = h('label', { class: cls, text: localize(text, lang()), attrs: { for: id } });
  label.dataset.serverMsg = JSON.stringify(text);
  return label;
}

export interface ChoiceGroup {
  el: HTMLFieldSetElement;
  get(): string;
  set(value: string): void;
  /** The error line under the group. */
  error: HTMLParagraphElement;
}

function group(legend: string | Localized, testid: string, hintKey?: string): { el: HTMLFieldSetElement; box: HTMLDivElement; error: HTMLParagraphElement } {
  const error = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': `${testid}-error` } });
  const box = h('div', { class: 'chips' });
  const el = h('fieldset', { class: 'field chip-field', attrs: { 'data-testid': testid } }, [
    legendOf(legend),
    hintKey ? h('p', { class: 'field-hint chip-hint', i18n: hintKey }) : null,
    box,
    error,
  ]);
  return { el, box, error };
}

/** A legend from an i18n key, or from the server's text in several languages. */
export function legendOf(legend: string | Localized): HTMLLegendElement {
  if (typeof legend === 'string') return h('legend', { class: 'field-label', i18n: legend });
  const el = h('legend', { class: 'field-label', text: localize(legend, lang()) });
  el.dataset.serverMsg = JSON.stringify(legend);
  return el;
}

/** One of several (radio buttons). `onChange` runs after the person picks. */
export function choiceGroup(o: { legend: string | Localized; testid: string; options: readonly ChipOption[]; value: string; hint?: string; onChange?: (v: string) => void; wide?: boolean }): ChoiceGroup {
  const { el, box, error } = group(o.legend, o.testid, o.hint);
  if (o.wide) box.classList.add('chips-wide');
  const name = uid('choice');
  const inputs: HTMLInputElement[] = [];
  for (const opt of o.options) {
    const id = uid('chip');
    const input = h('input', {
      class: 'chip-input',
      attrs: { type: 'radio', name, id, value: opt.value, 'data-testid': `${o.testid}-${opt.value || 'unknown'}` },
      on: { change: () => o.onChange?.(opt.value) },
    });
    input.checked = opt.value === o.value;
    inputs.push(input);
    box.append(input, chipLabel(opt, id, 'chip'));
  }
  return {
    el,
    error,
    get: () => inputs.find((i) => i.checked)?.value ?? '',
    set: (v) => {
      for (const i of inputs) i.checked = i.value === v;
    },
  };
}

export interface ToggleGroup {
  el: HTMLFieldSetElement;
  get(): string[];
  set(values: readonly string[]): void;
  error: HTMLParagraphElement;
}

/** Any number of several (checkboxes). */
export function toggleGroup(o: { legend: string | Localized; testid: string; options: readonly ChipOption[]; values: readonly string[]; hint?: string }): ToggleGroup {
  const { el, box, error } = group(o.legend, o.testid, o.hint);
  const inputs: HTMLInputElement[] = [];
  for (const opt of o.options) {
    const id = uid('chip');
    const input = h('input', { class: 'chip-input', attrs: { type: 'checkbox', id, value: opt.value, 'data-testid': `${o.testid}-${opt.value}` } });
    input.checked = o.values.includes(opt.value);
    inputs.push(input);
    box.append(input, chipLabel(opt, id, 'chip chip-check'));
  }
  return {
    el,
    error,
    get: () => inputs.filter((i) => i.checked).map((i) => i.value),
    set: (values) => {
      for (const i of inputs) i.checked = values.includes(i.value);
    },
  };
}

/** "yes" / "no" / "don't know" for a boolean that may be unknown. */
export function triState(legend: string, testid: string, value: boolean | null, hint?: string): { el: HTMLFieldSetElement; get(): boolean | null } {
  const g = choiceGroup({
    legend,
    testid,
    ...(hint ? { hint } : {}),
    value: value === null ? '' : value ? 'yes' : 'no',
    options: [
      { value: 'yes', key: 'bank.common.yes' },
      { value: 'no', key: 'bank.common.no' },
      { value: '', key: 'bank.common.unknown' },
    ],
  });
  return { el: g.el, get: () => (g.get() === 'yes' ? true : g.get() === 'no' ? false : null) };
}
