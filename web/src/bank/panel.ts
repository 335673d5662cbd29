// The digital headache bank (docs/bank.md) as one panel of the world: the diary, its charts
// and summary, the self-check, surveys, everyone's aggregates (the research corner) and the
// person's own data, as tabs of a modal dialog. Members keep the diary on the server; guests in
// this browser. Reached from the HUD and from the research-corner booth of the plaza. Owned by
// the world app (through bank/hud.ts); single-threaded.

import type { Api } from '../net/api';
import type { Me } from '../net/messages';
import { type Modal, type Tabs, modal, tabs } from '../ui/dialog';
import { h } from '../ui/dom';
import type { KeyValueStore } from '../ui/storage';
import { BankApi } from './api';
import { ChartsTab } from './chartsTab';
import { DiaryTab } from './diaryTab';
import { LocalDiary } from './localDiary';
import { DiaryModel } from './model';
import { MyDataTab } from './myDataTab';
import { ResearchTab } from './researchTab';
import { SelfCheckTab } from './selfCheckTab';
import { BrowserDiary, ServerDiary } from './source';
import type { Answers } from './survey';
import { SurveysTab } from './surveysTab';

export const BANK_TABS = ['diary', 'charts', 'check', 'surveys', 'research', 'mydata'] as const;
export type BankTab = (typeof BANK_TABS)[number];

export interface BankPanelDeps {
  api: Api;
  store: KeyValueStore;
  me(): Me;
  /** Where confirmation dialogs go (inside the translated tree). */
  host: HTMLElement;
  toast(key: string, params?: Record<string, string | number>): void;
}

export class BankPanel {
  private readonly m: Modal;
  private readonly tabs: Tabs;
  private readonly bank: BankApi;
  private readonly local: LocalDiary;
  private readonly model: DiaryModel;
  private readonly server: ServerDiary;
  private readonly browser: BrowserDiary;
  private readonly diary: DiaryTab;
  private readonly charts: ChartsTab;
  private readonly check: SelfCheckTab;
  private readonly surveys: SurveysTab;
  private readonly research: ResearchTab;
  private readonly mydata: MyDataTab;
  /** Survey answers sent during this visit (marks "you" in aggregates; never stored). */
  private readonly mine = new Map<string, Answers>();

  constructor(private readonly deps: BankPanelDeps) {
    this.bank = new BankApi(deps.api);
    this.local = new LocalDiary(deps.store);
    this.server = new ServerDiary(this.bank);
    this.browser = new BrowserDiary(this.local);
    this.model = new DiaryModel(this.sourceFor());
    const isMember = () => this.isMember();
    this.diary = new DiaryTab({ model: this.model, local: this.local, host: deps.host, isMember, toast: deps.toast, moveLocal: () => this.moveLocal() });
    this.charts = new ChartsTab({ model: this.model, local: this.local, bank: this.bank, isMember });
    this.check = new SelfCheckTab({ bank: this.bank, local: this.local, isMember, diaryCount: () => this.model.entries.length });
    this.surveys = new SurveysTab({ bank: this.bank, mine: this.mine, isMember });
    this.research = new ResearchTab({
      bank: this.bank,
      mine: this.mine,
      answer: (id) => {
        this.tabs.select('surveys');
        void this.surveys.openById(id);
      },
    });
    this.mydata = new MyDataTab({
      bank: this.bank,
      local: this.local,
      host: deps.host,
      isMember,
      toast: deps.toast,
      onDeleted: () => {
        this.mine.clear();
        void this.model.reload();
      },
    });
    this.m = modal({ title: 'bank.title', testid: 'bank-panel', class: 'bank-dialog wide-dialog' });
    const panels: Record<BankTab, HTMLElement> = {
      diary: this.diary.el,
      charts: this.charts.el,
      check: this.check.el,
      surveys: this.surveys.el,
      research: this.research.el,
      mydata: this.mydata.el,
    };
    this.tabs = tabs(
      BANK_TABS.map((id) => ({
        id,
        label: `bank.tabs.${id}`,
        panel: panels[id],
        onShow: () => this.showTab(id),
      })),
      'bank-tabs',
    );
    this.m.body.append(this.tabs.el, ...Object.values(panels));
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  private isMember(): boolean {
    return this.deps.me().has_account;
  }

  private sourceFor(): ServerDiary | BrowserDiary {
    return this.isMember() ? this.server : this.browser;
  }

  open(tab: BankTab = 'diary'): void {
    // a guest may have made an account since the last time
    this.model.setSource(this.sourceFor());
    void this.model.show(this.model.month);
    this.tabs.select(tab);
    this.m.open();
  }

  close(): void {
    this.m.close();
  }

  private showTab(id: BankTab): void {
    switch (id) {
      case 'diary':
        return this.diary.show();
      case 'charts':
        return this.charts.show();
      case 'check':
        return this.check.show();
      case 'surveys':
        return this.surveys.show();
      case 'research':
        return this.research.show();
      case 'mydata':
        return this.mydata.show();
    }
  }

  /** After a language change: what is drawn with t() (calendar, charts) is drawn again. */
  relabel(): void {
    if (!this.m.el.open) return;
    const id = this.tabs.current as BankTab;
    if (id === 'diary' && this.diary.editing) return;
    if (id === 'diary' || id === 'charts' || id === 'check' || id === 'mydata') this.showTab(id);
  }

  /** Copies the browser diary into the account, oldest first; each copied entry leaves the browser. */
  private async moveLocal(): Promise<{ moved: number; failed: number }> {
    let moved = 0;
    let failed = 0;
    for (const e of this.local.all().reverse()) {
      const res = await this.bank.createEntry(e);
      if (res.ok && e.id !== undefined) {
        this.local.remove(e.id);
        moved += 1;
      } else {
        failed += 1;
      }
    }
    if (failed === 0) this.local.clear();
    return { moved, failed };
  }
}

/** The HUD button that opens the bank ("diary & research"). */
export function bankButton(onClick: () => void, icon: SVGSVGElement): HTMLButtonElement {
  return h(
    'button',
    { class: 'btn btn-hud btn-bank', i18nAria: 'bank.hud', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'bank-button' }, on: { click: onClick } },
    [icon, h('span', { class: 'btn-label', i18n: 'bank.hud' })],
  );
}
