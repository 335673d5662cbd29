// Admins: consultation statistics over the last 7, 30 or 365 days — how many, how long people
// waited and talked, what came of them, who ended them. Counts only: the server keeps no person
// and no content for these (docs/consultation.md, "Privacy and audit").

import { t } from '../../i18n';
import type { ConsultStats, Spread } from '../../net/apiTypes';
import { topicKey, waitText } from '../../consult/format';
import { OUTCOME_KINDS } from '../../consult/wire';
import { h } from '../dom';
import { type AdminDeps, segmented, showEmpty, showError, showLoading } from './common';

type Days = '7' | '30' | '365';

/** A label and its count, largest first. */
function countRows(counts: Record<string, number>, label: (key: string) => string): HTMLElement[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([key, n]) => h('tr', {}, [h('th', { attrs: { scope: 'row' }, text: label(key) }), h('td', { text: String(n) })]));
}

function table(caption: string, rows: HTMLElement[], testid: string): HTMLElement {
  return h('table', { class: 'stats-table', attrs: { 'data-testid': testid } }, [h('caption', { i18n: caption }), h('tbody', {}, rows)]);
}

function spreadRows(s: Spread): HTMLElement[] {
  return (['p50', 'p90', 'max'] as const).map((k) =>
    h('tr', {}, [h('th', { attrs: { scope: 'row' }, i18n: `admin.consult.${k}` }), h('td', { text: waitText(s[k], t) })]),
  );
}

export class ConsultationsTab {
  readonly el: HTMLElement;
  private readonly body = h('div', { class: 'admin-list stats-grid', attrs: { 'data-testid': 'consult-stats' } });
  private days: Days = '30';

  constructor(private readonly deps: AdminDeps) {
    const filter = segmented<Days>(
      [
        { value: '7', key: 'admin.consult.days7' },
        { value: '30', key: 'admin.consult.days30' },
        { value: '365', key: 'admin.consult.days365' },
      ],
      '30',
      (v) => {
        this.days = v;
        void this.load();
      },
      'consult-stats-days',
    );
    const reload = h('button', { class: 'btn btn-secondary btn-small', i18n: 'admin.reload', attrs: { type: 'button' }, on: { click: () => void this.load() } });
    this.el = h('section', { class: 'admin-tab' }, [
      h('p', { class: 'field-hint', i18n: 'admin.consult.intro' }),
      h('div', { class: 'toolbar' }, [filter.el, reload]),
      this.body,
    ]);
  }

  async load(): Promise<void> {
    showLoading(this.body);
    const res = await this.deps.api.consultationStats(Number(this.days));
    if (!res.ok) return showError(this.body, res.failure);
    if (res.value.count === 0) return showEmpty(this.body, 'admin.consult.none');
    this.show(res.value);
  }

  private show(s: ConsultStats): void {
    const total = h('p', { class: 'stats-total', attrs: { 'data-testid': 'consult-stats-count' } });
    total.textContent = t('admin.consult.count', { count: s.count });
    this.body.replaceChildren(
      total,
      table('admin.consult.wait', spreadRows(s.wait_s), 'consult-stats-wait'),
      table('admin.consult.duration', spreadRows(s.duration_s), 'consult-stats-duration'),
      table('admin.consult.byTopic', countRows(s.by_topic, (k) => t(topicKey(k))), 'consult-stats-topics'),
      table('admin.consult.byOutcome', countRows(s.by_outcome, (k) => t(`consult.outcomes.${(OUTCOME_KINDS as readonly string[]).includes(k) ? k : 'none'}`)), 'consult-stats-outcomes'),
      table('admin.consult.byEnd', countRows(s.by_end, (k) => t(`admin.consult.ends.${k}`)), 'consult-stats-ends'),
    );
  }
}
