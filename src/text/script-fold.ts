/**
 * Traditional → Simplified folding, one character at a time, from OpenCC's dictionaries as
 * shipped by opencc-js. Character level on purpose: dedup only needs both scripts to land on the
 * same shingles, and a table lookup per code point costs nothing next to OpenCC's phrase trie.
 * Regional variants (台灣 偽 → 僞) are mapped to the standard Traditional form first.
 */
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';

let bmp: Uint32Array | undefined;
let astral: Map<number, number> | undefined;

function parseDict(dict: string, into: Map<number, number>): void {
  for (const entry of dict.split('|')) {
    const [from, to] = entry.split(' ');
    if (!from || !to) continue;
    const f = from.codePointAt(0)!;
    const t = to.codePointAt(0)!;
    // Only single characters on both sides; phrase entries do not belong in a char map.
    if (String.fromCodePoint(f) !== from || String.fromCodePoint(t) !== to) continue;
    into.set(f, t);
  }
}

function build(): void {
  const variants = new Map<number, number>();
  parseDict(TWVariantsRev, variants);
  parseDict(HKVariantsRev, variants);
  const ts = new Map<number, number>();
  parseDict(TSCharacters, ts);
  bmp = new Uint32Array(0x10000);
  astral = new Map();
  const keys = new Set([...variants.keys(), ...ts.keys()]);
  const target = (k: number) => {
    const std = variants.get(k) ?? k;
    return ts.get(std) ?? std;
  };
  // A character that is the Simplified form of another stays as it is: OpenCC also maps it on
  // (么 → 幺, for a Traditional text that writes 幺 as 么), but in Simplified text it is itself —
  // the 么 of 什么 and 怎么 — and folding it would show 什幺 to readers and hide the question
  // words the decision looks for.
  const simplified = new Set<number>();
  for (const k of keys) if (target(k) !== k) simplified.add(target(k));
  for (const k of keys) {
    const simp = target(k);
    if (simp === k || simplified.has(k)) continue;
    if (k < 0x10000) bmp[k] = simp;
    else astral.set(k, simp);
  }
}

/** The Simplified form of one code point (the code point itself when it has none). */
export function foldCodePoint(cp: number): number {
  if (bmp === undefined) build();
  if (cp < 0x10000) return bmp![cp] || cp;
  return astral!.get(cp) ?? cp;
}

/**
 * Folds a string to Simplified characters.
 * @example foldScript('膠東經濟圈') // '胶东经济圈'
 */
export function foldScript(s: string): string {
  let out = '';
  for (const ch of s) out += String.fromCodePoint(foldCodePoint(ch.codePointAt(0)!));
  return out;
}
