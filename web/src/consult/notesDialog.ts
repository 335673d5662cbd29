// "My consultation notes": a member's kept notes (`GET /api/me/consultations`), newest first,
// each with its download. Guests have none on the server (their note was offered for download
// when the consultation ended). Owned by consult/hud.ts; single-threaded.

import { type Modal, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { formError, setMessage } from '../ui/form';
import { type NotesResult, fetchKeptNotes } from './api';
import { noteView } from './noteView';

export class NotesDialog {
  private readonly m: Modal;
  private readonly list: HTMLElement;
  private readonly error: HTMLParagraphElement;
  private loading = 0;

  constructor(private readonly load: () => Promise<NotesResult> = () => fetchKeptNotes()) {
    this.m = modal({ title: 'consult.notes.title', testid: 'consult-notes', class: 'consult-dialog' });
    this.list = h('div', { class: 'consult-notes-list', attrs: { 'aria-live': 'polite', 'data-testid': 'consult-notes-list' } });
    this.error = formError('consult-notes-error');
    this.m.body.append(h('p', { class: 'field-hint', i18n: 'consult.notes.intro' }), this.error, this.list);
    this.m.footer.remove();
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  async open(): Promise<void> {
    this.m.open();
    setMessage(this.error, null);
    this.list.replaceChildren(h('p', { class: 'field-hint', i18n: 'consult.notes.loading' }));
    const mine = ++this.loading;
    const res = await this.load();
    if (mine !== this.loading) return;
    if (!res.ok) {
      this.list.replaceChildren();
      setMessage(this.error, res.failure);
      return;
    }
    this.list.replaceChildren(
      ...(res.value.length === 0
        ? [h('p', { class: 'field-hint', i18n: 'consult.notes.empty', attrs: { 'data-testid': 'consult-notes-empty' } })]
        : res.value.map((n) => noteView(n, { download: true, testid: 'consult-kept' }))),
    );
  }
}
