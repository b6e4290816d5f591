/**
 * Tokens of every item, packed into 16-bit units: the rules read them only for candidate pairs
 * that pass the similarity check, while every item's tokens must be held, so they are stored at
 * half the size and unpacked on demand. Most tokens are CJK characters of the Basic Multilingual
 * Plane and take one unit; a Latin/digit word id or a character beyond the BMP takes three (an
 * escape unit from the surrogate range, which no token uses, then the high and low halves).
 */
import type { GrowableU16 } from './growable.js';

const ESCAPE = 0xd800;
const isEscaped = (v: number): boolean => v >= 0x10000 || (v >= 0xd800 && v < 0xe000);

/** Appends tokens[from..to) packed; returns the column's new length (the item's end offset). */
export function packTokens(tokens: Uint32Array, from: number, to: number, out: GrowableU16): number {
  out.reserve(3 * (to - from));
  const d = out.data;
  let n = out.length;
  for (let k = from; k < to; k++) {
    const v = tokens[k];
    if (isEscaped(v)) {
      d[n++] = ESCAPE;
      d[n++] = v >>> 16;
      d[n++] = v & 0xffff;
    } else d[n++] = v;
  }
  out.length = n;
  return n;
}

/** Unpacks packed[from..to) into a reusable buffer, as token ids. */
export class TokenReader {
  tokens = new Uint32Array(256);
  /** Unpacks and returns the token count (tokens are this.tokens[0..count)). */
  read(packed: Uint16Array, from: number, to: number): number {
    if (this.tokens.length < to - from) this.tokens = new Uint32Array(2 * (to - from));
    const t = this.tokens;
    let n = 0;
    for (let k = from; k < to; ) {
      const u = packed[k];
      if (u === ESCAPE) {
        t[n++] = ((packed[k + 1] << 16) | packed[k + 2]) >>> 0;
        k += 3;
      } else {
        t[n++] = u;
        k++;
      }
    }
    return n;
  }
}
