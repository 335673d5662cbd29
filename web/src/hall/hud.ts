// What the world app needs of the lecture hall, in one place (docs/voice.md, "Presenting" and
// "Slides"): the raise-hand button; for facilitators, moderators and admins the list of raised
// hands with "bring to the stage" and "end"; the "go to the stage" / "step down" strip of a stage
// guest; the presenters' slide control, with uploading a deck (images or a PDF, upload.ts) for
// presenters by role and deleting one's own; the full-screen slide viewer for everyone; the note that
// says one stands in a closed zone; the stage part of the person card; the raised hand above
// avatars; the stage's floor height; the screen-share controls (hall/share.ts) and the share on
// the hall's screen. The server decides every permission; this only hides what
// one may not do. Also installs `window.__tsunaguHall` (read-only) for the end-to-end tests.
// Owned by the world app; single-threaded.

import './hall.css';
import { lang, t, translateDom } from '../i18n';
import { type HallClientMessage, type HallServerMessage, type JoinedSpace, type Localized, localize } from '../net/messages';
import type { Pose } from '../net/protocol';
import { h } from '../ui/dom';
import type { Params } from '../ui/toast';
import { type Deck, type DecksResult, loadDecks } from './decks';
import { hallIcon } from './icons';
import { canModerateStage, canPresent, easeHeight, floorHeight, handRows, stageTarget, turnPage, zoneAt } from './logic';
import type { SlideScreen } from './screen';
import { type PageBlob, type Progress, SlidesUploadApi, plan, titleFrom, titleOk, uploadDeck, uploadErrorKey } from './upload';
import { ShareHud } from './share';
import type { ShareControl } from '../voice/controller';

export interface HallDeps {
  send(m: HallClientMessage): boolean;
  selfId(): number;
  role(): string;
  /** A person's name in this space (null: not here). */
  nameOf(id: number): string | null;
  /** The hall's screen in the current scene (world/view.ts). */
  screen(): SlideScreen | null;
  /** Puts one's own avatar at (x, z) facing `yaw` (on the stage). */
  moveSelf(x: number, z: number, yaw: number): void;
  toast(key: string, params?: Params, kind?: 'info' | 'error'): void;
  decks?(): Promise<DecksResult>;
  /** The CSRF token of the page's session (net/api.ts), for uploads and deletions. */
  csrf?(): string | null;
  /** Asks before deleting a deck (window.confirm by default). */
  confirm?(text: string): boolean;
  /** Screen sharing (voice/controller.ts); none: no share controls. */
  share?: ShareControl;
}

interface Slides {
  deck: string | null;
  title: Localized | null;
  page: number;
  pages: string[];
}

const NO_SLIDES: Slides = { deck: null, title: null, page: 0, pages: [] };
const ERRORS = ['no_stage', 'not_found', 'slides_unknown', 'slides_page_invalid'];

export class HallHud {
  /** ✋ in the bottom controls. */
  readonly handButton: HTMLButtonElement;
  /** The hall's strip at the top right: zone note, stage actions, slides buttons, panels. */
  readonly el: HTMLElement;
  /** The full-screen slide viewer (a modal dialog). */
  readonly viewer: HTMLDialogElement;
  private readonly handLabel: HTMLSpanElement;
  private readonly zoneNote: HTMLElement;
  private readonly stageStrip: HTMLElement;
  private readonly stageText: HTMLElement;
  private readonly goButton: HTMLButtonElement;
  private readonly downButton: HTMLButtonElement;
  private readonly viewButton: HTMLButtonElement;
  private readonly slidesButton: HTMLButtonElement;
  private readonly slidesPanel: HTMLElement;
  private readonly deckSelect: HTMLSelectElement;
  private readonly deckStatus: HTMLElement;
  private readonly showButton: HTMLButtonElement;
  private readonly clearButton: HTMLButtonElement;
  private readonly prevButton: HTMLButtonElement;
  private readonly nextButton: HTMLButtonElement;
  private readonly pageLabel: HTMLElement;
  private readonly deleteButton: HTMLButtonElement;
  private readonly uploadToggle: HTMLButtonElement;
  private readonly uploadForm: HTMLFormElement;
  private readonly uploadFile: HTMLInputElement;
  private readonly uploadTitle: HTMLInputElement;
  private readonly uploadStart: HTMLButtonElement;
  private readonly uploadCancel: HTMLButtonElement;
  private readonly uploadProgress: HTMLProgressElement;
  private readonly uploadStatus: HTMLElement;
  private readonly uploadError: HTMLElement;
  private uploading: AbortController | null = null;
  private autoTitle = '';
  private readonly handsPanel: HTMLElement;
  private readonly handsToggle: HTMLButtonElement;
  private readonly handsCount: HTMLElement;
  private readonly handsList: HTMLElement;
  private readonly viewerImg: HTMLImageElement;
  private readonly viewerTitle: HTMLElement;
  private readonly viewerPage: HTMLElement;
  private readonly viewerPrev: HTMLButtonElement;
  private readonly viewerNext: HTMLButtonElement;
  private readonly cardWrap = h('div', { class: 'hall-card-wrap' });
  private readonly cardSection: HTMLElement;
  private readonly cardNote: HTMLElement;
  private readonly cardButton: HTMLButtonElement;
  private cardTarget: { id: number; name: string } | null = null;
  private readonly share: ShareHud | null;

  private space: JoinedSpace | null = null;
  private hands: number[] = [];
  private guests: number[] = [];
  private slides: Slides = NO_SLIDES;
  private invited = false;
  private decks: Deck[] | null = null;
  private decksLoading = false;
  private zoneId: string | null = null;
  private listKey = '';
  private lastList = 0;

  constructor(private readonly deps: HallDeps) {
    this.handLabel = h('span', { class: 'btn-label' });
    this.handButton = h(
      'button',
      {
        class: 'btn btn-round hall-hand',
        attrs: { type: 'button', 'aria-pressed': 'false', 'data-testid': 'hall-hand' },
        on: { click: () => this.toggleHand() },
      },
      [hallIcon('hand'), this.handLabel],
    );
    this.handButton.hidden = true;

    this.zoneNote = h('p', { class: 'hall-zone-note', attrs: { role: 'status', 'data-testid': 'hall-zone-note' } });
    this.zoneNote.hidden = true;

    // one's own place on the stage
    this.stageText = h('span', { class: 'hall-stage-text' });
    this.goButton = h('button', { class: 'btn btn-primary hall-go', attrs: { type: 'button', 'data-testid': 'hall-go-stage' }, on: { click: () => this.goToStage() } }, [
      hallIcon('stage'),
      h('span', { i18n: 'hall.stage.go' }),
    ]);
    this.downButton = h('button', { class: 'btn btn-secondary', attrs: { type: 'button', 'data-testid': 'hall-step-down' }, on: { click: () => this.stepDown() } }, [
      hallIcon('down'),
      h('span', { i18n: 'hall.stage.stepDown' }),
    ]);
    this.stageStrip = h('div', { class: 'hall-card hall-stage', attrs: { 'data-testid': 'hall-stage' } }, [this.stageText, h('div', { class: 'hall-row' }, [this.goButton, this.downButton])]);
    this.stageStrip.hidden = true;

    // slides: "view large" for everyone, the control for presenters
    this.viewButton = h('button', { class: 'btn hall-pill', attrs: { type: 'button', 'aria-haspopup': 'dialog', 'data-testid': 'hall-view-slides' }, on: { click: () => this.openViewer() } }, [
      hallIcon('expand'),
      h('span', { i18n: 'hall.slides.view' }),
    ]);
    this.viewButton.hidden = true;
    this.slidesButton = h(
      'button',
      { class: 'btn hall-pill', attrs: { type: 'button', 'aria-expanded': 'false', 'data-testid': 'hall-slides-button' }, on: { click: () => this.toggleSlidesPanel() } },
      [hallIcon('slides'), h('span', { i18n: 'hall.slides.open' })],
    );
    this.slidesButton.hidden = true;
    this.deckSelect = h('select', { class: 'hall-deck', i18nAria: 'hall.slides.deck', attrs: { 'data-testid': 'hall-deck' }, on: { change: () => this.renderDecks() } });
    this.deckStatus = h('p', { class: 'field-hint', attrs: { 'data-testid': 'hall-deck-status' } });
    this.showButton = h('button', { class: 'btn btn-primary', i18n: 'hall.slides.show', attrs: { type: 'button', 'data-testid': 'hall-slides-show' }, on: { click: () => this.showDeck() } });
    this.clearButton = h('button', { class: 'btn btn-secondary', i18n: 'hall.slides.clear', attrs: { type: 'button', 'data-testid': 'hall-slides-clear' }, on: { click: () => this.deps.send({ type: 'slides_show', deck: null }) } });
    this.prevButton = h('button', { class: 'btn btn-secondary hall-page-btn', i18nAria: 'hall.slides.prev', attrs: { type: 'button', 'data-testid': 'hall-slides-prev' }, on: { click: () => this.turn(-1) } }, [hallIcon('prev')]);
    this.nextButton = h('button', { class: 'btn btn-secondary hall-page-btn', i18nAria: 'hall.slides.next', attrs: { type: 'button', 'data-testid': 'hall-slides-next' }, on: { click: () => this.turn(1) } }, [hallIcon('next')]);
    this.pageLabel = h('span', { class: 'hall-page', attrs: { 'aria-live': 'polite', 'data-testid': 'hall-slides-page' } });
    this.deleteButton = h('button', { class: 'btn btn-secondary', i18n: 'hall.slides.delete', attrs: { type: 'button', 'data-testid': 'hall-slides-delete' }, on: { click: () => void this.deleteDeck() } });
    this.deleteButton.hidden = true;
    // uploading a deck: presenters by role only (a stage guest shows, but does not upload)
    this.uploadToggle = h(
      'button',
      { class: 'btn btn-secondary hall-upload-toggle', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': 'hall-upload-form', 'data-testid': 'hall-upload-open' }, on: { click: () => this.toggleUpload() } },
      [hallIcon('upload'), h('span', { i18n: 'hall.upload.open' })],
    );
    this.uploadFile = h('input', {
      class: 'hall-upload-file',
      attrs: { type: 'file', multiple: true, accept: '.pdf,application/pdf,image/png,image/jpeg,image/webp', 'aria-describedby': 'hall-upload-hint', 'data-testid': 'hall-upload-file' },
      on: { change: () => this.onFilesChosen() },
    });
    this.uploadTitle = h('input', { class: 'hall-upload-title', attrs: { type: 'text', maxlength: 80, autocomplete: 'off', 'data-testid': 'hall-upload-title' } });
    this.uploadStart = h('button', { class: 'btn btn-primary', i18n: 'hall.upload.start', attrs: { type: 'submit', 'data-testid': 'hall-upload-start' } });
    this.uploadCancel = h('button', { class: 'btn btn-secondary', i18n: 'hall.upload.cancel', attrs: { type: 'button', 'data-testid': 'hall-upload-cancel' }, on: { click: () => this.uploading?.abort() } });
    this.uploadCancel.hidden = true;
    this.uploadProgress = h('progress', { class: 'hall-upload-progress', i18nAria: 'hall.upload.open', attrs: { max: 1, value: 0, 'data-testid': 'hall-upload-progress' } });
    this.uploadProgress.hidden = true;
    this.uploadStatus = h('p', { class: 'field-hint', attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'hall-upload-status' } });
    this.uploadError = h('p', { class: 'hall-upload-error', attrs: { role: 'alert', 'data-testid': 'hall-upload-error' } });
    this.uploadError.hidden = true;
    this.uploadForm = h(
      'form',
      {
        class: 'hall-upload',
        attrs: { id: 'hall-upload-form', novalidate: true, 'data-testid': 'hall-upload-form' },
        on: {
          submit: (e) => {
            e.preventDefault();
            void this.startUpload();
          },
        },
      },
      [
        h('label', { class: 'hall-field' }, [h('span', { i18n: 'hall.upload.file' }), this.uploadFile]),
        h('p', { class: 'field-hint', i18n: 'hall.upload.hint', attrs: { id: 'hall-upload-hint' } }),
        h('label', { class: 'hall-field' }, [h('span', { i18n: 'hall.upload.title' }), this.uploadTitle]),
        h('div', { class: 'hall-row' }, [this.uploadStart, this.uploadCancel]),
        this.uploadProgress,
        this.uploadStatus,
        this.uploadError,
      ],
    );
    this.uploadForm.hidden = true;
    this.slidesPanel = h(
      'section',
      {
        class: 'hall-card hall-slides',
        i18nAria: 'hall.slides.title',
        attrs: { tabindex: '-1', 'data-testid': 'hall-slides-panel' },
        on: { keydown: (e) => this.onSlidesKey(e) },
      },
      [
        h('h2', { class: 'hall-card-title', i18n: 'hall.slides.title' }),
        h('label', { class: 'hall-field' }, [h('span', { i18n: 'hall.slides.deck' }), this.deckSelect]),
        this.deckStatus,
        h('div', { class: 'hall-row' }, [this.showButton, this.clearButton, this.deleteButton]),
        h('div', { class: 'hall-row hall-pager' }, [this.prevButton, this.pageLabel, this.nextButton]),
        h('p', { class: 'field-hint', i18n: 'hall.slides.keys' }),
        this.uploadToggle,
        this.uploadForm,
      ],
    );
    this.slidesPanel.hidden = true;

    // facilitators: the raised hands and the guests on the stage
    this.handsCount = h('span', { class: 'count-badge', attrs: { 'data-testid': 'hall-hands-count' } });
    this.handsToggle = h(
      'button',
      { class: 'hall-card-head', attrs: { type: 'button', 'aria-expanded': String(!narrow()), 'data-testid': 'hall-hands-toggle' }, on: { click: () => this.toggleHands() } },
      [hallIcon('hand'), h('span', { class: 'hall-card-title', i18n: 'hall.panel.title' }), this.handsCount, hallIcon('chevron')],
    );
    this.handsList = h('div', { class: 'hall-hands-list' });
    this.handsList.hidden = narrow();
    this.handsPanel = h('section', { class: 'hall-card hall-hands', i18nAria: 'hall.panel.title', attrs: { 'data-testid': 'hall-hands' } }, [this.handsToggle, this.handsList]);
    this.handsPanel.hidden = true;

    this.share = deps.share ? new ShareHud(deps.share, (key, params) => this.deps.toast(key, params)) : null;
    this.el = h('div', { class: 'hall-hud', attrs: { 'data-testid': 'hall-hud' } }, [
      this.zoneNote,
      this.stageStrip,
      h('div', { class: 'hall-row hall-pills' }, [this.viewButton, this.slidesButton, ...(this.share ? [this.share.el] : [])]),
      ...(this.share ? [this.share.noteEl] : []),
      this.slidesPanel,
      this.handsPanel,
    ]);

    // the viewer: the current page as large as the screen allows
    this.viewerImg = h('img', { class: 'hall-viewer-img', attrs: { alt: '', 'data-testid': 'hall-viewer-img' } });
    this.viewerTitle = h('h2', { class: 'hall-viewer-title' });
    this.viewerPage = h('span', { class: 'hall-page' });
    this.viewerPrev = h('button', { class: 'btn btn-secondary hall-page-btn', i18nAria: 'hall.slides.prev', attrs: { type: 'button' }, on: { click: () => this.turn(-1) } }, [hallIcon('prev')]);
    this.viewerNext = h('button', { class: 'btn btn-secondary hall-page-btn', i18nAria: 'hall.slides.next', attrs: { type: 'button' }, on: { click: () => this.turn(1) } }, [hallIcon('next')]);
    this.viewer = h('dialog', { class: 'hall-viewer', i18nAria: 'hall.slides.viewTitle', attrs: { 'data-testid': 'hall-viewer' }, on: { keydown: (e) => this.onSlidesKey(e) } }, [
      h('div', { class: 'hall-viewer-head' }, [
        this.viewerTitle,
        h('button', { class: 'btn btn-secondary hall-page-btn', i18nAria: 'hall.slides.close', attrs: { type: 'button', 'data-testid': 'hall-viewer-close' }, on: { click: () => this.viewer.close() } }, [hallIcon('close')]),
      ]),
      h('div', { class: 'hall-viewer-body' }, [this.viewerImg]),
      h('div', { class: 'hall-row hall-pager' }, [this.viewerPrev, this.viewerPage, this.viewerNext]),
    ]);

    // the person card's stage part (facilitators)
    this.cardNote = h('p', { class: 'hall-card-note', i18n: 'hall.card.handUp' });
    this.cardButton = h('button', { class: 'btn btn-secondary card-btn', attrs: { type: 'button', 'data-testid': 'card-stage' }, on: { click: () => this.cardAction() } });
    this.cardSection = h('section', { class: 'hall-card-section', attrs: { 'data-testid': 'card-hall' } }, [h('h3', { i18n: 'hall.card.heading' }), this.cardNote, this.cardButton]);

    this.installDebugHook();
    this.render();
  }

  // --- what the app tells us --------------------------------------------------------------------

  onJoined(space: JoinedSpace): void {
    if (this.space?.id !== space.id) {
      this.hands = [];
      this.guests = [];
      this.slides = NO_SLIDES;
      this.invited = false;
      this.slidesPanel.hidden = true;
      if (this.viewer.open) this.viewer.close();
    }
    this.space = space;
    this.zoneId = null;
    this.render();
  }

  receive(msg: HallServerMessage): void {
    switch (msg.type) {
      case 'hands':
        this.hands = msg.ids;
        break;
      case 'stage': {
        const wasGuest = this.isGuest;
        this.guests = msg.guests;
        if (wasGuest && !this.isGuest) {
          this.invited = false;
          this.deps.toast('hall.stage.ended');
        }
        break;
      }
      case 'stage_invited':
        this.invited = true;
        this.deps.toast('hall.stage.invited', { name: this.deps.nameOf(msg.by) ?? '—' });
        break;
      case 'slides':
        this.slides = { deck: msg.deck, title: msg.title, page: msg.page, pages: msg.pages };
        break;
    }
    this.render();
  }

  /** The screen share (who shares, one's own share, the video to show) changed. */
  screenChanged(): void {
    this.render();
  }

  /** A server error this part explains; false for the others. */
  onError(code: string): boolean {
    if (!ERRORS.includes(code)) return false;
    this.deps.toast(`hall.errors.${code}`, {}, 'error');
    return true;
  }

  /** The pose on the stage's floor (a raised platform in spaces with a stage). */
  ground(pose: Pose, dt: number): Pose {
    const stage = this.space?.stage;
    if (!stage) return pose.y === 0 ? pose : { ...pose, y: 0 };
    const y = easeHeight(pose.y, floorHeight(stage, pose.x, pose.z), dt);
    return y === pose.y ? pose : { ...pose, y };
  }

  /** Once a frame: the zone note, the facilitators' list (names may have changed). */
  tick(pose: Pose | null, now: number): void {
    const zone = pose ? zoneAt(this.space?.zones, pose.x, pose.z) : null;
    if ((zone?.id ?? null) !== this.zoneId) {
      this.zoneId = zone?.id ?? null;
      this.renderZone();
    }
    if (now - this.lastList > 500) {
      this.lastList = now;
      this.renderHands();
    }
  }

  handRaised(id: number): boolean {
    return this.hasStage && this.hands.includes(id);
  }

  /** The person card's extra part: the voice section (if any), then the stage part. */
  cardExtra(target: { id: number; name: string }, voice: HTMLElement | null): HTMLElement | null {
    this.cardTarget = { id: target.id, name: target.name };
    const show = this.hasStage && canModerateStage(this.deps.role()) && target.id !== this.deps.selfId();
    if (show) this.renderCard();
    const want = [voice, show ? this.cardSection : null].filter((e): e is HTMLElement => e !== null);
    if (want.length === 0) return null;
    if (want.length !== this.cardWrap.children.length || want.some((e, i) => this.cardWrap.children[i] !== e)) this.cardWrap.replaceChildren(...want);
    return this.cardWrap;
  }

  relabel(): void {
    translateDom(this.el);
    translateDom(this.viewer);
    translateDom(this.cardSection);
    this.listKey = '';
    this.render();
  }

  dispose(): void {
    if (this.viewer.open) this.viewer.close();
    delete (window as unknown as { __tsunaguHall?: unknown }).__tsunaguHall;
  }

  // --- state ------------------------------------------------------------------------------------

  private get hasStage(): boolean {
    return !!this.space?.stage;
  }

  private get isGuest(): boolean {
    return this.guests.includes(this.deps.selfId());
  }

  private get handUp(): boolean {
    return this.hands.includes(this.deps.selfId());
  }

  private get presenter(): boolean {
    return this.hasStage && canPresent(this.deps.role(), this.isGuest);
  }

  // --- actions ----------------------------------------------------------------------------------

  private toggleHand(): void {
    const raise = !this.handUp;
    // the button's pressed state says it; only raising gets a word on what happens next
    if (this.deps.send({ type: 'hand', raised: raise }) && raise) this.deps.toast('hall.hand.raised');
  }

  private goToStage(): void {
    const space = this.space;
    if (!space?.stage) return;
    const target = stageTarget(space.stage, space.bounds);
    this.deps.moveSelf(target.x, target.z, target.yaw);
    this.invited = false;
    this.render();
  }

  private stepDown(): void {
    this.deps.send({ type: 'stage_release', user: this.deps.selfId() });
  }

  private toggleHands(): void {
    const open = this.handsList.hidden;
    this.handsList.hidden = !open;
    this.handsToggle.setAttribute('aria-expanded', String(open));
  }

  private cardAction(): void {
    const target = this.cardTarget;
    if (!target) return;
    const guest = this.guests.includes(target.id);
    if (this.deps.send(guest ? { type: 'stage_release', user: target.id } : { type: 'stage_invite', user: target.id })) {
      this.deps.toast(guest ? 'hall.card.released' : 'hall.card.invited', { name: target.name });
    }
  }

  private toggleSlidesPanel(): void {
    const open = this.slidesPanel.hidden;
    this.slidesPanel.hidden = !open;
    this.slidesButton.setAttribute('aria-expanded', String(open));
    if (open) {
      void this.loadDecks();
      this.slidesPanel.focus();
    }
  }

  private async loadDecks(): Promise<void> {
    if (this.decksLoading) return;
    this.decksLoading = true;
    this.deckStatus.textContent = t('hall.slides.loading');
    const res = await (this.deps.decks ?? loadDecks)();
    this.decksLoading = false;
    if (!res.ok) {
      this.decks = null;
      this.deckStatus.textContent = t('hall.slides.failed');
      this.deckStatus.dataset.state = 'failed';
      return;
    }
    this.decks = res.decks;
    this.deckStatus.dataset.state = 'loaded';
    this.renderDecks();
  }

  // --- uploading and deleting decks (upload.ts, render.ts) ---------------------------------------

  private get canUpload(): boolean {
    return this.hasStage && canPresent(this.deps.role(), false);
  }

  private toggleUpload(): void {
    const open = this.uploadForm.hidden;
    this.uploadForm.hidden = !open;
    this.uploadToggle.setAttribute('aria-expanded', String(open));
    if (open) this.uploadFile.focus();
  }

  private onFilesChosen(): void {
    this.showUploadError(null);
    const first = this.uploadFile.files?.[0];
    // a title from the file name, unless the person typed one
    if (first && (this.uploadTitle.value === '' || this.uploadTitle.value === this.autoTitle)) {
      this.autoTitle = titleFrom(first.name);
      this.uploadTitle.value = this.autoTitle;
    }
  }

  private showUploadError(code: string | null): void {
    this.uploadError.hidden = code === null;
    this.uploadError.textContent = code === null ? '' : t(uploadErrorKey(code));
    if (code !== null) this.uploadError.dataset.code = code;
    else delete this.uploadError.dataset.code;
  }

  private setProgress(p: Progress | null, key = ''): void {
    this.uploadProgress.hidden = p === null;
    if (p) {
      this.uploadProgress.max = Math.max(1, p.total);
      this.uploadProgress.value = p.done;
    }
    this.uploadStatus.textContent = key ? t(key, p ? { done: p.done + 1, total: p.total } : {}) : '';
  }

  private async startUpload(): Promise<void> {
    if (this.uploading) return;
    this.showUploadError(null);
    const files = [...(this.uploadFile.files ?? [])];
    const chosen = await Promise.all(files.map(async (file) => ({ file, name: file.name, size: file.size, head: new Uint8Array(await file.slice(0, 16).arrayBuffer()) })));
    const p = plan(chosen);
    if (p.kind === 'error') return this.showUploadError(p.code);
    const title = this.uploadTitle.value.trim() || p.title;
    if (!titleOk(title)) return this.showUploadError('slides_title_invalid');
    const abort = new AbortController();
    this.uploading = abort;
    this.uploadStart.disabled = true;
    this.uploadCancel.hidden = false;
    this.setProgress({ phase: 'prepare', done: 0, total: 1 }, 'hall.upload.reading');
    let close = (): void => undefined;
    try {
      let count: number;
      let make: (i: number) => Promise<PageBlob>;
      const render = await import('./render');
      if (p.kind === 'pdf') {
        let pdf: Awaited<ReturnType<typeof render.openPdf>>;
        try {
          pdf = await render.openPdf(p.file.file);
        } catch {
          return this.showUploadError('unreadable');
        }
        close = () => pdf.close();
        count = pdf.count;
        make = (i) => pdf.page(i);
      } else {
        count = p.files.length;
        make = (i) => render.imagePage(p.files[i]!.file, p.types[i]!);
      }
      const api = new SlidesUploadApi(() => this.deps.csrf?.() ?? null);
      const res = await uploadDeck(api, title, count, make, (prog) => this.setProgress(prog, prog.phase === 'send' ? 'hall.upload.sending' : ''), abort.signal);
      if (!res.ok) return this.showUploadError(res.code);
      this.uploadStatus.textContent = t('hall.upload.done', { title });
      this.uploadFile.value = '';
      this.uploadTitle.value = '';
      this.autoTitle = '';
      await this.loadDecks();
      if (this.decks?.some((d) => d.id === res.deckId)) {
        this.deckSelect.value = res.deckId;
        this.renderDecks();
      }
    } finally {
      close();
      this.uploading = null;
      this.uploadStart.disabled = false;
      this.uploadCancel.hidden = true;
      this.uploadProgress.hidden = true;
      if (this.uploadError.hidden === false) this.uploadStatus.textContent = '';
    }
  }

  private async deleteDeck(): Promise<void> {
    const deck = this.decks?.find((d) => d.id === this.deckSelect.value);
    if (!deck?.canDelete) return;
    const title = localize(deck.title, lang());
    const ask = this.deps.confirm ?? ((text: string) => window.confirm(text));
    if (!ask(t('hall.slides.deleteConfirm', { title }))) return;
    const res = await new SlidesUploadApi(() => this.deps.csrf?.() ?? null).remove(deck.id);
    if (!res.ok) {
      this.deps.toast(uploadErrorKey(res.code), {}, 'error');
      return;
    }
    this.deps.toast('hall.slides.deleted');
    await this.loadDecks();
  }

  private showDeck(): void {
    const id = this.deckSelect.value;
    if (id) this.deps.send({ type: 'slides_show', deck: id });
  }

  private turn(step: -1 | 1): void {
    if (!this.presenter || !this.slides.deck) return;
    const page = turnPage(this.slides.page, this.slides.pages.length, step);
    if (page !== null) this.deps.send({ type: 'slides_page', page });
  }

  private onSlidesKey(e: KeyboardEvent): void {
    if (e.key !== 'PageUp' && e.key !== 'PageDown') return;
    e.preventDefault();
    e.stopPropagation();
    this.turn(e.key === 'PageUp' ? -1 : 1);
  }

  private openViewer(): void {
    if (!this.slides.deck) return;
    this.renderViewer();
    if (!this.viewer.open) this.viewer.showModal();
  }

  // --- drawing ----------------------------------------------------------------------------------

  private render(): void {
    const stage = this.hasStage;
    this.el.hidden = !stage && this.zoneId === null;
    // hand
    this.handButton.hidden = !stage;
    const up = this.handUp;
    this.handButton.setAttribute('aria-pressed', String(up));
    this.handButton.classList.toggle('on', up);
    this.handLabel.textContent = t(up ? 'hall.hand.lower' : 'hall.hand.raise');
    this.handButton.setAttribute('aria-label', t(up ? 'hall.hand.lower' : 'hall.hand.raise'));
    this.handButton.title = t(up ? 'hall.hand.lower' : 'hall.hand.raise');
    // one's own stage strip
    const guest = stage && this.isGuest;
    this.stageStrip.hidden = !guest;
    this.goButton.hidden = !this.invited;
    this.stageText.textContent = t(this.invited ? 'hall.stage.invitedNote' : 'hall.stage.guestNote');
    // slides
    const showing = stage && this.slides.deck !== null;
    this.viewButton.hidden = !showing;
    this.slidesButton.hidden = !this.presenter;
    this.uploadToggle.hidden = !this.canUpload;
    if (!this.canUpload && !this.uploading) {
      this.uploadForm.hidden = true;
      this.uploadToggle.setAttribute('aria-expanded', 'false');
    }
    if (!this.presenter) {
      this.slidesPanel.hidden = true;
      this.slidesButton.setAttribute('aria-expanded', 'false');
    }
    const count = this.slides.pages.length;
    this.pageLabel.textContent = showing ? t('hall.slides.page', { page: this.slides.page + 1, count }) : t('hall.slides.nothing');
    this.prevButton.disabled = !showing || turnPage(this.slides.page, count, -1) === null;
    this.nextButton.disabled = !showing || turnPage(this.slides.page, count, 1) === null;
    this.clearButton.disabled = !showing;
    this.renderDecks();
    // the screen in the scene
    const url = showing ? (this.slides.pages[this.slides.page] ?? null) : null;
    this.deps.screen()?.show(url, this.slides.title ? localize(this.slides.title, lang()) : '');
    // a live screen share is shown instead of the slide (hall/share.ts)
    this.deps.screen()?.showVideo(stage ? (this.deps.share?.view().track ?? null) : null);
    this.share?.render({ stage, presenter: canPresent(this.deps.role(), false), moderator: canModerateStage(this.deps.role()), selfId: this.deps.selfId(), nameOf: (id) => this.deps.nameOf(id) });
    if (this.viewer.open) {
      if (showing) this.renderViewer();
      else this.viewer.close();
    }
    // facilitators
    this.handsPanel.hidden = !(stage && canModerateStage(this.deps.role()));
    this.listKey = '';
    this.renderHands();
    this.renderZone();
    if (this.cardTarget && this.cardSection.isConnected) this.renderCard();
  }

  private renderZone(): void {
    const zone = this.zoneId ? (this.space?.zones ?? []).find((z) => z.id === this.zoneId) : undefined;
    this.zoneNote.hidden = !zone;
    if (zone) this.zoneNote.textContent = t('hall.zone.note', { name: localize(zone.name, lang()) });
    this.el.hidden = !this.hasStage && !zone;
  }

  private renderDecks(): void {
    const decks = this.decks;
    if (!decks) {
      this.showButton.disabled = true;
      return;
    }
    const key = decks.map((d) => `${d.id}:${localize(d.title, lang())}`).join('|');
    if (this.deckSelect.dataset.key !== key) {
      const keep = this.deckSelect.value || this.slides.deck || '';
      this.deckSelect.replaceChildren(
        ...decks.map((d) => {
          const params = { title: localize(d.title, lang()), count: d.pages.length };
          return h('option', { text: d.uploaded ? t('hall.slides.uploadedOption', params) : `${params.title} (${params.count})`, attrs: { value: d.id } });
        }),
      );
      if (decks.some((d) => d.id === keep)) this.deckSelect.value = keep;
      this.deckSelect.dataset.key = key;
    }
    this.deckStatus.textContent = decks.length === 0 ? t('hall.slides.none') : '';
    this.showButton.disabled = decks.length === 0;
    const selected = decks.find((d) => d.id === this.deckSelect.value);
    this.deleteButton.hidden = !selected?.canDelete;
    if (selected) this.deleteButton.setAttribute('aria-label', t('hall.slides.deleteAria', { title: localize(selected.title, lang()) }));
  }

  private renderHands(): void {
    if (this.handsPanel.hidden) return;
    const self = this.deps.selfId();
    const rows = handRows(this.hands, (id) => this.deps.nameOf(id), self);
    const guests = this.guests.map((id) => ({ id, name: this.deps.nameOf(id) })).filter((g): g is { id: number; name: string } => g.name !== null);
    const key = `${lang()}|${rows.map((r) => `${r.id}:${r.name}`).join(',')}|${guests.map((g) => `${g.id}:${g.name}`).join(',')}`;
    if (key === this.listKey) return;
    this.listKey = key;
    this.handsCount.textContent = String(rows.length);
    const items: HTMLElement[] = [];
    for (const g of guests) {
      items.push(
        h('div', { class: 'hall-person guest', attrs: { 'data-testid': `hall-guest-${g.id}` } }, [
          hallIcon('stage'),
          h('span', { class: 'hall-person-name', text: g.name }),
          h('span', { class: 'hall-tag', text: t('hall.panel.onStage') }),
          h('button', {
            class: 'btn btn-secondary hall-small',
            text: t('hall.panel.release'),
            attrs: { type: 'button', 'aria-label': t('hall.panel.releaseAria', { name: g.name }), 'data-testid': `hall-release-${g.id}` },
            on: { click: () => this.deps.send({ type: 'stage_release', user: g.id }) },
          }),
        ]),
      );
    }
    for (const r of rows) {
      items.push(
        h('div', { class: 'hall-person', attrs: { 'data-testid': `hall-hand-${r.id}` } }, [
          h('span', { class: 'hall-place', text: String(r.place) }),
          h('span', { class: 'hall-person-name', text: r.name }),
          h('button', {
            class: 'btn btn-primary hall-small',
            text: t('hall.panel.invite'),
            attrs: { type: 'button', 'aria-label': t('hall.panel.inviteAria', { name: r.name }), 'data-testid': `hall-invite-${r.id}` },
            on: { click: () => this.deps.send({ type: 'stage_invite', user: r.id }) },
          }),
        ]),
      );
    }
    if (items.length === 0) items.push(h('p', { class: 'hall-empty', text: t('hall.panel.empty') }));
    this.handsList.replaceChildren(...items);
  }

  private renderViewer(): void {
    const s = this.slides;
    const title = s.title ? localize(s.title, lang()) : '';
    const url = s.pages[s.page] ?? '';
    if (this.viewerImg.getAttribute('src') !== url) this.viewerImg.src = url;
    this.viewerImg.alt = t('hall.slides.alt', { title, page: s.page + 1 });
    this.viewerTitle.textContent = title;
    this.viewerPage.textContent = t('hall.slides.page', { page: s.page + 1, count: s.pages.length });
    const presenter = this.presenter;
    this.viewerPrev.hidden = this.viewerNext.hidden = !presenter;
    this.viewerPrev.disabled = turnPage(s.page, s.pages.length, -1) === null;
    this.viewerNext.disabled = turnPage(s.page, s.pages.length, 1) === null;
  }

  private renderCard(): void {
    const target = this.cardTarget;
    if (!target) return;
    const guest = this.guests.includes(target.id);
    this.cardNote.hidden = !this.hands.includes(target.id);
    this.cardButton.replaceChildren(hallIcon(guest ? 'down' : 'stage'), h('span', { text: t(guest ? 'hall.card.release' : 'hall.card.invite') }));
    this.cardButton.dataset.action = guest ? 'release' : 'invite';
  }

  private installDebugHook(): void {
    const w = window as unknown as { __tsunaguHall?: unknown };
    w.__tsunaguHall = Object.freeze({
      hands: () => [...this.hands],
      guests: () => [...this.guests],
      invited: () => this.invited,
      slides: () => ({ ...this.slides, pages: [...this.slides.pages] }),
      screen: () => this.deps.screen()?.state ?? null,
      zone: () => this.zoneId,
    });
  }
}

function narrow(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(max-width: 640px)').matches;
}
