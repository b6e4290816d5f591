/**
 * Why two texts match or not, for people: normalised forms, tokens, shared and differing
 * shingles, the token alignment and the rule that decided. `neardup explain` prints it; the
 * HTML report uses the alignment to highlight what differs.
 */
import { viewComparer, type PairText } from './similarity.js';
import { resolveOptions, ruleOptions, type DedupOptions } from '../options/options.js';
import { jaccardSorted } from '../sketch/jaccard.js';
import { FEATURES } from '../verify/features.js';
import { admissibleFeatures, requireModel, statsFor } from '../verify/model-decision.js';
import { normalizeForDisplay } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import { CJK, charClass } from '../text/char-class.js';
import { alignTokens } from '../verify/align.js';
import { dateGap, type Decision, type DecisionRule, type RuleOptions } from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';

export interface Explanation {
  a: { text: string; normalized: string; tokens: string[] };
  b: { text: string; normalized: string; tokens: string[] };
  shared: string[];
  onlyA: string[];
  onlyB: string[];
  /** Alignment of the token sequences: equal runs and what each side has instead (words spaced, `joinTokens`). */
  alignment: { kind: 'equal' | 'insert' | 'delete' | 'replace'; a: string; b: string }[];
  decision: Decision;
  threshold: number;
  /** The decision in words. */
  reason: string;
  /**
   * With `decision: 'model'`: each feature's value and contribution to the log-odds (against an
   * average training pair, whose log-odds is `bias`), strongest first; none when the pair is one
   * the model may not accept (below the threshold with words replaced).
   */
  model?: {
    features: { name: string; about: string; value: number; contribution: number }[];
    bias: number;
    probability: number;
    cutoff: number;
    /**
     * The veto that decided, whatever the probability: a changed number (probability 0), or a noun
     * added to a short topic (the probability is the rest of the evidence, and the pair a possible
     * duplicate from the possible-duplicate cut-off up).
     */
    veto?: { name: string; about: string; possible: boolean };
  };
}

/** The model's view of pairs, set up once: features, contributions, probability and cut-off. */
function modelExplainer(
  rules: RuleOptions,
): (a: ItemView, b: ItemView, decision: Decision) => Explanation['model'] {
  const model = requireModel(rules);
  const stats = statsFor(rules);
  const about = new Map(FEATURES.map((f) => [f.name, f.about]));
  return (a, b, decision) => {
    let cutoff = rules.cutoff ?? model.weights.cutoff;
    const probability = decision.probability ?? 0;
    if (a.sTo === 0 || b.sTo === 0) return { features: [], bias: model.weights.bias, probability, cutoff };
    const sim = jaccardSorted(a.shingles, b.shingles, 0, a.sTo, 0, b.sTo);
    const x = admissibleFeatures(
      a,
      b,
      rules,
      sim,
      dateGap(a, b),
      stats,
      new Float64Array(FEATURES.length),
      undefined,
      model.admitsReplaced,
    );
    // A replaced span below the threshold is decided at the model's stricter cut-off.
    if (x !== null) cutoff = model.cutoffFor(x, rules.cutoff);
    // Fields written out (a spread of each contribution took most of a report's explaining).
    const features =
      x === null
        ? []
        : model.contributions(x).map((c) => ({
            name: c.name,
            value: c.value,
            contribution: c.contribution,
            about: about.get(c.name)!,
          }));
    features.sort((p, q) => Math.abs(q.contribution) - Math.abs(p.contribution));
    const veto = decision.veto;
    return {
      features,
      bias: model.weights.bias,
      probability,
      cutoff,
      ...(veto !== undefined && {
        veto: { name: veto, about: about.get(veto)!, possible: decision.possible === true },
      }),
    };
  };
}

const WHY: Record<DecisionRule, string> = {
  empty: 'one of the texts has nothing to compare (empty or punctuation only)',
  'below-threshold':
    'the shingle similarity is below the threshold (or below it with words replaced, which the edits rule does not forgive)',
  'date-gap':
    'both are dated, further apart than the date window: separate instances of a recurring headline',
  numbers:
    'a number differs (digits that are not contained in the other text, or a changed or added numeral/ordinal)',
  substitution: 'a span other than the tail replaces one place, organisation, company or person with another',
  negation: 'one side adds a negation or modality marker (不, 没, 未, 将 …)',
  stage: 'one side names a different stage of the story or a reaction (举行/闭幕, 回应, 预告 …)',
  extension: 'one is a bare topic that the other extends into a narrower story',
  edits:
    'below the threshold, but one is the other with words added or dropped (nothing replaced), above 0.8 × the threshold, and no rule vetoes it',
  template: 'what the two share is a frame common across the corpus, and what differs is the slot',
  similar: 'similar enough, and no rule vetoes it',
  probability:
    'no rule vetoes it, but the learned decision’s probability, all the evidence weighed, is below the removal cut-off',
};

const isWord = (t: string) => charClass(t.codePointAt(0)!) !== CJK;

/**
 * Tokens as people write them: CJK characters run together, and a space between two words
 * (`out of`, `six nations`), which would otherwise read as one (`outof`).
 */
export function joinTokens(tokens: readonly string[]): string {
  let s = '';
  for (let i = 0; i < tokens.length; i++)
    s += (i > 0 && isWord(tokens[i - 1]) && isWord(tokens[i]) ? ' ' : '') + tokens[i];
  return s;
}

function shingleStrings(tokens: string[], n: number): string[] {
  if (tokens.length === 0) return [];
  if (tokens.length < n) return [joinTokens(tokens)];
  const out = new Set<string>();
  for (let i = 0; i + n <= tokens.length; i++) out.add(joinTokens(tokens.slice(i, i + n)));
  return [...out];
}

/**
 * Explains the engine's decision for a pair.
 * @example explainPair('令人心动的offer5', '令人心动的offer7').reason // 'a number differs …'
 */
export function explainPair(
  a: string | PairText,
  b: string | PairText,
  options: DedupOptions = {},
): Explanation {
  return createExplainer(options)(a, b);
}

/**
 * `explainPair` for many pairs under the same options: they are resolved, and the comparer and
 * the model set up, once (the report explains every member of its clusters).
 * @example const explain = createExplainer(options); members.map((m) => explain(kept, m))
 */
export function createExplainer(
  options: DedupOptions = {},
): (a: string | PairText, b: string | PairText) => Explanation {
  const o = resolveOptions(options);
  const tokOpts = { foldScript: o.foldScript, stripTags: o.rules.tags };
  const { view, decideViews } = viewComparer(options);
  const explainModel = o.decision === 'model' ? modelExplainer(ruleOptions(o)) : undefined;
  // One side's own work, kept while the same text comes again (a report's kept record, against
  // each member of its cluster in turn). A view is read, never written, by the decision.
  const side = (p: PairText) => {
    const tokens = tokenize(p.text, tokOpts);
    return {
      text: p.text,
      date: p.date,
      tokens,
      shingles: shingleStrings(tokens, o.ngram),
      view: view(p),
      normalized: normalizeForDisplay(p.text, { foldScript: o.foldScript }),
    };
  };
  let last: ReturnType<typeof side> | undefined;
  return (a, b) => {
    const pa = typeof a === 'string' ? { text: a } : a;
    const pb = typeof b === 'string' ? { text: b } : b;
    const sideA = last !== undefined && last.text === pa.text && last.date === pa.date ? last : side(pa);
    last = sideA;
    const sideB = side(pb);
    const ta = sideA.tokens;
    const tb = sideB.tokens;
    const sa = sideA.shingles;
    const sb = sideB.shingles;
    const setB = new Set(sb);
    const setA = new Set(sa);
    // Align on token strings: map each distinct token to a number.
    const ids = new Map<string, number>();
    const idOf = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
    const spans = alignTokens(ta.map(idOf), tb.map(idOf));
    const decision = decideViews(sideA.view, sideB.view);
    return {
      a: { text: pa.text, normalized: sideA.normalized, tokens: [...ta] },
      b: { text: pb.text, normalized: sideB.normalized, tokens: tb },
      shared: sa.filter((s) => setB.has(s)),
      onlyA: sa.filter((s) => !setB.has(s)),
      onlyB: sb.filter((s) => !setA.has(s)),
      alignment: spans.map((s) => ({
        kind: s.kind,
        a: joinTokens(ta.slice(s.aFrom, s.aTo)),
        b: joinTokens(tb.slice(s.bFrom, s.bTo)),
      })),
      decision,
      threshold: o.threshold,
      reason: WHY[decision.rule],
      ...(explainModel && { model: explainModel(sideA.view, sideB.view, decision) }),
    };
  };
}
