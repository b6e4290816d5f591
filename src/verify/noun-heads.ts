/**
 * Which two-character words end a noun phrase rather than a predicate, read from how a corpus
 * uses them. A Chinese noun phrase ends in its head, so words added at the tail of a short topic
 * that end in a noun name another thing (高考英语 / 高考英语作文: the essay), while words that end
 * in a predicate say what happens to the topic (回廊亭 / 回廊亭上映: the film itself). In a corpus,
 * nouns follow the attributive particle 的 (…的作文) and predicates take an aspect particle after
 * them (上映了, 上线了). The bundled set (`data/noun-heads.bin`, built by `npm run build-noun-heads`
 * from the 1M-headline corpus) keeps each Han bigram seen after 的 in more distinct headlines than
 * before 了, 着 or 过.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NeardupError } from '../errors.js';
import { DATA_DIR } from './corpus-stats.js';

export const NOUN_HEADS_FILE = 'noun-heads.bin';
const MAGIC = 0x484e444e; // 'NDNH' read little-endian
const VERSION = 1;
const HEADER_BYTES = 12;

/** The key of a bigram of two BMP characters. */
export const bigramKey = (first: number, second: number) => ((first << 16) | second) >>> 0;

/**
 * The set as bytes: magic, version and count (little-endian u32 each), then the sorted keys.
 * @example decodeNounHeads(encodeNounHeads(Uint32Array.of(1, 2))) // Uint32Array [1, 2]
 */
export function encodeNounHeads(keys: Uint32Array): Uint8Array {
  const out = new Uint8Array(HEADER_BYTES + keys.length * 4);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, MAGIC, true);
  dv.setUint32(4, VERSION, true);
  dv.setUint32(8, keys.length, true);
  for (let i = 0; i < keys.length; i++) dv.setUint32(HEADER_BYTES + i * 4, keys[i], true);
  return out;
}

export function decodeNounHeads(bytes: Uint8Array): Uint32Array {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < HEADER_BYTES || dv.getUint32(0, true) !== MAGIC)
    throw new Error(
      `${NOUN_HEADS_FILE} is not a noun-head table: rebuild it with \`npm run build-noun-heads\``,
    );
  if (dv.getUint32(4, true) !== VERSION)
    throw new Error(
      `${NOUN_HEADS_FILE} has version ${dv.getUint32(4, true)}, this build reads ${VERSION}: rebuild it with \`npm run build-noun-heads\``,
    );
  const n = dv.getUint32(8, true);
  if (bytes.byteLength !== HEADER_BYTES + n * 4)
    throw new Error(`${NOUN_HEADS_FILE} is cut short: rebuild it with \`npm run build-noun-heads\``);
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = dv.getUint32(HEADER_BYTES + i * 4, true);
  return keys;
}

let bundled: Uint32Array | undefined;

/**
 * The keys in a file. Asked for only by a decision that reads nounExtension, which without them
 * would silently remove what it should keep: a missing file is an error.
 */
export function loadNounHeads(path: string): Uint32Array {
  if (!existsSync(path))
    throw new NeardupError(
      'E_IO',
      `${path} is missing: the decision's nounExtension veto reads it. Reinstall neardup, or rebuild it with \`npm run build-noun-heads\` in a checkout with ../shared/data`,
    );
  return decodeNounHeads(readFileSync(path));
}

/** The bundled keys, read once per thread. */
function nounHeads(): Uint32Array {
  bundled ??= loadNounHeads(join(DATA_DIR, NOUN_HEADS_FILE));
  return bundled;
}

/**
 * Whether the bigram (first, second) ends a noun phrase by the bundled corpus counts.
 * @example isNounHead(0x4f5c, 0x6587) // 作文: true; 上映 (0x4e0a, 0x6620): false
 */
export function isNounHead(first: number, second: number): boolean {
  const keys = nounHeads();
  const k = bigramKey(first, second);
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo < keys.length && keys[lo] === k;
}
