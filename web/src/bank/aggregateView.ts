// The live aggregate of a survey, "how many share your experience": one bar per answer, the
// person's own answer marked, and every group the server suppressed (fewer than k people) shown
// as "fewer than k" with an empty, hatched bar — never as a number. Free-text questions are not
// in aggregates at all. Used by the surveys tab and the research corner.

import { lang, t } from '../i18n';
import { localize } from '../net/messages';
import { h } from '../ui/dom';
import { type Aggregate, type AggregateRow, type Answer, type Answers, type Survey, aggregateRows } from './survey';

function setKey(el: HTMLElement, key: string, params: Record<string, string | number> = {}): HTMLElement {
  el.dataset.i18n = key;
  el.dataset.i18nParams = JSON.stringify(params);
  el.textContent = t(key, params);
  return el;
}

function serverLabel(tag: 'span' | 'h4', text: Record<string, string>, cls: string): HTMLElement {
  const el = h(tag, { class: cls, text: localize(text, lang()) });
  el.dataset.serverMsg = JSON.stringify(text);
  return el;
}

/** "12 (30%)" or "fewer than 10" for a row. */
function countText(row: AggregateRow, agg: Aggregate, el: HTMLElement): HTMLElement {
  if (row.count === null) return agg.k !== null ? setKey(el, 'bank.agg.fewerThan', { k: agg.k }) : setKey(el, 'bank.agg.fewerThanSome');
  return setKey(el, 'bank.agg.count', { count: row.count, percent: Math.round(row.share * 100) });
}

/** Who shares the person's answer to one question (null when they gave none). */
function sharing(rows: AggregateRow[], agg: Aggregate, mine: Answer | undefined): HTMLElement | null {
  if (mine === undefined) return null;
  const own = rows.filter((r) => r.mine);
  if (own.length === 0) return null;
  const el = h('p', { class: 'agg-share' });
  if (own.length === 1) {
    const r = own[0] as AggregateRow;
    if (r.count === null) return agg.k !== null ? setKey(el, 'bank.agg.shareFew', { k: agg.k }) : setKey(el, 'bank.agg.shareFewSome');
    // the count includes the person: others who answered the same
    return setKey(el, 'bank.agg.share', { count: r.count });
  }
  return setKey(el, 'bank.agg.shareMany');
}

/** A number bin with its unit: "1-3" and 日 / days → "1〜3日" / "1–3 days". */
export function withUnit(value: string, unit: Record<string, string>): Record<string, string> {
  return { ja: `${value.replace('-', '〜')}${unit.ja ?? ''}`, en: `${value.replace('-', '–')} ${unit.en ?? ''}`.trim() };
}

/** More options than this: the ones nobody chose are left out of the chart. */
const LONG_LIST = 12;

export function aggregateView(survey: Survey, agg: Aggregate, mine: Answers | null): HTMLElement {
  const box = h('section', { class: 'aggregate', attrs: { 'data-testid': `aggregate-${survey.id}` } });
  if (agg.allSuppressed) {
    box.dataset.suppressed = 'true';
    box.append(
      agg.k !== null ? setKey(h('p', { class: 'agg-empty', attrs: { 'data-testid': 'agg-too-few' } }), 'bank.agg.tooFew', { k: agg.k }) : setKey(h('p', { class: 'agg-empty', attrs: { 'data-testid': 'agg-too-few' } }), 'bank.agg.tooFewSome'),
      h('p', { class: 'field-hint', i18n: 'bank.agg.whyK' }),
    );
    return box;
  }
  const head = h('p', { class: 'agg-n', attrs: { 'data-testid': 'agg-n' } });
  if (agg.n !== null) {
    head.dataset.n = String(agg.n);
    setKey(head, 'bank.agg.n', { n: agg.n });
  }
  box.append(head, agg.k !== null ? setKey(h('p', { class: 'field-hint' }), 'bank.agg.kNote', { k: agg.k }) : h('p', { class: 'field-hint', i18n: 'bank.agg.whyK' }));
  for (const q of survey.questions) {
    if (q.kind === 'text') continue;
    const all = aggregateRows(q, agg, mine?.[q.id]);
    if (all.length === 0) continue;
    // a long list (47 prefectures) shows only the answers someone gave
    const long = all.length > LONG_LIST;
    const rows = long ? all.filter((r) => r.count !== 0 || r.mine) : all;
    const list = h('ul', { class: 'agg-rows' });
    for (const r of rows) {
      const label = q.kind === 'single' || q.kind === 'multi' ? serverLabel('span', r.label, 'agg-label') : q.unit ? serverLabel('span', withUnit(r.value, q.unit), 'agg-label') : h('span', { class: 'agg-label', text: r.value });
      const fill = h('span', { class: 'agg-fill' });
      fill.style.width = `${Math.round(r.share * 1000) / 10}%`;
      list.append(
        h('li', { class: `agg-row${r.count === null ? ' suppressed' : ''}${r.mine ? ' mine' : ''}`, attrs: { 'data-value': r.value, 'data-count': r.count === null ? 'suppressed' : String(r.count) } }, [
          h('span', { class: 'agg-label-wrap' }, [label, r.mine ? h('span', { class: 'agg-you', i18n: 'bank.agg.you' }) : null]),
          h('span', { class: 'agg-bar', attrs: { 'aria-hidden': 'true' } }, [fill]),
          countText(r, agg, h('span', { class: 'agg-count' })),
        ]),
      );
    }
    box.append(
      h('div', { class: 'agg-question', attrs: { 'data-question': q.id } }, [
        serverLabel('h4', q.text, 'agg-title'),
        sharing(all, agg, mine?.[q.id]),
        list,
        long && rows.length < all.length ? h('p', { class: 'field-hint', i18n: 'bank.agg.othersZero' }) : null,
      ]),
    );
  }
  return box;
}
