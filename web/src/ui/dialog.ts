// Modal dialogs (native <dialog>: focus stays inside, Escape closes) and tab bars, shared by the
// account panel, the person card, the staff pages and the confirmations.

import { t } from '../i18n';
import { h, uid } from './dom';
import { uiIcon } from './icons';

export interface Modal {
  el: HTMLDialogElement;
  title: HTMLHeadingElement;
  body: HTMLElement;
  footer: HTMLElement;
  open(): void;
  close(): void;
}

export function modal(o: { title: string; testid: string; class?: string; closeKey?: string; onClose?: () => void }): Modal {
  const titleId = uid('dialog-title');
  const title = h('h2', { i18n: o.title, attrs: { id: titleId } });
  const body = h('div', { class: 'dialog-body' });
  const footer = h('footer', { class: 'dialog-actions' });
  const el = h('dialog', { class: `dialog ${o.class ?? ''}`.trim(), attrs: { 'aria-labelledby': titleId, 'data-testid': o.testid } }, [
    h('header', { class: 'panel-header' }, [
      title,
      h(
        'button',
        {
          class: 'btn btn-ghost btn-icon',
          i18nAria: o.closeKey ?? 'common.close',
          attrs: { type: 'button', 'data-testid': `${o.testid}-close` },
          on: { click: () => el.close() },
        },
        [uiIcon('close')],
      ),
    ]),
    body,
    footer,
  ]);
  if (o.onClose) el.addEventListener('close', o.onClose);
  return {
    el,
    title,
    body,
    footer,
    open: () => {
      if (!el.open) el.showModal();
    },
    close: () => {
      if (el.open) el.close();
    },
  };
}

export interface ConfirmOptions {
  title: string;
  body: string;
  params?: Record<string, string | number>;
  confirm: string;
  danger?: boolean;
  testid?: string;
  /** More content (e.g. a password field) between the text and the buttons. */
  content?: Node[];
  /**
   * Runs when the person confirms; resolve false to keep the dialog open (e.g. a wrong
   * password, shown in `content`).
   */
  onConfirm?: () => Promise<boolean>;
}

/** Asks the person to confirm; resolves true once confirmed (and `onConfirm` agreed). */
export function confirmDialog(host: HTMLElement, o: ConfirmOptions): Promise<boolean> {
  return new Promise((resolve) => {
    const m = modal({ title: o.title, testid: o.testid ?? 'confirm', class: 'confirm-dialog' });
    const text = h('p', { class: 'confirm-text', i18n: o.body });
    if (o.params) {
      text.dataset.i18nParams = JSON.stringify(o.params);
      text.textContent = t(o.body, o.params);
    }
    m.body.append(text, ...(o.content ?? []));
    let result = false;
    const ok = h('button', {
      class: o.danger ? 'btn btn-danger' : 'btn btn-primary',
      i18n: o.confirm,
      attrs: { type: 'button', 'data-testid': `${o.testid ?? 'confirm'}-ok` },
      on: {
        click: async () => {
          ok.disabled = true;
          const go = o.onConfirm ? await o.onConfirm() : true;
          ok.disabled = false;
          if (!go) return;
          result = true;
          m.close();
        },
      },
    });
    const cancel = h('button', {
      class: 'btn btn-secondary',
      i18n: 'common.cancel',
      attrs: { type: 'button', 'data-testid': `${o.testid ?? 'confirm'}-cancel` },
      on: { click: () => m.close() },
    });
    m.footer.append(cancel, ok);
    m.el.addEventListener('close', () => {
      m.el.remove();
      resolve(result);
    });
    host.append(m.el);
    m.open();
    cancel.focus();
  });
}

export interface TabSpec {
  id: string;
  /** i18n key of the tab's label. */
  label: string;
  panel: HTMLElement;
  onShow?: () => void;
}

export interface Tabs {
  el: HTMLElement;
  select(id: string): void;
  readonly current: string;
  setVisible(id: string, visible: boolean): void;
}

/** A tab bar (WAI-ARIA tabs: arrow keys move, Home/End jump) over the given panels. */
export function tabs(specs: readonly TabSpec[], testid: string): Tabs {
  let current = specs[0]?.id ?? '';
  const buttons = new Map<string, HTMLButtonElement>();
  const bar = h('div', { class: 'tab-bar', attrs: { role: 'tablist', 'data-testid': testid } });
  for (const s of specs) {
    const tabId = uid('tab');
    const panelId = s.panel.id || uid('tabpanel');
    s.panel.id = panelId;
    s.panel.setAttribute('role', 'tabpanel');
    s.panel.setAttribute('aria-labelledby', tabId);
    s.panel.classList.add('tab-panel');
    const b = h('button', {
      class: 'tab',
      i18n: s.label,
      attrs: { type: 'button', role: 'tab', id: tabId, 'aria-controls': panelId, 'data-tab': s.id, 'data-testid': `${testid}-${s.id}` },
      on: { click: () => api.select(s.id) },
    });
    b.addEventListener('keydown', (e) => {
      const visible = specs.filter((x) => !buttons.get(x.id)?.hidden);
      const i = visible.findIndex((x) => x.id === s.id);
      let next: TabSpec | undefined;
      if (e.key === 'ArrowRight') next = visible[(i + 1) % visible.length];
      else if (e.key === 'ArrowLeft') next = visible[(i - 1 + visible.length) % visible.length];
      else if (e.key === 'Home') next = visible[0];
      else if (e.key === 'End') next = visible[visible.length - 1];
      if (!next) return;
      e.preventDefault();
      api.select(next.id);
      buttons.get(next.id)?.focus();
    });
    buttons.set(s.id, b);
    bar.append(b);
  }
  const api: Tabs = {
    el: bar,
    get current() {
      return current;
    },
    select(id: string) {
      current = id;
      for (const s of specs) {
        const on = s.id === id;
        const b = buttons.get(s.id);
        b?.setAttribute('aria-selected', String(on));
        b?.setAttribute('tabindex', on ? '0' : '-1');
        s.panel.hidden = !on;
      }
      specs.find((s) => s.id === id)?.onShow?.();
    },
    setVisible(id: string, visible: boolean) {
      const b = buttons.get(id);
      if (b) b.hidden = !visible;
    },
  };
  // initial state without running onShow
  for (const s of specs) {
    const on = s.id === current;
    buttons.get(s.id)?.setAttribute('aria-selected', String(on));
    buttons.get(s.id)?.setAttribute('tabindex', on ? '0' : '-1');
    s.panel.hidden = !on;
  }
  return api;
}
