// The lounge's own line icons (same look as ui/icons.ts: 24×24, current text colour).

import { strokeIcon } from '../ui/icons';

const PATHS = {
  /** A sofa: the doctors' lounge. */
  sofa: ['M4 11V8a2 2 0 0 1 2-2h12a2 2 0 0 1 2 2v3', 'M3 11a2 2 0 0 1 2 2v2h14v-2a2 2 0 1 1 2 2v3H3v-3a2 2 0 0 1 0-4z', 'M6 18v2M18 18v2'],
  lock: ['M6 11h12v9H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3', 'M12 15v2'],
  /** A pinned note: the case board. */
  board: ['M4 4h16v12H4z', 'M8 20l4-4 4 4', 'M8 8h8M8 12h5'],
  mask: ['M4 8c3-2 13-2 16 0-1 6-4 9-8 9s-7-3-8-9z', 'M8 11.5h2M14 11.5h2'],
  back: ['M15 5l-7 7 7 7'],
  alert: ['M12 3 2.5 20h19z', 'M12 10v4.5', 'M12 17.5v.5'],
  trash: ['M4 7h16', 'M9 7V4h6v3', 'M6 7l1 13h10l1-13'],
  plus: ['M12 5v14M5 12h14'],
} as const;

export type LoungeIcon = keyof typeof PATHS;

export function loungeIcon(name: LoungeIcon): SVGSVGElement {
  return strokeIcon(PATHS[name], 2);
}
