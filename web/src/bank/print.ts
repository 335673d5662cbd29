// The one-page summary to show a doctor: the last three months of the diary as numbers, charts,
// small calendars and a few sentences, in a window of its own with a print stylesheet (A4, no
// page chrome). Built with DOM calls in this page, then moved into the new window (same origin,
// about:blank), so nothing is parsed from strings. Says plainly that it is the person's own
// record and not a diagnosis.

import { lang, t } from '../i18n';
import { h } from '../ui/dom';
import { barChart } from './charts';
import { MEASURE_COLORS, THRESHOLDS } from './chartsTab';
import { daysInMonth, monthsUpTo, today, weekday } from './dates';
import { durationText } from './entryView';
import { dayMarks, medDaysByClass, monthlySeries, periodSummary } from './month';
import { monthLabel, shortMonthLabel } from './monthView';
import { type DiaryEntry, MED_CLASSES } from './types';

export const SUMMARY_MONTHS = 3;

const PRINT_CSS = `
@page { size: A4; margin: 11mm 12mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; padding: 18px; font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", system-ui, sans-serif; color: #2d241e; font-size: 12.5px; line-height: 1.5; background: #fff; }
.sheet { max-width: 186mm; margin: 0 auto; }
header { display: flex; justify-content: space-between; align-items: flex-end; gap: 12px; border-bottom: 3px solid #b9553f; padding-bottom: 6px; }
h1 { font-size: 20px; margin: 0; }
h2 { font-size: 13.5px; margin: 12px 0 5px; color: #7a3a2a; }
.meta { text-align: right; color: #5b4a3f; font-size: 11.5px; }
.who { display: flex; gap: 22px; margin: 8px 0 2px; font-size: 12px; }
.who span { flex: 1; border-bottom: 1px solid #9b8b7e; padding-bottom: 2px; color: #5b4a3f; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border: 1px solid #cdbfb2; padding: 3px 6px; text-align: center; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f4ebe1; }
td.hi { font-weight: 700; color: #a5281d; }
.charts { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
figure { margin: 0; border: 1px solid #e3d4c2; border-radius: 8px; padding: 4px 6px 2px; }
figcaption { font-weight: 700; font-size: 11.5px; }
.bar-chart { width: 100%; height: auto; display: block; }
.chart-grid { stroke: #e8ddd1; stroke-width: 1; }
.chart-axis, .chart-label { font-size: 11px; fill: #6b5a4e; }
.chart-value { font-size: 11px; font-weight: 700; fill: #3f3128; }
.chart-threshold { stroke: #a5281d; stroke-width: 1.2; stroke-dasharray: 4 3; }
.chart-threshold-label { font-size: 10px; fill: #a5281d; }
.cals { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.cal h3 { font-size: 12px; margin: 0 0 2px; }
.cal-grid { display: grid; grid-template-columns: repeat(7, 1fr); gap: 2px; }
.cal-grid span { height: 17px; font-size: 10px; text-align: center; line-height: 17px; border-radius: 3px; background: #f7f2ec; }
.cal-grid span.wd { background: none; color: #6b5a4e; }
.cal-grid span.blank { background: none; }
.band-mild { background: #f9dd8e !important; }
.band-moderate { background: #f2a65e !important; }
.band-severe { background: #d9534f !important; color: #fff; }
.mig { outline: 1.5px solid #3f3128; outline-offset: -1.5px; }
.med::after { content: "•"; color: #1f5f50; font-weight: 700; }
.legend { font-size: 10.5px; color: #5b4a3f; margin-top: 3px; }
.legend i { display: inline-block; width: 11px; height: 11px; border-radius: 2px; vertical-align: -1px; margin: 0 3px 0 8px; }
ul.facts { margin: 0; padding-left: 18px; }
.note { margin-top: 10px; padding: 6px 9px; border-radius: 6px; background: #f4ebe1; font-size: 11px; color: #4a3b32; }
.toolbar { display: flex; gap: 8px; justify-content: flex-end; margin-bottom: 10px; }
.toolbar button { font: inherit; font-weight: 700; padding: 8px 16px; border-radius: 999px; border: 0; background: #b9553f; color: #fff; cursor: pointer; min-height: 44px; }
@media print { .toolbar { display: none; } body { padding: 0; } }
@media (max-width: 600px) { .charts, .cals { grid-template-columns: 1fr; } body { padding: 10px; } }
`;

interface SummaryInput {
  entries: readonly DiaryEntry[];
  /** The last month of the summary (the month in view). */
  month: string;
}

/** The summary as one element (exported for tests of its content). */
export function summarySheet(input: SummaryInput): HTMLElement {
  const months = monthsUpTo(input.month, SUMMARY_MONTHS);
  const series = monthlySeries(input.entries, months);
  const summary = periodSummary(input.entries, months);
  const made = today();

  // numbers per month
  const rows: Array<[string, number[], number?]> = [
    [t('bank.print.headacheDays'), series.map((s) => s.headache_days), THRESHOLDS.headache_days],
    [t('bank.print.migraineDays'), series.map((s) => s.migraine_like_days), THRESHOLDS.migraine_like_days],
    [t('bank.print.medDays'), series.map((s) => s.acute_med_days), THRESHOLDS.acute_med_days],
  ];
  const perClass = months.map((m) => medDaysByClass(input.entries, m));
  for (const c of MED_CLASSES) {
    const values = perClass.map((p) => p[c]);
    if (values.some((v) => v > 0)) rows.push([t('bank.print.medClassDays', { med: t(`bank.med.${c}`) }), values, c === 'simple_analgesic' || c === 'nsaid' ? 15 : 10]);
  }
  const missedDays = months.map((m) => new Set(input.entries.filter((e) => e.date.startsWith(m) && e.missed.length > 0).map((e) => e.date)).size);
  rows.push([t('bank.print.missedDays'), missedDays]);
  const table = h('table', {}, [
    h('thead', {}, [h('tr', {}, [h('th', { text: '' }), ...months.map((m) => h('th', { text: monthLabel(m) }))])]),
    h(
      'tbody',
      {},
      rows.map(([label, values, hi]) => h('tr', {}, [h('td', { text: label }), ...values.map((v) => h('td', { class: hi !== undefined && v >= hi ? 'hi' : '', text: t('bank.print.days', { count: v }) }))])),
    ),
  ]);

  // charts: six months, for the trend
  const chartMonths = monthsUpTo(input.month, 6);
  const chartSeries = monthlySeries(input.entries, chartMonths);
  const charts = h(
    'div',
    { class: 'charts' },
    (['headache_days', 'migraine_like_days', 'acute_med_days'] as const).map((key) =>
      h('figure', {}, [
        h('figcaption', { text: t(`bank.charts.${key}`) }),
        barChart({
          title: t(`bank.charts.${key}`),
          labels: chartMonths.map(shortMonthLabel),
          values: chartSeries.map((s) => s[key]),
          color: MEASURE_COLORS[key],
          threshold: { value: THRESHOLDS[key], label: t('bank.charts.thresholdLabel', { days: THRESHOLDS[key] }) },
          describe: (label, value) => t('bank.charts.describe', { month: label, days: value }),
        }),
      ]),
    ),
  );

  // small calendars
  const wd = new Intl.DateTimeFormat(lang() === 'ja' ? 'ja-JP' : 'en-GB', { weekday: 'narrow' });
  const cals = h(
    'div',
    { class: 'cals' },
    months.map((m) => {
      const marks = dayMarks(input.entries, m);
      const grid = h('div', { class: 'cal-grid' });
      for (let i = 0; i < 7; i++) grid.append(h('span', { class: 'wd', text: wd.format(new Date(2026, 10, 1 + i)) }));
      for (let i = 0; i < weekday(`${m}-01`); i++) grid.append(h('span', { class: 'blank' }));
      for (let d = 1; d <= daysInMonth(m); d++) {
        const mark = marks.get(`${m}-${String(d).padStart(2, '0')}`);
        const cls = mark ? [`band-${mark.band}`, mark.migraineLike ? 'mig' : '', mark.medication ? 'med' : ''].join(' ').trim() : '';
        grid.append(h('span', { class: cls, text: String(d) }));
      }
      return h('div', { class: 'cal' }, [h('h3', { text: monthLabel(m) }), grid]);
    }),
  );
  const legend = h('p', { class: 'legend' }, [
    ...(['mild', 'moderate', 'severe'] as const).flatMap((b) => [h('i', { class: `band-${b}` }), t(`bank.intensity.${b}`)]),
    h('i', { class: 'mig' }),
    t('bank.month.migraineLike'),
    ' • ',
    t('bank.month.medication'),
  ]);

  // a few sentences
  const facts: string[] = [t('bank.print.entries', { count: summary.entries })];
  if (summary.meanIntensity !== null) facts.push(t('bank.print.meanIntensity', { value: summary.meanIntensity }));
  if (summary.medianDuration !== null) facts.push(t('bank.print.medianDuration', { value: durationText(Math.round(summary.medianDuration)) }));
  if (summary.triggers.length) facts.push(t('bank.print.triggers', { list: summary.triggers.slice(0, 4).map((x) => `${t(`bank.trigger.${x.trigger}`)} (${x.count})`).join(t('bank.units.list')) }));
  if (summary.goodEffect !== null) facts.push(t('bank.print.goodEffect', { percent: Math.round(summary.goodEffect * 100) }));
  const missed = (['school', 'work', 'housework'] as const).filter((k) => summary.missed[k] > 0);
  if (missed.length) facts.push(t('bank.print.missed', { list: missed.map((k) => `${t(`bank.missed.${k}`)} ${t('bank.print.days', { count: summary.missed[k] })}`).join(t('bank.units.list')) }));

  return h('div', { class: 'sheet', attrs: { 'data-testid': 'print-sheet' } }, [
    h('header', {}, [
      h('div', {}, [h('h1', { text: t('bank.print.title') }), h('div', { text: t('bank.print.period', { from: monthLabel(months[0] as string), to: monthLabel(input.month) }) })]),
      h('div', { class: 'meta' }, [h('div', { text: t('bank.print.made', { date: made }) }), h('div', { text: t('bank.print.source') })]),
    ]),
    h('div', { class: 'who' }, [h('span', { text: t('bank.print.nameLine') }), h('span', { text: t('bank.print.birthLine') })]),
    h('h2', { text: t('bank.print.numbers') }),
    table,
    h('h2', { text: t('bank.print.trend') }),
    charts,
    h('h2', { text: t('bank.print.calendar') }),
    cals,
    legend,
    h('h2', { text: t('bank.print.facts') }),
    h('ul', { class: 'facts' }, facts.map((f) => h('li', { text: f }))),
    h('p', { class: 'note', text: t('bank.print.note') }),
  ]);
}

/** Opens the summary in a new window and the print dialog; false when the window was blocked. */
export function printSummary(input: SummaryInput): boolean {
  const w = window.open('', '_blank');
  if (!w) return false;
  const doc = w.document;
  doc.title = t('bank.print.title');
  doc.documentElement.lang = lang();
  const meta = doc.createElement('meta');
  meta.setAttribute('name', 'viewport');
  meta.setAttribute('content', 'width=device-width, initial-scale=1');
  const style = doc.createElement('style');
  style.textContent = PRINT_CSS;
  doc.head.append(meta, style);
  const printButton = h('button', { text: t('bank.print.printNow'), attrs: { type: 'button' }, on: { click: () => w.print() } });
  const toolbar = h('div', { class: 'toolbar' }, [printButton]);
  const sheet = summarySheet(input);
  doc.body.append(doc.adoptNode(toolbar), doc.adoptNode(sheet));
  // automated browsers have no one to answer a print dialog
  if (!navigator.webdriver) setTimeout(() => w.print(), 300);
  return true;
}
