/**
 * One stored item as bytes (for Redis values): u32 id length, id, u32 root length, root,
 * f64 time, f64 date, then u32-prefixed u32 arrays of shingles, tokens, body shingles and band
 * hashes, then f64 seq (arrival order). Items written before seq existed end after the band
 * hashes; they read as having arrived at their time.
 */
import type { StoredItem } from './item-features.js';

export function encodeItem(it: StoredItem): Buffer {
  const id = Buffer.from(it.id, 'utf8');
  const root = Buffer.from(it.root, 'utf8');
  const n =
    4 +
    id.length +
    4 +
    root.length +
    16 +
    16 +
    4 * (it.shingles.length + it.tokens.length + it.body.length + it.bands.length) +
    8;
  const b = Buffer.alloc(n);
  let at = 0;
  at = b.writeUInt32LE(id.length, at);
  at += id.copy(b, at);
  at = b.writeUInt32LE(root.length, at);
  at += root.copy(b, at);
  at = b.writeDoubleLE(it.time, at);
  at = b.writeDoubleLE(it.date, at);
  for (const a of [it.shingles, it.tokens, it.body, it.bands]) {
    at = b.writeUInt32LE(a.length, at);
    for (let k = 0; k < a.length; k++) at = b.writeUInt32LE(a[k], at);
  }
  b.writeDoubleLE(it.seq, at);
  return b;
}

export function decodeItem(b: Buffer): StoredItem {
  let at = 0;
  const str = () => {
    const n = b.readUInt32LE(at);
    const s = b.toString('utf8', at + 4, at + 4 + n);
    at += 4 + n;
    return s;
  };
  const arr = () => {
    const n = b.readUInt32LE(at);
    at += 4;
    const out = new Uint32Array(n);
    for (let k = 0; k < n; k++, at += 4) out[k] = b.readUInt32LE(at);
    return out;
  };
  const id = str();
  const root = str();
  const time = b.readDoubleLE(at);
  const date = b.readDoubleLE(at + 8);
  at += 16;
  const item = {
    id,
    root,
    time,
    date,
    shingles: arr(),
    tokens: arr(),
    body: arr(),
    bands: arr(),
    seq: time * 1000,
  };
  if (at + 8 <= b.length) item.seq = b.readDoubleLE(at);
  return item;
}
