/**
 * What the HTML report shows, computed from a dedup result and the texts of the clusters it
 * embeds: summary, chart bins, and per cluster the canonical item and each variant with its
 * similarity, the rule the engine's decision against the canonical item names, and the aligned
 * differences for highlighting.
 */
import type { DedupResult } from '../engine/dedup.js';
import type { Cluster, ClusterTable } from '../engine/cluster-table.js';
import type { DedupOptions } from '../options.js';
import { explainPair } from '../verify/explain.js';
import { alignTokens } from '../verify/align.js';

export interface ReportMember {
  id: string;
  text: string;
  similarity: number;
  /**
   * The engine's rule for (canonical, member), texts only (the report has no dates). With star
   * linkage every member is a verified duplicate of its canonical item; with `components` a
   * member that joined through another one may show `below-threshold`.
   */
  rule: string;
  duplicate: boolean;
  /** Canonical → member, as aligned token runs. */
  diff: { kind: string; a: string; b: string }[];
  /** When bodies are compared: the start of the bodies, canonical → member, aligned by character. */
  bodyDiff?: { kind: string; a: string; b: string }[];
}

export interface ReportCluster {
  cluster: number;
  size: number;
  reason: string;
  canonical: { id: string; text: string };
  members: ReportMember[];
}

export interface ReportData {
  title: string;
  input: string;
  generated: string;
  summary: Record<string, number | string>;
  options: Record<string, unknown>;
  sizeBins: [string, number][];
  similarityBins: [string, number][];
  clusters: ReportCluster[];
  /** Clusters in the run; the page embeds `clusters.length` of them (the largest). */
  totalClusters: number;
  bands: number;
  rows: number;
  threshold: number;
}

/** How much of each body the report aligns and shows. */
const BODY_CHARS = 240;

/** The first BODY_CHARS characters of two bodies, aligned character by character. */
function trimmedBodyDiff(a: string, b: string): { kind: string; a: string; b: string }[] {
  const ca = [...a.replace(/\s+/g, ' ').trim()].slice(0, BODY_CHARS);
  const cb = [...b.replace(/\s+/g, ' ').trim()].slice(0, BODY_CHARS);
  const ids = new Map<string, number>();
  const id = (ch: string) => ids.get(ch) ?? (ids.set(ch, ids.size), ids.size - 1);
  return alignTokens(ca.map(id), cb.map(id)).map((s) => ({ kind: s.kind, a: ca.slice(s.aFrom, s.aTo).join(''), b: cb.slice(s.bFrom, s.bTo).join('') }));
}

/** The clusters the report embeds: the largest `limit`, ties by cluster number. */
export function reportClusters(result: DedupResult, limit: number): Cluster[] {
  return result.table.largest(limit).map((k) => result.table.cluster(k));
}

function sizeBins(t: ClusterTable): [string, number][] {
  const bins: [string, number, number][] = [['2', 2, 2], ['3', 3, 3], ['4', 4, 4], ['5–9', 5, 9], ['10–19', 10, 19], ['20–49', 20, 49], ['50–99', 50, 99], ['100+', 100, Infinity]];
  const counts = bins.map(() => 0);
  for (let k = 0; k < t.count; k++) counts[bins.findIndex(([, lo, hi]) => t.size(k) >= lo && t.size(k) <= hi)]++;
  return bins.map(([label], b) => [label, counts[b]]);
}

/** Similarities of the members that are not canonical (the first of each cluster). */
function similarityBins(t: ClusterTable): [string, number][] {
  const counts = new Array<number>(20).fill(0);
  for (let k = 0; k < t.count; k++) {
    for (let p = t.starts[k] + 1; p < t.starts[k + 1]; p++) counts[Math.min(19, Math.floor(t.similarity[p] * 20))]++;
  }
  return counts.map((n, k) => [(k / 20).toFixed(2), n]);
}

export function buildReportData(
  result: DedupResult,
  embedded: readonly Cluster[],
  texts: ReadonlyMap<number, string>,
  input: string,
  options: DedupOptions,
  extra: Record<string, number | string> = {},
  bodies: ReadonlyMap<number, string> = new Map(),
): ReportData {
  const o = result.options;
  const clusters = embedded.map((c) => {
    const canonical = c.members[0];
    const canonicalText = texts.get(canonical.index) ?? '';
    return {
      cluster: c.cluster,
      size: c.size,
      reason: c.reason,
      canonical: { id: canonical.id, text: canonicalText },
      members: c.members.slice(1).map((m) => {
        const text = texts.get(m.index) ?? '';
        const e = explainPair(canonicalText, text, { ...options, disableRules: [...(options.disableRules ?? []), 'date-gap'] });
        const bodyDiff = bodies.has(m.index) ? trimmedBodyDiff(bodies.get(canonical.index) ?? '', bodies.get(m.index)!) : undefined;
        // With bodies deciding, say so: the title rule is not what joined a body duplicate.
        const byBody = o.match === 'body' || (o.match === 'either' && !e.decision.duplicate);
        const rule = byBody ? 'body' : e.decision.rule;
        return { id: m.id, text, similarity: m.similarity, rule, duplicate: byBody || e.decision.duplicate, diff: e.alignment, ...(bodyDiff ? { bodyDiff } : {}) };
      }),
    };
  });
  return {
    title: `neardup report: ${input}`,
    input,
    generated: new Date().toISOString(),
    summary: {
      items: result.counts.items,
      clusters: result.counts.clusters,
      duplicates: result.counts.duplicates,
      kept: result.counts.kept,
      linkage: o.linkage,
      empty: result.counts.empty,
      candidates: result.stats.candidates,
      seconds: Math.round(result.seconds * 1000) / 1000,
      ...extra,
    },
    options: {
      threshold: o.threshold,
      ngram: o.ngram,
      perms: o.perms,
      seed: o.seed,
      bands: o.bands,
      rows: o.rows,
      canonical: o.canonical,
      linkage: o.linkage,
      foldScript: o.foldScript,
      verify: o.verify,
      rules: Object.entries(o.rules).filter(([, on]) => on).map(([r]) => r).join(', '),
      dateWindowDays: o.dateWindowDays,
      ...(o.match === 'title' ? {} : { match: o.match, bodyThreshold: o.bodyThreshold, bodyNgram: o.bodyNgram, containment: o.containment, bodyKernel: o.bodyKernel }),
    },
    sizeBins: sizeBins(result.table),
    similarityBins: similarityBins(result.table),
    clusters,
    totalClusters: result.table.count,
    bands: o.bands,
    rows: o.rows,
    threshold: o.threshold,
  };
}
