// Presenters' slide uploads (docs/voice.md, "Uploading slides"): which files make a deck, the
// HTTP calls (POST /api/slides, PUT /api/slides/:id/pages/:i, DELETE /api/slides/:id) and the
// upload loop with its progress. A PDF never leaves the browser: render.ts turns its pages
// into JPEG images first; the server takes images only and checks them again by their bytes.
// No DOM and no pdf.js here, so all of it is tested in upload.test.ts. Single-threaded.

import { isObj, isStr } from '../net/messages';

/** What the server takes (net/slides_api.h, SlideLimits); GET /api/slides says the same. */
export const LIMITS = { pageBytes: 4 * 1024 * 1024, pages: 80, titleChars: 80 } as const;

export type PageType = 'image/png' | 'image/jpeg' | 'image/webp';
export type Sniffed = PageType | 'application/pdf';

/** A chosen file, as much as the plan needs to know of it. */
export interface Chosen {
  name: string;
  size: number;
  /** Its first bytes (16 are enough). */
  head: Uint8Array;
}

export type Plan<F extends Chosen = Chosen> =
  | { kind: 'pdf'; file: F; title: string }
  | { kind: 'images'; files: F[]; types: PageType[]; title: string }
  | { kind: 'error'; code: UploadError };

/** Error codes shown through `hall.upload.errors.<code>` (the server's codes among them). */
export type UploadError =
  | 'none_chosen'
  | 'mixed'
  | 'one_pdf'
  | 'slides_image_invalid'
  | 'slides_image_too_large'
  | 'slides_page_count_invalid'
  | 'slides_title_invalid'
  | 'unreadable'
  | 'network'
  | string;

/** Every code an upload may end with that has its own text (`hall.upload.errors.<code>`). */
export const UPLOAD_ERRORS = [
  'none_chosen',
  'mixed',
  'one_pdf',
  'slides_image_invalid',
  'slides_image_too_large',
  'slides_page_count_invalid',
  'slides_title_invalid',
  'slides_too_many',
  'slides_storage_full',
  'rate_limited',
  'permission_denied',
  'unauthenticated',
  'csrf_invalid',
  'unreadable',
  'cancelled',
  'network',
] as const;

/** The i18n key of an upload's error (codes without their own text get the general one). */
export function uploadErrorKey(code: string): string {
  return (UPLOAD_ERRORS as readonly string[]).includes(code) ? `hall.upload.errors.${code}` : 'hall.upload.errors.generic';
}

/** What a file is, from its magic bytes (never from its name or the browser's guess). */
export function sniff(head: Uint8Array): Sniffed | null {
  const at = (i: number, bytes: number[]) => bytes.every((b, k) => head[i + k] === b);
  if (at(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (at(0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (at(0, [0x52, 0x49, 0x46, 0x46]) && at(8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  if (at(0, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  return null;
}

/** A title from a file name: without the extension, separators as spaces, at most 80 characters. */
export function titleFrom(name: string): string {
  const stem = name.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/[_]+/g, ' ').trim();
  return [...stem].slice(0, LIMITS.titleChars).join('');
}

/** The title as the server will take it: trimmed, 1–80 characters. */
export function titleOk(title: string): boolean {
  const n = [...title.trim()].length;
  return n >= 1 && n <= LIMITS.titleChars;
}

const byName = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Which deck the chosen files make: one PDF, or 1–80 images (PNG, JPEG, WebP) in the order of
 * their names (01, 02 … 10 — numbers compared as numbers). Images over the byte limit are
 * allowed here: render.ts makes them smaller before sending.
 */
export function plan<F extends Chosen>(files: readonly F[]): Plan<F> {
  if (files.length === 0) return { kind: 'error', code: 'none_chosen' };
  const kinds = files.map((f) => sniff(f.head));
  if (kinds.some((k) => k === null)) return { kind: 'error', code: 'slides_image_invalid' };
  const pdfs = kinds.filter((k) => k === 'application/pdf').length;
  if (pdfs > 0) {
    if (files.length > 1) return { kind: 'error', code: pdfs === files.length ? 'one_pdf' : 'mixed' };
    return { kind: 'pdf', file: files[0]!, title: titleFrom(files[0]!.name) };
  }
  if (files.length > LIMITS.pages) return { kind: 'error', code: 'slides_page_count_invalid' };
  const order = files.map((f, i) => ({ f, type: kinds[i] as PageType })).sort((a, b) => byName.compare(a.f.name, b.f.name));
  return { kind: 'images', files: order.map((o) => o.f), types: order.map((o) => o.type), title: titleFrom(order[0]!.f.name) };
}

/** One page ready to send. */
export interface PageBlob {
  blob: Blob;
  type: PageType;
}

export interface Progress {
  /** 'prepare': reading the PDF / images; 'send': uploading page `done` + 1 of `total`. */
  phase: 'prepare' | 'send' | 'done';
  done: number;
  total: number;
}

export type UploadResult = { ok: true; deckId: string } | { ok: false; code: UploadError };

type Fetch = typeof fetch;

/** The HTTP calls of an upload. The CSRF token comes from the page's Api (net/api.ts). */
export class SlidesUploadApi {
  constructor(
    private readonly csrf: () => string | null,
    private readonly fetchImpl: Fetch = (...a) => fetch(...a),
  ) {}

  private async send(method: 'POST' | 'PUT' | 'DELETE', path: string, body: BodyInit | undefined, type?: string): Promise<{ ok: boolean; status: number; json: unknown }> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (type) headers['Content-Type'] = type;
    const token = this.csrf();
    if (token) headers['X-CSRF-Token'] = token;
    try {
      const res = await this.fetchImpl(path, { method, headers, body, credentials: 'same-origin', cache: 'no-store' });
      let json: unknown = null;
      try {
        json = await res.json();
      } catch {
        json = null;
      }
      return { ok: res.ok, status: res.status, json };
    } catch {
      return { ok: false, status: 0, json: null };
    }
  }

  private static code(r: { status: number; json: unknown }): UploadError {
    if (isObj(r.json) && isObj(r.json.error) && isStr(r.json.error.code)) return r.json.error.code;
    if (r.status === 413) return 'slides_image_too_large';
    return 'network';
  }

  async create(title: string, pages: number): Promise<{ ok: true; id: string } | { ok: false; code: UploadError }> {
    const r = await this.send('POST', '/api/slides', JSON.stringify({ title, pages }), 'application/json; charset=utf-8');
    if (r.ok && isObj(r.json) && isObj(r.json.upload) && isStr(r.json.upload.id)) return { ok: true, id: r.json.upload.id };
    return { ok: false, code: SlidesUploadApi.code(r) };
  }

  async page(id: string, index: number, page: PageBlob): Promise<{ ok: true; ready: boolean } | { ok: false; code: UploadError }> {
    const r = await this.send('PUT', `/api/slides/${encodeURIComponent(id)}/pages/${index}`, page.blob, page.type);
    if (r.ok && isObj(r.json)) return { ok: true, ready: r.json.ready === true };
    return { ok: false, code: SlidesUploadApi.code(r) };
  }

  async remove(id: string): Promise<{ ok: true } | { ok: false; code: UploadError }> {
    const r = await this.send('DELETE', `/api/slides/${encodeURIComponent(id)}`, undefined);
    return r.ok ? { ok: true } : { ok: false, code: SlidesUploadApi.code(r) };
  }
}

/**
 * Uploads a deck of `count` pages: creates it, then makes and sends one page after the other
 * (so a 80-page PDF never sits in memory as 80 images), reporting progress. On any failure the
 * unfinished deck is given up (DELETE) and the error code returned. `signal` stops between pages.
 */
export async function uploadDeck(
  api: SlidesUploadApi,
  title: string,
  count: number,
  makePage: (index: number) => Promise<PageBlob | null>,
  onProgress: (p: Progress) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  if (!titleOk(title)) return { ok: false, code: 'slides_title_invalid' };
  if (count < 1 || count > LIMITS.pages) return { ok: false, code: 'slides_page_count_invalid' };
  const created = await api.create(title.trim(), count);
  if (!created.ok) return created;
  const giveUp = async (code: UploadError): Promise<UploadResult> => {
    await api.remove(created.id);
    return { ok: false, code };
  };
  for (let i = 0; i < count; i++) {
    if (signal?.aborted) return giveUp('cancelled');
    onProgress({ phase: 'send', done: i, total: count });
    let page: PageBlob | null;
    try {
      page = await makePage(i);
    } catch {
      page = null;
    }
    if (!page) return giveUp('unreadable');
    if (page.blob.size > LIMITS.pageBytes) return giveUp('slides_image_too_large');
    const sent = await api.page(created.id, i, page);
    if (!sent.ok) return giveUp(sent.code);
  }
  onProgress({ phase: 'done', done: count, total: count });
  return { ok: true, deckId: created.id };
}
