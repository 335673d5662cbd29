// The case board of the doctors' lounge (docs/security.md, "Doctors' lounge"): a list of
// de-identified case questions, a question with its answers, a form to ask and one to answer.
// The form always shows the reminder not to include identifying details; when the server finds
// something that looks like one (a phone number, a date of birth, 〒, "ID:" …) it refuses with
// `case_identifiers_suspected` and what it found, shown here until the author edits the text or
// confirms it. Only verified clinicians see the answer form (the server decides every request).
// One modal dialog with three views; owned by the lounge HUD; single-threaded.

import { t } from '../i18n';
import type { Api } from '../net/api';
import type { Me } from '../net/messages';
import { type Modal, confirmDialog, modal } from '../ui/dialog';
import { clear, h, uid } from '../ui/dom';
import { type Field, formError, formatTime, inputField, setBusy, setMessage, showFailure, textareaField } from '../ui/form';
import {
  type AnswerDraft,
  type BoardFailure,
  BoardApi,
  type CaseAuthor,
  type CaseQuestion,
  type CaseThread,
  FINDING_KINDS,
  type Finding,
  MAX_BODY,
  MAX_TITLE,
  type QuestionDraft,
  parseTags,
} from './boardApi';
import { loungeIcon } from './icons';

export interface BoardDeps {
  api: Pick<Api, 'csrf'>;
  me(): Me;
  /** Where confirmation dialogs go (inside the translated tree). */
  host: HTMLElement;
  toast(key: string, params?: Record<string, string | number>): void;
}

type View = 'list' | 'thread' | 'ask';

/** Which field of the ask form a refusal belongs to. */
export function askFieldOf(code: string): string | null {
  if (code === 'case_title_invalid') return 'title';
  if (code === 'case_body_invalid') return 'body';
  if (code === 'case_tags_invalid') return 'tags';
  return null;
}

/** The i18n key (and params) that says who wrote a post. */
export function authorText(a: CaseAuthor): { key: string; params?: Record<string, string> } {
  if (a.anonymous) return { key: a.mine ? 'lounge.board.anonymousYou' : 'lounge.board.anonymous' };
  const role = a.role ? t(`roles.${a.role}`) : '';
  return { key: a.mine ? 'lounge.board.namedYou' : 'lounge.board.named', params: { name: a.name ?? '', role } };
}

/**
 * The warning box under a form: what the server found, and the box the author ticks to post
 * anyway. Hidden until there is something to show; any edit of the text hides it again.
 */
class IdentifierWarning {
  readonly el: HTMLElement;
  readonly confirm: HTMLInputElement;
  private readonly list: HTMLUListElement;

  constructor(testid: string) {
    this.confirm = h('input', { attrs: { type: 'checkbox', id: uid('identifiers-ok'), 'data-testid': `${testid}-confirm` } });
    this.list = h('ul', { class: 'lounge-findings', attrs: { 'data-testid': `${testid}-findings` } });
    this.el = h('div', { class: 'lounge-warning', attrs: { role: 'alert', 'data-testid': testid } }, [
      h('p', { class: 'lounge-warning-title' }, [loungeIcon('alert'), h('span', { i18n: 'lounge.warning.title' })]),
      h('p', { class: 'lounge-warning-text', i18n: 'lounge.warning.text' }),
      this.list,
      h('label', { class: 'check lounge-confirm', attrs: { for: this.confirm.id } }, [this.confirm, h('span', { i18n: 'lounge.warning.confirm' })]),
    ]);
    this.hide();
  }

  show(findings: readonly Finding[]): void {
    clear(this.list);
    for (const f of findings) {
      const kind = (FINDING_KINDS as readonly string[]).includes(f.kind) ? f.kind : 'other';
      this.list.append(h('li', {}, [h('span', { class: 'lounge-finding-kind', i18n: `lounge.findings.${kind}` }), h('span', { class: 'lounge-finding-text', text: f.text })]));
    }
    this.confirm.checked = false;
    this.el.hidden = false;
  }

  hide(): void {
    this.el.hidden = true;
    this.confirm.checked = false;
  }

  /** Ticked while shown: the author confirmed what was found. */
  get confirmed(): boolean {
    return !this.el.hidden && this.confirm.checked;
  }
}

export class CaseBoardPanel {
  private readonly m: Modal;
  private readonly board: BoardApi;
  private view: View = 'list';
  // list
  private readonly listView: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLParagraphElement;
  private readonly more: HTMLButtonElement;
  private readonly listError: HTMLParagraphElement;
  private questions: CaseQuestion[] = [];
  private hasMore = false;
  // thread
  private readonly threadView: HTMLElement;
  private readonly threadBody: HTMLElement;
  private readonly threadError: HTMLParagraphElement;
  private readonly answerForm: HTMLFormElement;
  private readonly answerOnly: HTMLParagraphElement;
  private readonly answerText: Field<HTMLTextAreaElement>;
  private readonly answerAnon: HTMLInputElement;
  private readonly answerWarning = new IdentifierWarning('answer-warning');
  private readonly answerError: HTMLParagraphElement;
  private readonly answerSend: HTMLButtonElement;
  private thread: CaseThread | null = null;
  // ask
  private readonly askView: HTMLFormElement;
  private readonly title: Field<HTMLInputElement>;
  private readonly body: Field<HTMLTextAreaElement>;
  private readonly tags: Field<HTMLInputElement>;
  private readonly askAnon: HTMLInputElement;
  private readonly askWarning = new IdentifierWarning('ask-warning');
  private readonly askError: HTMLParagraphElement;
  private readonly askSend: HTMLButtonElement;

  constructor(private readonly deps: BoardDeps) {
    this.board = new BoardApi(deps.api);
    this.m = modal({ title: 'lounge.board.title', testid: 'lounge-board', class: 'lounge-board' });

    // --- list
    this.list = h('ul', { class: 'lounge-list', attrs: { 'data-testid': 'board-list' } });
    this.empty = h('p', { class: 'muted lounge-empty', i18n: 'lounge.board.empty', attrs: { 'data-testid': 'board-empty' } });
    this.more = h('button', { class: 'btn btn-secondary', i18n: 'lounge.board.more', attrs: { type: 'button', 'data-testid': 'board-more' }, on: { click: () => void this.loadList(true) } });
    this.listError = formError('board-error');
    this.listView = h('section', { class: 'lounge-view' }, [
      h('div', { class: 'lounge-intro' }, [
        h('p', { i18n: 'lounge.board.intro' }),
        h('button', { class: 'btn btn-primary', attrs: { type: 'button', 'data-testid': 'board-new' }, on: { click: () => this.showAsk() } }, [loungeIcon('plus'), h('span', { i18n: 'lounge.board.ask' })]),
      ]),
      this.listError,
      this.list,
      this.empty,
      this.more,
    ]);

    // --- thread
    this.threadBody = h('div', { class: 'lounge-thread', attrs: { 'data-testid': 'thread' } });
    this.threadError = formError('thread-error');
    this.answerText = textareaField({ label: 'lounge.answer.label', testid: 'answer-body', maxlength: MAX_BODY, rows: 4, hint: 'lounge.answer.hint' });
    this.answerAnon = h('input', { attrs: { type: 'checkbox', id: uid('answer-anon'), 'data-testid': 'answer-anonymous' } });
    this.answerError = formError('answer-error');
    this.answerSend = h('button', { class: 'btn btn-primary', i18n: 'lounge.answer.send', attrs: { type: 'submit', 'data-testid': 'answer-send' } });
    this.answerText.input.addEventListener('input', () => this.answerWarning.hide());
    this.answerForm = h('form', { class: 'lounge-answer-form', attrs: { novalidate: true, 'data-testid': 'answer-form' }, on: { submit: (e) => void this.sendAnswer(e) } }, [
      h('h3', { i18n: 'lounge.answer.heading' }),
      this.answerText.el,
      h('label', { class: 'check lounge-small-check', attrs: { for: this.answerAnon.id } }, [this.answerAnon, h('span', { i18n: 'lounge.answer.anonymous' })]),
      this.answerWarning.el,
      this.answerError,
      h('div', { class: 'form-actions' }, [this.answerSend]),
    ]);
    this.answerOnly = h('p', { class: 'lounge-note', i18n: 'lounge.answer.onlyClinicians', attrs: { 'data-testid': 'answer-only-clinicians' } });
    this.threadView = h('section', { class: 'lounge-view' }, [this.backButton(), this.threadError, this.threadBody, this.answerForm, this.answerOnly]);

    // --- ask
    this.title = inputField({ label: 'lounge.ask.titleLabel', testid: 'ask-title', maxlength: MAX_TITLE, placeholder: 'lounge.ask.titlePlaceholder' });
    this.body = textareaField({ label: 'lounge.ask.bodyLabel', testid: 'ask-body', maxlength: MAX_BODY, rows: 7, placeholder: 'lounge.ask.bodyPlaceholder' });
    this.tags = inputField({ label: 'lounge.ask.tagsLabel', testid: 'ask-tags', hint: 'lounge.ask.tagsHint', maxlength: 140, placeholder: 'lounge.ask.tagsPlaceholder' });
    this.askAnon = h('input', { attrs: { type: 'checkbox', id: uid('ask-anon'), 'data-testid': 'ask-anonymous' } });
    this.askError = formError('ask-error');
    this.askSend = h('button', { class: 'btn btn-primary', i18n: 'lounge.ask.send', attrs: { type: 'submit', 'data-testid': 'ask-send' } });
    for (const f of [this.title.input, this.body.input, this.tags.input]) f.addEventListener('input', () => this.askWarning.hide());
    this.askView = h('form', { class: 'lounge-view lounge-ask', attrs: { novalidate: true, 'data-testid': 'ask-form' }, on: { submit: (e) => void this.sendQuestion(e) } }, [
      this.backButton(),
      h('div', { class: 'lounge-reminder', attrs: { role: 'note', 'data-testid': 'ask-reminder' } }, [
        h('p', { class: 'lounge-reminder-title' }, [loungeIcon('alert'), h('span', { i18n: 'lounge.ask.reminderTitle' })]),
        h('ul', {}, [
          h('li', { i18n: 'lounge.ask.reminder1' }),
          h('li', { i18n: 'lounge.ask.reminder2' }),
          h('li', { i18n: 'lounge.ask.reminder3' }),
        ]),
        h('p', { class: 'lounge-reminder-tip', i18n: 'lounge.ask.reminderTip' }),
      ]),
      this.title.el,
      this.body.el,
      this.tags.el,
      h('label', { class: 'check lounge-small-check', attrs: { for: this.askAnon.id } }, [
        this.askAnon,
        h('span', {}, [h('span', { i18n: 'lounge.ask.anonymous' }), h('span', { class: 'field-hint lounge-anon-hint', i18n: 'lounge.ask.anonymousHint' })]),
      ]),
      this.askWarning.el,
      this.askError,
      h('div', { class: 'form-actions' }, [
        h('button', { class: 'btn btn-secondary', i18n: 'common.cancel', attrs: { type: 'button' }, on: { click: () => this.showList() } }),
        this.askSend,
      ]),
    ]);

    this.m.body.append(this.listView, this.threadView, this.askView);
    this.m.footer.remove();
    this.show('list');
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  get isOpen(): boolean {
    return this.m.el.open;
  }

  /** Which view is showing (for the debug hook). */
  get current(): View {
    return this.view;
  }

  open(): void {
    this.m.open();
    this.showList();
  }

  close(): void {
    this.m.close();
  }

  /** Redraws what depends on the language (times, author lines). */
  relabel(): void {
    this.renderList();
    if (this.thread) this.renderThread();
  }

  private backButton(): HTMLButtonElement {
    return h('button', { class: 'btn btn-ghost lounge-back', attrs: { type: 'button', 'data-testid': 'board-back' }, on: { click: () => this.showList() } }, [
      loungeIcon('back'),
      h('span', { i18n: 'lounge.board.back' }),
    ]);
  }

  private show(view: View): void {
    this.view = view;
    this.listView.hidden = view !== 'list';
    this.threadView.hidden = view !== 'thread';
    this.askView.hidden = view !== 'ask';
    this.m.body.scrollTop = 0;
  }

  private showList(): void {
    this.show('list');
    void this.loadList(false);
  }

  private showAsk(): void {
    for (const f of [this.title, this.body, this.tags]) {
      f.input.value = '';
      f.set(null);
    }
    this.askAnon.checked = true;
    this.askWarning.hide();
    setMessage(this.askError, null);
    this.show('ask');
    this.title.input.focus();
  }

  // --- list ----------------------------------------------------------------------------------

  private async loadList(more: boolean): Promise<void> {
    const before = more && this.questions.length > 0 ? (this.questions[this.questions.length - 1]?.id ?? 0) : 0;
    setBusy(this.more, true);
    const res = await this.board.questions(before);
    setBusy(this.more, false);
    if (!res.ok) {
      setMessage(this.listError, res.failure);
      return;
    }
    setMessage(this.listError, null);
    this.questions = more ? [...this.questions, ...res.value] : res.value;
    this.hasMore = res.value.length >= 30;
    this.renderList();
  }

  private renderList(): void {
    clear(this.list);
    for (const q of this.questions) {
      const who = authorText(q.author);
      this.list.append(
        h('li', {}, [
          h('button', { class: 'lounge-item', attrs: { type: 'button', 'data-testid': `board-item-${q.id}`, 'data-question': q.id }, on: { click: () => void this.openThread(q.id) } }, [
            h('span', { class: 'lounge-item-title', text: q.title }),
            q.tags.length ? h('span', { class: 'lounge-tags' }, q.tags.map((tag) => h('span', { class: 'tag', text: tag }))) : null,
            h('span', { class: 'lounge-item-excerpt', text: q.excerpt ?? '' }),
            h('span', { class: 'lounge-item-meta' }, [
              h('span', { class: 'lounge-count', text: t('lounge.board.answers', { count: q.answer_count }) }),
              h('span', { text: t(who.key, who.params) }),
              h('time', { text: formatTime(q.created_ms) }),
            ]),
          ]),
        ]),
      );
    }
    this.empty.hidden = this.questions.length > 0;
    this.more.hidden = !this.hasMore;
  }

  // --- thread --------------------------------------------------------------------------------

  private async openThread(id: number): Promise<void> {
    const res = await this.board.thread(id);
    if (!res.ok) {
      setMessage(this.listError, res.failure);
      return;
    }
    this.thread = res.value;
    this.answerText.input.value = '';
    this.answerText.set(null);
    this.answerAnon.checked = false;
    this.answerWarning.hide();
    setMessage(this.answerError, null);
    setMessage(this.threadError, null);
    this.renderThread();
    this.show('thread');
  }

  private renderThread(): void {
    const th = this.thread;
    if (!th) return;
    const q = th.question;
    const who = authorText(q.author);
    clear(this.threadBody);
    this.threadBody.append(
      h('article', { class: 'lounge-question' }, [
        h('h3', { class: 'lounge-question-title', text: q.title, attrs: { 'data-testid': 'thread-title' } }),
        q.tags.length ? h('p', { class: 'lounge-tags' }, q.tags.map((tag) => h('span', { class: 'tag', text: tag }))) : null,
        h('p', { class: 'lounge-post-body', text: q.body ?? '', attrs: { 'data-testid': 'thread-body' } }),
        h('p', { class: 'lounge-item-meta' }, [h('span', { text: t(who.key, who.params) }), h('time', { text: formatTime(q.created_ms) })]),
        q.author.mine ? this.deleteButton('question', q.id) : null,
      ]),
      h('h3', { class: 'lounge-answers-heading', text: t('lounge.board.answers', { count: th.answers.length }) }),
      ...(th.answers.length === 0 ? [h('p', { class: 'muted', i18n: 'lounge.board.noAnswers' })] : []),
      h(
        'ol',
        { class: 'lounge-answers', attrs: { 'data-testid': 'answers' } },
        th.answers.map((a) => {
          const by = authorText(a.author);
          return h('li', { class: 'lounge-answer', attrs: { 'data-testid': `answer-${a.id}` } }, [
            h('p', { class: 'lounge-post-body', text: a.body }),
            h('p', { class: 'lounge-item-meta' }, [h('span', { class: a.author.role === 'clinician' && !a.author.anonymous ? 'lounge-specialist' : '', text: t(by.key, by.params) }), h('time', { text: formatTime(a.created_ms) })]),
            a.author.mine ? this.deleteButton('answer', a.id) : null,
          ]);
        }),
      ),
    );
    const mayAnswer = this.deps.me().role === 'clinician';
    this.answerForm.hidden = !mayAnswer;
    this.answerOnly.hidden = mayAnswer;
  }

  private deleteButton(what: 'question' | 'answer', id: number): HTMLButtonElement {
    return h(
      'button',
      {
        class: 'btn btn-ghost lounge-delete',
        attrs: { type: 'button', 'data-testid': `delete-${what}-${id}` },
        on: {
          click: async () => {
            const ok = await confirmDialog(this.deps.host, { title: `lounge.delete.${what}Title`, body: `lounge.delete.${what}Body`, confirm: 'lounge.delete.confirm', danger: true, testid: 'lounge-delete' });
            if (!ok) return;
            const res = what === 'question' ? await this.board.deleteQuestion(id) : await this.board.deleteAnswer(id);
            if (!res.ok) return setMessage(this.threadError, res.failure);
            this.deps.toast(`lounge.delete.done`);
            if (what === 'question') this.showList();
            else if (this.thread) void this.openThread(this.thread.question.id);
          },
        },
      },
      [loungeIcon('trash'), h('span', { i18n: 'lounge.delete.button' })],
    );
  }

  private async sendAnswer(e: Event): Promise<void> {
    e.preventDefault();
    const th = this.thread;
    if (!th) return;
    const draft: AnswerDraft = { body: this.answerText.input.value, anonymous: this.answerAnon.checked, confirm: this.answerWarning.confirmed };
    setBusy(this.answerSend, true);
    const res = await this.board.answer(th.question.id, draft);
    setBusy(this.answerSend, false);
    if (!res.ok) return this.refused(res.failure, this.answerWarning, { body: this.answerText }, (c) => (c === 'case_body_invalid' ? 'body' : null), this.answerError);
    this.deps.toast('lounge.answer.sent');
    await this.openThread(th.question.id);
  }

  // --- ask -----------------------------------------------------------------------------------

  private async sendQuestion(e: Event): Promise<void> {
    e.preventDefault();
    const draft: QuestionDraft = {
      title: this.title.input.value,
      body: this.body.input.value,
      tags: parseTags(this.tags.input.value),
      anonymous: this.askAnon.checked,
      confirm: this.askWarning.confirmed,
    };
    setBusy(this.askSend, true);
    const res = await this.board.ask(draft);
    setBusy(this.askSend, false);
    if (!res.ok) return this.refused(res.failure, this.askWarning, { title: this.title, body: this.body, tags: this.tags }, askFieldOf, this.askError);
    this.deps.toast('lounge.ask.sent');
    await this.openThread(res.value.id);
  }

  /** Shows a refusal: what was found (to confirm), next to its field, or under the form. */
  private refused(
    f: BoardFailure,
    warning: IdentifierWarning,
    fields: Record<string, Field<HTMLInputElement | HTMLTextAreaElement>>,
    route: (code: string) => string | null,
    fallback: HTMLParagraphElement,
  ): void {
    if (f.kind === 'rejected' && f.error.code === 'case_identifiers_suspected') {
      // the warning box says it all (and keeps the code for tests)
      for (const fl of Object.values(fields)) fl.set(null);
      setMessage(fallback, null);
      warning.el.dataset.code = f.error.code;
      warning.show(f.findings ?? []);
      warning.confirm.focus();
      return;
    }
    const field = showFailure(f, fields, route, fallback);
    field?.input.focus();
  }
}
