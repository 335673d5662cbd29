// "Me" panel, reachable from the HUD: profile (name and avatar, PATCH /api/profile), account
// (a guest creates an account and keeps the same id; a member changes the password; sign out;
// delete the account) and the clinician application with its status. Every refusal shows the
// server's own message next to the field it is about. Owned by the world app.

import { AVATARS } from '../avatar/catalog';
import { t } from '../i18n';
import { type Api, type ApiFailure } from '../net/api';
import type { ClinicianApplication } from '../net/apiTypes';
import type { Me } from '../net/messages';
import { confirmDialog, modal, type Modal, tabs, type Tabs } from './dialog';
import { clear, h, uid } from './dom';
import { faceEl } from './face';
import { type Field, accountFieldOf, formError, formatTime, inputField, setBusy, setMessage, showFailure } from './form';
import type { Params } from './toast';

export interface AccountDeps {
  api: Api;
  me(): Me;
  thumbs: readonly string[];
  /** Where confirmation dialogs go (inside the translated tree). */
  host: HTMLElement;
  toast(key: string, params?: Params): void;
  onMeChanged(me: Me): void;
  /** Before signing out or deleting: the world stops its connection (the server closes it). */
  pause(): void;
  /** The sign-out or deletion did not happen after all. */
  resume(): void;
  onSignedOut(reason: 'signed_out' | 'deleted'): void;
}

/** Roles that may apply as a clinician (docs/security.md). */
const MAY_APPLY = new Set(['member', 'trainee']);

type AnyField = Field<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>;

export class AccountPanel {
  private readonly m: Modal;
  private readonly tabs: Tabs;
  private readonly profilePanel = h('section', { class: 'account-section' });
  private readonly accountPanel = h('section', { class: 'account-section' });
  private readonly clinicianPanel = h('section', { class: 'account-section' });
  private readonly summary = h('div', { class: 'account-summary' });
  private application: ClinicianApplication | null | undefined = undefined;

  constructor(private readonly deps: AccountDeps) {
    this.m = modal({ title: 'account.title', testid: 'account-panel', class: 'account-dialog wide-dialog' });
    this.tabs = tabs(
      [
        { id: 'profile', label: 'account.tabs.profile', panel: this.profilePanel, onShow: () => this.renderProfile() },
        { id: 'account', label: 'account.tabs.account', panel: this.accountPanel, onShow: () => this.renderAccount() },
        { id: 'clinician', label: 'account.tabs.clinician', panel: this.clinicianPanel, onShow: () => void this.loadApplication() },
      ],
      'account-tabs',
    );
    this.m.body.append(this.summary, this.tabs.el, this.profilePanel, this.accountPanel, this.clinicianPanel);
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  open(tab: 'profile' | 'account' | 'clinician' = 'profile'): void {
    this.application = undefined;
    this.renderSummary();
    // guests learn there that an account is needed; staff and other roles cannot apply
    const clinicianTab = !this.deps.me().has_account || MAY_APPLY.has(this.deps.me().role) || this.deps.me().role === 'clinician';
    this.tabs.setVisible('clinician', clinicianTab);
    this.tabs.select(tab === 'clinician' && !clinicianTab ? 'profile' : tab);
    this.m.open();
  }

  close(): void {
    this.m.close();
  }

  /**
   * After a language change: the summary is redrawn; the forms keep what was typed (their labels
   * carry data-i18n keys and are re-translated with the rest of the page).
   */
  render(): void {
    if (this.m.el.open) this.renderSummary();
  }

  private renderSummary(): void {
    const me = this.deps.me();
    clear(this.summary);
    this.summary.append(
      faceEl(this.deps.thumbs, me.avatar, 'face'),
      h('div', { class: 'account-who' }, [
        h('p', { class: 'account-name', text: me.name, attrs: { 'data-testid': 'account-name' } }),
        h('p', {
          class: 'account-role',
          text: me.login_id
            ? t('account.signedInAs', { login: me.login_id, role: t(`roles.${me.role}`) })
            : t('account.guestNote'),
          attrs: { 'data-testid': 'account-role' },
        }),
      ]),
    );
  }

  // --- profile ---------------------------------------------------------------------------------

  private renderProfile(): void {
    const me = this.deps.me();
    clear(this.profilePanel);
    const name = inputField({ label: 'account.name', testid: 'profile-name', hint: 'entry.nameHint', maxlength: 64, autocomplete: 'nickname' });
    name.input.value = me.name;
    let avatar = me.avatar;
    const avatarError = h('p', { class: 'field-error', attrs: { role: 'alert', 'data-testid': 'profile-avatar-error' } });
    const group = uid('profile-avatar');
    const picker = h('div', { class: 'mini-avatars' });
    for (const spec of AVATARS) {
      const id = uid('pa');
      const radio = h('input', {
        class: 'sr-only mini-avatar-radio',
        attrs: { type: 'radio', name: group, id, value: spec.id, 'data-testid': `profile-avatar-${spec.id}` },
        on: { change: () => (avatar = spec.id) },
      });
      radio.checked = spec.id === me.avatar;
      picker.append(
        radio,
        h('label', { class: 'mini-avatar', attrs: { for: id, title: t(spec.nameKey) } }, [
          faceEl(this.deps.thumbs, spec.id, 'face'),
          h('span', { class: 'sr-only', i18n: spec.nameKey }),
        ]),
      );
    }
    const error = formError('profile-error');
    const save = h('button', { class: 'btn btn-primary', i18n: 'account.save', attrs: { type: 'submit', 'data-testid': 'profile-save' } });
    const form = h('form', { class: 'stack', attrs: { novalidate: true } }, [
      name.el,
      h('fieldset', { class: 'field' }, [h('legend', { class: 'field-label', i18n: 'entry.avatarLabel' }), picker, avatarError]),
      error,
      h('div', { class: 'form-actions' }, [save]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const current = this.deps.me();
      const change: { name?: string; avatar?: number } = {};
      if (name.input.value !== current.name) change.name = name.input.value;
      if (avatar !== current.avatar) change.avatar = avatar;
      name.set(null);
      setMessage(avatarError, null);
      setMessage(error, null);
      if (change.name === undefined && change.avatar === undefined) {
        setMessage(error, { key: 'account.nothingChanged' });
        return;
      }
      setBusy(save, true);
      const res = await this.deps.api.updateProfile(change);
      setBusy(save, false);
      if (!res.ok) {
        const code = res.failure.kind === 'rejected' ? res.failure.error.code : '';
        if (code.startsWith('avatar')) setMessage(avatarError, res.failure);
        else showFailure(res.failure, { name } as Record<string, AnyField>, (c) => (c.startsWith('name_') ? 'name' : null), error)?.input.focus();
        return;
      }
      this.deps.onMeChanged(res.value);
      this.renderSummary();
      name.input.value = res.value.name;
      this.deps.toast('account.profileSaved');
    });
    this.profilePanel.append(form);
  }

  // --- account ---------------------------------------------------------------------------------

  private renderAccount(): void {
    const me = this.deps.me();
    clear(this.accountPanel);
    if (!me.has_account) this.accountPanel.append(this.createAccountForm());
    else this.accountPanel.append(this.passwordForm());
    const signOut = h('button', {
      class: 'btn btn-secondary',
      i18n: 'account.signOut',
      attrs: { type: 'button', 'data-testid': 'sign-out' },
      on: { click: () => void this.signOut() },
    });
    const del = h('button', {
      class: 'btn btn-danger-outline',
      i18n: 'account.delete',
      attrs: { type: 'button', 'data-testid': 'delete-account' },
      on: { click: () => void this.deleteAccount() },
    });
    this.accountPanel.append(
      h('div', { class: 'account-block' }, [
        h('h3', { i18n: 'account.signOutHeading' }),
        h('p', { class: 'field-hint', i18n: me.has_account ? 'account.signOutHint' : 'account.signOutGuestHint' }),
        h('div', { class: 'form-actions start' }, [signOut]),
      ]),
      h('div', { class: 'account-block danger-zone' }, [
        h('h3', { i18n: 'account.deleteHeading' }),
        h('p', { class: 'field-hint', i18n: 'account.deleteHint' }),
        h('div', { class: 'form-actions start' }, [del]),
      ]),
    );
  }

  private createAccountForm(): HTMLElement {
    const login = inputField({ label: 'account.loginId', testid: 'create-login', hint: 'account.loginIdHint', maxlength: 64, autocomplete: 'username' });
    const password = inputField({ label: 'account.password', testid: 'create-password', hint: 'account.passwordHint', type: 'password', maxlength: 200, autocomplete: 'new-password' });
    const confirm = inputField({ label: 'account.passwordConfirm', testid: 'create-confirm', type: 'password', maxlength: 200, autocomplete: 'new-password' });
    const error = formError('create-error');
    const submit = h('button', { class: 'btn btn-primary', i18n: 'account.create', attrs: { type: 'submit', 'data-testid': 'create-submit' } });
    const form = h('form', { class: 'account-block stack', attrs: { novalidate: true, 'data-testid': 'create-account-form' } }, [
      h('h3', { i18n: 'account.createHeading' }),
      h('p', { class: 'field-hint', i18n: 'account.createIntro' }),
      login.el,
      password.el,
      confirm.el,
      error,
      h('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of [login, password, confirm]) f.set(null);
      setMessage(error, null);
      if (password.input.value !== confirm.input.value) {
        confirm.set({ key: 'account.passwordMismatch' });
        confirm.input.focus();
        return;
      }
      setBusy(submit, true);
      const res = await this.deps.api.createAccount(login.input.value, password.input.value);
      setBusy(submit, false);
      if (!res.ok) {
        this.fail(res.failure, { login, password }, error);
        return;
      }
      this.deps.onMeChanged(res.value);
      this.deps.toast('account.created', { login: res.value.login_id ?? '' });
      this.renderSummary();
      this.renderAccount();
    });
    return form;
  }

  private passwordForm(): HTMLElement {
    const current = inputField({ label: 'account.currentPassword', testid: 'pw-current', type: 'password', maxlength: 200, autocomplete: 'current-password' });
    const password = inputField({ label: 'account.newPassword', testid: 'pw-new', hint: 'account.passwordHint', type: 'password', maxlength: 200, autocomplete: 'new-password' });
    const confirm = inputField({ label: 'account.passwordConfirm', testid: 'pw-confirm', type: 'password', maxlength: 200, autocomplete: 'new-password' });
    const error = formError('pw-error');
    const submit = h('button', { class: 'btn btn-primary', i18n: 'account.changePassword', attrs: { type: 'submit', 'data-testid': 'pw-submit' } });
    const form = h('form', { class: 'account-block stack', attrs: { novalidate: true, 'data-testid': 'password-form' } }, [
      h('h3', { i18n: 'account.passwordHeading' }),
      h('p', { class: 'field-hint', i18n: 'account.passwordIntro' }),
      current.el,
      password.el,
      confirm.el,
      error,
      h('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      for (const f of [current, password, confirm]) f.set(null);
      setMessage(error, null);
      if (password.input.value !== confirm.input.value) {
        confirm.set({ key: 'account.passwordMismatch' });
        confirm.input.focus();
        return;
      }
      setBusy(submit, true);
      const res = await this.deps.api.changePassword(current.input.value, password.input.value);
      setBusy(submit, false);
      if (!res.ok) {
        // a wrong current password is `login_failed`
        const code = res.failure.kind === 'rejected' ? res.failure.error.code : '';
        if (code === 'login_failed' || code === 'login_throttled') current.set(res.failure);
        else this.fail(res.failure, { password }, error);
        return;
      }
      for (const f of [current, password, confirm]) f.input.value = '';
      this.deps.toast('account.passwordChanged');
    });
    return form;
  }

  private fail(f: ApiFailure, fields: Record<string, AnyField>, fallback: HTMLElement): void {
    showFailure(f, fields, accountFieldOf, fallback)?.input.focus();
  }

  private async signOut(): Promise<void> {
    const me = this.deps.me();
    const error = formError('sign-out-error');
    const ok = await confirmDialog(this.deps.host, {
      title: 'account.signOut',
      body: me.has_account ? 'account.signOutConfirm' : 'account.signOutGuestConfirm',
      confirm: 'account.signOut',
      testid: 'sign-out-confirm',
      content: [error],
      onConfirm: async () => {
        this.deps.pause();
        const res = await this.deps.api.signOut();
        if (!res.ok) {
          this.deps.resume();
          setMessage(error, res.failure);
        }
        return res.ok;
      },
    });
    if (!ok) return;
    this.close();
    this.deps.onSignedOut('signed_out');
  }

  private async deleteAccount(): Promise<void> {
    const me = this.deps.me();
    const password = inputField({ label: 'account.password', testid: 'delete-password', type: 'password', maxlength: 200, autocomplete: 'current-password' });
    const error = formError('delete-error');
    const ok = await confirmDialog(this.deps.host, {
      title: 'account.deleteHeading',
      body: 'account.deleteConfirm',
      params: { name: me.name },
      confirm: 'account.deleteForGood',
      danger: true,
      testid: 'delete-confirm',
      content: me.has_account ? [password.el, error] : [error],
      onConfirm: async () => {
        password.set(null);
        setMessage(error, null);
        this.deps.pause();
        const res = await this.deps.api.deleteAccount(password.input.value);
        if (!res.ok) {
          this.deps.resume();
          const code = res.failure.kind === 'rejected' ? res.failure.error.code : '';
          if (me.has_account && (code === 'login_failed' || code.startsWith('password'))) password.set(res.failure);
          else setMessage(error, res.failure);
        }
        return res.ok;
      },
    });
    if (!ok) return;
    this.close();
    this.deps.onSignedOut('deleted');
  }

  // --- clinician -------------------------------------------------------------------------------

  private async loadApplication(): Promise<void> {
    const me = this.deps.me();
    clear(this.clinicianPanel);
    if (!me.has_account) {
      this.clinicianPanel.append(h('p', { class: 'notice', i18n: 'clinician.needAccount', attrs: { 'data-testid': 'clinician-need-account' } }));
      return;
    }
    if (this.application === undefined) {
      this.clinicianPanel.append(h('p', { class: 'muted', i18n: 'app.loading' }));
      const res = await this.deps.api.myApplication();
      if (this.tabs.current !== 'clinician') return;
      clear(this.clinicianPanel);
      if (!res.ok) {
        const err = formError('clinician-load-error');
        setMessage(err, res.failure);
        this.clinicianPanel.append(err);
        return;
      }
      this.application = res.value.application;
    }
    this.renderClinician();
  }

  private renderClinician(): void {
    const me = this.deps.me();
    clear(this.clinicianPanel);
    const a = this.application ?? null;
    this.clinicianPanel.append(h('p', { class: 'field-hint', i18n: 'clinician.intro' }));
    if (a) this.clinicianPanel.append(this.statusBox(a));
    else if (me.role === 'clinician') this.clinicianPanel.append(h('p', { class: 'notice', i18n: 'clinician.verified' }));
    const canApply = MAY_APPLY.has(me.role) && (!a || a.status === 'rejected');
    if (canApply) this.clinicianPanel.append(this.applicationForm());
    else if (!a && me.role !== 'clinician') this.clinicianPanel.append(h('p', { class: 'muted', i18n: 'clinician.notForRole' }));
  }

  private statusBox(a: ClinicianApplication): HTMLElement {
    const status = ['pending', 'approved', 'rejected'].includes(a.status) ? a.status : 'pending';
    const rows: Array<[string, string]> = [
      ['clinician.realName', a.real_name],
      ['clinician.number', a.registration_number],
      ['clinician.specialty', a.specialty],
      ['clinician.affiliation', a.affiliation],
      ['clinician.appliedAt', formatTime(a.created_ms)],
    ];
    if (a.decision_note) rows.push(['clinician.note', a.decision_note]);
    return h('div', { class: `status-box status-${status}`, attrs: { 'data-testid': 'clinician-status', 'data-status': status } }, [
      h('p', { class: 'status-line' }, [
        h('span', { class: `pill pill-${status}`, i18n: `clinician.status.${status}` }),
        h('span', { i18n: `clinician.statusText.${status}` }),
      ]),
      h(
        'dl',
        { class: 'kv' },
        rows.flatMap(([k, v]) => [h('dt', { i18n: k }), h('dd', { text: v })]),
      ),
    ]);
  }

  private applicationForm(): HTMLElement {
    const realName = inputField({ label: 'clinician.realName', testid: 'apply-name', maxlength: 100, autocomplete: 'name' });
    const number = inputField({ label: 'clinician.number', testid: 'apply-number', hint: 'clinician.numberHint', maxlength: 40, placeholder: 'clinician.numberPlaceholder' });
    const specialty = inputField({ label: 'clinician.specialty', testid: 'apply-specialty', maxlength: 100, placeholder: 'clinician.specialtyPlaceholder' });
    const affiliation = inputField({ label: 'clinician.affiliation', testid: 'apply-affiliation', maxlength: 100 });
    const error = formError('apply-error');
    const submit = h('button', { class: 'btn btn-primary', i18n: 'clinician.apply', attrs: { type: 'submit', 'data-testid': 'apply-submit' } });
    const form = h('form', { class: 'account-block stack', attrs: { novalidate: true, 'data-testid': 'apply-form' } }, [
      h('h3', { i18n: 'clinician.formHeading' }),
      h('p', { class: 'field-hint', i18n: 'clinician.privacy' }),
      realName.el,
      number.el,
      specialty.el,
      affiliation.el,
      error,
      h('div', { class: 'form-actions' }, [submit]),
    ]);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      setBusy(submit, true);
      const res = await this.deps.api.applyAsClinician({
        real_name: realName.input.value,
        registration_number: number.input.value,
        specialty: specialty.input.value,
        affiliation: affiliation.input.value,
      });
      setBusy(submit, false);
      if (!res.ok) {
        showFailure(res.failure, { number } as Record<string, AnyField>, (c) => (c === 'clinician_number_invalid' ? 'number' : null), error)?.input.focus();
        return;
      }
      this.application = res.value;
      this.deps.toast(res.value.status === 'approved' ? 'clinician.approvedNow' : 'clinician.submitted');
      this.renderClinician();
    });
    return form;
  }
}
