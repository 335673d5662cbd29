// The surveys tab: the list of surveys (with "already answered"), the consent screen before the
// first answer (what is collected, how it is used, the anonymity choice, k-anonymity in plain
// words), a renderer for every question kind of docs/bank.md with conditional questions, and
// after sending, the live aggregate with the person's own answers marked. One response per
// survey version: an answered survey opens on its aggregate. Owned by the bank panel.

import { lang, t } from '../i18n';
import { localize } from '../net/messages';
import { clear, h, uid } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import { aggregateView } from './aggregateView';
import type { BankApi } from './api';
import { type ChoiceGroup, type ToggleGroup, choiceGroup, toggleGroup } from './chips';
import { type Answer, type Answers, type Survey, type SurveyQuestion, type SurveySummary, isVisible, pruneAnswers, validateAnswers } from './survey';
import { charCount, toHalfWidth } from './validate';

export interface SurveysTabDeps {
  bank: BankApi;
  /** Guests may not answer a members-only survey (the server refuses them too). */
  isMember(): boolean;
  /** What the person answered in this visit, by survey id (to mark "you" in aggregates). */
  mine: Map<string, Answers>;
}

function server(tag: 'p' | 'span' | 'h3' | 'h4' | 'li', text: Record<string, string>, cls = '', attrs: Record<string, string> = {}): HTMLElement {
  const el = h(tag, { class: cls, text: localize(text, lang()), attrs });
  el.dataset.serverMsg = JSON.stringify(text);
  return el;
}

interface Control {
  q: SurveyQuestion;
  el: HTMLElement;
  error: HTMLElement;
  get(): Answer | undefined;
}

export class SurveysTab {
  readonly el = h('div', { class: 'bank-tab surveys-tab', attrs: { 'data-testid': 'bank-surveys' } });
  private readonly body = h('div', { class: 'surveys-body' });
  private readonly error = formError('surveys-error');
  private surveys: SurveySummary[] = [];
  /** Bumped by every change of view, so an answer that comes late does not overwrite a newer view. */
  private token = 0;

  constructor(private readonly deps: SurveysTabDeps) {
    this.el.append(this.error, this.body);
  }

  show(): void {
    void this.list();
  }

  /** Opens one survey (from the research corner's "answer" button). */
  async openById(id: string): Promise<void> {
    const my = ++this.token;
    const res = await this.deps.bank.surveys();
    if (my !== this.token) return;
    if (!res.ok) return setMessage(this.error, res.failure);
    this.surveys = res.value;
    const s = this.surveys.find((x) => x.id === id);
    if (s) await this.open(s);
    else await this.list();
  }

  private async list(): Promise<void> {
    const my = ++this.token;
    setMessage(this.error, null);
    clear(this.body);
    this.body.append(h('p', { class: 'muted', i18n: 'app.loading' }));
    const res = await this.deps.bank.surveys();
    if (my !== this.token) return;
    clear(this.body);
    if (!res.ok) return setMessage(this.error, res.failure);
    this.surveys = res.value;
    this.body.append(h('p', { class: 'bank-intro', i18n: 'bank.survey.intro' }));
    if (this.surveys.length === 0) this.body.append(h('p', { class: 'muted empty-line', i18n: 'bank.survey.none' }));
    const list = h('ul', { class: 'survey-list', attrs: { 'data-testid': 'survey-list' } });
    for (const s of this.surveys) {
      const closed = s.membersOnly && !this.deps.isMember();
      const open = h('button', {
        class: s.answered || closed ? 'btn btn-secondary' : 'btn btn-primary',
        i18n: s.answered || closed ? 'bank.survey.seeResults' : 'bank.survey.answer',
        attrs: { type: 'button', 'data-testid': `survey-open-${s.id}` },
        on: { click: () => void this.open(s) },
      });
      list.append(
        h('li', { class: 'survey-item', attrs: { 'data-testid': `survey-${s.id}`, 'data-answered': String(s.answered) } }, [
          h('div', { class: 'survey-item-main' }, [
            server('h3', s.title, 'survey-title'),
            Object.keys(s.description).length ? server('p', s.description, 'field-hint') : null,
            s.answered ? h('span', { class: 'pill pill-approved', i18n: 'bank.survey.answered', attrs: { 'data-testid': `survey-answered-${s.id}` } }) : null,
            closed && !s.answered ? h('span', { class: 'pill pill-pending', i18n: 'bank.survey.membersOnly' }) : null,
          ]),
          open,
        ]),
      );
    }
    this.body.append(list);
  }

  private async open(s: SurveySummary): Promise<void> {
    const my = ++this.token;
    setMessage(this.error, null);
    const res = await this.deps.bank.survey(s.id);
    if (my !== this.token) return;
    if (!res.ok) return setMessage(this.error, res.failure);
    if (s.answered) return void this.results(res.value, 'bank.survey.alreadyAnswered');
    if (res.value.membersOnly && !this.deps.isMember()) return void this.results(res.value, 'bank.survey.membersOnlyText');
    this.consent(res.value);
  }

  /** Before the first answer: what, why, how, and the choice to answer anonymously. */
  private consent(survey: Survey): void {
    this.token += 1;
    clear(this.body);
    const k = h('p', { class: 'consent-k', i18n: 'bank.survey.consentK' });
    const asked = h('ul', { class: 'consent-asked' }, survey.questions.map((q) => server('li', q.text)));
    const anonymous = choiceGroup({
      legend: 'bank.survey.howLinked',
      testid: 'consent-anonymous',
      value: 'linked',
      wide: true,
      options: [
        { value: 'linked', key: 'bank.survey.linked' },
        { value: 'anonymous', key: 'bank.survey.anonymous' },
      ],
    });
    const agreeId = uid('agree');
    const agree = h('input', { attrs: { type: 'checkbox', id: agreeId, 'data-testid': 'consent-agree' } });
    const error = formError('consent-error');
    const go = h('button', {
      class: 'btn btn-primary btn-large',
      i18n: 'bank.survey.consentGo',
      attrs: { type: 'button', 'data-testid': 'consent-go' },
      on: {
        click: () => {
          if (!agree.checked) {
            setMessage(error, { key: 'bank.survey.consentNeeded' });
            agree.focus();
            return;
          }
          this.form(survey, anonymous.get() === 'anonymous');
        },
      },
    });
    const back = h('button', { class: 'btn btn-secondary', i18n: 'bank.common.back', attrs: { type: 'button' }, on: { click: () => void this.list() } });
    this.body.append(
      h('section', { class: 'consent', attrs: { 'data-testid': 'survey-consent' } }, [
        server('h3', survey.title, 'survey-title'),
        h('h4', { i18n: 'bank.survey.consentTitle' }),
        h('div', { class: 'consent-block' }, [h('h5', { i18n: 'bank.survey.consentWhat' }), h('p', { i18n: 'bank.survey.consentWhatText' }), asked]),
        // the survey's own words when it has them, else the general ones
        h('div', { class: 'consent-block' }, [
          h('h5', { i18n: 'bank.survey.consentUse' }),
          survey.consent ? server('p', survey.consent, 'consent-own', { 'data-testid': 'consent-text' }) : h('p', { i18n: 'bank.survey.consentUseText', attrs: { 'data-testid': 'consent-text' } }),
        ]),
        h('div', { class: 'consent-block' }, [h('h5', { i18n: 'bank.survey.consentKTitle' }), k]),
        h('div', { class: 'consent-block' }, [h('h5', { i18n: 'bank.survey.consentRights' }), h('p', { i18n: 'bank.survey.consentRightsText' })]),
        anonymous.el,
        h('label', { class: 'check', attrs: { for: agreeId } }, [agree, h('span', { i18n: 'bank.survey.consentAgree' })]),
        error,
        h('div', { class: 'form-actions' }, [back, go]),
      ]),
    );
    this.body.scrollIntoView({ block: 'start' });
  }

  private form(survey: Survey, anonymous: boolean): void {
    this.token += 1;
    clear(this.body);
    const controls: Control[] = survey.questions.map((q) => control(q));
    const answers = (): Answers => {
      const out: Answers = {};
      for (const c of controls) {
        const a = c.get();
        if (a !== undefined) out[c.q.id] = a;
      }
      return out;
    };
    const refresh = () => {
      const now = answers();
      for (const c of controls) c.el.hidden = !isVisible(survey, c.q, now);
    };
    const error = formError('survey-form-error');
    const submit = h('button', { class: 'btn btn-primary btn-large', i18n: 'bank.survey.send', attrs: { type: 'submit', 'data-testid': 'survey-send' } });
    const back = h('button', { class: 'btn btn-secondary', i18n: 'common.cancel', attrs: { type: 'button' }, on: { click: () => void this.list() } });
    const form = h('form', { class: 'bank-form survey-form', attrs: { novalidate: true, 'data-testid': 'survey-form' } }, [
      server('h3', survey.title, 'bank-form-title'),
      h('p', { class: 'field-hint', i18n: anonymous ? 'bank.survey.answeringAnonymous' : 'bank.survey.answeringLinked' }),
      ...controls.map((c) => c.el),
      error,
      h('div', { class: 'form-actions sticky-actions' }, [back, submit]),
    ]);
    form.addEventListener('input', refresh);
    form.addEventListener('change', refresh);
    refresh();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const all = answers();
      const errors = validateAnswers(survey, all);
      for (const c of controls) setMessage(c.error, errors[c.q.id] ? { key: errors[c.q.id] as string } : null);
      setMessage(error, null);
      const first = controls.find((c) => errors[c.q.id]);
      if (first) {
        setMessage(error, { key: 'bank.form.errors.checkFields' });
        first.el.querySelector<HTMLElement>('input, textarea')?.focus();
        first.el.scrollIntoView({ block: 'center', behavior: 'smooth' });
        return;
      }
      const sent = pruneAnswers(survey, all);
      setBusy(submit, true);
      const res = await this.deps.bank.respond(survey.id, { version: survey.version, consent: true, anonymous, answers: sent });
      setBusy(submit, false);
      if (!res.ok) {
        const code = res.failure.kind === 'rejected' ? res.failure.error.code : '';
        if (code === 'survey_already_answered') return void this.results(survey, 'bank.survey.alreadyAnswered');
        const field = res.failure.field ? controls.find((c) => c.q.id === res.failure.field || res.failure.field?.endsWith(`.${c.q.id}`)) : undefined;
        if (field) setMessage(field.error, res.failure);
        else setMessage(error, res.failure);
        return;
      }
      this.deps.mine.set(survey.id, sent);
      const s = this.surveys.find((x) => x.id === survey.id);
      if (s) s.answered = true;
      void this.results(survey, 'bank.survey.thanks');
    });
    this.body.append(form);
    this.body.scrollIntoView({ block: 'start' });
    form.querySelector<HTMLElement>('input, textarea')?.focus();
  }

  private async results(survey: Survey, headKey: string): Promise<void> {
    const my = ++this.token;
    clear(this.body);
    const back = h('button', { class: 'btn btn-secondary', i18n: 'bank.survey.backToList', attrs: { type: 'button', 'data-testid': 'survey-back' }, on: { click: () => void this.list() } });
    const head = h('p', { class: headKey === 'bank.survey.thanks' ? 'bank-done' : 'bank-note', i18n: headKey, attrs: { 'data-testid': 'survey-result-head' } });
    const box = h('div', { class: 'aggregate-box' }, [h('p', { class: 'muted', i18n: 'app.loading' })]);
    this.body.append(server('h3', survey.title, 'survey-title'), head, h('h4', { i18n: 'bank.agg.title' }), box, h('div', { class: 'form-actions start' }, [back]));
    const res = await this.deps.bank.aggregate(survey.id);
    if (my !== this.token) return;
    clear(box);
    if (!res.ok) {
      const e = formError('aggregate-error');
      setMessage(e, res.failure);
      box.append(e);
      return;
    }
    box.append(aggregateView(survey, res.value, this.deps.mine.get(survey.id) ?? null));
  }
}

/** The control for one question, by its kind. */
function control(q: SurveyQuestion): Control {
  const testid = `q-${q.id}`;
  const required = q.required ? h('span', { class: 'required', i18n: 'bank.survey.required' }) : null;
  const help = q.help ? server('p', q.help, 'field-hint chip-hint') : null;
  switch (q.kind) {
    case 'single':
    case 'multi': {
      // a long list (the 47 prefectures) is a select, not a wall of chips
      if (q.kind === 'single' && q.options.length > 12) return selectControl(q, testid, required, help);
      const opts = q.options.map((o) => ({ value: o.value, text: o.label }));
      const g: ChoiceGroup | ToggleGroup = q.kind === 'single' ? choiceGroup({ legend: q.text, testid, options: opts, value: '' }) : toggleGroup({ legend: q.text, testid, options: opts, values: [] });
      g.el.querySelector('legend')?.append(required ?? '');
      if (help) g.el.querySelector('legend')?.after(help);
      return {
        q,
        el: g.el,
        error: g.error,
        get: () => {
          const v = g.get();
          return Array.isArray(v) ? (v.length ? v : undefined) : v || undefined;
        },
      };
    }
    case 'scale': {
      const min = q.min ?? 0;
      const max = q.max ?? 10;
      const opts = Array.from({ length: Math.max(0, Math.min(21, max - min + 1)) }, (_, i) => ({ value: String(min + i), text: { ja: String(min + i), en: String(min + i) } }));
      const g = choiceGroup({ legend: q.text, testid, options: opts, value: '' });
      g.el.classList.add('scale-field');
      g.el.querySelector('legend')?.append(required ?? '');
      if (help) g.el.querySelector('legend')?.after(help);
      if (q.minLabel || q.maxLabel) {
        g.el.querySelector('.chips')?.after(h('div', { class: 'scale-ends' }, [q.minLabel ? server('span', q.minLabel) : h('span'), q.maxLabel ? server('span', q.maxLabel) : h('span')]));
      }
      return { q, el: g.el, error: g.error, get: () => (g.get() === '' ? undefined : Number(g.get())) };
    }
    case 'number': {
      const id = uid('q');
      const input = h('input', { class: 'text-input num-input', attrs: { id, type: 'number', inputmode: 'numeric', min: q.min ?? undefined, max: q.max ?? undefined, 'data-testid': testid } });
      const error = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': `${testid}-error` } });
      const label = h('label', { class: 'field-label', attrs: { for: id } }, [server('span', q.text), required]);
      const el = h('div', { class: 'field' }, [label, help, h('span', { class: 'num-with-unit' }, [input, q.unit ? server('span', q.unit, 'unit') : null]), error]);
      return {
        q,
        el,
        error,
        get: () => {
          const v = toHalfWidth(input.value.trim());
          return v === '' ? undefined : Number(v);
        },
      };
    }
    case 'text': {
      const id = uid('q');
      const input = h('textarea', { class: 'text-input text-area', attrs: { id, rows: 3, maxlength: q.maxLength * 2, 'data-testid': testid } });
      const error = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': `${testid}-error` } });
      const counter = h('p', { class: 'field-hint note-counter' });
      const count = () => {
        counter.textContent = t('bank.form.noteCount', { count: charCount(input.value), max: q.maxLength });
      };
      input.addEventListener('input', count);
      count();
      const el = h('div', { class: 'field' }, [
        h('label', { class: 'field-label', attrs: { for: id } }, [server('span', q.text), required]),
        help,
        h('p', { class: 'field-hint chip-hint', i18n: 'bank.survey.textPrivate' }),
        input,
        counter,
        error,
      ]);
      return { q, el, error, get: () => (input.value.trim() === '' ? undefined : input.value) };
    }
  }
}

function selectControl(q: SurveyQuestion, testid: string, required: HTMLElement | null, help: HTMLElement | null): Control {
  const id = uid('q');
  const placeholder = h('option', { i18n: 'bank.survey.choose', attrs: { value: '' } });
  const select = h('select', { class: 'text-input select-input', attrs: { id, 'data-testid': testid } }, [
    placeholder,
    ...q.options.map((o) => {
      const opt = h('option', { text: localize(o.label, lang()), attrs: { value: o.value } });
      opt.dataset.serverMsg = JSON.stringify(o.label);
      return opt;
    }),
  ]);
  const error = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': `${testid}-error` } });
  const el = h('div', { class: 'field' }, [h('label', { class: 'field-label', attrs: { for: id } }, [server('span', q.text), required]), help, select, error]);
  return { q, el, error, get: () => select.value || undefined };
}
