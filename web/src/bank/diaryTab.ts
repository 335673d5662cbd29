// The diary tab: where the diary is kept (said plainly for a guest: only in this browser, with
// export), a big "record a headache" button, the month calendar, and the entries of the chosen
// day or month with edit and delete. The entry form replaces the overview while it is open.
// Owned by the bank panel.

import { t } from '../i18n';
import { confirmDialog } from '../ui/dialog';
import { clear, h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import { diaryCsv } from './csv';
import { bankIcon } from './icons';
import { daysCovered, lastDay, monthOf, today } from './dates';
import { DiaryForm } from './diaryForm';
import { datedName, saveText } from './download';
import { entryCard } from './entryView';
import type { LocalDiary } from './localDiary';
import type { DiaryModel } from './model';
import { MonthCalendar, dayLabel } from './monthView';
import { type DiaryEntry, blankEntry, sortEntries } from './types';

export interface DiaryTabDeps {
  model: DiaryModel;
  local: LocalDiary;
  /** Where confirmations go (inside the panel). */
  host: HTMLElement;
  isMember(): boolean;
  toast(key: string, params?: Record<string, string | number>): void;
  /** Copies browser entries to the account (members who kept a diary as a guest). */
  moveLocal(): Promise<{ moved: number; failed: number }>;
}

export class DiaryTab {
  readonly el = h('div', { class: 'bank-tab diary-tab', attrs: { 'data-testid': 'bank-diary' } });
  private readonly overview = h('div', { class: 'diary-overview' });
  private readonly formBox = h('div', { class: 'diary-form-box' });
  private readonly where = h('div', { class: 'bank-where', attrs: { 'data-testid': 'diary-where' } });
  private readonly list = h('div', { class: 'entry-list', attrs: { 'data-testid': 'entry-list', 'aria-live': 'polite' } });
  private readonly listTitle = h('h3', { class: 'list-title' });
  private readonly status = formError('diary-status');
  private readonly calendar: MonthCalendar;
  private selected: string | null = null;
  private form: DiaryForm | null = null;

  constructor(private readonly deps: DiaryTabDeps) {
    this.calendar = new MonthCalendar({
      onPick: (date) => {
        this.selected = this.selected === date ? null : date;
        this.render();
      },
      onMonth: (month) => {
        this.selected = null;
        void deps.model.show(month);
      },
    });
    const add = h(
      'button',
      { class: 'btn btn-primary btn-large btn-wide add-entry', attrs: { type: 'button', 'data-testid': 'diary-add' }, on: { click: () => this.openForm(blankEntry(this.selected ?? defaultDate(deps.model.month))) } },
      [bankIcon('plus'), h('span', { i18n: 'bank.diary.add' })],
    );
    this.overview.append(this.where, add, this.calendar.el, this.status, this.listTitle, this.list);
    this.formBox.hidden = true;
    this.el.append(this.overview, this.formBox);
    deps.model.onChange(() => {
      if (this.el.isConnected) this.render();
    });
  }

  /** Shown again (tab selected or panel opened). */
  show(): void {
    if (!this.form) this.render();
  }

  render(): void {
    const m = this.deps.model;
    this.renderWhere();
    this.calendar.set(m.month, m.entries, this.selected);
    if (m.failure) setMessage(this.status, m.failure);
    else if (m.loading && m.entries.length === 0) setMessage(this.status, null);
    else setMessage(this.status, null);
    this.renderList();
  }

  private renderWhere(): void {
    clear(this.where);
    const local = this.deps.local.count;
    if (!this.deps.isMember()) {
      this.where.className = 'bank-where bank-where-browser';
      const csv = h('button', { class: 'btn btn-secondary btn-small', attrs: { type: 'button', 'data-testid': 'diary-export-csv' }, on: { click: () => this.exportLocal('csv') } }, [bankIcon('download'), h('span', { i18n: 'bank.diary.exportCsv' })]);
      const json = h('button', { class: 'btn btn-secondary btn-small', attrs: { type: 'button', 'data-testid': 'diary-export-json' }, on: { click: () => this.exportLocal('json') } }, [bankIcon('download'), h('span', { i18n: 'bank.diary.exportJson' })]);
      this.where.append(
        h('p', { class: 'bank-where-title', i18n: 'bank.diary.browserTitle' }),
        h('p', { class: 'bank-where-text', i18n: 'bank.diary.browserText' }),
        h('div', { class: 'bank-where-actions' }, [csv, json]),
      );
      return;
    }
    this.where.className = 'bank-where bank-where-server';
    this.where.append(h('p', { class: 'bank-where-text', i18n: 'bank.diary.serverText' }));
    if (local > 0) {
      const error = formError('diary-move-error');
      const move = h('button', {
        class: 'btn btn-primary btn-small',
        attrs: { type: 'button', 'data-testid': 'diary-move-local' },
        i18n: 'bank.diary.moveLocal',
        on: {
          click: async () => {
            setBusy(move, true);
            const res = await this.deps.moveLocal();
            setBusy(move, false);
            if (res.failed > 0) setMessage(error, { key: 'bank.diary.moveFailed', params: { count: res.failed } });
            else this.deps.toast('bank.diary.moved', { count: res.moved });
            await this.deps.model.reload();
          },
        },
      });
      const p = h('p', { class: 'bank-where-text' });
      p.dataset.i18n = 'bank.diary.localLeft';
      p.dataset.i18nParams = JSON.stringify({ count: local });
      p.textContent = t('bank.diary.localLeft', { count: local });
      this.where.append(p, h('div', { class: 'bank-where-actions' }, [move]), error);
    }
  }

  private renderList(): void {
    const m = this.deps.model;
    clear(this.list);
    let entries: DiaryEntry[];
    if (this.selected) {
      const day = this.selected;
      entries = sortEntries(m.entries.filter((e) => daysCovered(e.date, e.start, e.duration_min).includes(day)));
      setText(this.listTitle, 'bank.diary.dayTitle', { date: dayLabel(day) });
    } else {
      entries = sortEntries(m.entries.filter((e) => monthOf(e.date) === m.month));
      setText(this.listTitle, 'bank.diary.monthTitle', { count: entries.length });
    }
    if (entries.length === 0) {
      this.list.append(h('p', { class: 'muted empty-line', i18n: m.loading ? 'app.loading' : this.selected ? 'bank.diary.emptyDay' : 'bank.diary.emptyMonth' }));
      if (this.selected && this.selected <= today()) {
        const day = this.selected;
        this.list.append(h('button', { class: 'btn btn-secondary', i18n: 'bank.diary.addOnDay', attrs: { type: 'button', 'data-testid': 'diary-add-day' }, on: { click: () => this.openForm(blankEntry(day)) } }));
      }
      return;
    }
    let lastDate = '';
    for (const e of entries) {
      if (e.date !== lastDate && !this.selected) {
        lastDate = e.date;
        this.list.append(h('h4', { class: 'entry-date', text: dayLabel(e.date) }));
      }
      const edit = h('button', { class: 'btn btn-secondary btn-small', i18n: 'bank.diary.edit', attrs: { type: 'button', 'data-testid': `entry-edit-${e.id}` }, on: { click: () => this.openForm(e) } });
      const del = h('button', { class: 'btn btn-danger-outline btn-small', i18n: 'bank.diary.delete', attrs: { type: 'button', 'data-testid': `entry-delete-${e.id}` }, on: { click: () => void this.confirmDelete(e) } });
      this.list.append(entryCard(e, [edit, del]));
    }
  }

  openForm(e: DiaryEntry): void {
    this.form = new DiaryForm({
      entry: e,
      save: (x) => this.deps.model.save(x),
      onSaved: (saved, created) => {
        this.closeForm();
        this.selected = saved.date;
        if (monthOf(saved.date) !== this.deps.model.month) void this.deps.model.show(monthOf(saved.date));
        else this.render();
        this.deps.toast(created ? 'bank.diary.saved' : 'bank.diary.updated');
      },
      onCancel: () => this.closeForm(),
      ...(e.id !== undefined ? { onDelete: () => void this.confirmDelete(e) } : {}),
    });
    clear(this.formBox);
    this.formBox.append(this.form.el);
    this.overview.hidden = true;
    this.formBox.hidden = false;
    this.form.el.querySelector<HTMLElement>('input')?.focus();
    this.el.closest('.dialog-body')?.scrollTo({ top: 0 });
  }

  closeForm(): void {
    this.form = null;
    clear(this.formBox);
    this.formBox.hidden = true;
    this.overview.hidden = false;
    this.render();
  }

  get editing(): boolean {
    return this.form !== null;
  }

  private async confirmDelete(e: DiaryEntry): Promise<void> {
    if (e.id === undefined) return;
    const id = e.id;
    const error = formError('entry-delete-error');
    const ok = await confirmDialog(this.deps.host, {
      title: 'bank.diary.deleteTitle',
      body: 'bank.diary.deleteText',
      params: { date: dayLabel(e.date) },
      confirm: 'bank.diary.delete',
      danger: true,
      testid: 'entry-delete-confirm',
      content: [error],
      onConfirm: async () => {
        const res = await this.deps.model.remove(id);
        if (!res.ok) setMessage(error, res.failure);
        return res.ok;
      },
    });
    if (!ok) return;
    this.deps.toast('bank.diary.deleted');
    if (this.form) this.closeForm();
  }

  private exportLocal(kind: 'csv' | 'json'): void {
    const date = today();
    if (kind === 'csv') saveText(diaryCsv(this.deps.local.all()), datedName('headache-diary', 'csv', date), 'text/csv;charset=utf-8');
    else saveText(this.deps.local.exportJson(), datedName('headache-diary', 'json', date), 'application/json');
  }
}

function setText(el: HTMLElement, key: string, params: Record<string, string | number>): void {
  el.dataset.i18n = key;
  el.dataset.i18nParams = JSON.stringify(params);
  el.textContent = t(key, params);
}

/** Today when the month in view is this month (or later), else the month's last day. */
function defaultDate(month: string): string {
  const now = today();
  return month < monthOf(now) ? lastDay(month) : now;
}
