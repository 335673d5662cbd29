// The self-check tab: the red-flag symptoms first (they need urgent care, whatever any check
// says), then a check of the diary or of a short questionnaire against ICHD-3 (POST
// /api/selfcheck; the server keeps nothing). The answer is shown as guidance in the server's
// words, never as a diagnosis, with the way to a specialist. Owned by the bank panel.

import { lang, t } from '../i18n';
import { localize } from '../net/messages';
import { clear, h, uid } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import type { BankApi } from './api';
import { choiceGroup, toggleGroup, triState } from './chips';
import { consultBlock } from './consult';
import { bankIcon } from './icons';
import type { LocalDiary } from './localDiary';
import { shortMonthLabel } from './monthView';
import { CHECK_CODES, type Questionnaire, type QuestionnaireErrors, blankQuestionnaire, codeKey, diaryBody, orderResults, questionnaireBody, validateQuestionnaire } from './selfcheck';
import { INTENSITY_PRESETS, MED_CLASSES, type MedClass, type SelfCheck, SYMPTOMS } from './types';
import { toHalfWidth } from './validate';

/** The red flags shown before any check (the server's list replaces them in a result). */
export const RED_FLAGS = ['thunderclap', 'fever_neck', 'neuro', 'new_after_50', 'injury', 'changed', 'pregnancy'] as const;

export interface SelfCheckDeps {
  bank: BankApi;
  local: LocalDiary;
  isMember(): boolean;
  /** How many entries the diary has (loaded window for members, all for guests). */
  diaryCount(): number;
}

export class SelfCheckTab {
  readonly el = h('div', { class: 'bank-tab check-tab', attrs: { 'data-testid': 'bank-check' } });
  private readonly start = h('div', { class: 'check-start' });
  private readonly formBox = h('div', { class: 'check-form-box' });
  private readonly results = h('div', { class: 'check-results', attrs: { 'data-testid': 'check-results', 'aria-live': 'polite', tabindex: -1 } });
  private readonly error = formError('check-error');
  private readonly fromDiary: HTMLButtonElement;
  private readonly diaryHint = h('p', { class: 'field-hint' });
  /** The red flags before any check; a result shows them itself. */
  private readonly startFlags = redFlagBox(null);

  constructor(private readonly deps: SelfCheckDeps) {
    this.fromDiary = h(
      'button',
      { class: 'btn btn-primary btn-large btn-wide', attrs: { type: 'button', 'data-testid': 'check-diary' }, on: { click: () => void this.checkDiary() } },
      [bankIcon('diary'), h('span', { i18n: 'bank.check.fromDiary' })],
    );
    const fromQuestions = h(
      'button',
      { class: 'btn btn-secondary btn-large btn-wide', attrs: { type: 'button', 'data-testid': 'check-questions' }, on: { click: () => this.openQuestionnaire() } },
      [bankIcon('chart'), h('span', { i18n: 'bank.check.fromQuestions' })],
    );
    this.start.append(
      h('p', { class: 'bank-intro', i18n: 'bank.check.intro' }),
      this.startFlags,
      h('div', { class: 'check-choices' }, [h('div', {}, [this.fromDiary, this.diaryHint]), h('div', {}, [fromQuestions, h('p', { class: 'field-hint', i18n: 'bank.check.questionsHint' })])]),
      this.error,
    );
    this.formBox.hidden = true;
    this.el.append(this.start, this.formBox, this.results);
  }

  show(): void {
    const n = this.deps.isMember() ? this.deps.diaryCount() : this.deps.local.count;
    this.diaryHint.dataset.i18n = n > 0 ? 'bank.check.diaryHint' : 'bank.check.diaryEmpty';
    this.diaryHint.dataset.i18nParams = JSON.stringify({ count: n });
    this.diaryHint.textContent = t(this.diaryHint.dataset.i18n, { count: n });
    this.fromDiary.disabled = n === 0 && !this.deps.isMember();
  }

  private async checkDiary(): Promise<void> {
    setMessage(this.error, null);
    setBusy(this.fromDiary, true);
    const body = this.deps.isMember() ? {} : diaryBody(this.deps.local.all());
    const res = await this.deps.bank.selfCheck(body);
    setBusy(this.fromDiary, false);
    if (!res.ok) return setMessage(this.error, res.failure);
    this.showResult(res.value);
  }

  private openQuestionnaire(): void {
    clear(this.results);
    clear(this.formBox);
    this.formBox.append(this.questionnaireForm());
    this.formBox.hidden = false;
    this.start.hidden = true;
    this.formBox.querySelector<HTMLElement>('input')?.focus();
  }

  private questionnaireForm(): HTMLFormElement {
    const q = blankQuestionnaire();
    const numbers = {
      attacks_total: numberField('bank.check.q.attacks', 'check-attacks', 0, 100000, 'bank.check.q.attacksHint'),
      duration_hours_typical: numberField('bank.check.q.duration', 'check-duration', 0, 168, 'bank.check.q.durationHint', 0.5),
      headache_days_per_month: numberField('bank.check.q.days', 'check-days', 0, 31),
      months: numberField('bank.check.q.months', 'check-months', 0, 600, 'bank.check.q.monthsHint'),
    };
    const intensity = choiceGroup({
      legend: 'bank.check.q.intensity',
      testid: 'check-intensity',
      value: '',
      options: [...(['mild', 'moderate', 'severe'] as const).map((b) => ({ value: b, key: `bank.intensity.${b}` })), { value: '', key: 'bank.common.unknown' }],
    });
    const side = choiceGroup({ legend: 'bank.form.side', testid: 'check-side', value: '', options: [{ value: 'one', key: 'bank.side.one' }, { value: 'both', key: 'bank.side.both' }, { value: '', key: 'bank.common.unknown' }] });
    const character = choiceGroup({
      legend: 'bank.form.character',
      testid: 'check-character',
      value: '',
      options: [{ value: 'pulsating', key: 'bank.character.pulsating' }, { value: 'pressing', key: 'bank.character.pressing' }, { value: 'other', key: 'bank.character.other' }, { value: '', key: 'bank.common.unknown' }],
    });
    const activity = triState('bank.form.activity', 'check-activity', null, 'bank.form.activityHint');
    const symptoms = toggleGroup({ legend: 'bank.check.q.symptoms', testid: 'check-symptoms', values: [], options: SYMPTOMS.map((s) => ({ value: s, key: `bank.symptom.${s}` })) });
    const medInputs = new Map<MedClass, HTMLInputElement>();
    const medError = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': 'check-meds-error' } });
    const medGrid = h('div', { class: 'med-days' });
    for (const c of MED_CLASSES) {
      const id = uid('med-days');
      const input = h('input', { class: 'text-input num-input', attrs: { id, type: 'number', inputmode: 'numeric', min: 0, max: 31, 'data-testid': `check-med-${c}` } });
      medInputs.set(c, input);
      medGrid.append(h('label', { class: 'med-days-item', attrs: { for: id } }, [h('span', { i18n: `bank.med.${c}` }), h('span', { class: 'med-days-input' }, [input, h('span', { i18n: 'bank.check.q.daysUnit' })])]));
    }
    const meds = h('fieldset', { class: 'field' }, [h('legend', { class: 'field-label', i18n: 'bank.check.q.meds' }), h('p', { class: 'field-hint chip-hint', i18n: 'bank.check.q.medsHint' }), medGrid, medError]);
    const error = formError('check-form-error');
    const submit = h('button', { class: 'btn btn-primary btn-large', i18n: 'bank.check.run', attrs: { type: 'submit', 'data-testid': 'check-run' } });
    const back = h('button', {
      class: 'btn btn-secondary',
      i18n: 'bank.common.back',
      attrs: { type: 'button' },
      on: {
        click: () => {
          this.formBox.hidden = true;
          this.start.hidden = false;
        },
      },
    });
    const form = h('form', { class: 'bank-form', attrs: { novalidate: true, 'data-testid': 'check-form' } }, [
      h('h3', { class: 'bank-form-title', i18n: 'bank.check.questionsTitle' }),
      h('section', { class: 'form-section' }, [numbers.attacks_total.el, numbers.duration_hours_typical.el, intensity.el]),
      h('section', { class: 'form-section' }, [side.el, character.el, activity.el, symptoms.el]),
      h('section', { class: 'form-section' }, [numbers.headache_days_per_month.el, numbers.months.el, meds]),
      error,
      h('div', { class: 'form-actions sticky-actions' }, [back, submit]),
    ]);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      for (const [k, f] of Object.entries(numbers)) q[k as keyof typeof numbers] = f.value();
      const band = intensity.get();
      q.intensity = band ? INTENSITY_PRESETS[band as keyof typeof INTENSITY_PRESETS] : null;
      q.side = (side.get() || null) as Questionnaire['side'];
      q.character = (character.get() || null) as Questionnaire['character'];
      q.worse_with_activity = activity.get();
      const chosen = symptoms.get();
      for (const s of SYMPTOMS) q[s] = chosen.includes(s);
      q.acute_med_days_per_month = {};
      for (const [c, input] of medInputs) {
        const v = input.value.trim();
        if (v !== '') q.acute_med_days_per_month[c] = Number(toHalfWidth(v));
      }
      const errors: QuestionnaireErrors = validateQuestionnaire(q);
      for (const [k, f] of Object.entries(numbers)) f.set(errors[k as keyof typeof numbers] ?? null);
      setMessage(medError, errors.acute_med_days_per_month ? { key: errors.acute_med_days_per_month } : null);
      setMessage(error, null);
      if (Object.keys(errors).length > 0) {
        setMessage(error, { key: 'bank.form.errors.checkFields' });
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      setBusy(submit, true);
      const res = await this.deps.bank.selfCheck(questionnaireBody(q));
      setBusy(submit, false);
      if (!res.ok) return setMessage(error, res.failure);
      this.formBox.hidden = true;
      this.start.hidden = false;
      this.showResult(res.value);
    });
    return form;
  }

  private showResult(r: SelfCheck): void {
    clear(this.results);
    this.startFlags.hidden = true;
    const ordered = orderResults(r.results);
    const shown = ordered.filter((x) => x.status !== 'no');
    const rest = ordered.filter((x) => x.status === 'no');
    const card = (x: (typeof ordered)[number]) =>
      h('article', { class: `check-card status-${x.status}`, attrs: { 'data-testid': `check-result-${codeKey(x.code)}`, 'data-status': x.status } }, [
        h('div', { class: 'check-card-top' }, [
          (CHECK_CODES as readonly string[]).includes(x.code) ? h('h4', { i18n: `bank.check.codes.${codeKey(x.code)}` }) : h('h4', { text: `ICHD-3 ${x.code}` }),
          h('span', { class: `check-status status-${x.status}`, i18n: `bank.check.status.${x.status}` }),
        ]),
        serverText('p', x.explain, 'check-explain'),
      ]);
    const body = h('div', { class: 'check-results-body' }, [
      h('h3', { class: 'check-results-title', i18n: 'bank.check.resultTitle' }),
      h('p', { class: 'not-diagnosis', i18n: 'bank.check.notDiagnosis', attrs: { role: 'note' } }),
      serverText('p', r.guidance, 'check-guidance', 'check-guidance'),
      redFlagBox(r.red_flags.length ? r.red_flags.map((f) => f.text) : null),
      ...(shown.length ? shown.map(card) : [h('p', { class: 'muted', i18n: 'bank.check.noneMatch' })]),
      rest.length ? h('details', { class: 'check-rest' }, [h('summary', { i18n: 'bank.check.others' }), ...rest.map(card)]) : null,
      r.monthly.length ? monthlyTable(r.monthly) : null,
      consultBlock('selfcheck'),
    ]);
    this.results.append(body);
    this.results.focus();
    this.results.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }
}

/** The server's {"ja","en"} text, kept on the element so a language switch shows the other. */
function serverText(tag: 'p' | 'span', text: Record<string, string>, cls: string, testid?: string): HTMLElement {
  const el = h(tag, { class: cls, text: localize(text, lang()), attrs: testid ? { 'data-testid': testid } : {} });
  el.dataset.serverMsg = JSON.stringify(text);
  return el;
}

/** The symptoms that need urgent care: the fixed list, or the server's (`texts`). */
export function redFlagBox(texts: Array<Record<string, string>> | null): HTMLElement {
  const items = texts ? texts.map((x) => serverText('span', x, 'red-flag-text')) : RED_FLAGS.map((k) => h('span', { i18n: `bank.redFlags.${k}` }));
  return h('section', { class: 'red-flags', attrs: { role: 'note', 'data-testid': 'red-flags' } }, [
    h('h3', {}, [bankIcon('alert'), h('span', { i18n: 'bank.redFlags.title' })]),
    h('ul', {}, items.map((x) => h('li', {}, [x]))),
    h('p', { class: 'red-flags-action', i18n: 'bank.redFlags.action' }),
  ]);
}

function monthlyTable(rows: SelfCheck['monthly']): HTMLElement {
  return h('section', { class: 'bank-box' }, [
    h('h3', { i18n: 'bank.check.monthlyTitle' }),
    h('div', { class: 'table-scroll' }, [
      h('table', { class: 'bank-table', attrs: { 'data-testid': 'check-monthly' } }, [
        h('thead', {}, [h('tr', {}, [h('th', { i18n: 'bank.check.month' }), h('th', { i18n: 'bank.charts.headache_days' }), h('th', { i18n: 'bank.charts.migraine_like_days' }), h('th', { i18n: 'bank.charts.acute_med_days' })])]),
        h(
          'tbody',
          {},
          rows.map((m) => h('tr', {}, [h('td', { text: shortMonthLabel(m.month) }), h('td', { text: String(m.headache_days) }), h('td', { text: String(m.migraine_like_days) }), h('td', { text: String(m.acute_med_days) })])),
        ),
      ]),
    ]),
  ]);
}

interface NumberField {
  el: HTMLElement;
  value(): number | null;
  set(key: string | null): void;
}

function numberField(label: string, testid: string, min: number, max: number, hint?: string, step = 1): NumberField {
  const id = uid('num');
  const input = h('input', { class: 'text-input num-input', attrs: { id, type: 'number', inputmode: step < 1 ? 'decimal' : 'numeric', min, max, step, 'data-testid': testid } });
  const error = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': `${testid}-error` } });
  const el = h('div', { class: 'field' }, [h('label', { class: 'field-label', i18n: label, attrs: { for: id } }), hint ? h('p', { class: 'field-hint chip-hint', i18n: hint }) : null, input, error]);
  return {
    el,
    value: () => {
      const v = toHalfWidth(input.value.trim());
      return v === '' ? null : Number(v);
    },
    set: (key) => {
      setMessage(error, key ? { key } : null);
      input.setAttribute('aria-invalid', String(key !== null));
    },
  };
}
