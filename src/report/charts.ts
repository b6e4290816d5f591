/**
 * Inline SVG charts for the report: pure functions from numbers to markup, no scripts, no fonts
 * to fetch.
 */
import { collisionProbability } from '../sketch/lsh.js';
import { thousands } from '../text/thousands.js';

const W = 520;
const H = 220;
const PAD = { left: 44, right: 12, top: 12, bottom: 34 };
const plotW = W - PAD.left - PAD.right;
const plotH = H - PAD.top - PAD.bottom;

function axes(
  xLabel: string,
  yLabel: string,
  xTicks: [number, string][],
  yTicks: [number, string][],
): string {
  const x0 = PAD.left;
  const y0 = PAD.top + plotH;
  let s = `<line x1="${x0}" y1="${y0}" x2="${x0 + plotW}" y2="${y0}" class="axis"/><line x1="${x0}" y1="${PAD.top}" x2="${x0}" y2="${y0}" class="axis"/>`;
  for (const [f, label] of xTicks)
    s += `<text x="${x0 + f * plotW}" y="${y0 + 16}" text-anchor="middle">${label}</text>`;
  for (const [f, label] of yTicks)
    s += `<text x="${x0 - 6}" y="${y0 - f * plotH + 4}" text-anchor="end">${label}</text>`;
  s += `<text x="${x0 + plotW / 2}" y="${H - 4}" text-anchor="middle" class="label">${xLabel}</text>`;
  s += `<text x="12" y="${PAD.top + plotH / 2}" transform="rotate(-90 12 ${PAD.top + plotH / 2})" text-anchor="middle" class="label">${yLabel}</text>`;
  return s;
}

/**
 * The banding S-curve P(s) = 1 − (1 − s^r)^b with the threshold marked.
 * @example sCurveSvg(40, 3, 0.5)
 */
export function sCurveSvg(bands: number, rows: number, threshold: number): string {
  const pts: string[] = [];
  for (let k = 0; k <= 100; k++) {
    const s = k / 100;
    pts.push(
      `${(PAD.left + s * plotW).toFixed(1)},${(PAD.top + plotH - collisionProbability(s, bands, rows) * plotH).toFixed(1)}`,
    );
  }
  const tx = PAD.left + threshold * plotW;
  const ticks: [number, string][] = [0, 0.25, 0.5, 0.75, 1].map((f) => [f, String(f)]);
  return (
    `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="LSH S-curve" class="chart" data-chart="s-curve">` +
    axes('Jaccard similarity s', 'P(candidate)', ticks, ticks) +
    `<polyline points="${pts.join(' ')}" class="curve"/>` +
    `<line x1="${tx}" y1="${PAD.top}" x2="${tx}" y2="${PAD.top + plotH}" class="threshold"/>` +
    `<text x="${tx + 4}" y="${PAD.top + 12}" class="threshold-label">threshold ${threshold}</text>` +
    `<text x="${PAD.left + plotW - 4}" y="${PAD.top + plotH - 8}" text-anchor="end">${bands} bands × ${rows} rows</text>` +
    '</svg>'
  );
}

/**
 * A bar chart of counts per labelled bin.
 * @example histogramSvg([['2', 10], ['3', 4]], 'cluster size', 'clusters')
 */
export function histogramSvg(
  bins: readonly [string, number][],
  xLabel: string,
  yLabel: string,
  name: string,
): string {
  const max = Math.max(1, ...bins.map(([, n]) => n));
  const bw = plotW / Math.max(1, bins.length);
  let bars = '';
  bins.forEach(([label, n], k) => {
    const h = (n / max) * plotH;
    const x = PAD.left + k * bw;
    bars += `<rect x="${(x + 1).toFixed(1)}" y="${(PAD.top + plotH - h).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${h.toFixed(1)}" class="bar"><title>${label}: ${thousands(n)}</title></rect>`;
    if (bins.length <= 12 || k % Math.ceil(bins.length / 10) === 0) {
      bars += `<text x="${(x + bw / 2).toFixed(1)}" y="${PAD.top + plotH + 16}" text-anchor="middle">${label}</text>`;
    }
  });
  const yTicks: [number, string][] = [
    [0, '0'],
    [0.5, thousands(Math.round(max / 2))],
    [1, thousands(max)],
  ];
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${name}" class="chart" data-chart="${name}">${axes(xLabel, yLabel, [], yTicks)}${bars}</svg>`;
}
