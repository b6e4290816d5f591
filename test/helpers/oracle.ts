/**
 * Slow, obvious oracles: string shingles via natural's NGrams over the tokeniser's tokens, Set-based
 * Jaccard, and brute-force all-pairs clustering by breadth-first search.
 */
import natural from 'natural';
import { tokenize } from '../../src/text/tokenize.js';

export function stringShingles(text: string, n: number, foldScript = true): Set<string> {
  const tokens = tokenize(text, { foldScript });
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

/** Connected components of the graph "Jaccard ≥ t", as sorted lists of indices (size ≥ 2). */
export function bruteForceClusters(texts: readonly string[], n: number, t: number): number[][] {
  const sets = texts.map((s) => stringShingles(s, n));
  const adj: number[][] = texts.map(() => []);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      if (setJaccard(sets[i], sets[j]) >= t) {
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
