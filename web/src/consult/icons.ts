// Line icons of consultations (same look as ui/icons.ts: 24×24, current text colour).

import { strokeIcon } from '../ui/icons';

const PATHS = {
  /** A speech bubble with a cross: "ask a specialist". */
  ask: ['M4 5h16v11H9l-5 4z', 'M12 7.5v6M9 10.5h6'],
  /** A clipboard with a pulse: on duty. */
  duty: ['M8 4h8v3H8z', 'M6 5.5H5v15h14v-15h-1', 'M7 14h2.5l1.5-3 2 5 1.5-2H17'],
  /** An eye: observing. */
  eye: ['M2 12s3.5-6 10-6 10 6 10 6-3.5 6-10 6S2 12 2 12z', 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z'],
  bell: ['M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15z', 'M10 20.5a2 2 0 0 0 4 0'],
  door: ['M5 21V4h10v17', 'M15 7h4v14', 'M11.5 12.5v1', 'M3 21h18'],
  note: ['M6 3h9l4 4v14H6z', 'M14 3v5h5', 'M9 12h7M9 15.5h7M9 19h4'],
  download: ['M12 4v11', 'M7 10l5 5 5-5', 'M5 20h14'],
  clock: ['M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M12 7v5l3 2'],
  lock: ['M6 11h12v10H6z', 'M8.5 11V8a3.5 3.5 0 0 1 7 0v3'],
  chevron: ['M6 9l6 6 6-6'],
} as const;

export type ConsultIcon = keyof typeof PATHS;

export function consultIcon(name: ConsultIcon): SVGSVGElement {
  return strokeIcon(PATHS[name], 2);
}
