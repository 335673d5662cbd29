import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { ja } from '../i18n/ja';
import { LIMITS, type PageBlob, SlidesUploadApi, UPLOAD_ERRORS, plan, sniff, titleFrom, titleOk, uploadDeck, uploadErrorKey } from './upload';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13];
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const WEBP = [...'RIFF'].map((c) => c.charCodeAt(0)).concat([1, 0, 0, 0], [...'WEBPVP8 '].map((c) => c.charCodeAt(0)));
const PDF = [...'%PDF-1.4\n'].map((c) => c.charCodeAt(0));
const SVG = [...'<svg xmlns'].map((c) => c.charCodeAt(0));
const head = (bytes: number[]) => new Uint8Array(bytes);
const file = (name: string, bytes: number[], size = 1000) => ({ name, size, head: head(bytes) });

describe('sniff: what a file is, from its first bytes', () => {
  it.each([
    ['png', PNG, 'image/png'],
    ['jpeg', JPEG, 'image/jpeg'],
    ['webp', WEBP, 'image/webp'],
    ['pdf', PDF, 'application/pdf'],
    ['svg (can carry script)', SVG, null],
    ['gif', [...'GIF89a'].map((c) => c.charCodeAt(0)), null],
    ['riff but not webp', [...'RIFF....AVI '].map((c) => c.charCodeAt(0)), null],
    ['empty', [], null],
  ] as const)('%s', (_name, bytes, want) => {
    expect(sniff(head([...bytes]))).toBe(want);
  });
});

describe('titles', () => {
  it.each([
    ['片頭痛の最新治療.pdf', '片頭痛の最新治療'],
    ['lecture_2025_spring.PDF', 'lecture 2025 spring'],
    ['01.png', '01'],
    ['no-extension', 'no-extension'],
    [`${'あ'.repeat(100)}.pdf`, 'あ'.repeat(80)],
  ])('%s → %s', (name, want) => {
    expect(titleFrom(name)).toBe(want);
  });
  it.each([
    ['', false],
    ['   ', false],
    ['講演', true],
    ['あ'.repeat(80), true],
    ['あ'.repeat(81), false],
    ['😀'.repeat(80), true], // characters, not UTF-16 units
  ])('%j ok: %s', (title, ok) => {
    expect(titleOk(title)).toBe(ok);
  });
});

describe('plan: which deck the chosen files make', () => {
  it('one PDF', () => {
    const p = plan([file('talk.pdf', PDF)]);
    expect(p).toMatchObject({ kind: 'pdf', title: 'talk' });
  });
  it('images in the order of their names, numbers as numbers', () => {
    const p = plan([file('slide10.png', PNG), file('slide2.jpg', JPEG), file('slide1.webp', WEBP)]);
    expect(p.kind).toBe('images');
    if (p.kind !== 'images') return;
    expect(p.files.map((f) => f.name)).toEqual(['slide1.webp', 'slide2.jpg', 'slide10.png']);
    expect(p.types).toEqual(['image/webp', 'image/jpeg', 'image/png']);
    expect(p.title).toBe('slide1');
  });
  it('the type comes from the bytes, not the name', () => {
    const p = plan([file('photo.png', JPEG)]);
    expect(p.kind === 'images' && p.types).toEqual(['image/jpeg']);
  });
  it.each([
    ['nothing', [], 'none_chosen'],
    ['a script named .png', [file('x.png', SVG)], 'slides_image_invalid'],
    ['two PDFs', [file('a.pdf', PDF), file('b.pdf', PDF)], 'one_pdf'],
    ['a PDF and an image', [file('a.pdf', PDF), file('b.png', PNG)], 'mixed'],
    ['81 images', Array.from({ length: 81 }, (_, i) => file(`${i}.png`, PNG)), 'slides_page_count_invalid'],
  ] as const)('refused: %s', (_name, files, code) => {
    expect(plan([...files])).toEqual({ kind: 'error', code });
  });
  it('80 images are fine', () => {
    expect(plan(Array.from({ length: LIMITS.pages }, (_, i) => file(`${i}.png`, PNG))).kind).toBe('images');
  });
});

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A fake server: answers in order from `answers` (status, JSON), records every call. */
function fakeFetch(answers: Array<[number, unknown]>): { calls: Call[]; fetch: typeof fetch } {
  const calls: Call[] = [];
  let i = 0;
  const f = (async (url: string, init: RequestInit) => {
    calls.push({ method: String(init.method), url, headers: init.headers as Record<string, string>, body: init.body });
    const [status, json] = answers[i++] ?? [500, { error: { code: 'internal' } }];
    return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { calls, fetch: f };
}

const page = (size = 10): PageBlob => ({ blob: new Blob([new Uint8Array(size)]), type: 'image/jpeg' });
const ID = 'up-0123456789abcdef0123456789abcdef';

describe('uploadDeck', () => {
  it('creates the deck, sends each page with its type and the CSRF token, and reports progress', async () => {
    const f = fakeFetch([
      [201, { upload: { id: ID, title: '講演', page_count: 2 } }],
      [200, { id: ID, received: 1, page_count: 2, ready: false }],
      [200, { id: ID, received: 2, page_count: 2, ready: true }],
    ]);
    const api = new SlidesUploadApi(() => 'csrf-1', f.fetch);
    const seen: string[] = [];
    const res = await uploadDeck(api, ' 講演 ', 2, async () => page(), (p) => seen.push(`${p.phase}:${p.done}/${p.total}`));
    expect(res).toEqual({ ok: true, deckId: ID });
    expect(f.calls.map((c) => `${c.method} ${c.url}`)).toEqual(['POST /api/slides', `PUT /api/slides/${ID}/pages/0`, `PUT /api/slides/${ID}/pages/1`]);
    expect(JSON.parse(String(f.calls[0]!.body))).toEqual({ title: '講演', pages: 2 });
    expect(f.calls.every((c) => c.headers['X-CSRF-Token'] === 'csrf-1')).toBe(true);
    expect(f.calls[1]!.headers['Content-Type']).toBe('image/jpeg');
    expect(f.calls[1]!.body).toBeInstanceOf(Blob);
    expect(seen).toEqual(['send:0/2', 'send:1/2', 'done:2/2']);
  });

  it('a refused page gives the unfinished deck up and says why', async () => {
    const f = fakeFetch([
      [201, { upload: { id: ID } }],
      [415, { error: { code: 'slides_image_invalid' } }],
      [200, { ok: true }],
    ]);
    const res = await uploadDeck(new SlidesUploadApi(() => 'c', f.fetch), 't', 3, async () => page(), () => undefined);
    expect(res).toEqual({ ok: false, code: 'slides_image_invalid' });
    expect(f.calls.map((c) => c.method)).toEqual(['POST', 'PUT', 'DELETE']);
    expect(f.calls[2]!.url).toBe(`/api/slides/${ID}`);
  });

  it.each([
    ['a 403 for non-presenters', [403, { error: { code: 'permission_denied' } }], 'permission_denied'],
    ['too many decks', [409, { error: { code: 'slides_too_many' } }], 'slides_too_many'],
    ['a proxy’s 413 without JSON', [413, null], 'slides_image_too_large'],
    ['no JSON at all', [502, null], 'network'],
  ] as const)('creation refused: %s', async (_name, answer, code) => {
    const f = fakeFetch([[answer[0], answer[1]]]);
    const res = await uploadDeck(new SlidesUploadApi(() => null, f.fetch), 't', 1, async () => page(), () => undefined);
    expect(res).toEqual({ ok: false, code });
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.headers['X-CSRF-Token']).toBeUndefined();
  });

  it('a page over 4 MiB or one that cannot be made is never sent', async () => {
    for (const [make, code] of [
      [async () => page(LIMITS.pageBytes + 1), 'slides_image_too_large'],
      [async () => null, 'unreadable'],
      [async () => Promise.reject(new Error('broken pdf')), 'unreadable'],
    ] as const) {
      const f = fakeFetch([[201, { upload: { id: ID } }], [200, { ok: true }]]);
      const res = await uploadDeck(new SlidesUploadApi(() => 'c', f.fetch), 't', 1, make, () => undefined);
      expect(res).toEqual({ ok: false, code });
      expect(f.calls.map((c) => c.method)).toEqual(['POST', 'DELETE']);
    }
  });

  it('stops between pages when cancelled', async () => {
    const f = fakeFetch([[201, { upload: { id: ID } }], [200, { ready: false }], [200, { ok: true }]]);
    const abort = new AbortController();
    const res = await uploadDeck(
      new SlidesUploadApi(() => 'c', f.fetch),
      't',
      5,
      async () => {
        abort.abort();
        return page();
      },
      () => undefined,
      abort.signal,
    );
    expect(res).toEqual({ ok: false, code: 'cancelled' });
    expect(f.calls.map((c) => c.method)).toEqual(['POST', 'PUT', 'DELETE']);
  });

  it.each([
    ['', 1, 'slides_title_invalid'],
    ['t', 0, 'slides_page_count_invalid'],
    ['t', 81, 'slides_page_count_invalid'],
  ])('checked before anything is sent: %j, %d pages', async (title, count, code) => {
    const f = fakeFetch([]);
    expect(await uploadDeck(new SlidesUploadApi(() => 'c', f.fetch), title, count, async () => page(), () => undefined)).toEqual({ ok: false, code });
    expect(f.calls).toHaveLength(0);
  });
});

describe('error texts', () => {
  const at = (obj: unknown, key: string): unknown => key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj);
  it.each([...UPLOAD_ERRORS, 'generic'])('%s has ja and en', (code) => {
    const key = uploadErrorKey(code === 'generic' ? 'something_new' : code);
    expect(typeof at(ja, key)).toBe('string');
    expect(typeof at(en, key)).toBe('string');
  });
  it('unknown codes get the general text', () => {
    expect(uploadErrorKey('internal')).toBe('hall.upload.errors.generic');
    expect(uploadErrorKey('slides_too_many')).toBe('hall.upload.errors.slides_too_many');
  });
});
