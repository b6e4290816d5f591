/**
 * The online index's second tier: `check` answers a possible duplicate (not a duplicate: a pair
 * the learned decision scored from its possible-duplicate cut-off up, below the removal cut-off or
 * stopped for review by a veto) with the indexed item it most probably repeats, and adds the item
 * all the same. Replayed over the bundled dated slice, its answers are compared with batch
 * dedup's possibleOf.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedup, NearDupIndex } from '../src/index.js';
import { bundledModel } from '../src/verify/model.js';
import { nounExtensionOf } from './helpers/pair-features.js';
import { ROOT } from './helpers/shared-data.js';

describe('NearDupIndex check: possible duplicates', () => {
  it('answers possibleOf an earlier added item, with a probability from the possible cut-off (below the removal one unless stopped for review), and adds the item', async () => {
    const items = readFileSync(join(ROOT, 'data', 'headlines_dated.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; title: string; date: string })
      .map((h) => ({ id: h.id, text: h.title, date: h.date }));
    const model = bundledModel()!;
    const texts = new Map(items.map((i) => [i.id, i.text]));
    const index = new NearDupIndex();
    const added = new Set<string>();
    const possibleOnline = new Map<string, string>();
    for (const item of items) {
      const r = await index.check(item);
      if (r.duplicate) continue;
      if (r.possibleOf !== undefined) {
        expect(added.has(r.possibleOf)).toBe(true);
        expect(r.probability!).toBeGreaterThanOrEqual(Math.round(model.weights.possibleCutoff! * 1e4) / 1e4);
        // At the removal cut-off or above, only a veto that keeps the pair for review leaves it kept.
        if (r.probability! >= model.weights.cutoff)
          expect(
            nounExtensionOf(item.text, texts.get(r.possibleOf)!),
            `${item.text} / ${texts.get(r.possibleOf)}`,
          ).toBe(1);
        possibleOnline.set(item.id, r.possibleOf);
      }
      added.add(item.id);
    }
    expect(await index.size()).toBe(added.size);
    const batch = await dedup(items);
    const possibleBatch = new Map<string, string>();
    for (let i = 0; i < items.length; i++)
      if (batch.possibleOf[i] >= 0) possibleBatch.set(items[i].id, items[batch.possibleOf[i]].id);
    let same = 0;
    for (const [id, of] of possibleBatch) if (possibleOnline.get(id) === of) same++;
    console.log(
      `possible duplicates: batch ${possibleBatch.size}, online ${possibleOnline.size}, the same pointer ${same}`,
    );
    expect(possibleOnline.size).toBeGreaterThan(0);
    // The index weighs text by the arrivals so far, batch by the whole corpus: most agree.
    expect(same).toBeGreaterThanOrEqual(Math.floor(possibleBatch.size * 0.6));
  });
});
