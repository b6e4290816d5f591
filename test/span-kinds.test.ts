/**
 * The span-kind features that look for words (a facet, a response, a question, greetings only)
 * against the obvious way: the differing text read back as strings and searched with `includes`,
 * every greeting word split out in turn. The decision matches its word lists on tokens, through
 * an index of first characters and a bit per character, and searches the text only where a
 * greeting word was found: both must give the same features on every pair.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Span } from '../src/verify/align.js';
import {
  FACET_WORDS,
  GREETING_WORDS,
  QUESTION_MARKERS,
  RESPONSE_WORDS,
  SPAN_KIND_FEATURES,
  spanKinds,
} from '../src/verify/span-kinds.js';
import { align } from '../src/verify/span-rules.js';
import { spanText } from '../src/verify/span-text.js';
import type { ItemView } from '../src/verify/item-view.js';
import { pairViews } from './helpers/oracle.js';
import { ROOT } from './helpers/shared-data.js';

const len = (v: ItemView) => v.tTo - v.tFrom;

/** A word of `words` in one side's differing text (read with its neighbours) and not in the other headline. */
function oneSidedWord(a: ItemView, b: ItemView, spans: readonly Span[], words: readonly string[]): boolean {
  const wholeA = spanText(a, 0, len(a));
  const wholeB = spanText(b, 0, len(b));
  return spans.some(
    (s) =>
      s.kind !== 'equal' &&
      words.some(
        (w) =>
          (s.aTo > s.aFrom && spanText(a, s.aFrom - 1, s.aTo + 1).includes(w) && !wholeB.includes(w)) ||
          (s.bTo > s.bFrom && spanText(b, s.bFrom - 1, s.bTo + 1).includes(w) && !wholeA.includes(w)),
      ),
  );
}

/** Every differing span is greeting words and at most one character more, and one word was found. */
function greetingsOnly(a: ItemView, b: ItemView, spans: readonly Span[]): boolean {
  const texts = spans
    .filter((s) => s.kind !== 'equal')
    .flatMap((s) => [spanText(a, s.aFrom, s.aTo), spanText(b, s.bFrom, s.bTo)])
    .map((t) => t.replace(/\s+/g, ''))
    .filter((t) => t.length > 0);
  let matched = false;
  const rests = texts.map((t) => {
    let rest = t;
    for (const w of GREETING_WORDS) {
      const parts = rest.split(w);
      if (parts.length > 1) matched = true;
      rest = parts.join('');
    }
    return rest;
  });
  return matched && rests.every((r) => [...r].length <= 1);
}

/** Seeded pseudo-random integers in [0, n). */
function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
}

describe('span kinds', () => {
  it('find the words the obvious string search finds, on edits of real headlines', () => {
    const titles = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .slice(0, 400)
      .map((l) => (JSON.parse(l) as { title: string }).title);
    const lists = [FACET_WORDS, RESPONSE_WORDS, QUESTION_MARKERS, GREETING_WORDS];
    const pick = rng(28);
    const word = () => {
      const list = lists[pick(lists.length)];
      return list[pick(list.length)];
    };
    const texts: [string, string][] = [];
    for (const t of titles) {
      const cut = pick(t.length + 1);
      texts.push([t, t + word()]);
      texts.push([t, word() + t]);
      texts.push([t, t.slice(0, cut) + word() + t.slice(cut)]);
      texts.push([t + word(), t + word() + word()]);
      texts.push([t, `${t.slice(0, cut)}${word()}x${t.slice(cut + 2)} ${word()}`]);
      texts.push([`${word()} ${t}`, `${t}${pick(2) === 0 ? '!' : '了'}`]);
    }
    const fired = new Array<number>(4).fill(0);
    const out = new Float64Array(SPAN_KIND_FEATURES.length);
    for (const [x, y] of texts) {
      const [a, b] = pairViews([{ text: x }, { text: y }]);
      const ab = align(a, b);
      const ba = align(b, a);
      spanKinds(a, b, ab, ba, out, 0);
      const expected = [
        ...[FACET_WORDS, RESPONSE_WORDS, QUESTION_MARKERS].map(
          (words) => oneSidedWord(a, b, ab, words) || oneSidedWord(b, a, ba, words),
        ),
        greetingsOnly(a, b, ab) && greetingsOnly(b, a, ba),
      ].map(Number);
      expect([...out.subarray(0, 4)], `${x} | ${y}`).toEqual(expected);
      expected.forEach((e, k) => {
        fired[k] += e;
      });
    }
    // Not vacuous: each feature fires on some pairs and not on all.
    for (const n of fired) {
      expect(n).toBeGreaterThan(20);
      expect(n).toBeLessThan(texts.length / 2);
    }
  });
});
