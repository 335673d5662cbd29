// The entry screen: display name, one of the project's 8 avatars (or one's own VRM, shown
// only locally), the space rules from GET /api/rules to accept, then POST /api/session with the
// accepted rules version. A server error on the name is shown next to the field, in the
// server's own words (`message[lang]`), as docs/protocol.md asks.
//
// Someone this browser is already signed in as (GET /api/session = 200) is offered "continue
// as <name>"; if the rules changed since they accepted them, they must tick the rules again
// (POST /api/rules/accept). "Sign in" opens the login dialog; staff can open the staff pages
// from here without entering the world.

import { AVATARS, AVATAR_COUNT, cssColor, isAvatarId } from '../avatar/catalog';
import { AvatarPreview } from '../avatar/preview';
import { type LoadedVrm, VrmLoadError, loadVrm } from '../avatar/vrm';
import { lang, onLanguageChanged, t, translateDom } from '../i18n';
import type { Api } from '../net/api';
import { type ApiError, type Me, type RulesBody, type SessionBody, isStaff } from '../net/messages';
import { AdminPanel } from './admin/panel';
import { clear, h, uid } from './dom';
import { faceEl } from './face';
import { formError, setMessage } from './form';
import { uiIcon } from './icons';
import { languageToggle } from './langToggle';
import { SignInDialog } from './signin';
import { type KeyValueStore, loadProfile, saveProfile } from './storage';
import { Toasts } from './toast';

export interface EntryResult {
  me: Me;
  vrm: LoadedVrm | null;
  thumbs: string[];
  rules: RulesBody | null;
}

export interface EntryOptions {
  api: Api;
  store: KeyValueStore;
  /** Who this browser is signed in as (GET /api/session), or null. */
  known: SessionBody | null;
  /** An i18n key to show at the top (e.g. why the person is back here). */
  notice?: string;
  /** Open the sign-in dialog at once (`#/login`). */
  signIn?: boolean;
  /** Open the staff pages at once (`#/admin`, staff only). */
  admin?: boolean;
  onEnter(result: EntryResult): void;
  /** The server granted a session (a guest session or a sign-in). */
  onSession(session: SessionBody): void;
  /** The server refused because this browser or account is banned. */
  onBanned(): void;
}

export class EntryScreen {
  readonly el: HTMLElement;
  private readonly nameInput: HTMLInputElement;
  private readonly nameError: HTMLParagraphElement;
  private readonly avatarError: HTMLParagraphElement;
  private readonly formError: HTMLParagraphElement;
  private readonly rulesBox: HTMLDivElement;
  private readonly accept: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly vrmStatus: HTMLParagraphElement;
  private readonly vrmClear: HTMLButtonElement;
  private readonly previewCanvas: HTMLCanvasElement;
  private readonly tiles: HTMLElement[] = [];
  private preview: AvatarPreview | null = null;
  private thumbs: string[] = [];
  private avatar = 0;
  private rules: RulesBody | null = null;
  private rulesState: 'loading' | 'ok' | 'error' = 'loading';
  private serverError: { field: 'name' | 'avatar' | 'form'; error: ApiError } | null = null;
  private localError: { field: 'name' | 'form'; key: string } | null = null;
  private vrm: LoadedVrm | null = null;
  private vrmFile: string | null = null;
  private vrmErrorKey: string | null = null;
  private busy = false;
  private known: SessionBody | null;
  private readonly knownBox: HTMLElement;
  private readonly knownError: HTMLParagraphElement;
  /** The returning person ticked the (changed) rules in their card. */
  private knownAccepted = false;
  private readonly formHeading: HTMLHeadingElement;
  private readonly signIn: SignInDialog;
  private readonly toasts = new Toasts();
  private admin: AdminPanel | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly opts: EntryOptions) {
    this.known = opts.known;
    const profile = opts.known ? { name: opts.known.user.name, avatar: opts.known.user.avatar } : loadProfile(opts.store);
    this.avatar = profile && isAvatarId(profile.avatar) ? profile.avatar : Math.floor(Math.random() * AVATAR_COUNT);

    const nameId = uid('name');
    const hintId = uid('name-hint');
    const errId = uid('name-error');
    this.nameInput = h('input', {
      class: 'text-input',
      i18nPlaceholder: 'entry.namePlaceholder',
      attrs: {
        id: nameId,
        type: 'text',
        autocomplete: 'nickname',
        maxlength: 64,
        required: true,
        'aria-describedby': `${hintId} ${errId}`,
        'data-testid': 'entry-name',
      },
    });
    if (profile) this.nameInput.value = profile.name;
    this.nameError = h('p', { class: 'field-error', attrs: { id: errId, role: 'alert', 'data-testid': 'name-error' } });
    this.nameInput.addEventListener('input', () => {
      if (this.serverError?.field === 'name' || this.localError?.field === 'name') {
        this.serverError = null;
        this.localError = null;
        this.renderErrors();
      }
    });

    // avatar picker: native radios, so arrow keys move between them
    const picker = h('div', { class: 'avatar-grid' });
    for (const spec of AVATARS) {
      const id = uid('avatar');
      const radio = h('input', {
        class: 'sr-only avatar-radio',
        attrs: { type: 'radio', name: 'avatar', id, value: spec.id, 'data-testid': `avatar-${spec.id}` },
        on: { change: () => this.choose(spec.id) },
      });
      radio.checked = spec.id === this.avatar;
      const img = h('span', { class: 'avatar-thumb', attrs: { style: `--accent:${cssColor(spec.accent)}`, 'aria-hidden': 'true' } });
      const tile = h('label', { class: 'avatar-tile', attrs: { for: id, 'data-avatar': spec.id } }, [
        img,
        h('span', { class: 'avatar-name', i18n: spec.nameKey }),
        h('span', { class: 'sr-only avatar-desc', i18n: spec.descKey }),
      ]);
      this.tiles.push(img);
      picker.append(radio, tile);
    }
    this.avatarError = h('p', { class: 'field-error', attrs: { role: 'alert' } });

    // own VRM (local only)
    const vrmInputId = uid('vrm');
    const vrmInput = h('input', {
      class: 'sr-only',
      attrs: { type: 'file', id: vrmInputId, accept: '.vrm,model/gltf-binary', 'data-testid': 'vrm-input' },
      on: { change: () => void this.loadVrmFile(vrmInput) },
    });
    this.vrmStatus = h('p', { class: 'vrm-status', attrs: { 'aria-live': 'polite', 'data-testid': 'vrm-status' } });
    this.vrmClear = h('button', {
      class: 'btn btn-link',
      i18n: 'entry.vrmClear',
      attrs: { type: 'button' },
      on: { click: () => this.clearVrm(vrmInput) },
    });
    this.vrmClear.hidden = true;

    this.previewCanvas = h('canvas', { class: 'preview-canvas', i18nAria: 'entry.previewLabel', attrs: { role: 'img' } });

    // rules
    this.rulesBox = h('div', { class: 'rules-box', attrs: { 'data-testid': 'rules', tabindex: 0 } });
    this.accept = h('input', {
      attrs: { type: 'checkbox', id: uid('accept'), 'data-testid': 'rules-accept' },
      on: { change: () => this.updateSubmit() },
    });
    this.submit = h('button', { class: 'btn btn-primary btn-large', attrs: { type: 'submit', 'data-testid': 'entry-submit' } });
    this.formError = h('p', { class: 'form-error', attrs: { id: uid('form-error'), role: 'alert', 'data-testid': 'form-error' } });
    const rulesHeadingId = uid('rules-heading');

    const toggle = languageToggle();
    this.cleanups.push(toggle.dispose);
    const notice = opts.notice ? h('p', { class: 'notice', i18n: opts.notice, attrs: { role: 'status', 'data-testid': 'entry-notice' } }) : null;
    this.knownBox = h('section', { class: 'returning', attrs: { 'data-testid': 'known', 'aria-live': 'polite' } });
    this.knownError = formError('known-error');
    this.formHeading = h('h2', { class: 'form-heading', i18n: 'entry.newGuestHeading' });
    this.signIn = new SignInDialog(
      opts.api,
      (session) => this.onSignedIn(session),
      () => opts.onBanned(),
    );
    const signInRow = h('p', { class: 'signin-row' }, [
      h('span', { i18n: 'entry.haveAccount' }),
      h(
        'button',
        { class: 'btn btn-secondary btn-small', attrs: { type: 'button', 'data-testid': 'entry-signin' }, on: { click: () => this.signIn.open() } },
        [uiIcon('key'), h('span', { i18n: 'entry.signIn' })],
      ),
    ]);

    this.el = h('main', { class: 'entry', attrs: { 'data-testid': 'entry' } }, [
      h('header', { class: 'entry-header' }, [
        h('div', { class: 'brand' }, [
          h('span', { class: 'brand-mark', attrs: { 'aria-hidden': 'true' } }),
          h('span', { class: 'brand-text' }, [
            h('span', { class: 'brand-title', i18n: 'app.title' }),
            h('span', { class: 'brand-sub', i18n: 'app.subtitle' }),
          ]),
        ]),
        toggle.el,
      ]),
      h('form', { class: 'entry-card', attrs: { novalidate: true }, on: { submit: (e) => void this.onSubmit(e) } }, [
        h('p', { class: 'tagline', i18n: 'app.tagline' }),
        notice,
        h('h1', { i18n: 'entry.heading' }),
        h('p', { class: 'intro', i18n: 'entry.intro' }),
        this.knownBox,
        signInRow,
        this.formHeading,
        h('div', { class: 'entry-grid' }, [
          h('div', { class: 'entry-col' }, [
            h('div', { class: 'field' }, [
              h('label', { class: 'field-label', i18n: 'entry.nameLabel', attrs: { for: nameId } }),
              this.nameInput,
              h('p', { class: 'field-hint', i18n: 'entry.nameHint', attrs: { id: hintId } }),
              this.nameError,
            ]),
            h('fieldset', { class: 'field avatar-field' }, [
              h('legend', { class: 'field-label', i18n: 'entry.avatarLabel' }),
              picker,
              this.avatarError,
            ]),
            h('div', { class: 'vrm-row' }, [
              h('label', { class: 'btn btn-secondary vrm-button', attrs: { for: vrmInputId } }, [uiIcon('file'), h('span', { i18n: 'entry.vrmButton' })]),
              vrmInput,
              this.vrmClear,
            ]),
            this.vrmStatus,
            h('p', { class: 'field-hint', i18n: 'entry.vrmHint' }),
          ]),
          h('div', { class: 'entry-col' }, [
            h('div', { class: 'preview' }, [this.previewCanvas]),
            h('section', { class: 'rules', attrs: { 'aria-labelledby': rulesHeadingId } }, [
              h('h2', { i18n: 'entry.rulesHeading', attrs: { id: rulesHeadingId } }),
              this.rulesBox,
              h('label', { class: 'check', attrs: { for: this.accept.id } }, [this.accept, h('span', { i18n: 'entry.accept' })]),
            ]),
            this.formError,
            this.submit,
          ]),
        ]),
        h('p', { class: 'disclaimer', i18n: 'app.disclaimer' }),
      ]),
      this.signIn.el,
      this.toasts.el,
    ]);

    this.cleanups.push(onLanguageChanged(() => this.relabel()));
    this.renderRules();
    this.renderKnown();
    this.updateSubmit();
    void this.loadRules();
    if (opts.signIn && !opts.known) this.signIn.open();
    if (opts.admin && opts.known && isStaff(opts.known.user.role)) this.openAdmin();
  }

  // --- someone this browser knows ----------------------------------------------------------------

  /** Whether the known person must accept the rules again before entering. */
  private rulesOutdated(): boolean {
    if (!this.known) return false;
    const current = this.rules?.version ?? this.known.rules_version;
    return this.known.user.rules_version < current;
  }

  private renderKnown(): void {
    const k = this.known;
    clear(this.knownBox);
    this.knownBox.hidden = !k;
    this.el?.classList.toggle('is-known', Boolean(k));
    this.formHeading.hidden = !k;
    const signInRow = this.el?.querySelector<HTMLElement>('.signin-row');
    if (signInRow) signInRow.hidden = Boolean(k);
    if (!k) return;
    const me = k.user;
    const outdated = this.rulesOutdated();
    const go = h(
      'button',
      {
        class: 'btn btn-primary btn-continue',
        attrs: { type: 'button', 'data-testid': 'continue' },
        on: { click: () => void this.continueAs() },
      },
      [h('span', { text: t('entry.continueAs', { name: me.name }) })],
    );
    go.disabled = this.busy || (outdated && !this.knownAccepted) || this.rulesState !== 'ok';
    const signOut = h('button', {
      class: 'btn btn-link',
      i18n: 'entry.notMe',
      attrs: { type: 'button', 'data-testid': 'known-signout' },
      on: { click: () => void this.signOutKnown() },
    });
    this.knownBox.append(
      h('div', { class: 'returning-who' }, [
        faceEl(this.thumbs, me.avatar, 'face returning-face'),
        h('div', {}, [
          h('p', { class: 'returning-hello', text: t('entry.welcomeBack', { name: me.name }) }),
          h('p', { class: 'muted', text: me.login_id ? t('entry.knownAccount', { login: me.login_id }) : t('entry.knownGuest') }),
        ]),
      ]),
      ...(outdated ? this.knownRules() : []),
      this.knownError,
      h('div', { class: 'returning-actions' }, [
        go,
        isStaff(me.role)
          ? h(
              'button',
              { class: 'btn btn-secondary', attrs: { type: 'button', 'data-testid': 'entry-admin' }, on: { click: () => this.openAdmin() } },
              [uiIcon('shield'), h('span', { i18n: 'hud.admin' })],
            )
          : null,
        signOut,
      ]),
    );
  }

  /** The changed rules inside the returning person's card, with their own box to tick. */
  private knownRules(): HTMLElement[] {
    const list = this.rules ? (this.rules.rules[lang()] ?? this.rules.rules.ja ?? []) : [];
    const box = h('input', {
      attrs: { type: 'checkbox', id: uid('known-accept'), 'data-testid': 'known-rules-accept' },
      on: {
        change: () => {
          this.knownAccepted = box.checked;
          setMessage(this.knownError, null);
          this.updateSubmit();
        },
      },
    });
    box.checked = this.knownAccepted;
    return [
      h('p', { class: 'notice rules-again', i18n: 'entry.rulesChanged', attrs: { 'data-testid': 'rules-changed' } }),
      h('ol', { class: 'rules-list rules-box known-rules', attrs: { tabindex: 0 } }, list.map((r) => h('li', { text: r }))),
      h('label', { class: 'check', attrs: { for: box.id } }, [box, h('span', { i18n: 'entry.accept' })]),
    ];
  }

  private async continueAs(): Promise<void> {
    const k = this.known;
    if (!k || this.busy) return;
    setMessage(this.knownError, null);
    if (this.rulesOutdated()) {
      if (!this.knownAccepted) {
        setMessage(this.knownError, { key: 'entry.needRulesAgain' });
        return;
      }
      const version = this.rules?.version ?? k.rules_version;
      this.busy = true;
      this.renderKnown();
      const res = await this.opts.api.acceptRules(version);
      this.busy = false;
      if (!res.ok) {
        this.renderKnown();
        setMessage(this.knownError, res.failure);
        return;
      }
      k.user = { ...k.user, rules_version: version };
    }
    this.enterWorld(k.user);
  }

  private async signOutKnown(): Promise<void> {
    const res = await this.opts.api.signOut();
    if (!res.ok && !(res.failure.kind === 'rejected' && res.failure.status === 401)) {
      setMessage(this.knownError, res.failure);
      return;
    }
    this.known = null;
    this.knownAccepted = false;
    this.renderKnown();
    this.updateSubmit();
    this.toasts.show('entry.signedOutToast');
  }

  private onSignedIn(session: SessionBody): void {
    this.opts.onSession(session);
    this.known = session;
    saveProfile(this.opts.store, session.user);
    this.renderKnown();
    this.updateSubmit();
    if (!this.rulesOutdated() && this.rulesState === 'ok') {
      this.enterWorld(session.user);
      return;
    }
    this.knownBox.scrollIntoView?.({ block: 'start' });
    this.knownBox.querySelector<HTMLInputElement>('[data-testid="known-rules-accept"]')?.focus({ preventScroll: true });
  }

  private openAdmin(): void {
    const k = this.known;
    if (!k) return;
    if (!this.admin) {
      this.admin = new AdminPanel({
        api: this.opts.api,
        me: () => this.known?.user ?? k.user,
        host: this.el,
        toast: (key, params, kind = 'info') => this.toasts.show(key, params ?? {}, { kind }),
      });
      this.el.append(this.admin.el);
    }
    this.admin.open();
  }

  private enterWorld(me: Me): void {
    this.opts.onEnter({ me, vrm: this.vrm, thumbs: this.thumbs, rules: this.rules });
    this.vrm = null; // handed over to the world
  }

  /** Call once the element is in the document (the preview needs its size). */
  mounted(): void {
    try {
      this.preview = new AvatarPreview(this.previewCanvas);
      this.thumbs = this.preview.thumbnails(112);
      this.tiles.forEach((tile, i) => {
        const url = this.thumbs[i];
        if (url) tile.append(h('img', { attrs: { src: url, alt: '' } }));
      });
      this.preview.showAvatar(this.avatar);
      const box = this.previewCanvas.getBoundingClientRect();
      this.preview.start(Math.max(80, Math.round(box.width)), Math.max(80, Math.round(box.height)));
    } catch {
      // No WebGL: the tiles keep their colours and the preview stays empty.
      this.preview = null;
      this.el.classList.add('no-webgl');
    }
    this.renderKnown();
  }

  private choose(id: number): void {
    this.avatar = id;
    if (this.serverError?.field === 'avatar') {
      this.serverError = null;
      this.renderErrors();
    }
    if (!this.vrm) this.preview?.showAvatar(id);
  }

  private async loadRules(): Promise<void> {
    this.rulesState = 'loading';
    this.renderRules();
    const res = await this.opts.api.rules();
    if (res.ok) {
      this.rules = res.value;
      this.rulesState = 'ok';
    } else {
      this.rulesState = 'error';
    }
    this.renderRules();
    this.renderKnown();
    this.updateSubmit();
  }

  private renderRules(): void {
    clear(this.rulesBox);
    if (this.rulesState === 'loading') {
      this.rulesBox.append(h('p', { class: 'muted', text: t('entry.rulesLoading') }));
      return;
    }
    if (this.rulesState === 'error' || !this.rules) {
      this.rulesBox.append(
        h('p', { class: 'field-error', text: t('entry.rulesError') }),
        h('button', { class: 'btn btn-secondary', text: t('entry.retry'), attrs: { type: 'button' }, on: { click: () => void this.loadRules() } }),
      );
      return;
    }
    const list = this.rules.rules[lang()] ?? this.rules.rules.ja ?? Object.values(this.rules.rules)[0] ?? [];
    this.rulesBox.append(h('ol', { class: 'rules-list', attrs: { 'data-testid': 'rules-list' } }, list.map((r) => h('li', { text: r }))));
  }

  private updateSubmit(): void {
    this.submit.textContent = t(this.busy ? 'entry.entering' : this.known ? 'entry.enterAsNew' : 'entry.enter');
    const go = this.knownBox.querySelector<HTMLButtonElement>('[data-testid="continue"]');
    if (go) go.disabled = this.busy || (this.rulesOutdated() && !this.knownAccepted) || this.rulesState !== 'ok';
    this.submit.disabled = this.busy || !this.accept.checked || this.rulesState !== 'ok';
    this.submit.setAttribute('aria-describedby', this.formError.id);
    if (!this.accept.checked && !this.formError.textContent) {
      this.submit.title = t('entry.needRules');
    } else {
      this.submit.removeAttribute('title');
    }
  }

  private renderErrors(): void {
    // server errors keep their code and {"ja","en"} message on the element (form.ts)
    const show = (el: HTMLElement, f: 'name' | 'avatar' | 'form') => {
      if (this.serverError?.field === f) setMessage(el, { kind: 'rejected', status: 0, error: this.serverError.error });
      else if (f !== 'avatar' && this.localError?.field === f) setMessage(el, { key: this.localError.key });
      else setMessage(el, null);
    };
    show(this.nameError, 'name');
    show(this.avatarError, 'avatar');
    show(this.formError, 'form');
    this.nameInput.setAttribute('aria-invalid', String(Boolean(this.nameError.textContent)));
    this.vrmStatus.textContent = this.vrmErrorKey
      ? t(this.vrmErrorKey)
      : this.vrmFile === ''
        ? t('entry.vrmLoading')
        : this.vrmFile
          ? t('entry.vrmLoaded', { file: this.vrmFile })
          : '';
    this.vrmStatus.classList.toggle('field-error', Boolean(this.vrmErrorKey));
  }

  private async loadVrmFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.vrmErrorKey = null;
    this.vrmFile = '';
    this.renderErrors();
    try {
      const vrm = await loadVrm(await file.arrayBuffer());
      this.vrm?.dispose();
      this.vrm = vrm;
      this.vrmFile = file.name;
      this.preview?.showObject(vrm.root, vrm.height, (dt) => vrm.update(dt, 0, 0));
      this.vrmClear.hidden = false;
    } catch (e) {
      this.vrmFile = null;
      this.vrmErrorKey = `entry.vrmErrors.${e instanceof VrmLoadError ? e.code : 'not_vrm'}`;
    }
    this.renderErrors();
  }

  private clearVrm(input: HTMLInputElement): void {
    this.vrm?.dispose();
    this.vrm = null;
    this.vrmFile = null;
    this.vrmErrorKey = null;
    input.value = '';
    this.vrmClear.hidden = true;
    this.preview?.showAvatar(this.avatar);
    this.renderErrors();
  }

  private async onSubmit(e: Event): Promise<void> {
    e.preventDefault();
    if (this.busy) return;
    this.serverError = null;
    this.localError = null;
    const name = this.nameInput.value;
    if (name.trim() === '') {
      this.localError = { field: 'name', key: 'entry.needName' };
      this.renderErrors();
      this.nameInput.focus();
      return;
    }
    if (!this.accept.checked) {
      this.localError = { field: 'form', key: 'entry.needRules' };
      this.renderErrors();
      return;
    }
    this.busy = true;
    this.updateSubmit();
    this.renderErrors();
    const session = await this.session(name, this.avatar);
    this.busy = false;
    this.updateSubmit();
    if (!session) {
      this.renderErrors();
      // (re-read: session() set them while we awaited)
      const serverError = this.serverError as EntryScreen['serverError'];
      const localError = this.localError as EntryScreen['localError'];
      if (serverError?.field === 'name' || localError?.field === 'name') this.nameInput.focus();
      return;
    }
    saveProfile(this.opts.store, session.user);
    this.opts.onSession(session);
    this.enterWorld(session.user);
  }

  /** A new guest session, with the rules version the person just accepted. */
  private async session(name: string, avatar: number): Promise<SessionBody | null> {
    const res = await this.opts.api.createSession(name, avatar, this.rules?.version ?? 0);
    if (res.ok) return res.value;
    const f = res.failure;
    if (f.kind === 'rejected' && f.error.code === 'banned') this.opts.onBanned();
    if (f.kind === 'rejected') {
      const field = f.error.code.startsWith('name_') ? 'name' : f.error.code.startsWith('avatar') ? 'avatar' : 'form';
      this.serverError = { field, error: f.error };
    } else {
      this.localError = { field: 'form', key: 'entry.networkError' };
    }
    return null;
  }

  private relabel(): void {
    translateDom(this.el);
    this.renderRules();
    this.renderKnown();
    this.renderErrors();
    this.updateSubmit();
    this.toasts.relabel();
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.preview?.dispose();
    for (const d of this.el.querySelectorAll('dialog')) if (d.open) d.close();
    this.el.remove();
  }
}
