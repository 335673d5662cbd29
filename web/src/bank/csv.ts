// The diary as CSV, made in the browser for a guest, in the same form as a member's GET
// /api/diary.csv (server/src/bank/diary.cc): the same columns, yes/no as 1/0 (empty when
// unknown), medications as class:effect;…  UTF-8 with a byte-order mark and CRLF line ends, so
// Excel opens the Japanese text correctly; fields quoted when needed (RFC 4180); a note that
// starts like a formula (= + - @, tab, CR) gets a leading apostrophe so a spreadsheet shows it
// as text.

import { type DiaryEntry, sortEntries } from './types';

export const CSV_COLUMNS = [
  'id',
  'date',
  'start',
  'duration_min',
  'intensity',
  'side',
  'character',
  'worse_with_activity',
  'nausea',
  'vomiting',
  'photophobia',
  'phonophobia',
  'aura',
  'medications',
  'triggers',
  'missed',
  'note',
] as const;

export const BOM = '\uFEFF';

/** One CSV cell: booleans as 1/0, null as empty. */
export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = typeof v === 'boolean' ? (v ? '1' : '0') : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Free text: a leading = + - @ tab or CR would make a spreadsheet run it as a formula. */
export function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function row(e: DiaryEntry): string {
  const cells: Array<string | number | boolean | null> = [
    e.id ?? null,
    e.date,
    e.start,
    e.duration_min,
    e.intensity,
    e.side,
    e.character,
    e.worse_with_activity,
    e.nausea,
    e.vomiting,
    e.photophobia,
    e.phonophobia,
    e.aura,
    e.medications.map((m) => (m.effect ? `${m.class}:${m.effect}` : m.class)).join(';'),
    e.triggers.join(';'),
    e.missed.join(';'),
    formulaSafe(e.note),
  ];
  return cells.map(csvCell).join(',');
}

/** The whole diary, oldest first, with a header line. */
export function diaryCsv(entries: readonly DiaryEntry[]): string {
  const lines = [CSV_COLUMNS.join(','), ...sortEntries(entries).reverse().map(row)];
  return `${BOM}${lines.join('\r\n')}\r\n`;
}
