// Sign in with a login id and password (POST /api/login). A wrong id and a wrong password get
// the same answer from the server (`login_failed`), shown as the form's error in its words.

import type { Api } from '../net/api';
import type { SessionBody } from '../net/messages';
import { modal, type Modal } from './dialog';
import { h } from './dom';
import { type Field, formError, inputField, setBusy, setMessage, showFailure } from './form';

export class SignInDialog {
  private readonly m: Modal;
  private readonly login: Field<HTMLInputElement>;
  private readonly password: Field<HTMLInputElement>;
  private readonly error: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly api: Api,
    private readonly onSignedIn: (session: SessionBody) => void,
    /** A ban refused the sign-in (the caller remembers it). */
    private readonly onBanned: () => void,
  ) {
    this.m = modal({ title: 'signin.title', testid: 'signin-dialog', class: 'signin-dialog' });
    this.login = inputField({ label: 'account.loginId', testid: 'signin-login', maxlength: 64, autocomplete: 'username' });
    this.password = inputField({ label: 'account.password', testid: 'signin-password', type: 'password', maxlength: 200, autocomplete: 'current-password' });
    this.error = formError('signin-error');
    this.submit = h('button', { class: 'btn btn-primary btn-wide', i18n: 'signin.submit', attrs: { type: 'submit', 'data-testid': 'signin-submit' } });
    const form = h('form', { class: 'stack', attrs: { novalidate: true }, on: { submit: (e) => void this.onSubmit(e) } }, [
      h('p', { class: 'field-hint', i18n: 'signin.intro' }),
      this.login.el,
      this.password.el,
      this.error,
      this.submit,
    ]);
    this.m.body.append(form);
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  open(): void {
    this.login.set(null);
    this.password.set(null);
    setMessage(this.error, null);
    this.password.input.value = '';
    this.m.open();
    this.login.input.focus();
  }

  close(): void {
    this.m.close();
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    this.login.set(null);
    this.password.set(null);
    setMessage(this.error, null);
    if (this.login.input.value.trim() === '') {
      this.login.set({ key: 'signin.needLogin' });
      this.login.input.focus();
      return;
    }
    if (this.password.input.value === '') {
      this.password.set({ key: 'signin.needPassword' });
      this.password.input.focus();
      return;
    }
    setBusy(this.submit, true);
    const res = await this.api.login(this.login.input.value.trim(), this.password.input.value);
    setBusy(this.submit, false);
    if (!res.ok) {
      if (res.failure.kind === 'rejected' && res.failure.error.code === 'banned') this.onBanned();
      showFailure(res.failure, { login: this.login }, (c) => (c.startsWith('login_id') ? 'login' : null), this.error);
      return;
    }
    this.password.input.value = '';
    this.close();
    this.onSignedIn(res.value);
  }
}
