// The research corner's own tab, "everyone's experience": the live aggregate of every public
// survey, one after another, with a button to read them again. Opened from the HUD and from the
// research-corner booth in the plaza. Counts only; small groups are "fewer than k".

import { lang } from '../i18n';
import { localize } from '../net/messages';
import { clear, h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import { aggregateView } from './aggregateView';
import type { BankApi } from './api';
import type { Answers } from './survey';

export interface ResearchTabDeps {
  bank: BankApi;
  mine: Map<string, Answers>;
  /** Opens a survey in the surveys tab. */
  answer(id: string): void;
}

export class ResearchTab {
  readonly el = h('div', { class: 'bank-tab research-tab', attrs: { 'data-testid': 'bank-research' } });
  private readonly list = h('div', { class: 'research-list', attrs: { 'aria-live': 'polite' } });
  private readonly error = formError('research-error');
  private readonly refresh: HTMLButtonElement;

  constructor(private readonly deps: ResearchTabDeps) {
    this.refresh = h('button', { class: 'btn btn-secondary btn-small', i18n: 'bank.research.refresh', attrs: { type: 'button', 'data-testid': 'research-refresh' }, on: { click: () => void this.load() } });
    this.el.append(
      h('div', { class: 'research-head' }, [h('p', { class: 'bank-intro', i18n: 'bank.research.intro' }), this.refresh]),
      this.error,
      this.list,
      h('p', { class: 'field-hint', i18n: 'bank.research.privacy' }),
    );
  }

  show(): void {
    void this.load();
  }

  private async load(): Promise<void> {
    setMessage(this.error, null);
    setBusy(this.refresh, true);
    const res = await this.deps.bank.surveys();
    if (!res.ok) {
      setBusy(this.refresh, false);
      return setMessage(this.error, res.failure);
    }
    const blocks = await Promise.all(
      res.value.map(async (s) => {
        const [def, agg] = await Promise.all([this.deps.bank.survey(s.id), this.deps.bank.aggregate(s.id)]);
        const title = h('h3', { class: 'survey-title', text: localize(s.title, lang()) });
        title.dataset.serverMsg = JSON.stringify(s.title);
        const body: Node[] = [];
        if (!def.ok || !agg.ok) {
          const e = formError(`research-error-${s.id}`);
          const f = !def.ok ? def.failure : !agg.ok ? agg.failure : null;
          setMessage(e, f);
          body.push(e);
        } else {
          body.push(aggregateView(def.value, agg.value, this.deps.mine.get(s.id) ?? null));
        }
        const answer = s.answered
          ? h('span', { class: 'pill pill-approved', i18n: 'bank.survey.answered' })
          : h('button', { class: 'btn btn-primary btn-small', i18n: 'bank.research.answer', attrs: { type: 'button', 'data-testid': `research-answer-${s.id}` }, on: { click: () => this.deps.answer(s.id) } });
        return h('section', { class: 'research-card', attrs: { 'data-testid': `research-${s.id}` } }, [h('header', { class: 'research-card-head' }, [title, answer]), ...body]);
      }),
    );
    setBusy(this.refresh, false);
    clear(this.list);
    if (blocks.length === 0) this.list.append(h('p', { class: 'muted empty-line', i18n: 'bank.survey.none' }));
    this.list.append(...blocks);
  }
}
