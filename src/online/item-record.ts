/**
 * One item as the shared store keeps it in Redis: its id, its texts and three numbers, not its
 * features. Shingles, tokens and band hashes are a pure function of the text and the index's
 * parameters (which every process sharing the index must have alike), so a reader recomputes
 * them; that keeps a headline's record near 60 bytes where its features take 500.
 *
 * Layout: u16 big-endian id length and the id (first, so the store's Lua scripts can read it), a
 * varint length and the title, a varint length and the body, a flags byte, then time, date and
 * seq: each a varint when it is a whole number ≥ 0 (the usual case: epoch ms and µs), else an f64.
 * The date is left out when it is missing (NaN) or equals the time (an item dated by itself).
 */
import { NeardupError } from '../errors.js';

/** What a record holds; the rest of a StoredItem is recomputed from the texts. */
export interface ItemRecord {
  id: string;
  text: string;
  bodyText: string;
  time: number;
  date: number;
  seq: number;
}

const NO_DATE = 1;
const DATE_IS_TIME = 2;
const TIME_F64 = 4;
const DATE_F64 = 8;
const SEQ_F64 = 16;

// -0 is not whole here: a varint would read it back as 0.
const whole = (x: number) => Number.isSafeInteger(x) && x >= 0 && !Object.is(x, -0);

function varintLength(x: number): number {
  let n = 1;
  while (x >= 128) {
    x = Math.floor(x / 128);
    n++;
  }
  return n;
}

function writeVarint(b: Buffer, at: number, x: number): number {
  // Division, not shifts: epoch µs exceed 32 bits.
  while (x >= 128) {
    b[at++] = (x % 128) | 128;
    x = Math.floor(x / 128);
  }
  b[at++] = x;
  return at;
}

/** The record's bytes. */
export function encodeRecord(r: ItemRecord): Buffer {
  const id = Buffer.from(r.id, 'utf8');
  if (id.length > 0xffff)
    throw new NeardupError(
      'E_USAGE',
      `an item id of ${id.length} bytes is too long for the shared index (at most 65,535)`,
    );
  const text = Buffer.from(r.text, 'utf8');
  const body = Buffer.from(r.bodyText, 'utf8');
  let flags = 0;
  const nums: number[] = [];
  const num = (x: number, f64Flag: number) => {
    if (!whole(x)) flags |= f64Flag;
    nums.push(x);
  };
  num(r.time, TIME_F64);
  if (Number.isNaN(r.date)) flags |= NO_DATE;
  else if (r.date === r.time) flags |= DATE_IS_TIME;
  else num(r.date, DATE_F64);
  num(r.seq, SEQ_F64);
  const f64s = [TIME_F64, ...(flags & (NO_DATE | DATE_IS_TIME) ? [] : [DATE_F64]), SEQ_F64];
  let n =
    2 + id.length + varintLength(text.length) + text.length + varintLength(body.length) + body.length + 1;
  nums.forEach((x, k) => {
    n += flags & f64s[k] ? 8 : varintLength(x);
  });
  const b = Buffer.alloc(n);
  let at = b.writeUInt16BE(id.length, 0);
  at += id.copy(b, at);
  at = writeVarint(b, at, text.length);
  at += text.copy(b, at);
  at = writeVarint(b, at, body.length);
  at += body.copy(b, at);
  b[at++] = flags;
  nums.forEach((x, k) => {
    at = flags & f64s[k] ? b.writeDoubleLE(x, at) : writeVarint(b, at, x);
  });
  return b;
}

/** Reads a record written by `encodeRecord`. */
export function decodeRecord(b: Buffer): ItemRecord {
  let at = 0;
  const varint = () => {
    let x = 0;
    let scale = 1;
    for (;;) {
      const c = b[at++];
      x += (c & 127) * scale;
      if (c < 128) return x;
      scale *= 128;
    }
  };
  const num = (f64: boolean) => {
    if (!f64) return varint();
    const x = b.readDoubleLE(at);
    at += 8;
    return x;
  };
  const idLength = b.readUInt16BE(0);
  const id = b.toString('utf8', 2, 2 + idLength);
  at = 2 + idLength;
  const textLength = varint();
  const text = b.toString('utf8', at, at + textLength);
  at += textLength;
  const bodyLength = varint();
  const bodyText = b.toString('utf8', at, at + bodyLength);
  at += bodyLength;
  const flags = b[at++];
  const time = num((flags & TIME_F64) !== 0);
  const date = flags & NO_DATE ? Number.NaN : flags & DATE_IS_TIME ? time : num((flags & DATE_F64) !== 0);
  const seq = num((flags & SEQ_F64) !== 0);
  return { id, text, bodyText, time, date, seq };
}
