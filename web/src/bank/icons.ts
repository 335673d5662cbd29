// The bank's own line icons (same look as ui/icons.ts: 24×24, current text colour), built
// element by element.

import { strokeIcon } from '../ui/icons';

const PATHS = {
  plus: ['M12 5v14M5 12h14'],
  prev: ['M15 5l-7 7 7 7'],
  next: ['M9 5l7 7-7 7'],
  /** A notebook with a pulse line: the diary and the bank. */
  diary: ['M6 3h11a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2H6z', 'M6 3v18', 'M9 12h2l1.5-3 2 6 1.5-3h1'],
  chart: ['M4 20h16', 'M7 20v-6', 'M12 20V8', 'M17 20v-9'],
  print: ['M7 9V3h10v6', 'M7 17H4v-7h16v7h-3', 'M7 14h10v7H7z'],
  download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
  alert: ['M12 3 2.5 20h19z', 'M12 10v4.5', 'M12 17.5v.5'],
  doctor: ['M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8z', 'M4 21c0-4 3.5-7 8-7s8 3 8 7', 'M12 15v4M10 17h4'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
} as const;

export type BankIcon = keyof typeof PATHS;

export function bankIcon(name: BankIcon): SVGSVGElement {
  return strokeIcon(PATHS[name], 2);
}
