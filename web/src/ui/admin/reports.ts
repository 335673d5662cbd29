// Staff: the reports queue (open / resolved), each with the messages kept as evidence, and a
// note to resolve it with.

import { t } from '../../i18n';
import type { Report } from '../../net/apiTypes';
import { h } from '../dom';
import { formError, formatTime, setBusy, setMessage, textareaField } from '../form';

function contextSummary(count: number): HTMLElement {
  const el = h('summary');
  setMessage(el, { key: 'admin.reports.contextCount', params: { count } });
  return el;
}
import { type AdminDeps, type UserRef, segmented, showEmpty, showError, showLoading, userLabel } from './common';

type Status = 'open' | 'resolved';

export class ReportsTab {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'admin-list', attrs: { 'data-testid': 'reports-list' } });
  private status: Status = 'open';

  constructor(
    private readonly deps: AdminDeps,
    private readonly openUser: (u: UserRef) => void,
  ) {
    const filter = segmented<Status>(
      [
        { value: 'open', key: 'admin.reports.open' },
        { value: 'resolved', key: 'admin.reports.resolved' },
      ],
      'open',
      (v) => {
        this.status = v;
        void this.load();
      },
      'reports-filter',
    );
    const reload = h('button', { class: 'btn btn-secondary btn-small', i18n: 'admin.reload', attrs: { type: 'button' }, on: { click: () => void this.load() } });
    this.el = h('section', { class: 'admin-tab' }, [h('div', { class: 'toolbar' }, [filter.el, reload]), this.list]);
  }

  async load(): Promise<void> {
    showLoading(this.list);
    const res = await this.deps.api.reports(this.status);
    if (!res.ok) return showError(this.list, res.failure);
    if (res.value.length === 0) return showEmpty(this.list, this.status === 'open' ? 'admin.reports.noneOpen' : 'admin.reports.noneResolved');
    this.list.replaceChildren(...res.value.map((r) => this.item(r)));
  }

  private item(r: Report): HTMLElement {
    const subjectName = r.context.find((m) => m.user === r.subject_id)?.name ?? '';
    const subject: UserRef = { id: r.subject_id, name: subjectName };
    const context = h(
      'ol',
      { class: 'context-list', i18nAria: 'admin.reports.context' },
      r.context.map((m) =>
        h('li', { class: m.id === r.message_id && r.message_id > 0 ? 'context-msg reported' : m.user === r.subject_id ? 'context-msg by-subject' : 'context-msg' }, [
          h('span', { class: 'context-time', text: formatTime(m.ts) }),
          h('span', { class: 'context-name', text: m.name }),
          h('span', { class: 'context-text' }, [
            m.text,
            m.id === r.message_id && r.message_id > 0 ? h('span', { class: 'context-flag', i18n: 'admin.reports.reportedLine' }) : null,
          ]),
        ]),
      ),
    );
    const body: Array<HTMLElement | null> = [
      h('header', { class: 'item-head' }, [
        h('span', { class: 'pill pill-reason', i18n: `report.reasons.${r.reason}` }),
        h('span', { class: 'item-id', text: `#${r.id}` }),
        h('time', { class: 'item-time', text: formatTime(r.created_ms) }),
      ]),
      h('p', { class: 'item-line' }, [
        h('span', { class: 'item-key', i18n: 'admin.reports.subject' }),
        h('button', {
          class: 'btn btn-link btn-inline',
          text: userLabel(subject),
          attrs: { type: 'button', 'data-testid': `report-${r.id}-subject` },
          on: { click: () => this.openUser(subject) },
        }),
      ]),
      h('p', { class: 'item-line' }, [
        h('span', { class: 'item-key', i18n: 'admin.reports.reporter' }),
        h('span', { text: `#${r.reporter_id}` }),
        r.space ? h('span', { class: 'muted', text: t('admin.reports.inSpace', { space: r.space }) }) : null,
      ]),
      r.detail ? h('blockquote', { class: 'item-quote', text: r.detail }) : null,
      r.context.length > 0
        ? h('details', { class: 'context', attrs: { open: r.message_id > 0 || r.status === 'open' } }, [contextSummary(r.context.length), context])
        : h('p', { class: 'muted', i18n: 'admin.reports.noContext' }),
    ];
    if (r.status === 'open') {
      const note = textareaField({ label: 'admin.reports.resolution', testid: `report-${r.id}-resolution`, maxlength: 1000, rows: 2 });
      const error = formError(`report-${r.id}-error`);
      const resolve = h('button', { class: 'btn btn-primary', i18n: 'admin.reports.resolve', attrs: { type: 'submit', 'data-testid': `report-${r.id}-resolve` } });
      const form = h('form', { class: 'stack', attrs: { novalidate: true } }, [note.el, error, h('div', { class: 'form-actions' }, [resolve])]);
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        note.set(null);
        setMessage(error, null);
        setBusy(resolve, true);
        const res = await this.deps.api.resolveReport(r.id, note.input.value);
        setBusy(resolve, false);
        if (!res.ok) {
          if (res.failure.kind === 'rejected' && res.failure.error.code === 'resolution_invalid') note.set(res.failure);
          else setMessage(error, res.failure);
          return;
        }
        this.deps.toast('admin.reports.resolvedToast', { id: r.id });
        void this.load();
      });
      body.push(form);
    } else {
      body.push(
        h('div', { class: 'resolution' }, [
          h('span', { class: 'item-key', i18n: 'admin.reports.resolution' }),
          h('p', { text: r.resolution }),
          h('time', { class: 'item-time', text: formatTime(r.resolved_ms) }),
        ]),
      );
    }
    return h('article', { class: 'admin-item report-item', attrs: { 'data-testid': `report-${r.id}`, 'data-report': r.id } }, body);
  }
}
