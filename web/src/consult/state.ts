// The client's picture of its own consultation, and what each message from the server asks the
// app to do. `reduce` is pure (no DOM, no clock of its own: `now` comes in), so the rules below
// are tested as a table (state.test.ts):
//
//   - an `active` status always asks to join its room (the app ignores a join it already made or
//     has under way; after a reconnect the server re-sends `active` and the room is joined again);
//   - leaving `active` for anything else (ended, none, a request put back in the queue) asks to
//     return to the plaza;
//   - `ended` is shown once per consultation; an observer removed because the patient withdrew
//     consent is told so;
//   - a queue whose `arrived` names a new request asks for the sound and the cue.
//
// Owned by consult/hud.ts; single-threaded.

import type { ConsultId, ConsultServerMessage, ConsultStatus, Observable, QueuedRequest } from './wire';

export interface Desk {
  on_duty: number;
  waiting: number;
  topics: string[];
}

export interface Queue {
  on: boolean;
  on_duty: number;
  requests: QueuedRequest[];
}

export interface ConsultModel {
  status: ConsultStatus;
  desk: Desk | null;
  queue: Queue | null;
  /** When the queue arrived (ms, the caller's clock): wait times tick up from there. */
  queueAt: number;
  observable: Observable[] | null;
  /** The last `arrived` of the queue (so one arrival rings once). */
  lastArrived: ConsultId | null;
  /** The private room one was placed in, while `active`. */
  room: string | null;
}

export type Effect =
  | { kind: 'join'; space: string }
  | { kind: 'leave' }
  | { kind: 'chime'; id: ConsultId }
  | { kind: 'ended'; status: Extract<ConsultStatus, { state: 'ended' }> }
  | { kind: 'removed' }
  | { kind: 'expired' }
  | { kind: 'requeued' };

export const EMPTY: ConsultModel = {
  status: { state: 'none', reason: null },
  desk: null,
  queue: null,
  queueAt: 0,
  observable: null,
  lastArrived: null,
  room: null,
};

export function reduce(model: ConsultModel, msg: ConsultServerMessage, now: number): { model: ConsultModel; effects: Effect[] } {
  const effects: Effect[] = [];
  switch (msg.type) {
    case 'consult_desk':
      return { model: { ...model, desk: { on_duty: msg.on_duty, waiting: msg.waiting, topics: msg.topics } }, effects };
    case 'observe_list':
      return { model: { ...model, observable: msg.consultations }, effects };
    case 'consult_queue': {
      if (msg.arrived !== null && msg.arrived !== model.lastArrived) effects.push({ kind: 'chime', id: msg.arrived });
      const queue = { on: msg.on, on_duty: msg.on_duty, requests: msg.requests };
      return { model: { ...model, queue, queueAt: now, lastArrived: msg.arrived }, effects };
    }
    case 'consult_status': {
      const prev = model.status;
      const next = msg.status;
      let room = model.room;
      if (next.state === 'active') {
        room = next.space;
        effects.push({ kind: 'join', space: next.space });
      } else if (room !== null) {
        room = null;
        effects.push({ kind: 'leave' });
      }
      if (next.state === 'ended' && !(prev.state === 'ended' && prev.id === next.id)) effects.push({ kind: 'ended', status: next });
      if (next.state === 'none' && next.reason === 'consent_withdrawn' && prev.state === 'active') effects.push({ kind: 'removed' });
      if (next.state === 'none' && next.reason === 'expired' && prev.state !== 'none') effects.push({ kind: 'expired' });
      if (next.state === 'waiting' && next.requeued && prev.state !== 'waiting') effects.push({ kind: 'requeued' });
      // the queue belongs to duty, not to one's own consultation: kept as it is
      return { model: { ...model, status: next, room }, effects };
    }
  }
}

/** How long (s) a queued request has waited at `now`, counting on from when the queue came. */
export function waitedNow(req: Pick<QueuedRequest, 'waited_s'>, queueAt: number, now: number): number {
  return Math.max(0, Math.floor(req.waited_s + Math.max(0, now - queueAt) / 1000));
}

/** Whether a space is one of the private consultation rooms (`consult-1` … `consult-N`). */
export function isConsultRoom(space: { id: string; access?: string; scene?: string } | null | undefined): boolean {
  if (!space) return false;
  return space.access === 'consultation' || space.scene === 'consultation' || /^consult-\d+$/.test(space.id);
}
