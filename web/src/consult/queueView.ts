// The clinician's side of the desk (docs/consultation.md, "Clinician side"): the "on duty" switch
// and, while on duty, the live queue — topic, a wait time that ticks up, the patient's consents,
// the short text — each with "accept". A request that just arrived (`consult_queue.arrived`) is
// marked and announced (the sound is consult/chime.ts). The server decides who may do this;
// this only hides what one may not do. Owned by consult/dock.ts; single-threaded.

import { t } from '../i18n';
import { h } from '../ui/dom';
import { formError, setBusy, setMessage } from '../ui/form';
import { consentBox } from './controls';
import { topicKey, waitText } from './format';
import { consultIcon } from './icons';
import { type ConsultModel, waitedNow } from './state';
import type { ConsultClientMessage, ConsultId } from './wire';

/** How long a new request stays marked (ms). */
const CUE_MS = 10_000;

export class QueueView {
  readonly el: HTMLElement;
  private readonly duty;
  private readonly count: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly list: HTMLUListElement;
  private readonly empty: HTMLElement;
  private readonly error: HTMLParagraphElement;
  private readonly waits = new Map<string, { el: HTMLElement; waited: number }>();
  private queueAt = 0;
  private cueId: ConsultId | null = null;
  private cueUntil = 0;
  private shownSecond = -1;

  constructor(private readonly send: (m: ConsultClientMessage) => boolean, onDutyClick: () => void) {
    this.duty = consentBox({
      label: 'consult.queue.duty',
      hint: 'consult.queue.dutyHint',
      testid: 'consult-duty',
      role: 'switch',
      onChange: (on) => {
        onDutyClick();
        setMessage(this.error, null);
        if (!this.send({ type: 'duty', on })) {
          this.duty.input.checked = !on;
          setMessage(this.error, { key: 'consult.offline' });
        }
      },
    });
    this.count = h('p', { class: 'consult-on-duty', attrs: { 'data-testid': 'consult-queue-on-duty' } });
    this.banner = h('p', { class: 'consult-arrived', attrs: { role: 'alert', 'data-testid': 'consult-arrived' } }, [consultIcon('bell'), h('span', { i18n: 'consult.queue.arrived' })]);
    this.banner.hidden = true;
    this.list = h('ul', { class: 'consult-requests', i18nAria: 'consult.queue.title', attrs: { 'data-testid': 'consult-requests' } });
    this.empty = h('p', { class: 'field-hint', i18n: 'consult.queue.empty', attrs: { 'data-testid': 'consult-queue-empty' } });
    this.error = formError('consult-queue-error');
    this.el = h('section', { class: 'consult-queue', attrs: { 'data-testid': 'consult-queue' } }, [this.duty.el, this.count, this.banner, this.error, this.list, this.empty]);
  }

  render(model: ConsultModel, now: number): void {
    const q = model.queue;
    const on = q?.on ?? false;
    this.duty.input.checked = on;
    this.duty.input.setAttribute('aria-checked', String(on));
    this.el.classList.toggle('on', on);
    this.count.hidden = !on;
    this.empty.hidden = !on || (q?.requests.length ?? 0) > 0;
    this.list.hidden = !on;
    if (q && on) {
      this.count.dataset.i18n = 'consult.queue.onDuty';
      this.count.dataset.i18nParams = JSON.stringify({ n: q.on_duty });
      this.count.textContent = t('consult.queue.onDuty', { n: q.on_duty });
    }
    this.queueAt = model.queueAt;
    this.waits.clear();
    const items = (on ? (q?.requests ?? []) : []).map((r) => {
      const wait = h('span', { class: 'consult-wait', attrs: { 'data-testid': 'consult-wait' } });
      this.waits.set(String(r.id), { el: wait, waited: r.waited_s });
      const accept = h(
        'button',
        {
          class: 'btn btn-primary consult-accept',
          attrs: { type: 'button', 'data-testid': 'consult-accept' },
          on: {
            click: () => {
              setMessage(this.error, null);
              if (this.send({ type: 'consult_accept', id: r.id })) setBusy(accept, true);
              else setMessage(this.error, { key: 'consult.offline' });
            },
          },
        },
        [h('span', { i18n: 'consult.queue.accept' })],
      );
      const consent = (ok: boolean, yes: string, no: string) => h('span', { class: `consult-tag ${ok ? 'yes' : 'no'}`, i18n: ok ? yes : no });
      const li = h('li', { class: 'consult-request', attrs: { 'data-request': String(r.id) } }, [
        h('div', { class: 'consult-request-head' }, [h('strong', { class: 'consult-topic', i18n: topicKey(r.topic) }), wait]),
        h('div', { class: 'consult-tags' }, [
          consent(r.observers, 'consult.queue.observersYes', 'consult.queue.observersNo'),
          consent(r.keep_note, 'consult.queue.noteYes', 'consult.queue.noteNo'),
        ]),
        r.text ? h('p', { class: 'consult-text', text: r.text }) : null,
        accept,
      ]);
      if (this.cueId !== null && String(this.cueId) === String(r.id) && now < this.cueUntil) li.classList.add('is-new');
      return li;
    });
    this.list.replaceChildren(...items);
    this.shownSecond = -1;
    this.tick(now);
  }

  /** The sound's companion: mark the request and say it arrived. */
  cue(id: ConsultId, now: number): void {
    this.cueId = id;
    this.cueUntil = now + CUE_MS;
    this.banner.hidden = false;
    this.list.querySelector(`[data-request="${CSS.escape(String(id))}"]`)?.classList.add('is-new');
  }

  /** Once a second: the wait times tick up; the cue fades after a while. */
  tick(now: number): void {
    const second = Math.floor(now / 1000);
    if (second === this.shownSecond) return;
    this.shownSecond = second;
    for (const { el, waited } of this.waits.values()) {
      const s = waitedNow({ waited_s: waited }, this.queueAt, now);
      el.textContent = waitText(s, t);
      el.dataset.seconds = String(s);
    }
    if (this.cueId !== null && now >= this.cueUntil) {
      this.cueId = null;
      this.banner.hidden = true;
      for (const li of this.list.querySelectorAll('.is-new')) li.classList.remove('is-new');
    }
  }

  onError(code: string): boolean {
    if (!['consult_not_on_duty', 'consult_gone', 'consult_busy', 'no_room_free'].includes(code)) return false;
    setMessage(this.error, { key: `consult.errors.${code}` });
    this.error.dataset.code = code;
    for (const b of this.list.querySelectorAll<HTMLButtonElement>('button')) setBusy(b, false);
    return true;
  }

  relabel(now: number): void {
    this.shownSecond = -1;
    this.tick(now);
  }
}
