/**
 * Corpora for the frame and template tests: built and counted as dedup builds them (one batch,
 * counted as it is appended), and headlines of one template frame with seeded slots.
 */
import { prepareParams } from '../../src/engine/dedup.js';
import { countBatch, newSketchCells, sketchFromCells } from '../../src/link/corpus-df.js';
import { resolveOptions } from '../../src/options/options.js';
import { runBatch } from '../../src/prepare/batch-task.js';
import { CorpusBuilder, type Corpus } from '../../src/prepare/corpus.js';
import { parseDate } from '../../src/read/dates.js';
import type { DfSketch } from '../../src/verify/corpus-stats.js';

/** A corpus and its counts, built as dedup builds them (in shared memory, as on a pool, with `shared`). */
export function buildCounted(
  texts: readonly string[],
  dates?: readonly (string | undefined)[],
  shared = false,
): { c: Corpus; df: DfSketch } {
  const o = resolveOptions();
  const builder = new CorpusBuilder(o.bands, shared, 0);
  const cells = newSketchCells(false, false);
  const { batch } = runBatch({ kind: 'texts', texts: [...texts] }, prepareParams(o));
  countBatch(cells, batch);
  builder.append(
    batch,
    texts.map((_, i) => String(i)),
    texts.map((_, i) => parseDate(dates?.[i])),
  );
  const c = builder.build();
  return { c, df: sketchFromCells(c, cells) };
}

/**
 * Headlines of one frame (`民间故事：`) and two seeded characters from the first `alphabet` CJK
 * characters: a small alphabet makes slots repeat, so headlines share their first character
 * with n / alphabet others.
 */
export function templateTitles(n: number, alphabet = 300, seed = 32): string[] {
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  return Array.from(
    { length: n },
    () =>
      `民间故事：${String.fromCharCode(0x4e00 + (next() % alphabet))}${String.fromCharCode(0x4e00 + (next() % alphabet))}`,
  );
}

/**
 * Headlines of a long frame filled with two or three words of a small vocabulary: fills share
 * words in every proportion, so pairs of them are left out, kept, or one inside the other. One
 * in five adds fourteen rare characters to two words: longer than the frame, its headline is no
 * template headline, and it shares a bucket and its first words with template headlines.
 */
export function wordFills(n: number, seed = 7): string[] {
  const words = [
    '北京',
    '上海',
    '广州',
    '深圳',
    '上涨',
    '下跌',
    '汽油',
    '柴油',
    '九二',
    '九五',
    '明天',
    '今晚',
  ];
  let s = seed;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s >>> 8;
  };
  return Array.from({ length: n }, () => {
    const kind = next() % 5;
    let fill = '';
    for (let k = 0; k < (kind < 2 ? 2 : kind < 4 ? 3 : 2); k++) fill += words[next() % words.length];
    if (kind === 4) for (let k = 0; k < 14; k++) fill += String.fromCharCode(0x5000 + (next() % 5000));
    return `今日国内油价调整最新消息：${fill}`;
  });
}

/** The edges (or possible pairs) of a link run as "x y" strings. */
export function pairSet(words: Uint32Array): Set<string> {
  const out = new Set<string>();
  for (let k = 0; k < words.length; k += 3) out.add(`${words[k]} ${words[k + 1]}`);
  return out;
}
