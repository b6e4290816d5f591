/**
 * The model's feature set and penalty, chosen on leave-one-source-out folds of the labelled
 * pairs (`npm run eval` prints the drop-one table that kept each). Dropped, each because the
 * folds scored better without it: tailEntity (never fired on a pair the model may accept),
 * diffSpans, shortSide, editsOnShort and negation (LOSO 0.777 → 0.784 pooled without it, once
 * numbersChanged became a veto). numbersChanged is an absolute veto (below), not a weight.
 *
 * Issue 19, second pass (nested LOSO, pooled / train-source F1): admitting replaced spans below the
 * threshold at a stricter cut-off 0.784 / 0.689 → 0.794 / 0.704; with addedIdfShare (the IDF mass
 * of the words a headline adds, over the shorter side's: a new clause on a short topic, not a tag)
 * 0.799 / 0.716. stageBoth and dailyReports dropped (0.801 / 0.719 without both; the date window
 * already decides daily reports). Tried and not kept: diffIdfShare (0.794 / 0.707), jaccardSq
 * (0.797 / 0.712; with addedIdfShare 0.796 / 0.712), shortSide (0.788 / 0.711), editsOnShort
 * (0.797 / 0.712), negation (0.794 / 0.702), replacedBelow as a weight at one cut-off (0.783 / 0.685).
 */
import type { ModelSpec } from './fit.js';

export const MODEL_FEATURES: readonly string[] = [
  'jaccard',
  'idfJaccard',
  'idfContainment',
  'diffRarity',
  'onlyEdits',
  'replaceHead',
  'replaceTail',
  'lengthRatio',
  'numberAdded',
  'substitution',
  'stage',
  'dateGap',
  'addedIdfShare',
  'facetAdded',
  'responseAdded',
  'questionAdded',
  'greetingOnly',
  'addedTail',
  'addedHead',
  'tailOnShort',
  'headOnShort',
  'personAdded',
  'sharedRarest',
  'tailRephrasedOnLong',
];

/**
 * L2 penalty on standardised weights (LOSO pooled F1 0.777 / 0.785 / 0.774 at 0.2 / 0.3 / 0.5;
 * with the second pass's features 0.797 / 0.799 / 0.798 / 0.797 at 0.2 / 0.3 / 0.5 / 1: flat).
 */
export const MODEL_LAMBDA = 0.3;

/**
 * Issue 28, fourth pass. The penalty is flat in corpus context too (`npm run eval:audit`, pooled
 * leave-one-source-out precision / recall at cut-off 0.7): λ 0.03 0.856 / 0.688, 0.1 0.857 / 0.687,
 * 0.3 0.862 / 0.686, 1 0.860 / 0.677. Boosted trees on the same features (bench/model-class.ts,
 * pair by pair, leave-one-source-out) reach recall 0.25–0.28 at precision 0.85 against the
 * logistic decision's 0.41: the folds do not confirm the richer class. A part-of-speech feature
 * (words added at the tail that end in a noun, by jieba's tagger: 高考英语 / 高考英语作文) moved the
 * pooled trade-off within the noise (0.862 / 0.686 → 0.877 / 0.682 at 0.7) and its weight fitted
 * to −0.07, while loading the tagger's dictionary on every link thread added about 70 MB each
 * (peak RSS 556 → 700 MB on the 1M corpus) and 0.8 s: not kept.
 */

/**
 * Issue 28, fifth pass (`npm run eval:audit`, leave-one-source-out, pooled removal precision /
 * recall on the trade-off curve at 0.65 and 0.7, and at each source's chosen cut-off). Three
 * features dropped on the gold folds, tried again in corpus context, each added alone: shortSide
 * 0.828 / 0.717, 0.838 / 0.701, 0.794 / 0.655; editsOnShort 0.828 / 0.715, 0.837 / 0.697, 0.761 /
 * 0.639; diffSpans 0.841 / 0.706, 0.847 / 0.693, 0.794 / 0.657; against the kept set's 0.852 /
 * 0.698, 0.864 / 0.681, 0.774 / 0.655. At equal recall none is above the kept set: not kept.
 * Each audit source weighed alike in the fit (its pairs' tempered weights divided by the source's
 * total, so weibo's 1,200 pairs count as much as tnews's 60): 0.841 / 0.691 and 0.875 / 0.677 on
 * the curve, 0.799 / 0.671 at the chosen cut-offs (weibo 0.557 / 0.675, xwlb 0.556 / 0.478); with
 * the square root of each total 0.854 / 0.704, 0.879 / 0.677, 0.785 / 0.659. Inside the intervals
 * (±0.06) either way, and `npm run train` would move the cut-off to 0.7: not kept.
 */

/**
 * Issue 28, third pass (`npm run eval:audit`, leave-one-source-out, each source's cut-off chosen on
 * the others' held-out outcomes; removal precision / recall, pooled): sharedRarest, the IDF of the
 * rarest shingle two headlines share (all they share is a frame many headlines repeat, or a name
 * few do), raised the trade-off curve from 0.758 / 0.726 to 0.834 / 0.703 at cut-off 0.6 and from
 * 0.808 / 0.665 to 0.866 / 0.658 at 0.7. commonShared (the share of shared shingles above a fixed
 * document frequency) measures the same thing more bluntly: without it 0.782 / 0.656 at the chosen
 * cut-offs (0.782 / 0.624 with it) and 0.851 / 0.705 at 0.6 on the curve. Dropping idfJaccard too
 * (0.787 / 0.665) was within the noise, and kept. Tried and not kept (a pair-level screen, fitted
 * the same way): the share of replaced characters with no counterpart on the other side, a slot
 * refilled inside a frame, the rarest shingle only one side has, a given name swapped after a
 * shared surname — none moved precision by more than 0.01.
 */

/**
 * Issue 28: extension (a bare topic extended after its first word) dropped once tailOnShort and
 * addedTail say where words were added: with them its weight turned positive (+0.15), against its
 * name, and the gold folds score 0.801 / 0.710 without it against 0.798 / 0.709 with it.
 *
 * How pairs below the threshold with a replaced span are treated (see `ModelSpec`). Issue 28: never
 * duplicates. The second cut-off that admitted them (0.41) let 国内联播快讯 / 国际联播快讯 through
 * as "edits"; with the span-kind features the folds score 0.795 / 0.703 without it (nested LOSO,
 * pooled / train sources) against 0.801 / 0.722 with it, and precision rises 0.790 → 0.801.
 */
export const MODEL_REPLACED: ModelSpec['replaced'] =
  (process.env.NEARDUP_REPLACED as ModelSpec['replaced'] | undefined) ?? 'no';

/** For trying a smaller feature set (`NEARDUP_DROP_FEATURES=a,b npm run eval:audit`): the features fitted. */
const DROPPED = new Set((process.env.NEARDUP_DROP_FEATURES ?? '').split(',').filter(Boolean));

/** And a larger one (`NEARDUP_ADD_FEATURES=a,b npm run eval:audit`): features fitted beside the set. */
const ADDED = (process.env.NEARDUP_ADD_FEATURES ?? '').split(',').filter(Boolean);

export const MODEL_SPEC: ModelSpec = {
  features: [...MODEL_FEATURES.filter((f) => !DROPPED.has(f)), ...ADDED],
  lambda: MODEL_LAMBDA,
  replaced: MODEL_REPLACED,
};

/**
 * Issue 28, sixth pass: nounExtension, a short topic (8 tokens or fewer) extended at its tail by
 * words that end in a noun by corpus usage (src/verify/noun-heads.ts: seen after 的 in more
 * headlines than before 了, 着 or 过). A noun phrase ends in its head, so the extension names
 * another thing (高考英语作文); a predicate says what happens to the topic (回廊亭上映). Over the
 * audit pairs added at the tail the noun test separates distinct from duplicate with weighted AUC
 * 0.70 on weibo, 0.76 among those the held-out model scores 0.5 or more (throwaway Python over the
 * held-out probabilities, not kept). Fitted as a weight it moves nothing (−0.04 standardised
 * without weibo, +0.07 with it; `npm run eval:audit` pooled 0.770 / 0.654 at the chosen cut-offs
 * against 0.774 / 0.655): too few pairs of the other sources are topics. As a veto that keeps the
 * pair a possible duplicate (`keepsPossible`), leave-one-source-out: 0.774 / 0.655 → 0.806 /
 * 0.646 at the chosen cut-offs, 0.852 / 0.698 → 0.856 / 0.691 at 0.65 and 0.864 / 0.681 → 0.884 /
 * 0.674 at 0.7; weibo 0.522 / 0.682 → 0.573 / 0.649; the gold folds' F1 0.790 → 0.796. With a
 * first table counted over every record rather than distinct headlines: 0.800 / 0.641, and with
 * the noun test's margin raised (after 的 more than e^0.5 or e^1 times as often): 0.800 / 0.642 and
 * 0.795 / 0.648. The plain majority was chosen before either margin was run, and kept. Words
 * that only greet or react (greetingOnly) no longer fire it: 0.806 / 0.646 → 0.807 / 0.652 at the
 * chosen cut-offs, 0.857 / 0.697 at 0.65 and 0.885 / 0.680 at 0.7 (the shipped veto). The
 * topic's bound of 8 tokens is GUIDE.md's for trending topics; at 12 tokens 0.798 / 0.641, and
 * with no bound 0.812 / 0.676 at the chosen cut-offs but 0.862 / 0.692 and 0.881 / 0.674 at 0.65
 * and 0.7 (against 0.857 / 0.697 and 0.885 / 0.680): no clear gain, so the guide's bound stays.
 * The noun read from the longest of the added words' last 2–4 characters seen beside 的 or an
 * aspect particle, instead of the last two: the same pairs within 5 weight (throwaway Python).
 */

/**
 * Rule features that veto absolutely. numbersChanged fires on 38 labelled pairs the model may
 * accept, 2 of them duplicates; as a veto (nested LOSO, fitted without the vetoed pairs) F1 is
 * 0.777 pooled / 0.894 dev sources / 0.677 train sources against 0.779 / 0.892 / 0.682 as a plain
 * feature — a draw within the noise — and it keeps the README's 第三十次 / 第三十二次 pair apart,
 * which the soft feature (probability 0.45) does not. substitution (2 of 39) and dailyReports
 * (0 of 4) as vetoes changed no decision.
 */
export const MODEL_VETOES: readonly string[] = ['numbersChanged', 'nounExtension'];

/**
 * Audit pairs in fitting: stratum weights to this power (see auditTrainingPairs), and all of them
 * together weighing AUDIT_SHARE × the gold pairs. Issue 28, `npm run eval:audit` leave-one-source-
 * out (removal precision / recall, pooled): power 0.5, share 1: 0.726 / 0.696; power 1: 0.690 /
 * 0.695; power 0.5, share 3: 0.738 / 0.701; power 0: 0.746 / 0.689 — within each other's
 * intervals (±0.06), so the middle setting. With replaced spans below the threshold scored at the
 * removal cut-off (`replaced: 'same'`): 0.748 / 0.693, no better, and the defect of issue 28 back.
 */
export const AUDIT_WEIGHT_POWER = 0.5;
export const AUDIT_SHARE = 1;
