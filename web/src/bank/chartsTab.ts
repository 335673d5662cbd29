// The charts tab: headache days, migraine-like days and acute-medication days for the six months
// up to the month in view, the thresholds worth knowing, and the two ways to take the diary to a
// doctor: a CSV file and a printable one-page summary. Owned by the bank panel.

import { t } from '../i18n';
import { clear, h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import type { BankApi } from './api';
import { barChart } from './charts';
import { diaryCsv } from './csv';
import { addMonths, monthOf, monthsUpTo, today } from './dates';
import { datedName, saveBlob, saveText } from './download';
import { bankIcon } from './icons';
import type { LocalDiary } from './localDiary';
import type { DiaryModel } from './model';
import { monthlySeries } from './month';
import { monthLabel, shortMonthLabel } from './monthView';
import { printSummary } from './print';

export const CHART_MONTHS = 6;

/** Colours of the three measures (also used by the printed summary). */
export const MEASURE_COLORS = { headache_days: '#d9825b', migraine_like_days: '#b9553f', acute_med_days: '#4f8c7d' } as const;
/** Where the dashed line goes: ICHD-3 1.3 (15 and 8 days) and 8.2 (10 days). */
export const THRESHOLDS = { headache_days: 15, migraine_like_days: 8, acute_med_days: 10 } as const;

export interface ChartsTabDeps {
  model: DiaryModel;
  local: LocalDiary;
  bank: BankApi;
  isMember(): boolean;
}

export class ChartsTab {
  readonly el = h('div', { class: 'bank-tab charts-tab', attrs: { 'data-testid': 'bank-charts' } });
  private readonly range = h('h3', { class: 'cal-title', attrs: { 'aria-live': 'polite', 'data-testid': 'charts-range' } });
  private readonly next: HTMLButtonElement;
  private readonly charts = h('div', { class: 'chart-cards' });
  private readonly error = formError('charts-error');

  constructor(private readonly deps: ChartsTabDeps) {
    const prev = h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'bank.charts.prev', attrs: { type: 'button', 'data-testid': 'charts-prev' }, on: { click: () => void deps.model.show(addMonths(deps.model.month, -1)) } }, [bankIcon('prev')]);
    this.next = h('button', { class: 'btn btn-ghost btn-icon', i18nAria: 'bank.charts.next', attrs: { type: 'button', 'data-testid': 'charts-next' }, on: { click: () => void deps.model.show(addMonths(deps.model.month, 1)) } }, [bankIcon('next')]);
    const csv = h('button', { class: 'btn btn-secondary', attrs: { type: 'button', 'data-testid': 'charts-csv' }, on: { click: () => void this.csv(csv) } }, [bankIcon('download'), h('span', { i18n: 'bank.charts.csv' })]);
    const print = h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'data-testid': 'charts-print' }, on: { click: () => this.print() } }, [bankIcon('print'), h('span', { i18n: 'bank.charts.print' })]);
    this.el.append(
      h('header', { class: 'cal-header' }, [prev, this.range, this.next]),
      this.charts,
      h('p', { class: 'bank-note', i18n: 'bank.charts.thresholdNote' }),
      h('section', { class: 'bank-box take-to-doctor' }, [
        h('h3', { i18n: 'bank.charts.doctorTitle' }),
        h('p', { class: 'field-hint', i18n: 'bank.charts.doctorText' }),
        h('div', { class: 'form-actions start' }, [print, csv]),
        this.error,
      ]),
    );
    deps.model.onChange(() => {
      if (this.el.isConnected && !this.el.hidden) this.render();
    });
  }

  show(): void {
    this.render();
  }

  render(): void {
    const m = this.deps.model;
    const months = monthsUpTo(m.month, CHART_MONTHS);
    this.range.textContent = t('bank.charts.range', { from: monthLabel(months[0] as string), to: monthLabel(m.month) });
    this.next.disabled = m.month >= monthOf(today());
    const series = monthlySeries(m.entries, months);
    const labels = months.map(shortMonthLabel);
    clear(this.charts);
    for (const key of ['headache_days', 'migraine_like_days', 'acute_med_days'] as const) {
      const title = t(`bank.charts.${key}`);
      const chart = barChart({
        title,
        labels,
        values: series.map((s) => s[key]),
        color: MEASURE_COLORS[key],
        threshold: { value: THRESHOLDS[key], label: t('bank.charts.thresholdLabel', { days: THRESHOLDS[key] }) },
        describe: (label, value) => t('bank.charts.describe', { month: label, days: value }),
        testid: `chart-${key}`,
      });
      this.charts.append(h('figure', { class: 'chart-card' }, [h('figcaption', { text: title }), chart]));
    }
  }

  private async csv(button: HTMLButtonElement): Promise<void> {
    setMessage(this.error, null);
    const date = today();
    if (!this.deps.isMember()) {
      saveText(diaryCsv(this.deps.local.all()), datedName('headache-diary', 'csv', date), 'text/csv;charset=utf-8');
      return;
    }
    setBusy(button, true);
    const res = await this.deps.bank.diaryCsv();
    setBusy(button, false);
    if (!res.ok) return setMessage(this.error, res.failure);
    saveBlob(res.value.blob, res.value.filename ?? datedName('headache-diary', 'csv', date));
  }

  private print(): void {
    setMessage(this.error, null);
    if (!printSummary({ entries: this.deps.model.entries, month: this.deps.model.month })) setMessage(this.error, { key: 'bank.charts.popupBlocked' });
  }
}
