/**
 * A heuristic kind for a labelled pair, from where its texts differ (after NFKC, lower case,
 * letters and digits only): one contains the other (words added), or the shared head and tail
 * leave a differing span at the head, in the middle or at the tail, or little is shared in place
 * (a rephrasing). For reading the errors that are left, not for deciding.
 */
import type { AuditRow } from './audit.js';

const normal = (s: string) =>
  [...s.normalize('NFKC').toLowerCase()].filter((c) => /[\p{L}\p{N}]/u.test(c)).join('');

export function errorKindOf(row: Pick<AuditRow, 'a' | 'b'>): string {
  let a = [...normal(row.a)];
  let b = [...normal(row.b)];
  if (a.length > b.length) [a, b] = [b, a];
  const sa = a.join('');
  const sb = b.join('');
  if (sb.includes(sa)) {
    if (sb.startsWith(sa)) return 'words added at the tail';
    if (sb.endsWith(sa)) return 'words added at the head';
    return 'words added around';
  }
  let head = 0;
  while (head < a.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  if (head + tail < a.length / 2) return 'rephrased (little shared in place)';
  if (head === 0) return 'head replaced (another subject)';
  if (tail === 0) return 'tail replaced (rephrased or follow-up)';
  return 'middle replaced (another entity, round or session)';
}
