/**
 * The self-contained HTML report: one file, no network — inline CSS, inline SVG charts, the
 * embedded clusters as JSON, and a little inline script for search and paging.
 */
import { histogramSvg, sCurveSvg } from './charts.js';
import type { ReportData } from './report-data.js';
import { thousands } from '../text/thousands.js';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON safe inside a <script> element. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const STYLE = `
body{font:14px/1.5 system-ui,-apple-system,"Noto Sans CJK SC","PingFang SC",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#b9c0cf}
main{padding:16px 24px;max-width:1200px}section{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:12px 16px;margin-bottom:16px}
h2{font-size:16px;margin:0 0 8px}table.kv{border-collapse:collapse}table.kv td{padding:2px 12px 2px 0}table.kv td:first-child{color:#5b6475}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:420px;max-width:100%;background:#fff}
.chart text{font-size:11px;fill:#5b6475}.chart .label{font-size:12px;fill:#1d2330}.axis{stroke:#9aa3b2}.curve{fill:none;stroke:#2f6fde;stroke-width:2}
.threshold{stroke:#d9480f;stroke-dasharray:4 3}.threshold-label{fill:#d9480f}.bar{fill:#2f6fde}
#search{width:320px;padding:6px 8px;font-size:14px;border:1px solid #b8c0cc;border-radius:4px}
.cluster{border-top:1px solid #e6e9ef;padding:8px 0}.cluster .head{color:#5b6475;font-size:12px}
.canon{font-weight:600}.member{margin-left:16px}.possible{opacity:.8;border-left:3px dashed #c9a227;padding-left:6px}.sim{display:inline-block;width:52px;color:#5b6475;font-variant-numeric:tabular-nums}
.rule{font-size:11px;padding:0 6px;border-radius:8px;background:#eef1f6;color:#3c4658;margin-left:6px}
.text{white-space:pre-wrap}.meta{color:#5b6475;font-size:12px;margin-left:6px}.why{color:#5b6475;font-size:11px;margin-left:6px}
del{background:#ffe3e3;color:#a61e1e;text-decoration:line-through}ins{background:#d3f9d8;color:#1b6f2a;text-decoration:none}
.body{margin:2px 0 4px 52px;font-size:12px;color:#3c4658}.pager{margin:8px 0}.pager button{margin-right:6px}.note{color:#5b6475;font-size:12px}
`;

const SCRIPT = `
const data = JSON.parse(document.getElementById('clusters-data').textContent);
const PAGE = 50; let page = 0; let shown = data;
const esc = (s) => s.replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'})[c]);
function diffHtml(diff) {
  return diff.map((d) => d.kind === 'equal' ? esc(d.a)
    : (d.a ? '<del>' + esc(d.a) + '</del>' : '') + (d.b ? '<ins>' + esc(d.b) + '</ins>' : '')).join('');
}
function piecesHtml(pieces) {
  return pieces.map((p) => p.kind === 'equal' ? esc(p.text) : p.kind === 'delete' ? '<del>' + esc(p.text) + '</del>' : '<ins>' + esc(p.text) + '</ins>').join('');
}
const signed = (x) => (x >= 0 ? '+' : '\u2212') + Math.abs(x).toFixed(2);
function evidenceHtml(e) {
  if (e.kind === 'rule') return '<span class="rule" title="' + esc(e.why) + '">rule: ' + esc(e.rule) + '</span><span class="why">' + esc(e.why) + '</span>';
  return '<span class="rule" title="the learned decision: probability against its cut-off">model p=' + e.probability.toFixed(2) + (e.probability >= e.cutoff ? ' \u2265 ' : ' < ') + e.cutoff.toFixed(2) + '</span>' +
    (e.veto ? '<span class="rule" title="' + esc(e.veto.about) + '">vetoed: ' + esc(e.veto.name) + '</span>' : '') +
    '<span class="why">' + e.features.map((f) => '<span title="' + esc(f.about) + '">' + esc(f.name) + ' ' + signed(f.contribution) + '</span>').join(' · ') + '</span>';
}
const meta = (item) => ' <span class="meta">' + (item.date ? '<time>' + esc(item.date) + '</time> · ' : '') + esc(item.id) + '</span>';
function render() {
  const list = document.getElementById('clusters');
  const from = page * PAGE;
  list.innerHTML = shown.slice(from, from + PAGE).map((c) =>
    '<div class="cluster" data-cluster="' + c.cluster + '"><div class="head">cluster ' + c.cluster + ' · ' + c.size + ' items · kept by rule "' + esc(c.reason) + '"</div>' +
    '<div class="canon"><span class="sim">kept</span><span class="text">' + esc(c.canonical.text) + '</span>' + meta(c.canonical) + '</div>' +
    c.members.map((m) => '<div class="member"><span class="sim">' + m.similarity.toFixed(2) + '</span><span class="text">' + piecesHtml(m.pieces) + '</span>' +
      meta(m) + ' ' + evidenceHtml(m.evidence) +
      (m.bodyDiff ? '<div class="body"><span class="note">body (first 240 characters):</span> ' + diffHtml(m.bodyDiff) + '</div>' : '') + '</div>').join('') +
    (c.possible.length ? '<div class="note">possible duplicates (kept, for you to review):</div>' + c.possible.map((m) => '<div class="member possible"><span class="sim">' + m.similarity.toFixed(2) + '</span><span class="text">' + piecesHtml(m.pieces) + '</span>' +
      meta(m) + ' ' + evidenceHtml(m.evidence) + '</div>').join('') : '') +
    '</div>').join('') || '<p class="note">No cluster matches.</p>';
  const pages = Math.max(1, Math.ceil(shown.length / PAGE));
  document.getElementById('page-info').textContent = 'page ' + (page + 1) + ' of ' + pages + ' · ' + shown.length + ' clusters';
  document.getElementById('prev').disabled = page === 0;
  document.getElementById('next').disabled = page >= pages - 1;
}
document.getElementById('search').addEventListener('input', (e) => {
  const q = e.target.value.trim().toLowerCase();
  shown = q ? data.filter((c) => [c.canonical, ...c.members, ...c.possible].some((m) => m.text.toLowerCase().includes(q) || m.id.toLowerCase().includes(q))) : data;
  page = 0; render();
});
document.getElementById('prev').addEventListener('click', () => { page--; render(); });
document.getElementById('next').addEventListener('click', () => { page++; render(); });
render();
`;

/**
 * The report page.
 * @example writeFileSync('report.html', reportHtml(buildReportData(...)))
 */
export function reportHtml(d: ReportData): string {
  const legendHtml = (r: ReportData) =>
    r.legend.length === 0
      ? ''
      : `<details><summary>The learned decision's features (the evidence named under each variant)</summary><table class="kv">${r.legend
          .map(
            (f) =>
              `<tr><td>${escapeHtml(f.name)}</td><td>${escapeHtml(f.about)}</td><td>${f.weight >= 0 ? '+' : '−'}${Math.abs(f.weight).toFixed(3)}</td></tr>`,
          )
          .join(
            '',
          )}</table><p class="note">A pair is removed when its probability reaches the cut-off; from the possible-duplicate cut-off up to it, the pair is kept and shown under its cluster for review. Weights are per unit of each feature, toward a duplicate when positive.</p></details>`;
  const kv = (o: Record<string, unknown>) =>
    `<table class="kv">${Object.entries(o)
      .map(
        ([k, v]) =>
          `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(typeof v === 'number' ? thousands(v) : String(v))}</td></tr>`,
      )
      .join('')}</table>`;
  const capped =
    d.clusters.length < d.totalClusters
      ? `<p class="note">This page embeds the ${thousands(d.clusters.length)} largest of ${thousands(d.totalClusters)} clusters (raise the cap with --report-clusters); the charts count all of them. The --clusters file has every cluster.</p>`
      : `<p class="note">All ${thousands(d.totalClusters)} clusters, largest first.</p>`;
  return `<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(d.title)}</title><style>${STYLE}</style></head>
<body><header><h1>neardup report</h1><p>${escapeHtml(d.input)} · generated ${escapeHtml(d.generated)}</p></header>
<main>
<section><h2>Summary</h2>${kv(d.summary)}</section>
<section><h2>Options</h2>${kv(d.options)}${legendHtml(d)}</section>
<section><h2>Charts</h2><div class="charts">
${sCurveSvg(d.bands, d.rows, d.threshold)}
${histogramSvg(d.sizeBins, 'cluster size', 'clusters', 'cluster-sizes')}
${histogramSvg(d.similarityBins, 'similarity to the kept item', 'items', 'similarities')}
</div></section>
<section><h2>Clusters</h2>${capped}
<input id="search" type="search" placeholder="search text or id…" aria-label="search clusters">
<div class="pager"><button id="prev">‹ previous</button><button id="next">next ›</button><span id="page-info" class="note"></span></div>
<div id="clusters"></div>
<p class="note">Every record is shown as written, with its date and id. Each variant shows its exact similarity to the kept item, the differences marked on the original text (<del>kept</del> → <ins>variant</ins>) and the evidence of the engine's decision for that pair, dates included: the rule that decided, or the learned decision's probability and its strongest features. With --linkage components a variant that joined through another one can show "below-threshold" against the kept item.</p>
</section>
</main>
<script type="application/json" id="clusters-data">${scriptJson(d.clusters)}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}
