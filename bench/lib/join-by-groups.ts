/**
 * The exact-duplicate join as it was written first, group by group in the order of the set hashes:
 * each group's members read where they lie (tokens, dates, representative), a cache miss or more
 * each. link/exact-join.ts reads them in input order instead; both must give the same groups
 * (test/exact-join.test.ts), and `npm run bench:join` times the two on the corpus.
 */
import type { Corpus } from '../../src/prepare/corpus.js';
import { TokenReader } from '../../src/prepare/token-column.js';
import { corpusView } from '../../src/link/corpus-view.js';
import { limitMs, windowLimit, type DateLimit } from '../../src/link/date-limit.js';
import type { ExactGroups } from '../../src/link/exact-join.js';
import { radixSortPairs } from '../../src/link/radix-sort.js';

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

/** Groups as joinExactDuplicates does (see its comment), group by group. */
export function joinByGroups(c: Corpus, windowDays = 0, pointDates = false): ExactGroups {
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
  // Joins copies with the same tokens, split where consecutive dates are a window apart.
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
    let first = Infinity;
    let last = -Infinity;
    let undated = false;
    for (const m of same) {
      const d = c.dates[m];
      if (Number.isNaN(d)) undated = true;
      else if (d < first) first = d;
      // (NaN is never greater: only dates reach `last`.)
      if (d > last) last = d;
    }
    if (undated) {
      const rep = join(same, flag);
      spans.min[rep] = spans.max[rep] = NaN;
      return;
    }
    // Copies share their words, so a daily report's copies split on its own one-day window.
    const windowMs = limitMs(flag, windowDays);
    if (last - first <= windowMs) {
      const rep = join(same, flag);
      spans.min[rep] = first;
      spans.max[rep] = last;
      return;
    }
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
  for (let s = 0; s < bySet.keys.length; ) {
    let e = s + 1;
    while (e < bySet.keys.length && bySet.keys[e] === bySet.keys[s]) e++;
    const head = bySet.values[s];
    if (e === s + 1) {
      isRep[head] = 1; // most sets are unique: no copies to join
      repCount++;
      s = e;
      continue;
    }
    // Equal sets can come from different words (挖呀挖 and 挖呀挖呀挖 share every bigram), which
    // the rules may tell apart: only copies with the same tokens are interchangeable. Shingles are
    // hashed from the tokens, so a copy of the head's tokens has its set too, and most members,
    // copies of the head, are compared once (each comparison is a cache miss or two).
    const same: number[] = [head];
    let others: number[] | undefined;
    for (let k = s + 1; k < e; k++) {
      const item = bySet.values[k];
      if (sameTokens(c, head, item)) same.push(item);
      else if (sameSet(c, head, item)) (others ??= []).push(item);
      else {
        isRep[item] = 1; // a 32-bit hash collision: a different set, so its own representative
        repCount++;
      }
    }
    s = e;
    joinAlongTime(same);
    if (others) for (const part of sameTokenParts(c, others)) joinAlongTime(part);
  }
  const ordered = new Uint32Array(repCount);
  for (let i = 0, k = 0; i < c.size; i++) if (isRep[i]) ordered[k++] = i;
  return { reps: ordered, repOf, selfFlags, exactDuplicates, spans };
}
