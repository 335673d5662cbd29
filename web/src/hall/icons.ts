// The lecture hall's line icons (same look as ui/icons.ts: 24×24, current text colour) and the
// raised-hand tag drawn above an avatar's name.

import { strokeIcon } from '../ui/icons';

import { t } from '../i18n';

const PATHS = {
  /** An open hand, palm forward. */
  hand: [
    'M8 13V6.5a1.5 1.5 0 0 1 3 0V12',
    'M11 11V4.5a1.5 1.5 0 0 1 3 0V11',
    'M14 11V5.5a1.5 1.5 0 0 1 3 0V13',
    'M17 12.5V9a1.5 1.5 0 0 1 3 0v5.5c0 4-2.7 7-6.8 7-3 0-4.6-1.5-6-3.6L4.6 14a1.5 1.5 0 0 1 2.5-1.7L8 13.6',
  ],
  /** A stage with a person on it. */
  stage: ['M3 17h18v3H3z', 'M12 4.5a2 2 0 1 1 0 4 2 2 0 0 1 0-4z', 'M8.5 17v-3.5a3.5 3.5 0 0 1 7 0V17'],
  /** A screen on a stand: slides. */
  slides: ['M3 4h18v11H3z', 'M12 15v5M8 20h8', 'M7 8h6M7 11h9'],
  expand: ['M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5'],
  /** A screen with an arrow going out of it: share one's screen. */
  share: ['M3 4h18v12H3z', 'M8 20h8M12 16v4', 'M9 11l3-3 3 3M12 8v5'],
  /** An arrow up out of a tray: upload. */
  upload: ['M12 15V4M7 9l5-5 5 5', 'M4 15v5h16v-5'],
  prev: ['M15 5l-7 7 7 7'],
  next: ['M9 5l7 7-7 7'],
  down: ['M12 4v13M6 12l6 6 6-6'],
  close: ['M6 6l12 12M18 6 6 18'],
  chevron: ['M6 9l6 6 6-6'],
} as const;

export type HallIcon = keyof typeof PATHS;

export function hallIcon(name: HallIcon): SVGSVGElement {
  return strokeIcon(PATHS[name], 1.8);
}

/** The raised-hand sign above a name tag (labelled for screen readers). */
export function handTag(): HTMLElement {
  const el = document.createElement('div');
  el.className = 'tag-hand';
  el.setAttribute('role', 'img');
  el.setAttribute('aria-label', t('hall.hand.tag'));
  el.append(hallIcon('hand'));
  return el;
}
