import { describe, expect, it } from 'vitest';
import { noteFilename, noteText, outcomeKey, topicKey, waitText } from './format';

/** A translation that shows the key and its values, so tests see exactly what was asked. */
const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}${JSON.stringify(params)}` : key);

describe('waitText', () => {
  it.each([
    [0, 'consult.wait.seconds{"s":0}'],
    [59, 'consult.wait.seconds{"s":59}'],
    [60, 'consult.wait.minutes{"m":1,"s":"00"}'],
    [185, 'consult.wait.minutes{"m":3,"s":"05"}'],
    [3599, 'consult.wait.minutes{"m":59,"s":"59"}'],
    [3600, 'consult.wait.hours{"h":1,"m":"00"}'],
    [3725, 'consult.wait.hours{"h":1,"m":"02"}'],
    [-5, 'consult.wait.seconds{"s":0}'],
    [12.9, 'consult.wait.seconds{"s":12}'],
  ])('%s s → %s', (s, want) => expect(waitText(s, t)).toBe(want));
});

describe('topicKey and outcomeKey', () => {
  it.each([
    ['migraine', 'consult.topics.migraine'],
    ['work_school', 'consult.topics.work_school'],
    ['unknown', 'consult.topics.other'],
    ['', 'consult.topics.other'],
  ])('topic %s → %s', (topic, want) => expect(topicKey(topic)).toBe(want));
  it('outcome', () => {
    expect(outcomeKey(null)).toBe('consult.outcomes.none');
    expect(outcomeKey({ kind: 'see_specialist' })).toBe('consult.outcomes.see_specialist');
  });
});

describe('noteText', () => {
  const date = (ms: number) => `D${ms}`;
  it('has the date, the clinician, the topic, the outcome with its details, the note and the disclaimer', () => {
    const text = noteText(
      { ended_ms: 42, clinician: '山田', topic: 'migraine', outcome: { kind: 'own_clinic', clinic_name: '山田頭痛クリニック', clinic_contact: '03-1234-5678' }, note: '1行目\n2行目' },
      t,
      date,
    );
    expect(text.split('\n')).toEqual([
      'consult.file.heading',
      '',
      'consult.file.date{"date":"D42"}',
      'consult.file.clinician{"name":"山田"}',
      'consult.file.topic{"topic":"consult.topics.migraine"}',
      'consult.file.outcome{"outcome":"consult.outcomes.own_clinic"}',
      '  consult.file.clinic{"name":"山田頭痛クリニック"}',
      '  consult.file.contact{"contact":"03-1234-5678"}',
      '',
      'consult.file.note',
      '1行目',
      '2行目',
      '',
      'consult.file.disclaimer',
      '',
    ]);
  });
  it.each([
    ['online care names its link', { kind: 'online' as const, link: 'https://example.jp/care' }, '  consult.file.link{"link":"https://example.jp/care"}'],
    ['no outcome (ended early) says so', null, 'consult.file.outcome{"outcome":"consult.outcomes.none"}'],
  ])('%s', (_name, outcome, line) => {
    const text = noteText({ ended_ms: 1, clinician: 'A', topic: '', outcome, note: null }, t, date);
    expect(text.split('\n')).toContain(line);
    expect(text).toContain('consult.file.noNote');
    expect(text).not.toContain('consult.file.topic'); // no topic given: no line
  });
});

describe('noteFilename', () => {
  it('uses the local date it ended', () => {
    const ms = new Date(2026, 0, 5, 23, 30).getTime();
    expect(noteFilename(ms)).toBe('tsunagu-consultation-2026-01-05.txt');
  });
});
