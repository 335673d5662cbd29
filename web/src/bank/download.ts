// Saving a file the page made (a CSV, a JSON export) through the browser's own download, so it
// goes where the person keeps downloads and nothing else sees it.

/** Starts a download of `blob` as `filename`. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own copy once it started
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

export function saveText(text: string, filename: string, type: string): void {
  saveBlob(new Blob([text], { type }), filename);
}

/** `tsunagu-<what>-YYYY-MM-DD.<ext>` for today. */
export function datedName(what: string, ext: string, date: string): string {
  return `tsunagu-${what}-${date}.${ext}`;
}
