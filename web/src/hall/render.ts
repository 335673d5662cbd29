// Turns what a presenter chose into page images for upload.ts (docs/voice.md, "Uploading
// slides"): each page of a PDF rendered with pdf.js (pdfjs-dist, loaded only when a PDF is
// chosen) to a JPEG, and images the server would refuse for their size made smaller. pdf.js runs
// with PDF code evaluation off, in its own worker (a same-origin file, as the CSP wants); its
// CMaps, standard fonts and decoders are copied to /pdfjs/ by vite.config.ts. Browser-only.

import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { LIMITS, type PageBlob, type PageType } from './upload';

/** The longest side of a rendered PDF page (a 16:9 slide becomes 1920 × 1080). */
const PDF_SIDE = 1920;
/** The longest side the server takes (world/slide_image.h). */
const MAX_SIDE = 4096;

export interface PdfPages {
  count: number;
  page(index: number): Promise<PageBlob>;
  close(): void;
}

function toBlob(canvas: HTMLCanvasElement, quality: number): Promise<Blob> {
  return new Promise((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error('toBlob'))), 'image/jpeg', quality));
}

/** A JPEG of the canvas under the page limit: lower quality first, then a smaller picture. */
async function jpegUnderLimit(canvas: HTMLCanvasElement): Promise<PageBlob> {
  let source = canvas;
  for (let attempt = 0; attempt < 6; attempt++) {
    for (const quality of [0.88, 0.75, 0.6]) {
      const blob = await toBlob(source, quality);
      if (blob.size <= LIMITS.pageBytes) return { blob, type: 'image/jpeg' };
    }
    const smaller = document.createElement('canvas');
    smaller.width = Math.max(1, Math.round(source.width * 0.75));
    smaller.height = Math.max(1, Math.round(source.height * 0.75));
    smaller.getContext('2d')?.drawImage(source, 0, 0, smaller.width, smaller.height);
    source = smaller;
  }
  throw new Error('page too large');
}

/** Opens a PDF; its pages are rendered one at a time, when asked for. */
export async function openPdf(file: Blob): Promise<PdfPages> {
  const pdfjs = await import('pdfjs-dist');
  pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
  const base = new URL('pdfjs/', document.baseURI).href;
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(await file.arrayBuffer()),
    isEvalSupported: false,
    enableXfa: false,
    cMapUrl: `${base}cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${base}standard_fonts/`,
    wasmUrl: `${base}wasm/`,
    iccUrl: `${base}iccs/`,
  }).promise;
  return {
    count: doc.numPages,
    async page(index: number): Promise<PageBlob> {
      const page = await doc.getPage(index + 1);
      try {
        const unit = page.getViewport({ scale: 1 });
        const scale = Math.min(PDF_SIDE / unit.width, PDF_SIDE / unit.height, 4);
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.max(1, Math.floor(viewport.width));
        canvas.height = Math.max(1, Math.floor(viewport.height));
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d canvas');
        ctx.fillStyle = '#ffffff'; // JPEG has no transparency: pages are white paper
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        await page.render({ canvas, canvasContext: ctx, viewport }).promise;
        return await jpegUnderLimit(canvas);
      } finally {
        page.cleanup();
      }
    },
    close() {
      void doc.destroy();
    },
  };
}

/**
 * An image page as it will be sent: the file itself when the server will take it (small
 * enough, sides within 4096 pixels), else drawn again as a smaller JPEG.
 */
export async function imagePage(file: Blob, type: PageType): Promise<PageBlob> {
  const bitmap = await createImageBitmap(file);
  try {
    if (file.size <= LIMITS.pageBytes && bitmap.width <= MAX_SIDE && bitmap.height <= MAX_SIDE) return { blob: file, type };
    const scale = Math.min(1, MAX_SIDE / bitmap.width, MAX_SIDE / bitmap.height);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.floor(bitmap.width * scale));
    canvas.height = Math.max(1, Math.floor(bitmap.height * scale));
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    return await jpegUnderLimit(canvas);
  } finally {
    bitmap.close();
  }
}
