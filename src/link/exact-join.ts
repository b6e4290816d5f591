/**
 * The exact-duplicate join: items with identical shingle sets (and the same tokens) are grouped
 * under one representative each before LSH, split along time where the date-gap rule would veto
 * their copies, each group carrying its date span and the date limit of its own member pairs.
 */
import type { Corpus } from '../prepare/corpus.js';
import { TokenReader } from '../prepare/token-column.js';
import { corpusView } from './corpus-view.js';
import { limitMs, windowLimit, type DateLimit } from './date-limit.js';
import { radixSortPairs } from './radix-sort.js';

function sameSet(c: Corpus, i: number, j: number): boolean {
  const ai = c.shingleOffsets[i];
  const aj = c.shingleOffsets[j];
  const n = c.shingleOffsets[i + 1] - ai;
  if (n !== c.shingleOffsets[j + 1] - aj) return false;
  for (let k = 0; k < n; k++) if (c.shingles[ai + k] !== c.shingles[aj + k]) return false;
  return true;
}

/** Whether items i and j have the same tokens (their packed token runs are equal). */
function sameTokens(c: Corpus, i: number, j: number): boolean {
  const o = c.tokenOffsets;
  const n = o[i + 1] - o[i];
  if (n !== o[j + 1] - o[j]) return false;
  for (let k = 0; k < n; k++) if (c.tokens[o[i] + k] !== c.tokens[o[j] + k]) return false;
  return true;
}

/** Items with one shingle set split into runs of the same tokens (almost always one run). */
function sameTokenParts(c: Corpus, same: number[]): number[][] {
  const parts: number[][] = [];
  for (const m of same) {
    const part = parts.find((p) => sameTokens(c, p[0], m));
    if (part) part.push(m);
    else parts.push([m]);
  }
  return parts;
}

/** Date spans of the items that go on to LSH: [min, max] epoch ms (NaN: no date, never vetoed). */
export interface DateSpans {
  min: Float64Array;
  max: Float64Array;
}

/** Identical shingle sets grouped under one representative each (see joinExactDuplicates). */
export interface ExactGroups {
  /** The representatives, in input order: only those go on to LSH. */
  reps: Uint32Array;
  /** Each item's representative (its own index for a representative or an empty item). */
  repOf: Int32Array;
  /** Each representative's date limit for pairs of its own members. */
  selfFlags: Uint32Array;
  /** Items that are not their group's representative. */
  exactDuplicates: number;
  spans: DateSpans;
}

/**
 * Groups items with identical shingle sets (grouped by set hash, confirmed by comparing arrays)
 * under one representative per group, the group's first item: only representatives go on to LSH.
 * With the date-gap rule on (`windowDays` > 0), a group splits where two consecutive dates are
 * further apart than the window (no member before the split can be a duplicate of one after
 * it), each part gets a representative, and the representative carries its part's date span, so
 * that another item is vetoed by date only when it is outside the window of every copy — exactly
 * what comparing it with each copy would give. Which copies of a part are duplicates of each
 * other is then decided member by member in clustering, with the part's date limit.
 * A copy without a date cannot be vetoed by date, so its group is not split.
 *
 * With `pointDates` (the learned decision, when it cannot give a date limit: see joinTitles),
 * copies are grouped only with copies of the same date (or all undated), so that a
 * representative's decisions hold for every member as they are.
 *
 * The members are read in input order, not group by group: a group's copies lie anywhere in the
 * corpus, and reading each one's tokens, date and representative where it lies was a cache miss
 * or more per copy, most of the join's time. So the runs of equal set hashes only mark each member
 * with its run; one pass in input order then compares each member's tokens with its run's first
 * item (read just before, or many times over) and keeps each run's date span. Only a group that
 * splits along time, or takes its copies by date, is then gathered and joined part by part.
 */
export function joinExactDuplicates(c: Corpus, windowDays = 0, pointDates = false): ExactGroups {
  const share = c.dates.buffer instanceof SharedArrayBuffer;
  const span = () => (share ? new Float64Array(new SharedArrayBuffer(c.size * 8)) : new Float64Array(c.size));
  const spans = { min: span(), max: span() };
  spans.min.set(c.dates);
  spans.max.set(c.dates);
  const repOf = new Int32Array(c.size);
  for (let i = 0; i < c.size; i++) repOf[i] = i;
  const selfFlags = new Uint32Array(c.size);
  let nonEmpty = 0;
  for (let i = 0; i < c.size; i++) if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) nonEmpty++;
  const items = new Uint32Array(nonEmpty);
  const setKeys = new Uint32Array(nonEmpty);
  for (let i = 0, k = 0; i < c.size; i++) {
    if (c.shingleOffsets[i + 1] > c.shingleOffsets[i]) {
      items[k] = i;
      setKeys[k++] = c.setHashes[i];
    }
  }
  // Stable: a run of equal hashes lists its items in input order, the first of them first.
  const bySet = radixSortPairs(setKeys, items);
  // Representatives are marked, then collected in input order (no sort).
  const isRep = new Uint8Array(c.size);
  let repCount = 0;
  const reader = new TokenReader();
  let exactDuplicates = 0;
  const join = (members: number[], flag: DateLimit) => {
    let rep = members[0];
    for (const m of members) if (m < rep) rep = m;
    for (const m of members)
      if (m !== rep) {
        repOf[m] = rep;
        exactDuplicates++;
      }
    isRep[rep] = 1;
    selfFlags[rep] = flag;
    repCount++;
    return rep;
  };
  // The date limit of a group's own pairs (its copies share their words).
  const selfFlag = (item: number): DateLimit => {
    const v = corpusView(c, item, reader);
    return windowLimit(v, v, windowDays);
  };
  // Joins copies with the same tokens, split where consecutive dates are a window apart (or, with
  // pointDates, by date): a run's copies of its first item when they split, and any copies of
  // other words with its set.
  const joinAlongTime = (same: number[]): void => {
    if (pointDates && same.length > 1) {
      const flag = windowDays === 0 ? 0 : selfFlag(same[0]);
      const key = (m: number) => (Number.isNaN(c.dates[m]) ? -Infinity : c.dates[m]);
      same.sort((x, y) => key(x) - key(y) || x - y);
      for (let from = 0; from < same.length; ) {
        let to = from + 1;
        while (to < same.length && key(same[to]) === key(same[from])) to++;
        const rep = join(same.slice(from, to), flag);
        spans.min[rep] = spans.max[rep] = c.dates[same[from]];
        from = to;
      }
      return;
    }
    if (windowDays === 0 || same.length === 1) {
      join(same, 0);
      return;
    }
    const flag = selfFlag(same[0]);
    // A copy without a date cannot be vetoed by date: its group is not split, and has no span.
    if (same.some((m) => Number.isNaN(c.dates[m]))) {
      const rep = join(same, flag);
      spans.min[rep] = spans.max[rep] = Number.NaN;
      return;
    }
    const windowMs = limitMs(flag, windowDays);
    same.sort((x, y) => c.dates[x] - c.dates[y] || x - y);
    for (let from = 0; from < same.length; ) {
      let to = from + 1;
      while (to < same.length && c.dates[same[to]] - c.dates[same[to - 1]] <= windowMs) to++;
      const rep = join(same.slice(from, to), flag);
      spans.min[rep] = c.dates[same[from]];
      spans.max[rep] = c.dates[same[to - 1]];
      from = to;
    }
  };
  // Runs of two items or more: until the pass below, each member's repOf holds −1 − its run (an
  // item of its own keeps its index, ≥ 0), so that no column of the corpus's size is added.
  const runStarts: number[] = [];
  const heads: number[] = [];
  for (let s = 0; s < bySet.keys.length; ) {
    let e = s + 1;
    while (e < bySet.keys.length && bySet.keys[e] === bySet.keys[s]) e++;
    if (e === s + 1) {
      isRep[bySet.values[s]] = 1; // most sets are unique: no copies to join
      repCount++;
    } else {
      for (let k = s; k < e; k++) repOf[bySet.values[k]] = -1 - runStarts.length;
      runStarts.push(s);
      heads.push(bySet.values[s]);
    }
    s = e;
  }
  const runs = runStarts.length;
  runStarts.push(bySet.keys.length);
  // Each run's first item, read for every member in input order: a small array, mostly in cache.
  const runHead = Uint32Array.from(heads);
  // Each run's copies of its first item: how many, their dates' span, whether one is undated,
  // and the date limit of their pairs.
  const copies = new Uint32Array(runs);
  // First and last dates side by side: one cache line for both.
  const span2 = new Float64Array(2 * runs);
  for (let r = 0; r < runs; r++) {
    span2[2 * r] = Infinity;
    span2[2 * r + 1] = -Infinity;
  }
  const undated = new Uint32Array(runs);
  const flags = new Uint32Array(runs);
  // Members of a run with its set but other words, by run (挖呀挖 and 挖呀挖呀挖 share every bigram).
  let others: Map<number, number[]> | undefined;
  const dated = windowDays > 0 || pointDates;
  for (let i = 0; i < c.size; i++) {
    if (repOf[i] >= 0) continue;
    const r = -1 - repOf[i];
    const head = runHead[r];
    // Each member its own representative, unless a copy of the run's first item (below).
    repOf[i] = i;
    if (i === head) {
      copies[r] = 1;
      if (windowDays > 0) flags[r] = selfFlag(i);
    } else if (sameTokens(c, head, i)) {
      // Equal sets can come from different words, which the rules may tell apart: only copies
      // with the same tokens are interchangeable. Most members are copies of the first item.
      repOf[i] = head;
      copies[r]++;
    } else {
      if (sameSet(c, head, i)) {
        others ??= new Map();
        const list = others.get(r);
        if (list) list.push(i);
        else others.set(r, [i]);
      } else {
        isRep[i] = 1; // a 32-bit hash collision: a different set, so its own representative
        repCount++;
      }
      continue;
    }
    if (!dated) continue;
    const d = c.dates[i];
    if (Number.isNaN(d)) undated[r]++;
    else {
      if (d < span2[2 * r]) span2[2 * r] = d;
      if (d > span2[2 * r + 1]) span2[2 * r + 1] = d;
    }
  }
  for (let r = 0; r < runs; r++) {
    const head = runHead[r];
    const n = copies[r];
    const first = span2[2 * r];
    const last = span2[2 * r + 1];
    // By date, copies of one date (or all undated) are one part; along time, undated copies are
    // never split, and dated ones when their span is inside their window.
    const whole =
      n === 1 ||
      (pointDates
        ? undated[r] === n || (undated[r] === 0 && first === last)
        : windowDays === 0 || undated[r] > 0 || last - first <= limitMs(flags[r], windowDays));
    if (whole) {
      // One representative, the first item, already every copy's.
      isRep[head] = 1;
      repCount++;
      exactDuplicates += n - 1;
      if (n > 1 && dated) {
        selfFlags[head] = flags[r];
        // A copy without a date cannot be vetoed by date: no span.
        spans.min[head] = undated[r] > 0 ? Number.NaN : first;
        spans.max[head] = undated[r] > 0 ? Number.NaN : last;
      }
    } else {
      // Gathered in input order (the first item is its own representative so far) and joined
      // part by part, each member its own until joined.
      const same: number[] = [];
      for (let k = runStarts[r]; k < runStarts[r + 1]; k++) {
        const m = bySet.values[k];
        if (repOf[m] === head) {
          repOf[m] = m;
          same.push(m);
        }
      }
      joinAlongTime(same);
    }
    const rest = others?.get(r);
    if (rest) for (const part of sameTokenParts(c, rest)) joinAlongTime(part);
  }
  const ordered = new Uint32Array(repCount);
  for (let i = 0, k = 0; i < c.size; i++) if (isRep[i]) ordered[k++] = i;
  return { reps: ordered, repOf, selfFlags, exactDuplicates, spans };
}
