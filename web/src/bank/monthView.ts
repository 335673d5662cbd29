// The month calendar of the diary: every day a button, headache days coloured by how strong
// the worst headache was (with a word for screen readers and dots for colour-blind eyes), a pill
// mark on acute-medication days and a ring on migraine-like days. Sunday first, as Japanese
// calendars are. Owned by the diary tab.

import { lang, t } from '../i18n';
import { clear, h } from '../ui/dom';
import { bankIcon } from './icons';
import { addMonths, daysInMonth, monthOf, parseDate, today, weekday } from './dates';
import { type DayMark, dayMarks, monthStats } from './month';
import type { DiaryEntry } from './types';

function locale(): string {
  return lang() === 'ja' ? 'ja-JP' : 'en-GB';
}

export function monthLabel(month: string): string {
  const d = parseDate(`${month}-01`);
  return d ? new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long' }).format(d) : month;
}

export function shortMonthLabel(month: string): string {
  const d = parseDate(`${month}-01`);
  return d ? new Intl.DateTimeFormat(locale(), { month: 'short' }).format(d) : month;
}

export function dayLabel(date: string, style: 'long' | 'short' = 'long'): string {
  const d = parseDate(date);
  if (!d) return date;
  return new Intl.DateTimeFormat(locale(), style === 'long' ? { month: 'long', day: 'numeric', weekday: 'short' } : { month: 'numeric', day: 'numeric' }).format(d);
}

function weekdayNames(): string[] {
  const f = new Intl.DateTimeFormat(locale(), { weekday: 'short' });
  // 2026-11-01 is a Sunday
  return Array.from({ length: 7 }, (_, i) => f.format(new Date(2026, 10, 1 + i)));
}

export interface CalendarOptions {
  onPick(date: string): void;
  onMonth(month: string): void;
}

export class MonthCalendar {
  readonly el: HTMLElement;
  private readonly title = h('h3', { class: 'cal-title', attrs: { 'aria-live': 'polite', 'data-testid': 'cal-title' } });
  private readonly grid = h('div', { class: 'cal-grid', attrs: { role: 'grid', 'data-testid': 'cal-grid' } });
  private readonly stats = h('p', { class: 'cal-stats', attrs: { 'data-testid': 'cal-stats' } });
  private readonly prev: HTMLButtonElement;
  private readonly next: HTMLButtonElement;
  private month = monthOf(today());
  private entries: readonly DiaryEntry[] = [];
  private selected: string | null = null;

  constructor(private readonly o: CalendarOptions) {
    this.prev = h('button', { class: 'btn btn-ghost btn-icon cal-nav', i18nAria: 'bank.month.prev', attrs: { type: 'button', 'data-testid': 'cal-prev' }, on: { click: () => o.onMonth(addMonths(this.month, -1)) } }, [bankIcon('prev')]);
    this.next = h('button', { class: 'btn btn-ghost btn-icon cal-nav', i18nAria: 'bank.month.next', attrs: { type: 'button', 'data-testid': 'cal-next' }, on: { click: () => o.onMonth(addMonths(this.month, 1)) } }, [bankIcon('next')]);
    const legend = h('ul', { class: 'cal-legend', i18nAria: 'bank.month.legend' }, [
      ...(['mild', 'moderate', 'severe'] as const).map((b) => h('li', {}, [h('span', { class: `cal-swatch band-${b}`, attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: `bank.intensity.${b}` })])),
      h('li', {}, [h('span', { class: 'cal-swatch cal-swatch-migraine', attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: 'bank.month.migraineLike' })]),
      h('li', {}, [h('span', { class: 'cal-pill', attrs: { 'aria-hidden': 'true' } }), h('span', { i18n: 'bank.month.medication' })]),
    ]);
    this.el = h('section', { class: 'calendar', attrs: { 'data-testid': 'calendar' } }, [
      h('header', { class: 'cal-header' }, [this.prev, this.title, this.next]),
      this.grid,
      this.stats,
      legend,
    ]);
  }

  get current(): string {
    return this.month;
  }

  set(month: string, entries: readonly DiaryEntry[], selected: string | null): void {
    this.month = month;
    this.entries = entries;
    this.selected = selected;
    this.render();
  }

  render(): void {
    const month = this.month;
    const marks = dayMarks(this.entries, month);
    this.title.textContent = monthLabel(month);
    this.next.disabled = month >= monthOf(today());
    clear(this.grid);
    const head = h('div', { class: 'cal-row cal-head', attrs: { role: 'row' } });
    weekdayNames().forEach((name, i) => head.append(h('span', { class: `cal-wd wd-${i}`, text: name, attrs: { role: 'columnheader' } })));
    this.grid.append(head);
    const first = weekday(`${month}-01`);
    const days = daysInMonth(month);
    const now = today();
    let row = h('div', { class: 'cal-row', attrs: { role: 'row' } });
    for (let i = 0; i < first; i++) row.append(h('span', { class: 'cal-blank', attrs: { role: 'gridcell' } }));
    for (let d = 1; d <= days; d++) {
      const date = `${month}-${String(d).padStart(2, '0')}`;
      row.append(this.cell(date, marks.get(date), date === now, date > now));
      if ((first + d) % 7 === 0 && d < days) {
        this.grid.append(row);
        row = h('div', { class: 'cal-row', attrs: { role: 'row' } });
      }
    }
    while (row.children.length < 7) row.append(h('span', { class: 'cal-blank', attrs: { role: 'gridcell' } }));
    this.grid.append(row);
    const s = monthStats(this.entries, month);
    this.stats.dataset.i18n = 'bank.month.stats';
    this.stats.dataset.i18nParams = JSON.stringify({ headache: s.headache_days, migraine: s.migraine_like_days, meds: s.acute_med_days });
    this.stats.textContent = t('bank.month.stats', { headache: s.headache_days, migraine: s.migraine_like_days, meds: s.acute_med_days });
  }

  private cell(date: string, mark: DayMark | undefined, isToday: boolean, future: boolean): HTMLElement {
    const classes = ['cal-day'];
    if (mark) classes.push(`band-${mark.band}`);
    if (mark?.migraineLike) classes.push('migraine-like');
    if (isToday) classes.push('today');
    if (date === this.selected) classes.push('selected');
    const what = mark
      ? t('bank.month.dayHeadache', { band: t(`bank.intensity.${mark.band}`), value: mark.intensity, count: mark.entries.length }) + (mark.medication ? t('bank.month.dayMedication') : '')
      : t('bank.month.dayNone');
    const btn = h(
      'button',
      {
        class: classes.join(' '),
        attrs: {
          type: 'button',
          'aria-label': t('bank.month.dayLabel', { date: dayLabel(date), what }),
          'aria-pressed': String(date === this.selected),
          'data-date': date,
          'data-band': mark?.band ?? '',
          'data-testid': `cal-day-${date}`,
          disabled: future,
        },
        on: { click: () => this.o.onPick(date) },
      },
      [
        h('span', { class: 'cal-num', text: String(Number(date.slice(8))) }),
        mark ? h('span', { class: 'cal-dots', text: mark.band === 'severe' ? '●●●' : mark.band === 'moderate' ? '●●' : mark.band === 'mild' ? '●' : '○', attrs: { 'aria-hidden': 'true' } }) : null,
        mark?.medication ? h('span', { class: 'cal-pill', attrs: { 'aria-hidden': 'true' } }) : null,
      ],
    );
    return h('span', { class: 'cal-cell', attrs: { role: 'gridcell' } }, [btn]);
  }
}
