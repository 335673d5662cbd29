// "My data": everything the server holds about the person (GET /api/me/data) to download, and
// to delete (DELETE /api/me/data: the diary and the non-anonymous survey answers, gone from
// future aggregates and exports; the account stays), and the diary kept in this browser, to
// export or delete. Each deletion asks first. Owned by the bank panel.

import { t } from '../i18n';
import { confirmDialog } from '../ui/dialog';
import { clear, h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import type { BankApi } from './api';
import { diaryCsv } from './csv';
import { today } from './dates';
import { datedName, saveBlob, saveText } from './download';
import { bankIcon } from './icons';
import type { LocalDiary } from './localDiary';

export interface MyDataDeps {
  bank: BankApi;
  local: LocalDiary;
  host: HTMLElement;
  isMember(): boolean;
  toast(key: string, params?: Record<string, string | number>): void;
  /** After a deletion: the diary and surveys are read again. */
  onDeleted(): void;
}

export class MyDataTab {
  readonly el = h('div', { class: 'bank-tab mydata-tab', attrs: { 'data-testid': 'bank-mydata' } });
  private readonly browser = h('section', { class: 'bank-box', attrs: { 'data-testid': 'mydata-browser' } });

  constructor(private readonly deps: MyDataDeps) {
    const error = formError('mydata-error');
    const download = h('button', { class: 'btn btn-secondary', attrs: { type: 'button', 'data-testid': 'mydata-download' } }, [bankIcon('download'), h('span', { i18n: 'bank.mydata.download' })]);
    download.addEventListener('click', async () => {
      setMessage(error, null);
      setBusy(download, true);
      const res = await deps.bank.myData();
      setBusy(download, false);
      if (!res.ok) return setMessage(error, res.failure);
      saveBlob(res.value.blob, res.value.filename ?? datedName('my-data', 'json', today()));
    });
    const del = h('button', { class: 'btn btn-danger-outline', attrs: { type: 'button', 'data-testid': 'mydata-delete' }, on: { click: () => void this.deleteServer(error) } }, [bankIcon('trash'), h('span', { i18n: 'bank.mydata.delete' })]);
    this.el.append(
      h('p', { class: 'bank-intro', i18n: 'bank.mydata.intro' }),
      h('section', { class: 'bank-box', attrs: { 'data-testid': 'mydata-server' } }, [
        h('h3', { i18n: 'bank.mydata.serverTitle' }),
        h('p', { class: 'field-hint', i18n: 'bank.mydata.serverText' }),
        h('div', { class: 'form-actions start' }, [download]),
        h('div', { class: 'account-block danger-zone' }, [h('h4', { i18n: 'bank.mydata.deleteTitle' }), h('p', { class: 'field-hint', i18n: 'bank.mydata.deleteText' }), h('div', { class: 'form-actions start' }, [del])]),
        error,
      ]),
      this.browser,
      h('p', { class: 'field-hint', i18n: 'bank.mydata.accountNote' }),
    );
  }

  show(): void {
    this.renderBrowser();
  }

  private renderBrowser(): void {
    clear(this.browser);
    const n = this.deps.local.count;
    const title = h('h3', {});
    title.dataset.i18n = 'bank.mydata.browserTitle';
    title.dataset.i18nParams = JSON.stringify({ count: n });
    title.textContent = t('bank.mydata.browserTitle', { count: n });
    this.browser.append(title, h('p', { class: 'field-hint', i18n: 'bank.mydata.browserText' }));
    if (n === 0) return;
    const csv = h('button', { class: 'btn btn-secondary btn-small', attrs: { type: 'button', 'data-testid': 'mydata-local-csv' }, on: { click: () => saveText(diaryCsv(this.deps.local.all()), datedName('headache-diary', 'csv', today()), 'text/csv;charset=utf-8') } }, [bankIcon('download'), h('span', { i18n: 'bank.diary.exportCsv' })]);
    const json = h('button', { class: 'btn btn-secondary btn-small', attrs: { type: 'button', 'data-testid': 'mydata-local-json' }, on: { click: () => saveText(this.deps.local.exportJson(), datedName('headache-diary', 'json', today()), 'application/json') } }, [bankIcon('download'), h('span', { i18n: 'bank.diary.exportJson' })]);
    const del = h('button', { class: 'btn btn-danger-outline btn-small', attrs: { type: 'button', 'data-testid': 'mydata-local-delete' }, on: { click: () => void this.deleteLocal() } }, [bankIcon('trash'), h('span', { i18n: 'bank.mydata.deleteLocal' })]);
    this.browser.append(h('div', { class: 'form-actions start' }, [csv, json, del]));
  }

  private async deleteServer(error: HTMLElement): Promise<void> {
    setMessage(error, null);
    const inner = formError('mydata-delete-error');
    const ok = await confirmDialog(this.deps.host, {
      title: 'bank.mydata.deleteTitle',
      body: 'bank.mydata.deleteConfirm',
      confirm: 'bank.mydata.deleteNow',
      danger: true,
      testid: 'mydata-delete-confirm',
      content: [inner],
      onConfirm: async () => {
        const res = await this.deps.bank.deleteMyData();
        if (!res.ok) setMessage(inner, res.failure);
        return res.ok;
      },
    });
    if (!ok) return;
    this.deps.toast('bank.mydata.deleted');
    this.deps.onDeleted();
  }

  private async deleteLocal(): Promise<void> {
    const ok = await confirmDialog(this.deps.host, {
      title: 'bank.mydata.deleteLocal',
      body: 'bank.mydata.deleteLocalConfirm',
      params: { count: this.deps.local.count },
      confirm: 'bank.mydata.deleteNow',
      danger: true,
      testid: 'mydata-local-delete-confirm',
    });
    if (!ok) return;
    this.deps.local.clear();
    this.deps.toast('bank.mydata.deletedLocal');
    this.renderBrowser();
    this.deps.onDeleted();
  }
}
