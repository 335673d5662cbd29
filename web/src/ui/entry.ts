// The entry screen: display name, one of the project's 8 avatars (or one's own VRM, shown
// only locally), the space rules from GET /api/rules to accept, then POST /api/session.
// A server error on the name is shown next to the field, in the server's own words
// (`message[lang]`), as docs/protocol.md asks.

import { AVATARS, AVATAR_COUNT, cssColor, isAvatarId } from '../avatar/catalog';
import { AvatarPreview } from '../avatar/preview';
import { type LoadedVrm, VrmLoadError, loadVrm } from '../avatar/vrm';
import { lang, onLanguageChanged, t, translateDom } from '../i18n';
import type { Api } from '../net/api';
import { type ApiError, type RulesBody, localize } from '../net/messages';
import { clear, h, uid } from './dom';
import { uiIcon } from './icons';
import { languageToggle } from './langToggle';
import { type KeyValueStore, type StoredSession, loadProfile, loadSession, reusable, saveSession } from './storage';

export interface EntryResult {
  session: StoredSession;
  vrm: LoadedVrm | null;
  thumbs: string[];
  rules: RulesBody | null;
}

export interface EntryOptions {
  api: Api;
  store: KeyValueStore;
  /** An i18n key to show at the top (e.g. why the person is back here). */
  notice?: string;
  onEnter(result: EntryResult): void;
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
  private readonly cleanups: Array<() => void> = [];

  constructor(private readonly opts: EntryOptions) {
    const profile = loadProfile(opts.store);
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
    ]);

    this.cleanups.push(onLanguageChanged(() => this.relabel()));
    this.renderRules();
    this.updateSubmit();
    void this.loadRules();
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
    this.submit.textContent = t(this.busy ? 'entry.entering' : 'entry.enter');
    this.submit.disabled = this.busy || !this.accept.checked || this.rulesState !== 'ok';
    this.submit.setAttribute('aria-describedby', this.formError.id);
    if (!this.accept.checked && !this.formError.textContent) {
      this.submit.title = t('entry.needRules');
    } else {
      this.submit.removeAttribute('title');
    }
  }

  private renderErrors(): void {
    const server = (f: 'name' | 'avatar' | 'form') =>
      this.serverError?.field === f ? localize(this.serverError.error.message, lang()) || t('errors.unknown', { code: this.serverError.error.code }) : '';
    const local = (f: 'name' | 'form') => (this.localError?.field === f ? t(this.localError.key) : '');
    this.nameError.textContent = server('name') || local('name');
    this.avatarError.textContent = server('avatar');
    this.formError.textContent = server('form') || local('form');
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
    saveSession(this.opts.store, session);
    this.opts.onEnter({ session, vrm: this.vrm, thumbs: this.thumbs, rules: this.rules });
    this.vrm = null; // handed over to the world
  }

  /** Reuses the stored session for the same name and avatar if the server still knows it. */
  private async session(name: string, avatar: number): Promise<StoredSession | null> {
    const stored = loadSession(this.opts.store);
    if (reusable(stored, name, avatar)) {
      const check = await this.opts.api.session(stored.token);
      if (check.ok) return { token: stored.token, user: check.value };
    }
    const res = await this.opts.api.createSession(name, avatar);
    if (res.ok) return res.value;
    const f = res.failure;
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
    this.renderErrors();
    this.updateSubmit();
  }

  dispose(): void {
    for (const c of this.cleanups) c();
    this.preview?.dispose();
    this.el.remove();
  }
}
