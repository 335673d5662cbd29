import { describe, expect, it } from 'vitest';
import { type ConsultModel, EMPTY, type Effect, isConsultRoom, reduce, waitedNow } from './state';
import { type ConsultServerMessage, type ConsultStatus, parseConsultMessage } from './wire';

const waiting: ConsultStatus = { state: 'waiting', id: 7, topic: 'migraine', position: 2, on_duty: 1, observers: true, keep_note: false, requeued: false };
const active: ConsultStatus = {
  state: 'active',
  id: 7,
  role: 'patient',
  space: 'consult-3',
  topic: 'migraine',
  text: '',
  patient: { name: 'さくら' },
  clinician: { name: '山田' },
  observers: [],
  consent: { observers: true, keep_note: true },
  away: false,
};
const ended: ConsultStatus = { state: 'ended', id: 7, role: 'patient', by: 'clinician', topic: 'migraine', outcome: { kind: 'advice' }, note: 'メモ', clinician: { name: '山田' }, ended_ms: 1 };
const status = (s: ConsultStatus): ConsultServerMessage => ({ type: 'consult_status', status: s });
const kinds = (effects: Effect[]) => effects.map((e) => (e.kind === 'join' ? `join:${e.space}` : e.kind));

/** Runs messages in order from `start`; returns the last model and every effect, in order. */
function run(start: ConsultModel, msgs: ConsultServerMessage[]): { model: ConsultModel; effects: string[] } {
  let model = start;
  const effects: string[] = [];
  for (const m of msgs) {
    const r = reduce(model, m, 1000);
    model = r.model;
    effects.push(...kinds(r.effects));
  }
  return { model, effects };
}

describe('reduce: consult_status', () => {
  const cases: Array<{ name: string; msgs: ConsultStatus[]; effects: string[]; room: string | null }> = [
    { name: 'a request waits: nothing to do', msgs: [waiting], effects: [], room: null },
    { name: 'accepted: join the room', msgs: [waiting, active], effects: ['join:consult-3'], room: 'consult-3' },
    { name: 'active re-sent after a reconnect: join again (the app ignores a join it has)', msgs: [waiting, active, active], effects: ['join:consult-3', 'join:consult-3'], room: 'consult-3' },
    { name: 'ended: back to the plaza, show it once', msgs: [active, ended, ended], effects: ['join:consult-3', 'leave', 'ended'], room: null },
    { name: 'ended then none: nothing more', msgs: [active, ended, { state: 'none', reason: null }], effects: ['join:consult-3', 'leave', 'ended'], room: null },
    { name: 'observer removed: leave, and say why', msgs: [{ ...active, role: 'observer' }, { state: 'none', reason: 'consent_withdrawn' }], effects: ['join:consult-3', 'leave', 'removed'], room: null },
    { name: 'observer left by choice: leave quietly', msgs: [{ ...active, role: 'observer' }, { state: 'none', reason: 'observer_left' }], effects: ['join:consult-3', 'leave'], room: null },
    { name: 'cancelled while waiting: nothing to leave', msgs: [waiting, { state: 'none', reason: 'cancelled' }], effects: [], room: null },
    { name: 'expired while waiting: say so', msgs: [waiting, { state: 'none', reason: 'expired' }], effects: ['expired'], room: null },
    { name: 'the clinician never came: back to the plaza, request requeued', msgs: [active, { ...waiting, position: 1, requeued: true }], effects: ['join:consult-3', 'leave', 'requeued'], room: null },
    { name: 'a first waiting status that is already requeued (after a reload) says so', msgs: [{ ...waiting, requeued: true }], effects: ['requeued'], room: null },
    { name: 'moved to another room (never expected, handled)', msgs: [active, { ...active, space: 'consult-4' }], effects: ['join:consult-3', 'join:consult-4'], room: 'consult-4' },
  ];
  it.each(cases)('$name', ({ msgs, effects, room }) => {
    const r = run(EMPTY, msgs.map(status));
    expect(r.effects).toEqual(effects);
    expect(r.model.room).toBe(room);
    expect(r.model.status).toEqual(msgs[msgs.length - 1]);
  });
});

describe('reduce: consult_queue', () => {
  const q = (arrived: number | null, ids: number[] = [1]): ConsultServerMessage => ({
    type: 'consult_queue',
    on: true,
    on_duty: 1,
    requests: ids.map((id) => ({ id, topic: 'other', text: '', waited_s: 3, observers: false, keep_note: false })),
    arrived,
  });
  const cases: Array<{ name: string; msgs: ConsultServerMessage[]; chimes: number }> = [
    { name: 'an arrival rings', msgs: [q(1)], chimes: 1 },
    { name: 'the same arrival twice rings once', msgs: [q(1), q(1)], chimes: 1 },
    { name: 'no arrival: silent', msgs: [q(null), q(null, [])], chimes: 0 },
    { name: 'two arrivals ring twice', msgs: [q(1), q(2, [1, 2])], chimes: 2 },
    { name: 'a request that comes back after other changes rings again', msgs: [q(1), q(null), q(1)], chimes: 2 },
  ];
  it.each(cases)('$name', ({ msgs, chimes }) => {
    const r = run(EMPTY, msgs);
    expect(r.effects.filter((e) => e === 'chime')).toHaveLength(chimes);
    expect(r.model.queueAt).toBe(1000);
  });
  it('keeps one’s own status', () => {
    const r = run(EMPTY, [status(waiting), q(1)]);
    expect(r.model.status).toEqual(waiting);
    expect(r.model.queue?.requests).toHaveLength(1);
  });
});

describe('reduce: desk and observe list', () => {
  it('keeps the latest answer, a new object each time', () => {
    const a = reduce(EMPTY, { type: 'consult_desk', on_duty: 0, waiting: 0, topics: [] }, 0).model;
    const b = reduce(a, { type: 'consult_desk', on_duty: 2, waiting: 1, topics: ['migraine'] }, 0).model;
    expect(b.desk).toEqual({ on_duty: 2, waiting: 1, topics: ['migraine'] });
    expect(b.desk).not.toBe(a.desk);
    const c = reduce(b, { type: 'observe_list', consultations: [{ id: 3, topic: 'child', minutes: 4 }] }, 0).model;
    expect(c.observable).toEqual([{ id: 3, topic: 'child', minutes: 4 }]);
  });
});

describe('waitedNow', () => {
  it.each([
    [10, 0, 0, 10],
    [10, 1000, 3500, 12],
    [0, 5000, 4000, 0], // a clock that went back does not count down
    [59, 0, 999, 59],
  ])('%i s at %i ms, now %i ms → %i s', (waited, at, now, want) => {
    expect(waitedNow({ waited_s: waited }, at, now)).toBe(want);
  });
});

describe('isConsultRoom', () => {
  it.each([
    [{ id: 'consult-1' }, true],
    [{ id: 'consult-12' }, true],
    [{ id: 'x', access: 'consultation' }, true],
    [{ id: 'x', scene: 'consultation' }, true],
    [{ id: 'plaza', scene: 'plaza' }, false],
    [{ id: 'consult' }, false],
    [{ id: 'consult-1a' }, false],
  ])('%j → %s', (space, want) => expect(isConsultRoom(space)).toBe(want));
});

describe('parseConsultMessage', () => {
  const cases: Array<{ name: string; raw: unknown; want: unknown }> = [
    { name: 'desk', raw: { type: 'consult_desk', on_duty: 2, waiting: 1, topics: ['migraine', 3] }, want: { type: 'consult_desk', on_duty: 2, waiting: 1, topics: ['migraine'] } },
    { name: 'status none with a reason', raw: { type: 'consult_status', state: 'none', reason: 'expired' }, want: { type: 'consult_status', status: { state: 'none', reason: 'expired' } } },
    { name: 'status wrapped in `status`', raw: { type: 'consult_status', status: { state: 'none' } }, want: { type: 'consult_status', status: { state: 'none', reason: null } } },
    { name: 'active without a space is dropped', raw: { type: 'consult_status', state: 'active', id: 1, role: 'patient' }, want: null },
    { name: 'active with an unknown role is dropped', raw: { type: 'consult_status', state: 'active', id: 1, role: 'boss', space: 'consult-1' }, want: null },
    { name: 'an unknown state is dropped', raw: { type: 'consult_status', state: 'maybe' }, want: null },
    {
      name: 'ended: an outcome link that is not https is dropped',
      raw: { type: 'consult_status', state: 'ended', id: 2, role: 'patient', by: 'clinician', outcome: { kind: 'online', link: 'javascript:alert(1)' }, note: '', clinician: { name: 'A' }, ended_ms: 5 },
      want: { type: 'consult_status', status: { state: 'ended', id: 2, role: 'patient', by: 'clinician', topic: '', outcome: null, note: null, clinician: { name: 'A' }, ended_ms: 5 } },
    },
    {
      name: 'queue: bad requests are skipped',
      raw: { type: 'consult_queue', on: true, on_duty: 1, requests: [{ id: 1, topic: 'child', text: 'x', waited_s: 5, observers: true, keep_note: false }, { topic: 'x' }], arrived: null },
      want: { type: 'consult_queue', on: true, on_duty: 1, requests: [{ id: 1, topic: 'child', text: 'x', waited_s: 5, observers: true, keep_note: false }], arrived: null },
    },
    { name: 'queue without requests is dropped', raw: { type: 'consult_queue', on: false }, want: null },
    { name: 'observe list', raw: { type: 'observe_list', consultations: [{ id: 'c9', topic: 'tension', minutes: 3 }] }, want: { type: 'observe_list', consultations: [{ id: 'c9', topic: 'tension', minutes: 3 }] } },
    { name: 'another type', raw: { type: 'chat' }, want: null },
  ];
  it.each(cases)('$name', ({ raw, want }) => expect(parseConsultMessage(raw)).toEqual(want));
});
