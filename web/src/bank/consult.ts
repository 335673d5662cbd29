// The way from the bank to a specialist. The consultation queue of the product (docs/product.md
// "Consultation") has no screen in the web client yet, so the bank asks for it with an event on
// `window`: `tsunagu:open-consultation` (detail: where it came from). Whoever opens the queue
// listens and calls preventDefault() to say it took over; if nobody does, the button says how
// to reach one meanwhile (the "ask a specialist" desk in the plaza).

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

/** "Ask a specialist" with what it does, and a note when the queue is not there yet. */
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
