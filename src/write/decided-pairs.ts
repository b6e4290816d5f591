/**
 * `dedup --pairs FILE`: every pair the decision accepted or found a possible duplicate, one JSON
 * line each, in the form `neardup pairs` reads back: both texts as written (`a`, `b`), their ids
 * and dates, and the engine's evidence: similarity, probability (learned decision), rule, and
 * whether it is a duplicate or a possible one. Pairs are between representatives of groups of
 * identical items, as the link stage decides them; a group whose copies span several dates was
 * decided at its span, so re-deciding such a pair at the representatives' own dates may differ.
 */
import type { DedupResult } from '../engine/dedup.js';
import { round4 } from '../cluster/clusters.js';
import type { AtomicFile } from '../files/atomic-file.js';
import { collectTexts, type ReadBack } from '../read/collect-texts.js';

/**
 * Writes `result.pairs` (recorded with `recordPairs`) with their records' texts and dates, read
 * back from the input.
 * @example await writeDecidedPairs(result, input, file)
 */
export async function writeDecidedPairs(
  result: DedupResult,
  input: ReadBack,
  out: AtomicFile,
): Promise<void> {
  const pairs = result.pairs ?? [];
  const wanted = new Set(pairs.flatMap((p) => [p.a, p.b]));
  const { texts, dates } = await collectTexts(input, wanted);
  let buf = '';
  for (const p of pairs) {
    const line = {
      a: texts.get(p.a) ?? '',
      b: texts.get(p.b) ?? '',
      id_a: result.ids.get(p.a),
      id_b: result.ids.get(p.b),
      date_a: dates.get(p.a) ?? null,
      date_b: dates.get(p.b) ?? null,
      similarity: round4(p.similarity),
      ...(p.probability !== undefined && { probability: round4(p.probability) }),
      rule: p.rule,
      duplicate: p.duplicate,
      possible: !p.duplicate,
    };
    buf += `${JSON.stringify(line)}\n`;
    if (buf.length > 1 << 16) {
      await out.write(buf);
      buf = '';
    }
  }
  if (buf) await out.write(buf);
}
