// "The consultation has ended" (docs/consultation.md, `ended`), shown on the way back to the
// plaza: who ended it, the outcome and — for the patient — the kept note with its download. A
// guest's note lives only in this browser, so the dialog says to save it now; a member also
// finds it later under "my consultation notes". Owned by consult/hud.ts; single-threaded.

import { type Modal, modal } from '../ui/dialog';
import { h } from '../ui/dom';
import { noteView } from './noteView';
import type { ConsultStatus } from './wire';

type Ended = Extract<ConsultStatus, { state: 'ended' }>;

export class EndedDialog {
  private readonly m: Modal;
  private readonly notesButton: HTMLButtonElement;

  constructor(private readonly deps: { isMember(): boolean; openNotes(): void }) {
    this.m = modal({ title: 'consult.ended.title', testid: 'consult-ended', class: 'consult-dialog' });
    this.notesButton = h('button', { class: 'btn btn-ghost', i18n: 'consult.notes.open', attrs: { type: 'button', 'data-testid': 'consult-ended-notes' }, on: { click: () => { this.m.close(); deps.openNotes(); } } });
    this.m.footer.append(
      this.notesButton,
      h('button', { class: 'btn btn-secondary', i18n: 'consult.ended.back', attrs: { type: 'button', 'data-testid': 'consult-ended-ok' }, on: { click: () => this.m.close() } }),
    );
  }

  get el(): HTMLDialogElement {
    return this.m.el;
  }

  show(s: Ended, topic: string): void {
    const patient = s.role === 'patient';
    const member = this.deps.isMember();
    const byKey = s.by === 'patient' ? 'consult.ended.byPatient' : s.by === 'timeout' ? 'consult.ended.byTimeout' : 'consult.ended.byClinician';
    const keep = patient ? (member ? (s.note ? 'consult.ended.kept' : null) : 'consult.ended.guestKeep') : null;
    this.m.body.replaceChildren(
      h('p', { class: 'consult-lead', i18n: byKey, attrs: { 'data-testid': 'consult-ended-by' } }),
      noteView({ ended_ms: s.ended_ms, clinician: s.clinician.name, topic, outcome: s.outcome, note: patient ? s.note : null }, { download: patient, testid: 'consult-ended-view' }),
      ...(keep ? [h('p', { class: 'consult-note-line', i18n: keep, attrs: { 'data-testid': 'consult-ended-keep' } })] : []),
      h('p', { class: 'consult-disclaimer', i18n: 'consult.form.disclaimer' }),
    );
    this.notesButton.hidden = !(patient && member);
    this.m.open();
  }
}
