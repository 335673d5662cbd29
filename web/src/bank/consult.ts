// The way from the bank to a specialist (docs/consultation.md). The bank does not know the
// consultation screens; it asks for them with an event on `window`: `tsunagu:open-consultation`
// (detail: where it came from). consult/hud.ts listens while the person is in the world, calls
// preventDefault() to say it took over, closes the bank and opens the request form. If nobody
// took over (no world, e.g. a test page), the button says how to reach the desk in the plaza.

import { h } from '../ui/dom';
import { setMessage } from '../ui/form';
import { bankIcon } from './icons';

export const CONSULTATION_EVENT = 'tsunagu:open-consultation';

export interface ConsultationRequest {
  /** Which screen asked: 'selfcheck', 'charts', … */
  from: string;
}

/** Asks for the consultation queue; true when a listener took over. */
export function askSpecialist(detail: ConsultationRequest): boolean {
  const ev = new CustomEvent<ConsultationRequest>(CONSULTATION_EVENT, { detail, cancelable: true });
  return !window.dispatchEvent(ev);
}

/** "Ask a specialist" with what it does, and a note when nobody opened the form. */
export function consultBlock(from: string): HTMLElement {
  const note = h('p', { class: 'field-hint consult-note', attrs: { role: 'status', 'data-testid': 'consult-note' } });
  const button = h(
    'button',
    {
      class: 'btn btn-primary btn-large consult-button',
      attrs: { type: 'button', 'data-testid': 'consult-button' },
      on: { click: () => setMessage(note, askSpecialist({ from }) ? null : { key: 'bank.consult.notYet' }) },
    },
    [bankIcon('doctor'), h('span', { i18n: 'bank.consult.button' })],
  );
  return h('section', { class: 'bank-box consult-box' }, [h('h3', { i18n: 'bank.consult.title' }), h('p', { class: 'field-hint', i18n: 'bank.consult.text' }), button, note]);
}
