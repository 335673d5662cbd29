// The project's own small SVG icons, built element by element (no innerHTML). UI icons are
// line drawings in the current text colour; emote icons are filled and coloured.

import type { Emote } from '../net/messages';

const NS = 'http://www.w3.org/2000/svg';

type Shape =
  | ['path', string]
  | ['circle', number, number, number]
  | ['rect', number, number, number, number, number, string?];

interface Style {
  fill?: string;
  stroke?: string;
  width?: number;
}

/**
 * A line icon from path data in the current text colour: the shared builder behind each
 * feature's own small icon set (bank, hall, lounge).
 */
export function strokeIcon(paths: readonly string[], width = 2): SVGSVGElement {
  return svg(paths.map((d): [Shape, Style?] => [['path', d]]), { fill: 'none', stroke: 'currentColor', width });
}

function svg(shapes: Array<[Shape, Style?]>, base: Style): SVGSVGElement {
  const el = document.createElementNS(NS, 'svg');
  el.setAttribute('viewBox', '0 0 24 24');
  el.setAttribute('aria-hidden', 'true');
  el.setAttribute('focusable', 'false');
  el.classList.add('icon');
  for (const [shape, style] of shapes) {
    const s = { ...base, ...style };
    let node: SVGElement;
    if (shape[0] === 'path') {
      node = document.createElementNS(NS, 'path');
      node.setAttribute('d', shape[1]);
    } else if (shape[0] === 'circle') {
      node = document.createElementNS(NS, 'circle');
      node.setAttribute('cx', String(shape[1]));
      node.setAttribute('cy', String(shape[2]));
      node.setAttribute('r', String(shape[3]));
    } else {
      node = document.createElementNS(NS, 'rect');
      node.setAttribute('x', String(shape[1]));
      node.setAttribute('y', String(shape[2]));
      node.setAttribute('width', String(shape[3]));
      node.setAttribute('height', String(shape[4]));
      node.setAttribute('rx', String(shape[5]));
      if (shape[6]) node.setAttribute('transform', shape[6]);
    }
    node.setAttribute('fill', s.fill ?? 'none');
    if (s.stroke) {
      node.setAttribute('stroke', s.stroke);
      node.setAttribute('stroke-width', String(s.width ?? 2));
      node.setAttribute('stroke-linecap', 'round');
      node.setAttribute('stroke-linejoin', 'round');
    }
    el.append(node);
  }
  return el;
}

const line: Style = { stroke: 'currentColor', width: 2 };

const UI: Record<string, Array<[Shape, Style?]>> = {
  people: [
    [['circle', 9, 8, 3.2]],
    [['path', 'M3 20c0-3.3 2.7-6 6-6s6 2.7 6 6']],
    [['circle', 17, 9, 2.5]],
    [['path', 'M16.5 14.2c2.6.3 4.5 2.7 4.5 5.8']],
  ],
  chat: [[['path', 'M5 5h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-9l-5 4V7a2 2 0 0 1 2-2z']]],
  spaces: [[['path', 'M9 4 3 6v14l6-2 6 2 6-2V4l-6 2-6-2zM9 4v14M15 6v14']]],
  help: [
    [['circle', 12, 12, 9]],
    [['path', 'M9.6 9.2a2.5 2.5 0 1 1 3.5 2.3c-.7.3-1.1.9-1.1 1.6v.6']],
    [['circle', 12, 17, 0.6], { fill: 'currentColor' }],
  ],
  leave: [[['path', 'M14 4H6v16h8M10 12h10M17 9l3 3-3 3']]],
  globe: [
    [['circle', 12, 12, 9]],
    [['path', 'M3 12h18M12 3c2.4 2.6 3.6 5.6 3.6 9s-1.2 6.4-3.6 9c-2.4-2.6-3.6-5.6-3.6-9S9.6 5.6 12 3z']],
  ],
  send: [[['path', 'M4 12 20 4l-6 16-3-7-7-1z']]],
  close: [[['path', 'M6 6l12 12M18 6 6 18']]],
  smile: [
    [['circle', 12, 12, 9]],
    [['path', 'M8 14c1 1.4 2.3 2 4 2s3-.6 4-2']],
    [['circle', 9, 10, 0.8], { fill: 'currentColor' }],
    [['circle', 15, 10, 0.8], { fill: 'currentColor' }],
  ],
  file: [[['path', 'M6 3h8l4 4v14H6zM14 3v4h4M9 13h6M9 17h6']]],
  check: [[['path', 'M5 12.5l4.5 4.5L19 7']]],
  user: [[['circle', 12, 8, 4]], [['path', 'M4 21c0-4.4 3.6-7.5 8-7.5s8 3.1 8 7.5']]],
  shield: [[['path', 'M12 3l7.5 3v5.5c0 4.6-3.1 8.4-7.5 9.9-4.4-1.5-7.5-5.3-7.5-9.9V6z']], [['path', 'M8.8 12.2l2.2 2.2 4.3-4.5']]],
  flag: [[['path', 'M5.5 21V4M5.5 4.5h12l-2.6 4.2 2.6 4.3h-12']]],
  mute: [[['path', 'M5 5h14a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-9l-5 4V7a2 2 0 0 1 2-2z']], [['path', 'M3.5 3.5l17 17']]],
  block: [[['circle', 12, 12, 9]], [['path', 'M5.7 5.7l12.6 12.6']]],
  star: [[['path', 'M12 3.5l2.6 5.3 5.9.9-4.3 4.1 1 5.8L12 16.9l-5.2 2.7 1-5.8-4.3-4.1 5.9-.9z']]],
  leaf: [[['path', 'M12 10.5 5 4.5v9.2l7 6.8 7-6.8V4.5z']], [['path', 'M12 10.5v10']]],
  key: [[['circle', 8, 15, 4]], [['path', 'M10.8 12.2 20 3M16.5 6.5l2.5 2.5M14 9l2 2']]],
  list: [[['path', 'M9 6h11M9 12h11M9 18h11']], [['circle', 4.5, 6, 0.9], { fill: 'currentColor' }], [['circle', 4.5, 12, 0.9], { fill: 'currentColor' }], [['circle', 4.5, 18, 0.9], { fill: 'currentColor' }]],
  // voice (web/src/voice)
  mic: [[['rect', 9, 3, 6, 11, 3]], [['path', 'M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M8.5 21h7']]],
  micOff: [[['rect', 9, 3, 6, 11, 3]], [['path', 'M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21M8.5 21h7']], [['path', 'M4 4l16 16']]],
  volume: [[['path', 'M4 9.5h3.5L12 5.5v13l-4.5-4H4z']], [['path', 'M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11']]],
};

const EMOTE: Record<Emote, Array<[Shape, Style?]>> = {
  wave: [
    [['rect', 6.8, 10.5, 11.4, 10.5, 4.8], { fill: '#f6c177' }],
    [['rect', 6.8, 4.2, 2.7, 10, 1.35], { fill: '#f6c177' }],
    [['rect', 9.9, 2.6, 2.7, 11, 1.35], { fill: '#f6c177' }],
    [['rect', 13, 3.6, 2.7, 10, 1.35], { fill: '#f6c177' }],
    [['rect', 15.6, 6.6, 2.6, 8, 1.3], { fill: '#f6c177' }],
    [['rect', 3.2, 11.5, 2.7, 7, 1.35, 'rotate(-38 4.5 15)'], { fill: '#f6c177' }],
    [['path', 'M20 3.5c1.3.9 2.1 2.2 2.3 3.7M19.2 6.2c.6.4 1 1 1.1 1.7'], { stroke: '#d98c3a', width: 1.4 }],
  ],
  clap: [
    [['rect', 5, 6, 6, 13, 3, 'rotate(-18 8 12.5)'], { fill: '#f2b880' }],
    [['rect', 11.5, 6, 6, 13, 3, 'rotate(18 14.5 12.5)'], { fill: '#f7cf9e' }],
    [['path', 'M12 1.8v2.4M7.4 3.2l1.2 1.9M16.6 3.2l-1.2 1.9'], { stroke: '#e09a4f', width: 1.5 }],
  ],
  heart: [
    [
      ['path', 'M12 21s-7.5-4.6-9.3-9.2C1.4 8.4 3.6 5 7 5c2 0 3.4 1.1 5 3 1.6-1.9 3-3 5-3 3.4 0 5.6 3.4 4.3 6.8C19.5 16.4 12 21 12 21z'],
      { fill: '#e86a7a' },
    ],
    [['path', 'M6.5 8.5c.6-.9 1.4-1.3 2.3-1.3'], { stroke: '#fbd0d6', width: 1.4 }],
  ],
  laugh: [
    [['circle', 12, 12, 9.5], { fill: '#ffd166' }],
    [['path', 'M7.4 10.4q1.6-2 3.2 0M13.4 10.4q1.6-2 3.2 0'], { stroke: '#6b4a2b', width: 1.5 }],
    [['path', 'M7.5 13.2h9a4.5 4.5 0 0 1-9 0z'], { fill: '#7a4a35' }],
    [['path', 'M9.6 16.2a3.2 2 0 0 0 4.8 0'], { fill: '#e86a7a' }],
  ],
  thanks: [
    [['circle', 12, 6.6, 3.4], { fill: '#f7a1b5' }],
    [['circle', 17.1, 10.3, 3.4], { fill: '#f7a1b5' }],
    [['circle', 15.2, 16.4, 3.4], { fill: '#f7a1b5' }],
    [['circle', 8.8, 16.4, 3.4], { fill: '#f7a1b5' }],
    [['circle', 6.9, 10.3, 3.4], { fill: '#f7a1b5' }],
    [['circle', 12, 12, 3], { fill: '#ffd166' }],
  ],
  question: [
    [['circle', 12, 12, 9.5], { fill: '#7aa7c7' }],
    [['path', 'M9.3 9.4a2.8 2.8 0 1 1 4 2.5c-.8.4-1.3 1.1-1.3 2v.6'], { stroke: '#ffffff', width: 2.2 }],
    [['circle', 12, 17.4, 1.2], { fill: '#ffffff' }],
  ],
};

export type UiIcon = keyof typeof UI;

export function uiIcon(name: UiIcon): SVGSVGElement {
  return svg(UI[name] ?? [], line);
}

export function emoteIcon(emote: Emote): SVGSVGElement {
  const el = svg(EMOTE[emote], {});
  el.classList.add('emote-icon');
  return el;
}
