// Staff: find users by name or login id, look at one (their audit trail and bans), and warn,
// kick, ban (N hours, 0 = for good) or unban them. Admins also set roles (RolesTab). Every
// action goes to the server, which decides; a refusal shows its own message.

import { t } from '../../i18n';
import { type AuditEntry, type Ban, type ModUser, banActive } from '../../net/apiTypes';
import { ROLES, isStaff } from '../../net/messages';
import { confirmDialog } from '../dialog';
import { h } from '../dom';
import { type Field, formError, formatTime, inputField, selectField, setBusy, setMessage, textareaField } from '../form';
import { type AdminDeps, type UserRef, rolePill, showEmpty, showError, showLoading, userLabel } from './common';

/** A search box and its results; `onPick` gets the chosen user. */
class UserSearch {
  readonly el: HTMLElement;
  private readonly q: Field<HTMLInputElement>;
  private readonly results = h('ul', { class: 'user-results' });

  constructor(
    private readonly deps: AdminDeps,
    testid: string,
    private readonly row: (u: ModUser) => HTMLElement,
  ) {
    this.q = inputField({ label: 'admin.users.search', testid: `${testid}-q`, placeholder: 'admin.users.searchPlaceholder', maxlength: 100, type: 'search' });
    const go = h('button', { class: 'btn btn-primary', i18n: 'admin.users.searchButton', attrs: { type: 'submit', 'data-testid': `${testid}-go` } });
    const form = h('form', { class: 'search-row', attrs: { role: 'search', novalidate: true } }, [this.q.el, go]);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.search();
    });
    this.el = h('div', { class: 'user-search' }, [form, this.results]);
    this.results.dataset.testid = `${testid}-results`;
  }

  async search(): Promise<void> {
    this.q.set(null);
    showLoading(this.results);
    const res = await this.deps.api.findUsers(this.q.input.value.trim());
    if (!res.ok) {
      this.results.replaceChildren();
      this.q.set(res.failure);
      return;
    }
    if (res.value.length === 0) return showEmpty(this.results, 'admin.users.none');
    this.results.replaceChildren(...res.value.map((u) => h('li', {}, [this.row(u)])));
  }
}

export class UsersTab {
  readonly el: HTMLElement;
  private readonly search: UserSearch;
  private readonly detail = h('div', { class: 'user-detail', attrs: { 'data-testid': 'user-detail' } });

  constructor(private readonly deps: AdminDeps) {
    this.search = new UserSearch(deps, 'users-search', (u) =>
      h(
        'button',
        { class: 'user-row', attrs: { type: 'button', 'data-testid': `user-row-${u.id}`, 'data-user': u.id }, on: { click: () => void this.open(u) } },
        [
          h('span', { class: 'user-row-name', text: userLabel(u) }),
          rolePill(u.role),
          u.login_id ? h('span', { class: 'muted user-row-login', text: u.login_id }) : null,
        ],
      ),
    );
    this.detail.hidden = true;
    this.el = h('section', { class: 'admin-tab users-tab' }, [this.search.el, this.detail]);
  }

  /** Shows one user (from the results, a report, or the person card). */
  async open(u: UserRef): Promise<void> {
    this.detail.hidden = false;
    showLoading(this.detail);
    const res = await this.deps.api.userTrail(u.id);
    if (!res.ok) return showError(this.detail, res.failure);
    this.renderDetail(u, res.value.audit, res.value.bans);
    this.detail.scrollIntoView?.({ block: 'nearest' });
  }

  private renderDetail(u: UserRef, audit: AuditEntry[], bans: Ban[]): void {
    const now = Date.now();
    const active = bans.some((b) => banActive(b, now));
    const staff = u.role !== undefined && isStaff(u.role);
    const self = u.id === this.deps.me().id;
    const refresh = () => void this.open(u);

    const sections: Array<HTMLElement | null> = [
      h('header', { class: 'detail-head' }, [
        h('h3', { text: userLabel(u), attrs: { 'data-testid': 'user-detail-name' } }),
        u.role ? rolePill(u.role) : null,
        active ? h('span', { class: 'pill pill-banned', i18n: 'admin.users.bannedNow', attrs: { 'data-testid': 'user-banned' } }) : null,
        u.login_id ? h('span', { class: 'muted', text: u.login_id }) : null,
      ]),
    ];
    if (!self) {
      sections.push(
        this.actionForm({
          testid: 'warn',
          heading: 'admin.users.warnHeading',
          hint: 'admin.users.warnHint',
          fields: [textareaField({ label: 'admin.users.warnMessage', testid: 'warn-message', maxlength: 1000, rows: 2 })],
          button: 'admin.users.warn',
          run: ([m]) => this.deps.api.warn(u.id, m ?? ''),
          done: 'admin.users.warned',
          u,
          refresh,
        }),
        this.actionForm({
          testid: 'kick',
          heading: 'admin.users.kickHeading',
          hint: 'admin.users.kickHint',
          fields: [inputField({ label: 'admin.users.reason', testid: 'kick-reason', maxlength: 1000 })],
          button: 'admin.users.kick',
          run: ([r]) => this.deps.api.kick(u.id, r ?? ''),
          done: 'admin.users.kicked',
          u,
          refresh,
        }),
      );
      if (!staff) {
        const hours = inputField({ label: 'admin.users.hours', testid: 'ban-hours', hint: 'admin.users.hoursHint', type: 'number', inputmode: 'numeric', min: 0, max: 8760 });
        hours.input.value = '24';
        sections.push(
          this.actionForm({
            testid: 'ban',
            heading: 'admin.users.banHeading',
            hint: 'admin.users.banHint',
            fields: [hours, inputField({ label: 'admin.users.reason', testid: 'ban-reason', maxlength: 1000 })],
            button: 'admin.users.ban',
            danger: true,
            confirm: true,
            run: ([hrs, reason]) => {
              const n = Number(hrs);
              return this.deps.api.ban(u.id, reason ?? '', Number.isInteger(n) ? n : -1);
            },
            done: 'admin.users.banned',
            u,
            refresh,
          }),
        );
      }
      if (active) {
        const error = formError('unban-error');
        const unban = h('button', {
          class: 'btn btn-secondary',
          i18n: 'admin.users.unban',
          attrs: { type: 'button', 'data-testid': 'unban' },
          on: {
            click: async () => {
              setBusy(unban, true);
              const res = await this.deps.api.unban(u.id);
              setBusy(unban, false);
              if (!res.ok) return setMessage(error, res.failure);
              this.deps.toast('admin.users.unbanned', { name: userLabel(u) });
              refresh();
            },
          },
        });
        sections.push(h('div', { class: 'admin-item' }, [h('h4', { i18n: 'admin.users.unbanHeading' }), error, h('div', { class: 'form-actions start' }, [unban])]));
      }
    }
    sections.push(
      h('h4', { i18n: 'admin.users.bans' }),
      bans.length === 0
        ? h('p', { class: 'muted', i18n: 'admin.users.noBans' })
        : h(
            'ul',
            { class: 'plain-list', attrs: { 'data-testid': 'user-bans' } },
            bans.map((b) =>
              h('li', { class: banActive(b, now) ? 'ban-row active' : 'ban-row' }, [
                h('span', { text: formatTime(b.created_ms) }),
                h('span', { text: b.until_ms === 0 ? t('admin.users.forGood') : t('admin.users.until', { time: formatTime(b.until_ms) }) }),
                b.lifted_ms ? h('span', { class: 'muted', text: t('admin.users.lifted', { time: formatTime(b.lifted_ms) }) }) : null,
                h('span', { class: 'ban-reason', text: b.reason }),
              ]),
            ),
          ),
      h('h4', { i18n: 'admin.users.trail' }),
      auditList(audit, 'user-trail'),
    );
    this.detail.replaceChildren(...sections.filter((x): x is HTMLElement => x !== null));
  }

  private actionForm(o: {
    testid: string;
    heading: string;
    hint: string;
    fields: Array<Field<HTMLInputElement | HTMLTextAreaElement>>;
    button: string;
    danger?: boolean;
    confirm?: boolean;
    run(values: string[]): Promise<{ ok: true } | { ok: false; failure: import('../../net/api').ApiFailure }>;
    done: string;
    u: UserRef;
    refresh(): void;
  }): HTMLElement {
    const error = formError(`${o.testid}-error`);
    const submit = h('button', { class: o.danger ? 'btn btn-danger' : 'btn btn-primary', i18n: o.button, attrs: { type: 'submit', 'data-testid': `${o.testid}-submit` } });
    const form = h('form', { class: 'admin-item stack', attrs: { novalidate: true, 'data-testid': `${o.testid}-form` } }, [
      h('h4', { i18n: o.heading }),
      h('p', { class: 'field-hint', i18n: o.hint }),
      ...o.fields.map((f) => f.el),
      error,
      h('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of o.fields) f.set(null);
      setMessage(error, null);
      if (o.confirm) {
        const sure = await confirmDialog(this.deps.host, {
          title: o.heading,
          body: 'admin.users.confirm',
          params: { action: t(o.button), name: userLabel(o.u) },
          confirm: o.button,
          danger: o.danger ?? false,
          testid: `${o.testid}-confirm`,
        });
        if (!sure) return;
      }
      setBusy(submit, true);
      const res = await o.run(o.fields.map((f) => f.input.value));
      setBusy(submit, false);
      if (!res.ok) {
        // the server's message goes under the field it is about
        const code = res.failure.kind === 'rejected' ? res.failure.error.code : '';
        const target = code === 'ban_invalid' ? o.fields[0] : ['reason_invalid', 'warning_invalid'].includes(code) ? o.fields[o.fields.length - 1] : undefined;
        if (target) target.set(res.failure);
        else setMessage(error, res.failure);
        return;
      }
      this.deps.toast(o.done, { name: userLabel(o.u) });
      o.refresh();
    });
    return form;
  }
}

/** Admins: set a user's role (not one's own). */
export class RolesTab {
  readonly el: HTMLElement;
  private readonly search: UserSearch;

  constructor(private readonly deps: AdminDeps) {
    this.search = new UserSearch(deps, 'roles-search', (u) => this.row(u));
    this.el = h('section', { class: 'admin-tab' }, [h('p', { class: 'field-hint', i18n: 'admin.roles.intro' }), this.search.el]);
  }

  private row(u: ModUser): HTMLElement {
    const select = selectField({
      label: 'admin.roles.role',
      testid: `role-select-${u.id}`,
      options: ROLES.filter((r) => r !== 'guest').map((r) => ({ value: r, key: `roles.${r}` })),
    });
    select.input.value = u.role === 'guest' ? 'member' : u.role;
    const self = u.id === this.deps.me().id;
    const set = h('button', { class: 'btn btn-primary', i18n: 'admin.roles.set', attrs: { type: 'submit', 'data-testid': `role-set-${u.id}` } });
    const current = h('span', { class: 'role-current' }, [rolePill(u.role)]);
    const form = h('form', { class: 'role-row', attrs: { novalidate: true, 'data-testid': `role-row-${u.id}` } }, [
      h('div', { class: 'role-who' }, [h('span', { class: 'user-row-name', text: userLabel(u) }), current, u.login_id ? h('span', { class: 'muted', text: u.login_id }) : null]),
      h('div', { class: 'role-change' }, [select.el, set]),
    ]);
    if (self) {
      select.input.disabled = true;
      set.disabled = true;
      form.append(h('p', { class: 'field-hint', i18n: 'admin.roles.notSelf' }));
    }
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      select.set(null);
      setBusy(set, true);
      const res = await this.deps.api.setRole(u.id, select.input.value);
      setBusy(set, false);
      if (!res.ok) return select.set(res.failure);
      u.role = select.input.value;
      current.replaceChildren(rolePill(u.role));
      this.deps.toast('admin.roles.done', { name: userLabel(u), role: t(`roles.${u.role}`) });
    });
    return form;
  }
}

/** An audit list (the whole log, or one user's trail). */
export function auditList(entries: readonly AuditEntry[], testid: string): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted', i18n: 'admin.audit.none' });
  return h(
    'ol',
    { class: 'audit-list', attrs: { 'data-testid': testid } },
    entries.map((e) =>
      h('li', { class: 'audit-row', attrs: { 'data-id': e.id } }, [
        h('span', { class: 'audit-id', text: `#${e.id}` }),
        h('time', { class: 'audit-time', text: formatTime(e.created_ms) }),
        h('span', { class: 'audit-action', text: e.action }),
        h('span', { class: 'audit-who', text: t('admin.audit.who', { actor: e.actor_id, subject: e.subject_id }) }),
        detailText(e.detail) ? h('code', { class: 'audit-detail', text: detailText(e.detail) }) : null,
      ]),
    ),
  );
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  const s = JSON.stringify(detail);
  return s === '{}' ? '' : s;
}
