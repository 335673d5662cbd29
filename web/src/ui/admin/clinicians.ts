// Admins: clinician applications (approve / reject with a note), the roster import (a CSV file
// sent as it is, text/csv) and the audit log with its hash-chain check.

import { t } from '../../i18n';
import type { AuditEntry, ClinicianApplication } from '../../net/apiTypes';
import { h } from '../dom';
import { formError, formatTime, inputField, setBusy, setMessage } from '../form';
import { uiIcon } from '../icons';
import { type AdminDeps, segmented, showEmpty, showError, showLoading } from './common';
import { auditList } from './users';

type AppStatus = 'pending' | 'approved' | 'rejected';

export class CliniciansTab {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'admin-list', attrs: { 'data-testid': 'applications-list' } });
  private status: AppStatus = 'pending';

  constructor(private readonly deps: AdminDeps) {
    const filter = segmented<AppStatus>(
      [
        { value: 'pending', key: 'clinician.status.pending' },
        { value: 'approved', key: 'clinician.status.approved' },
        { value: 'rejected', key: 'clinician.status.rejected' },
      ],
      'pending',
      (v) => {
        this.status = v;
        void this.load();
      },
      'applications-filter',
    );
    const reload = h('button', { class: 'btn btn-secondary btn-small', i18n: 'admin.reload', attrs: { type: 'button' }, on: { click: () => void this.load() } });
    this.el = h('section', { class: 'admin-tab' }, [h('div', { class: 'toolbar' }, [filter.el, reload]), this.list]);
  }

  async load(): Promise<void> {
    showLoading(this.list);
    const res = await this.deps.api.clinicianApplications(this.status);
    if (!res.ok) return showError(this.list, res.failure);
    if (res.value.length === 0) return showEmpty(this.list, 'admin.clinicians.none');
    this.list.replaceChildren(...res.value.map((a) => this.item(a)));
  }

  private item(a: ClinicianApplication): HTMLElement {
    const rows: Array<[string, string]> = [
      ['clinician.realName', a.real_name],
      ['clinician.number', a.registration_number],
      ['clinician.specialty', a.specialty],
      ['clinician.affiliation', a.affiliation],
      ['admin.clinicians.user', `#${a.user_id}`],
      ['clinician.appliedAt', formatTime(a.created_ms)],
    ];
    if (a.decided_ms) rows.push(['admin.clinicians.decidedAt', formatTime(a.decided_ms)]);
    if (a.decision_note) rows.push(['clinician.note', a.decision_note]);
    const parts: HTMLElement[] = [
      h('header', { class: 'item-head' }, [
        h('span', { class: `pill pill-${a.status}`, i18n: `clinician.status.${a.status}` }),
        h('strong', { text: a.real_name }),
        h('span', { class: 'item-id', text: `#${a.id}` }),
      ]),
      h('dl', { class: 'kv' }, rows.flatMap(([k, v]) => [h('dt', { i18n: k }), h('dd', { text: v })])),
    ];
    if (a.status === 'pending') {
      const note = inputField({ label: 'admin.clinicians.note', testid: `app-${a.id}-note`, maxlength: 1000 });
      const error = formError(`app-${a.id}-error`);
      const decide = (approve: boolean) => async (e: Event) => {
        const button = e.currentTarget as HTMLButtonElement;
        setMessage(error, null);
        setBusy(button, true);
        const res = await this.deps.api.decideApplication(a.id, approve, note.input.value);
        setBusy(button, false);
        if (!res.ok) return setMessage(error, res.failure);
        this.deps.toast(approve ? 'admin.clinicians.approvedToast' : 'admin.clinicians.rejectedToast', { name: a.real_name });
        void this.load();
      };
      parts.push(
        note.el,
        error,
        h('div', { class: 'form-actions' }, [
          h('button', { class: 'btn btn-secondary', i18n: 'admin.clinicians.reject', attrs: { type: 'button', 'data-testid': `app-${a.id}-reject` }, on: { click: decide(false) } }),
          h('button', { class: 'btn btn-primary', i18n: 'admin.clinicians.approve', attrs: { type: 'button', 'data-testid': `app-${a.id}-approve` }, on: { click: decide(true) } }),
        ]),
      );
    }
    return h('article', { class: 'admin-item', attrs: { 'data-testid': `application-${a.id}` } }, parts);
  }
}

export class RosterTab {
  readonly el: HTMLElement;
  private readonly result = h('div', { class: 'roster-result', attrs: { 'data-testid': 'roster-result', 'aria-live': 'polite' } });

  constructor(private readonly deps: AdminDeps) {
    const fileId = `roster-file-${Math.random().toString(36).slice(2, 8)}`;
    const file = h('input', { class: 'file-input', attrs: { type: 'file', id: fileId, accept: '.csv,text/csv', 'data-testid': 'roster-file' } });
    const error = formError('roster-error');
    const upload = h('button', { class: 'btn btn-primary', i18n: 'admin.roster.upload', attrs: { type: 'submit', 'data-testid': 'roster-upload' } });
    const form = h('form', { class: 'admin-item stack', attrs: { novalidate: true } }, [
      h('h4', { i18n: 'admin.roster.heading' }),
      h('p', { class: 'field-hint', i18n: 'admin.roster.intro' }),
      h('pre', { class: 'csv-sample', text: 'registration_number,name,specialty\nS123456,山田 太郎,頭痛専門医' }),
      h('div', { class: 'field' }, [h('label', { class: 'field-label', i18n: 'admin.roster.file', attrs: { for: fileId } }), file]),
      error,
      h('div', { class: 'form-actions' }, [upload]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      setMessage(error, null);
      const chosen = file.files?.[0];
      if (!chosen) return setMessage(error, { key: 'admin.roster.needFile' });
      if (chosen.size > 2_000_000) return setMessage(error, { key: 'admin.roster.tooBig' });
      setBusy(upload, true);
      const text = await chosen.text();
      const res = await this.deps.api.importRoster(text);
      setBusy(upload, false);
      if (!res.ok) return setMessage(error, res.failure);
      const r = res.value;
      const done = h('p', { class: 'notice' });
      setMessage(done, { key: 'admin.roster.done', params: { rows: r.rows, approved: r.approved } });
      this.result.replaceChildren(done);
      if (r.errors.length > 0) {
        this.result.append(h('h4', { i18n: 'admin.roster.errors' }), h('ul', { class: 'plain-list roster-errors' }, r.errors.map((x) => h('li', { text: x }))));
      }
      this.deps.toast('admin.roster.toast', { rows: r.rows });
    });
    this.el = h('section', { class: 'admin-tab' }, [form, this.result]);
  }
}

export class AuditTab {
  readonly el: HTMLElement;
  private readonly list = h('div', { class: 'audit-box' });
  private readonly verdict = h('div', { class: 'verdict', attrs: { 'data-testid': 'audit-verdict', 'aria-live': 'polite' } });
  private readonly more: HTMLButtonElement;
  private entries: AuditEntry[] = [];

  constructor(private readonly deps: AdminDeps) {
    const verify = h(
      'button',
      {
        class: 'btn btn-primary',
        attrs: { type: 'button', 'data-testid': 'audit-verify' },
        on: { click: () => void this.verify(verify) },
      },
      [uiIcon('shield'), h('span', { i18n: 'admin.audit.verify' })],
    );
    this.more = h('button', {
      class: 'btn btn-secondary',
      i18n: 'admin.audit.more',
      attrs: { type: 'button', 'data-testid': 'audit-more' },
      on: { click: () => void this.page(this.entries.at(-1)?.id ?? 0) },
    });
    this.more.hidden = true;
    this.el = h('section', { class: 'admin-tab' }, [
      h('div', { class: 'admin-item' }, [h('p', { class: 'field-hint', i18n: 'admin.audit.intro' }), h('div', { class: 'form-actions start' }, [verify]), this.verdict]),
      this.list,
      h('div', { class: 'form-actions start' }, [this.more]),
    ]);
  }

  async load(): Promise<void> {
    this.entries = [];
    showLoading(this.list);
    await this.page(0);
  }

  private async page(after: number): Promise<void> {
    const res = await this.deps.api.audit(after);
    if (!res.ok) return showError(this.list, res.failure);
    this.entries = after === 0 ? res.value : [...this.entries, ...res.value];
    this.list.replaceChildren(auditList(this.entries, 'audit-list'));
    this.more.hidden = res.value.length < 200;
  }

  private async verify(button: HTMLButtonElement): Promise<void> {
    setBusy(button, true);
    const res = await this.deps.api.verifyAudit();
    setBusy(button, false);
    if (!res.ok) return showError(this.verdict, res.failure);
    const v = res.value;
    this.verdict.replaceChildren(
      ...[
      v.ok
        ? h('p', { class: 'verdict-ok', attrs: { 'data-ok': 'true' } }, [uiIcon('check'), h('span', { text: t('admin.audit.ok', { count: v.checked }) })])
        : h('p', { class: 'verdict-bad', attrs: { 'data-ok': 'false' } }, [
            uiIcon('block'),
            h('span', { text: t('admin.audit.broken', { id: v.first_broken_id, problem: v.problem || '—', count: v.checked }) }),
          ]),
      v.head_hash ? h('p', { class: 'muted hash' }, [h('span', { i18n: 'admin.audit.head' }), h('code', { text: v.head_hash })]) : null,
      ].filter((x): x is HTMLParagraphElement => x !== null),
    );
  }
}
