/**
 * The compact corpus columns against plain arrays: packed tokens unpack to what was packed, band
 * keys keep their low 24 bits, and the radix sort on 24-bit keys orders like Array.sort.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gatherBand, packBandKeys } from '../src/prepare/corpus.js';
import { RadixScratch, radixSortPairs, radixSortScratch } from '../src/link/radix-sort.js';
import { RepeatedKeys } from '../src/link/repeated-keys.js';
import { GrowableU16 } from '../src/prepare/growable.js';
import { ChunkedColumn } from '../src/prepare/chunked-column.js';
import { packTokens, TokenReader } from '../src/prepare/token-column.js';
import { packBatch } from '../src/prepare/packed-batch.js';
import { IdColumn, packIds } from '../src/prepare/id-column.js';
import { findRepeatedIds } from '../src/cluster/duplicate-ids.js';
import { prepareBatch } from '../src/prepare/prepare.js';

const tokenId = fc.oneof(
  fc.integer({ min: 0x4e00, max: 0x9fff }), // CJK
  fc.integer({ min: 0x20000, max: 0x2a6df }), // beyond the BMP
  fc.integer({ min: 0x80000000, max: 0xffffffff }), // word ids (top bits 10, 11)
  fc.integer({ min: 0xd800, max: 0xdfff }), // never a token, but must survive anyway
);

describe('compact corpus columns', () => {
  it('a chunked column takes what was appended, in order, rebased, across chunks and batches larger than one', () => {
    // Batches around the chunk size (2^20 values) leave chunks with room and need chunks of their own.
    const sizes = [3, 0, (1 << 20) - 5, 7, (1 << 20) + 9, 1, 2 << 20, 4];
    for (const shared of [false, true]) {
      const column = new ChunkedColumn(Uint32Array, shared);
      const expected: number[] = [];
      let next = 0;
      sizes.forEach((n, b) => {
        const batch = Uint32Array.from({ length: n }, () => next++ % 65_521);
        const add = b % 2 === 0 ? 0 : 1000 * b;
        // Half the batches rebased (as offsets are), one appended in part.
        const count = b === 3 ? n - 2 : n;
        column.append(batch, add, count);
        for (let i = 0; i < count; i++) expected.push(batch[i] + add);
      });
      expect(column.length).toBe(expected.length);
      const taken = column.take();
      expect(taken.length).toBe(expected.length);
      expect(taken.buffer instanceof SharedArrayBuffer).toBe(shared);
      let same = true;
      for (let i = 0; i < expected.length && same; i++) same = taken[i] === expected[i];
      expect(same).toBe(true);
      // Taken means emptied: the column starts again from nothing.
      expect(column.length).toBe(0);
      column.append(Uint32Array.of(5, 6));
      expect([...column.take()]).toEqual([5, 6]);
    }
  });

  it('property: tokens unpack to exactly what was packed, item by item', () => {
    fc.assert(
      fc.property(fc.array(fc.array(tokenId, { maxLength: 30 }), { maxLength: 40 }), (items) => {
        const column = new GrowableU16(4);
        const ends = items.map((t) => packTokens(Uint32Array.from(t), 0, t.length, column));
        const reader = new TokenReader();
        items.forEach((t, i) => {
          const n = reader.read(column.view(), i === 0 ? 0 : ends[i - 1], ends[i]);
          expect(Array.from(reader.tokens.subarray(0, n))).toEqual(t);
        });
      }),
    );
  });

  it('property: band keys are the low 24 bits of the band hashes, gathered across chunks', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 6, maxLength: 60 }),
        fc.boolean(),
        (raw, shared) => {
          const bands = 3;
          const hashes = Uint32Array.from(raw.slice(0, raw.length - (raw.length % bands)));
          const count = hashes.length / bands;
          const cut = Math.floor(count / 2);
          // As the corpus builder holds them: views into one slab, shared or not.
          const first = packBandKeys(hashes.subarray(0, cut * bands), bands);
          const second = packBandKeys(hashes.subarray(cut * bands), bands);
          const slab = new Uint8Array(
            shared
              ? new SharedArrayBuffer(first.length + second.length)
              : new ArrayBuffer(first.length + second.length),
          );
          slab.set(first);
          slab.set(second, first.length);
          const chunks = [
            { first: 0, count: cut, hashes: slab.subarray(0, first.length) },
            { first: cut, count: count - cut, hashes: slab.subarray(first.length) },
          ];
          const items = Uint32Array.from({ length: count }, (_, i) => i);
          for (let band = 0; band < bands; band++) {
            const keys = new Uint32Array(count);
            gatherBand(chunks, bands, items, band, keys);
            expect(Array.from(keys)).toEqual(Array.from(items, (i) => hashes[i * bands + band] & 0xffffff));
          }
        },
      ),
    );
  });

  it('band keys are laid out band by band, three little-endian bytes each, for any count', () => {
    // Counts divisible by four are stored a word at a time; the others a byte at a time.
    for (const bands of [1, 3, 40]) {
      for (let count = 0; count <= 17; count++) {
        const hashes = Uint32Array.from({ length: count * bands }, (_, k) => Math.imul(k + 1, 2654435761));
        const expected = new Uint8Array(count * bands * 3);
        for (let band = 0; band < bands; band++)
          for (let i = 0; i < count; i++)
            for (let b = 0; b < 3; b++)
              expected[(band * count + i) * 3 + b] = (hashes[i * bands + band] >>> (8 * b)) & 0xff;
        expect(
          Buffer.from(packBandKeys(hashes, bands)).equals(Buffer.from(expected)),
          `${bands} × ${count}`,
        ).toBe(true);
      }
    }
  });

  it('property: the radix sort on 24-bit keys is a stable sort', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffff }), { maxLength: 70_000 }), (raw) => {
        const keys = Uint32Array.from(raw);
        const values = Uint32Array.from(raw, (_, i) => i);
        const sorted = radixSortPairs(keys, values, undefined, 24);
        const expected = raw.map((k, i) => [k, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        expect(Array.from(sorted.values)).toEqual(expected.map((e) => e[1]));
      }),
      { numRuns: 20 },
    );
  });

  it('the radix sort on 24-bit keys is a stable sort on a large input too (the 12-bit passes)', () => {
    let x = 12345;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) & 0xffffff;
    const raw = Array.from({ length: 100_000 }, () => next() & 0xfff0ff); // with repeats
    const sorted = radixSortPairs(
      Uint32Array.from(raw),
      Uint32Array.from(raw, (_, i) => i),
      undefined,
      24,
    );
    const expected = raw.map((k, i) => [k, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(Array.from(sorted.values)).toEqual(expected.map((e) => e[1]));
  });
});

describe('repeated band keys', () => {
  it('property: collect keeps exactly the entries whose key occurs twice or more (a Map of counts as oracle), each key’s in order, with their values', () => {
    fc.assert(
      fc.property(
        // Up to 24 bits: beyond 18, keys are split into partitions by their top bits. Keys are
        // drawn from a small pool as well as at random, so that wide keys repeat too.
        fc.integer({ min: 5, max: 24 }).chain((bits) => {
          const key = fc.integer({ min: 0, max: 2 ** bits - 1 });
          return fc.tuple(
            fc.constant(bits),
            fc.array(fc.oneof(key, fc.constantFrom(0, 2 ** bits - 1, 2 ** (bits - 1), 77 % 2 ** bits)), {
              maxLength: 3000,
            }),
            fc.boolean(),
          );
        }),
        ([bits, raw, withValues]) => {
          const keys = Uint32Array.from(raw);
          const values = withValues ? Uint32Array.from(raw, (_, k) => raw.length * 7 - k) : undefined;
          const counts = new Map<number, number>();
          for (const k of raw) counts.set(k, (counts.get(k) ?? 0) + 1);
          // Entries come grouped by partition, each key's in order: compared after a stable sort by key.
          const byKey = (a: number[], b: number[]) => a[0] - b[0];
          const expected = raw
            .flatMap((key, k) => (counts.get(key)! > 1 ? [[key, values ? values[k] : k]] : []))
            .sort(byKey);
          const repeated = new RepeatedKeys(bits);
          // Twice over the same bitsets: each call leaves them clear for the next.
          for (let round = 0; round < 2; round++) {
            const outKeys = new Uint32Array(raw.length);
            const outValues = new Uint32Array(raw.length);
            const m = repeated.collect(keys, keys.length, values, outKeys, outValues);
            expect(Array.from(outKeys.subarray(0, m), (key, j) => [key, outValues[j]]).sort(byKey)).toEqual(
              expected,
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sorting only what was collected in the scratch gives the stable sort of those entries', () => {
    let x = 99;
    const next = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) >>> 8;
    const raw = Array.from({ length: 200_000 }, (_, i) => (i % 3 === 0 ? 77 : next() & 0xfffff));
    const scratch = new RadixScratch(raw.length);
    const m = new RepeatedKeys(24).collect(
      Uint32Array.from(raw),
      raw.length,
      undefined,
      scratch.k1,
      scratch.v1,
    );
    const counts = new Map<number, number>();
    for (const k of raw) counts.set(k, (counts.get(k) ?? 0) + 1);
    const expected = raw
      .flatMap((k, i) => (counts.get(k)! > 1 ? [[k, i]] : []))
      .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    expect(m).toBe(expected.length);
    const sorted = radixSortScratch(m, scratch, 24);
    expect(Array.from(sorted.keys.subarray(0, m))).toEqual(expected.map((e) => e[0]));
    expect(Array.from(sorted.values.subarray(0, m))).toEqual(expected.map((e) => e[1]));
  });
});

describe('packed batches', () => {
  it('a packed batch unpacks to the prepared one: tokens item by item, band keys band-major in 24 bits', () => {
    const params = { ngram: 2, foldScript: true, seed: 1, stripTags: true, perms: 128, bands: 40, rows: 3 };
    const texts = ['芋丝酥在TikTok上走红', '𠮷野家新品', '', '院士奖学金 2024 年度名单', 'ＡＢＣ新闻'];
    const batch = prepareBatch(texts, params);
    const packed = packBatch(batch, params.bands, 0);
    const reader = new TokenReader();
    let from = 0;
    for (let i = 0; i < batch.count; i++) {
      const n = reader.read(packed.tokens, from, packed.tokenEnds[i]);
      expect(Array.from(reader.tokens.subarray(0, n))).toEqual(
        Array.from(batch.tokens.subarray(batch.tokenOffsets[i], batch.tokenOffsets[i + 1])),
      );
      from = packed.tokenEnds[i];
    }
    const keys = new Uint32Array(batch.count);
    for (let band = 0; band < params.bands; band++) {
      gatherBand(
        [{ first: 0, count: batch.count, hashes: packed.bandKeys }],
        params.bands,
        Uint32Array.from(texts.keys()),
        band,
        keys,
      );
      for (let i = 0; i < batch.count; i++)
        expect(keys[i]).toBe(batch.bandHashes[i * params.bands + band] & 0xffffff);
    }
    expect(packed.shingles).toBe(batch.shingles);
  });
});

describe('ids', () => {
  it('property: an id column returns every id, and repeated ids are those a Map finds, batches packed or not', () => {
    // A small alphabet so that ids repeat, within a batch and across batches.
    const id = fc.string({ unit: fc.constantFrom('a', 'b', '中', '🙂', '"'), maxLength: 3 });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.array(id, { maxLength: 12 }), fc.boolean()), { maxLength: 8 }),
        (batches) => {
          const column = new IdColumn();
          for (const [ids, packed] of batches) column.append(packed ? packIds(ids) : ids);
          const all = batches.flatMap(([ids]) => ids);
          expect(Array.from({ length: column.size }, (_, i) => column.get(i))).toEqual(all);
          const firstOf = new Map<string, number>();
          const expected: { index: number; first: number; id: string }[] = [];
          all.forEach((v, i) => {
            if (firstOf.has(v)) expected.push({ index: i, first: firstOf.get(v)!, id: v });
            else firstOf.set(v, i);
          });
          expect(findRepeatedIds(column)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
