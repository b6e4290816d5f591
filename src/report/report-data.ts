/**
 * What the HTML report shows, computed from a dedup result and the records of the clusters it
 * embeds: summary, chart bins, and per cluster the kept item and each variant as written in its
 * record, with its date and id, its similarity, the evidence of the engine's decision against
 * the kept item (dates included) and the differences marked on the original characters.
 */
import type { DedupResult } from '../engine/dedup.js';
import type { Cluster, ClusterTable } from '../cluster/cluster-table.js';
import type { DedupOptions } from '../options/options.js';
import { createExplainer } from '../compare/explain.js';
import { alignTokens } from '../verify/align.js';
import { originalDiff, type TextPiece } from './original-diff.js';
import { possibleByKept } from '../cluster/possible.js';
import { ruleOptions } from '../options/options.js';
import { possibleCutoff, requireModel } from '../verify/model-decision.js';
import { EDIT_FACTOR } from '../verify/decide.js';
import { FEATURES } from '../verify/features.js';

/**
 * What decided a member's pair with the kept item: the rule (and why), or, under the learned
 * decision, its probability against the cut-off and the features that weighed most.
 */
export type Evidence =
  | { kind: 'rule'; rule: string; why: string }
  | {
      kind: 'model';
      probability: number;
      cutoff: number;
      features: { name: string; about: string; value: number; contribution: number }[];
      /** The veto that decided, whatever the probability (see Explanation). */
      veto?: { name: string; about: string };
    };

/** How many of the model's features the report names per member. */
const TOP_FEATURES = 3;

export interface ReportMember {
  id: string;
  /** The text as written in the record. */
  text: string;
  /** The date as written in the record, when it has one. */
  date?: string;
  similarity: number;
  /**
   * The engine's rule for (canonical, member), with the records' dates. With star linkage every
   * member is a verified duplicate of its canonical item; with `components` a member that
   * joined through another one may show `below-threshold`.
   */
  rule: string;
  duplicate: boolean;
  evidence: Evidence;
  /** The member as written, with what differs from the kept item marked on the original characters. */
  pieces: TextPiece[];
  /** When bodies are compared: the start of the bodies, canonical → member, aligned by character. */
  bodyDiff?: { kind: string; a: string; b: string }[];
}

export interface ReportCluster {
  cluster: number;
  size: number;
  reason: string;
  canonical: { id: string; text: string; date?: string };
  members: ReportMember[];
  /**
   * Kept items that possibly repeat the kept item (the learned decision's second tier): not
   * removed, shown for a reader to review, each with the evidence of the engine's decision.
   */
  possible: ReportMember[];
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
  /** The learned decision's features, what each measures (the legend of the evidence shown); empty under the rules. */
  legend: { name: string; about: string; weight: number }[];
}

/** The learned decision's cut-offs in force (see DESIGN.md, the learned decision). */
function modelCutoffs(o: DedupResult['options']): Record<string, number> {
  const rules = ruleOptions(o);
  const model = requireModel(rules);
  const cutoff = rules.cutoff ?? model.weights.cutoff;
  return {
    cutoff,
    possibleCutoff: possibleCutoff(model, rules, cutoff),
    editsFloor: o.threshold * EDIT_FACTOR,
  };
}

/** How much of each body the report aligns and shows. */
const BODY_CHARS = 240;

/** The first BODY_CHARS characters of two bodies, aligned character by character. */
function trimmedBodyDiff(a: string, b: string): { kind: string; a: string; b: string }[] {
  const ca = [...a.replace(/\s+/g, ' ').trim()].slice(0, BODY_CHARS);
  const cb = [...b.replace(/\s+/g, ' ').trim()].slice(0, BODY_CHARS);
  const ids = new Map<string, number>();
  const id = (ch: string) => ids.get(ch) ?? (ids.set(ch, ids.size), ids.size - 1);
  return alignTokens(ca.map(id), cb.map(id)).map((s) => ({
    kind: s.kind,
    a: ca.slice(s.aFrom, s.aTo).join(''),
    b: cb.slice(s.bFrom, s.bTo).join(''),
  }));
}

/** The clusters the report embeds: the largest `limit`, ties by cluster number. */
export function reportClusters(result: DedupResult, limit: number): Cluster[] {
  return result.table.largest(limit).map((k) => result.table.cluster(k));
}

function sizeBins(t: ClusterTable): [string, number][] {
  const bins: [string, number, number][] = [
    ['2', 2, 2],
    ['3', 3, 3],
    ['4', 4, 4],
    ['5–9', 5, 9],
    ['10–19', 10, 19],
    ['20–49', 20, 49],
    ['50–99', 50, 99],
    ['100+', 100, Infinity],
  ];
  const counts = bins.map(() => 0);
  for (let k = 0; k < t.count; k++)
    counts[bins.findIndex(([, lo, hi]) => t.size(k) >= lo && t.size(k) <= hi)]++;
  return bins.map(([label], b) => [label, counts[b]]);
}

/** Similarities of the members that are not canonical (the first of each cluster). */
function similarityBins(t: ClusterTable): [string, number][] {
  const counts = new Array<number>(20).fill(0);
  for (let k = 0; k < t.count; k++) {
    for (let p = t.starts[k] + 1; p < t.starts[k + 1]; p++)
      counts[Math.min(19, Math.floor(t.similarity[p] * 20))]++;
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
  dates: ReadonlyMap<number, string> = new Map(),
): ReportData {
  const o = result.options;
  const diffOptions = { foldScript: o.foldScript, stripTags: o.rules.tags };
  const dated = (i: number) => (dates.has(i) ? { date: dates.get(i)! } : {});
  const possibleBy = possibleByKept(result.possibleOf);
  const explain = createExplainer(options);
  const clusters = embedded.map((c) => {
    const canonical = c.members[0];
    const canonicalText = texts.get(canonical.index) ?? '';
    const kept = { text: canonicalText, date: dates.get(canonical.index) };
    const possible = (possibleBy.get(canonical.index) ?? []).map((i): ReportMember => {
      const text = texts.get(i) ?? '';
      const e = explain(kept, { text, date: dates.get(i) });
      return {
        id: result.ids.get(i),
        text,
        ...dated(i),
        similarity: e.decision.similarity,
        rule: e.decision.rule,
        duplicate: false,
        evidence: e.model
          ? {
              kind: 'model',
              probability: result.possibleProbability[i],
              cutoff: e.model.cutoff,
              features: e.model.features.slice(0, TOP_FEATURES),
              ...(e.model.veto && { veto: { name: e.model.veto.name, about: e.model.veto.about } }),
            }
          : { kind: 'rule', rule: e.decision.rule, why: e.reason },
        pieces: originalDiff(canonicalText, text, diffOptions),
      };
    });
    return {
      cluster: c.cluster,
      size: c.size,
      reason: c.reason,
      canonical: { id: canonical.id, text: canonicalText, ...dated(canonical.index) },
      possible,
      members: c.members.slice(1).map((m): ReportMember => {
        const text = texts.get(m.index) ?? '';
        // The pair as the engine decided it: both records' dates go in, so a date-gap veto or
        // the model's date feature shows as it acted.
        const e = explain(kept, { text, date: dates.get(m.index) });
        const bodyDiff = bodies.has(m.index)
          ? trimmedBodyDiff(bodies.get(canonical.index) ?? '', bodies.get(m.index)!)
          : undefined;
        // With bodies deciding, say so: the title rule is not what joined a body duplicate.
        const byBody = o.match === 'body' || (o.match === 'either' && !e.decision.duplicate);
        const rule = byBody ? 'body' : e.decision.rule;
        const evidence: Evidence =
          e.model && !byBody
            ? {
                kind: 'model',
                probability: e.model.probability,
                cutoff: e.model.cutoff,
                features: e.model.features.slice(0, TOP_FEATURES),
              }
            : {
                kind: 'rule',
                rule,
                why: byBody ? `the bodies are similar enough (body threshold ${o.bodyThreshold})` : e.reason,
              };
        return {
          id: m.id,
          text,
          ...dated(m.index),
          similarity: m.similarity,
          rule,
          duplicate: byBody || e.decision.duplicate,
          evidence,
          pieces: originalDiff(canonicalText, text, diffOptions),
          ...(bodyDiff ? { bodyDiff } : {}),
        };
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
      possible: result.counts.possible,
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
      rules: Object.entries(o.rules)
        .filter(([, on]) => on)
        .map(([r]) => r)
        .join(', '),
      dateWindowDays: o.dateWindowDays,
      decision: o.decision,
      ...(o.decision === 'model' && modelCutoffs(o)),
      ...(o.match === 'title'
        ? {}
        : {
            match: o.match,
            bodyThreshold: o.bodyThreshold,
            bodyNgram: o.bodyNgram,
            containment: o.containment,
            bodyKernel: o.bodyKernel,
          }),
    },
    sizeBins: sizeBins(result.table),
    similarityBins: similarityBins(result.table),
    clusters,
    totalClusters: result.table.count,
    bands: o.bands,
    rows: o.rows,
    threshold: o.threshold,
    legend: o.decision === 'model' ? modelLegend(o) : [],
  };
}

/** Each feature the model in force reads: its name, what it measures and its weight (per unit, toward a duplicate when positive). */
function modelLegend(o: DedupResult['options']): ReportData['legend'] {
  const model = requireModel(ruleOptions(o));
  return model.weights.features.map((name) => ({
    name,
    about: FEATURES.find((f) => f.name === name)?.about ?? '',
    weight: Math.round(model.weightOf(name) * 1000) / 1000,
  }));
}
