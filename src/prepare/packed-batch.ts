/**
 * A prepared batch in the form the corpus stores it: tokens packed into 16-bit units and band
 * hashes into band-major 24-bit keys (see token-column.ts and corpus.ts). Packing where the batch
 * was prepared, on a worker, leaves the main thread a copy per column instead of a loop per item,
 * and sends a quarter less over the thread boundary.
 */
import { packBandKeys } from './corpus.js';
import { GrowableU16 } from './growable.js';
import type { PreparedBatch } from './prepare.js';
import { packTokens } from './token-column.js';

export interface PackedBatch {
  count: number;
  /** As in PreparedBatch: item i's shingles are shingles[shingleOffsets[i] .. shingleOffsets[i+1]). */
  shingleOffsets: Uint32Array;
  shingles: Uint32Array;
  /** Item i's packed tokens end at tokenEnds[i] (and start where item i-1's end, or at 0). */
  tokenEnds: Uint32Array;
  tokens: Uint16Array;
  /** Band-major 24-bit band keys, 3 bytes each. */
  bandKeys: Uint8Array;
  setHashes: Uint32Array;
  textLengths: Uint32Array;
  bodies?: { shingleOffsets: Uint32Array; shingles: Uint32Array; bandKeys: Uint8Array };
}

/**
 * Packs a prepared batch for the corpus.
 * @example packBatch(prepareBatch(['标题'], params), params.bands, 0).tokens.length // 2
 */
export function packBatch(batch: PreparedBatch, bands: number, bodyBands: number): PackedBatch {
  const tokens = new GrowableU16(Math.max(16, batch.tokens.length), false);
  const tokenEnds = new Uint32Array(batch.count);
  const to = batch.tokenOffsets;
  for (let i = 0; i < batch.count; i++) tokenEnds[i] = packTokens(batch.tokens, to[i], to[i + 1], tokens);
  const b = batch.bodies;
  return {
    count: batch.count,
    shingleOffsets: batch.shingleOffsets,
    shingles: batch.shingles,
    tokenEnds,
    tokens: tokens.trimmed(),
    bandKeys: packBandKeys(batch.bandHashes, bands),
    setHashes: batch.setHashes,
    textLengths: batch.textLengths,
    bodies: b && {
      shingleOffsets: b.shingleOffsets,
      shingles: b.shingles,
      bandKeys: packBandKeys(b.bandHashes, bodyBands),
    },
  };
}

/** The buffers of a packed batch, for moving it between threads without a copy. */
export function packedBuffers(p: PackedBatch): ArrayBuffer[] {
  const arrays: ArrayBufferView[] = [
    p.shingleOffsets,
    p.shingles,
    p.tokenEnds,
    p.tokens,
    p.bandKeys,
    p.setHashes,
    p.textLengths,
  ];
  if (p.bodies) arrays.push(p.bodies.shingleOffsets, p.bodies.shingles, p.bodies.bandKeys);
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
