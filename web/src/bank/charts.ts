// Small SVG bar charts drawn by hand (no chart library): one bar per month with its number on
// top, an optional dashed line for a threshold worth knowing (15 headache days, 10 medication
// days). Scales with its box, prints sharply, and carries a text summary for screen readers.

const NS = 'http://www.w3.org/2000/svg';

export interface BarChartSpec {
  /** The chart's name (also its accessible name). */
  title: string;
  labels: readonly string[];
  values: readonly number[];
  /** Bar colour (CSS). */
  color: string;
  /** What each value means, for the accessible summary: "{label}: {value}". */
  describe(label: string, value: number): string;
  threshold?: { value: number; label: string };
  testid?: string;
}

/** A top for the axis that is round and leaves room above the tallest bar and the threshold. */
export function niceMax(values: readonly number[], threshold?: number): number {
  const top = Math.max(4, ...values, (threshold ?? 0) + 1);
  if (top <= 5) return 5;
  if (top <= 10) return 10;
  if (top <= 20) return Math.ceil(top / 5) * 5;
  return Math.ceil(top / 10) * 10;
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function barChart(spec: BarChartSpec): SVGSVGElement {
  const W = 320;
  const H = 170;
  const left = 26;
  const right = 8;
  const top = 16;
  const bottom = 26;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const max = niceMax(spec.values, spec.threshold?.value);
  const y = (v: number) => top + plotH - (v / max) * plotH;

  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'bar-chart', preserveAspectRatio: 'xMidYMid meet' });
  if (spec.testid) svg.setAttribute('data-testid', spec.testid);
  const summary = spec.labels.map((l, i) => spec.describe(l, spec.values[i] ?? 0)).join(', ');
  svg.setAttribute('aria-label', `${spec.title}: ${summary}`);
  svg.append(el('title', {}, `${spec.title}: ${summary}`));

  // grid lines and their numbers
  const step = max <= 20 ? 5 : 10;
  for (let v = 0; v <= max; v += step) {
    svg.append(el('line', { x1: left, x2: W - right, y1: y(v), y2: y(v), class: 'chart-grid' }));
    svg.append(el('text', { x: left - 5, y: y(v) + 4, 'text-anchor': 'end', class: 'chart-axis' }, String(Math.round(v))));
  }

  const n = Math.max(1, spec.values.length);
  const slot = plotW / n;
  const barW = Math.min(34, slot * 0.62);
  spec.values.forEach((v, i) => {
    const cx = left + slot * (i + 0.5);
    const yTop = y(v);
    const bar = el('rect', { x: cx - barW / 2, y: v > 0 ? yTop : y(0) - 1.5, width: barW, height: v > 0 ? y(0) - yTop : 1.5, rx: 4, fill: spec.color, class: 'chart-bar' });
    bar.setAttribute('data-value', String(v));
    svg.append(bar);
    svg.append(el('text', { x: cx, y: (v > 0 ? yTop : y(0)) - 4, 'text-anchor': 'middle', class: 'chart-value' }, String(v)));
    svg.append(el('text', { x: cx, y: H - 8, 'text-anchor': 'middle', class: 'chart-label' }, spec.labels[i] ?? ''));
  });

  if (spec.threshold) {
    const ty = y(spec.threshold.value);
    svg.append(el('line', { x1: left, x2: W - right, y1: ty, y2: ty, class: 'chart-threshold' }));
    // at the left, where the oldest months are, so it rarely meets this month's number
    svg.append(el('text', { x: left + 3, y: ty - 4, 'text-anchor': 'start', class: 'chart-threshold-label' }, spec.threshold.label));
  }
  return svg;
}
