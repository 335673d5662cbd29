import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ja } from '../i18n/ja';
import { type EndForm, checkEnd, checkRequest, chars, isHttpsLink } from './validate';
import { CONSULT_ERROR_CODES, OUTCOME_KINDS, TOPICS } from './wire';

describe('checkRequest', () => {
  const base = { topic: 'migraine', text: '', observers: false, keep_note: true };
  const cases: Array<{ name: string; form: typeof base; want: string | null }> = [
    { name: 'a topic and no text', form: base, want: null },
    { name: 'no topic', form: { ...base, topic: '' }, want: 'topic' },
    { name: 'an unknown topic', form: { ...base, topic: 'cancer' }, want: 'topic' },
    { name: '200 characters', form: { ...base, text: 'あ'.repeat(200) }, want: null },
    { name: '201 characters', form: { ...base, text: 'あ'.repeat(201) }, want: 'text' },
    { name: '200 emoji count as 200 (code points, not UTF-16)', form: { ...base, text: '😀'.repeat(200) }, want: null },
    { name: 'spaces around do not count', form: { ...base, text: `  ${'a'.repeat(200)}  ` }, want: null },
  ];
  it.each(cases)('$name', ({ form, want }) => {
    const r = checkRequest(form);
    expect(r.ok ? null : r.field).toBe(want);
    if (r.ok) expect(r.value.text).toBe(form.text.trim());
  });
});

describe('isHttpsLink', () => {
  it.each([
    ['https://example.jp/care', true],
    ['HTTPS://example.jp', true],
    ['http://example.jp', false],
    ['https://', false],
    ['javascript:alert(1)', false],
    ['https://exa mple.jp', false],
    ['example.jp', false],
  ])('%s → %s', (link, want) => expect(isHttpsLink(link)).toBe(want));
});

describe('checkEnd', () => {
  const base: EndForm = { kind: 'advice', clinic_name: '', clinic_contact: '', link: '', note: '', keepNote: true };
  const cases: Array<{ name: string; form: Partial<EndForm>; want: string | object }> = [
    { name: 'advice', form: {}, want: { outcome: { kind: 'advice' } } },
    { name: 'no outcome chosen', form: { kind: '' }, want: 'kind' },
    { name: 'see a specialist, with a note', form: { kind: 'see_specialist', note: ' 水分をとりましょう ' }, want: { outcome: { kind: 'see_specialist' }, note: '水分をとりましょう' } },
    { name: 'a note without consent is not sent', form: { note: 'x', keepNote: false }, want: { outcome: { kind: 'advice' } } },
    { name: 'a note of 2,001 characters', form: { note: 'x'.repeat(2001) }, want: 'note' },
    { name: 'a too long note without consent does not matter', form: { note: 'x'.repeat(2001), keepNote: false }, want: { outcome: { kind: 'advice' } } },
    { name: 'own clinic without a name', form: { kind: 'own_clinic', clinic_contact: '03' }, want: 'clinic_name' },
    { name: 'own clinic without a contact', form: { kind: 'own_clinic', clinic_name: 'A' }, want: 'clinic_contact' },
    { name: 'own clinic name of 101', form: { kind: 'own_clinic', clinic_name: 'a'.repeat(101), clinic_contact: '03' }, want: 'clinic_name' },
    { name: 'own clinic contact of 201', form: { kind: 'own_clinic', clinic_name: 'A', clinic_contact: 'a'.repeat(201) }, want: 'clinic_contact' },
    { name: 'own clinic', form: { kind: 'own_clinic', clinic_name: ' A ', clinic_contact: '03-1' }, want: { outcome: { kind: 'own_clinic', clinic_name: 'A', clinic_contact: '03-1' } } },
    { name: 'online with http', form: { kind: 'online', link: 'http://a.jp' }, want: 'link' },
    { name: 'online link of 301', form: { kind: 'online', link: `https://a.jp/${'a'.repeat(288)}` }, want: 'link' },
    { name: 'online', form: { kind: 'online', link: 'https://a.jp/x' }, want: { outcome: { kind: 'online', link: 'https://a.jp/x' } } },
  ];
  it.each(cases)('$name', ({ form, want }) => {
    const r = checkEnd({ ...base, ...form });
    expect(r.ok ? r.value : r.field).toEqual(want);
  });
  it('counts characters like the server', () => expect(chars(' 😀あ ')).toBe(2));
});

describe('keys built from data exist in both languages', () => {
  const get = (obj: unknown, key: string) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
  const keys = [
    ...TOPICS.map((x) => `consult.topics.${x}`),
    ...[...OUTCOME_KINDS, 'none'].map((x) => `consult.outcomes.${x}`),
    ...CONSULT_ERROR_CODES.map((c) => `consult.errors.${c}`),
  ];
  it.each(keys)('%s', (key) => {
    expect(typeof get(ja, key)).toBe('string');
    expect(typeof get(en, key)).toBe('string');
  });
});
