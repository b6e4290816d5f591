/**
 * Slow, obvious oracles: string shingles via natural's NGrams over the tokeniser's tokens, Set-based
 * Jaccard, and brute-force all-pairs clustering by breadth-first search.
 */
import natural from 'natural';
import { tokenize } from '../../src/text/tokenize.js';

export function stringShingles(text: string, n: number, foldScript = true, stripTags = true): Set<string> {
  const tokens = tokenize(text, { foldScript, stripTags });
  if (tokens.length === 0) return new Set();
  if (tokens.length < n) return new Set([tokens.join('\u0001')]);
  return new Set(natural.NGrams.ngrams(tokens, n).map((g: string[]) => g.join('\u0001')));
}

export function setJaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Connected components of the graph "Jaccard ≥ t" over string shingles (size ≥ 2). */
export function bruteForceClusters(texts: readonly string[], n: number, t: number): number[][] {
  const sets = texts.map((s) => stringShingles(s, n, true, true));
  return bruteForceComponents(texts.length, (i, j) => setJaccard(sets[i], sets[j]) >= t);
}

/** Connected components of the graph whose edges are the pairs with isDuplicate(i, j), all pairs tried. */
export function bruteForceComponents(count: number, isDuplicate: (i: number, j: number) => boolean): number[][] {
  const texts = { length: count };
  const adj: number[][] = Array.from({ length: count }, () => []);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (isDuplicate(i, j)) {
        adj[i].push(j);
        adj[j].push(i);
      }
    }
  }
  const seen = new Uint8Array(texts.length);
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i++) {
    if (seen[i] || adj[i].length === 0) continue;
    const comp = [i];
    seen[i] = 1;
    for (let k = 0; k < comp.length; k++) {
      for (const j of adj[comp[k]]) if (!seen[j]) (seen[j] = 1), comp.push(j);
    }
    out.push(comp.sort((a, b) => a - b));
  }
  return out.sort((a, b) => a[0] - b[0]);
}
