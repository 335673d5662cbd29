// One finished consultation as the patient sees it: when, with whom, about what, the outcome
// (a referral's details; an online-care link as a real link, https only) and the kept note, with
// a button that saves it all as a .txt file in the current language. Used by the "ended" dialog
// and the list of kept notes. Everything goes in as text, never as HTML.

import { saveText } from '../bank/download';
import { t } from '../i18n';
import { h } from '../ui/dom';
import { formatTime } from '../ui/form';
import { type NoteRecord, noteFilename, noteText, outcomeKey, topicKey } from './format';
import { consultIcon } from './icons';

export function noteView(n: NoteRecord, o: { download: boolean; testid: string }): HTMLElement {
  const row = (labelKey: string, value: Node) => h('div', { class: 'consult-row' }, [h('dt', { i18n: labelKey }), h('dd', {}, [value])]);
  const outcome = h('div', { class: 'consult-outcome' }, [h('strong', { i18n: outcomeKey(n.outcome) })]);
  if (n.outcome?.kind === 'own_clinic') {
    outcome.append(h('p', { text: n.outcome.clinic_name, attrs: { 'data-testid': `${o.testid}-clinic` } }), h('p', { class: 'consult-pre', text: n.outcome.clinic_contact }));
  } else if (n.outcome?.kind === 'online') {
    outcome.append(h('p', {}, [h('a', { text: n.outcome.link, attrs: { href: n.outcome.link, target: '_blank', rel: 'noopener noreferrer', 'data-testid': `${o.testid}-link` } })]));
  }
  const note = n.note
    ? h('p', { class: 'consult-pre consult-kept-note', text: n.note, attrs: { 'data-testid': `${o.testid}-note` } })
    : h('p', { class: 'field-hint', i18n: 'consult.ended.noNote', attrs: { 'data-testid': `${o.testid}-no-note` } });
  const when = h('span', { text: formatTime(n.ended_ms) });
  const list = h('dl', { class: 'consult-summary' }, [
    row('consult.ended.when', when),
    row('consult.ended.clinician', h('span', { text: n.clinician, attrs: { 'data-testid': `${o.testid}-clinician` } })),
    ...(n.topic ? [row('consult.ended.topic', h('span', { i18n: topicKey(n.topic) }))] : []),
    row('consult.ended.outcome', outcome),
    row('consult.ended.note', note),
  ]);
  const el = h('article', { class: 'consult-note-view', attrs: { 'data-testid': o.testid } }, [list]);
  if (o.download) {
    el.append(
      h('button', { class: 'btn btn-primary consult-download', attrs: { type: 'button', 'data-testid': `${o.testid}-download` }, on: { click: () => downloadNote(n) } }, [
        consultIcon('download'),
        h('span', { i18n: 'consult.ended.download' }),
      ]),
    );
  }
  return el;
}

/** Saves the note as a UTF-8 text file (with a BOM, so older editors read Japanese right). */
export function downloadNote(n: NoteRecord): void {
  saveText(`\ufeff${noteText(n, t, formatTime)}`, noteFilename(n.ended_ms), 'text/plain;charset=utf-8');
}
