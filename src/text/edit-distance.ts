/**
 * Levenshtein distance, for "did you mean …?" suggestions: a misspelt field name or option is
 * answered with the closest name there is. Names are short, so one row of the table suffices.
 */

/**
 * The number of single-character insertions, deletions and substitutions that turn `a` into `b`.
 * @example editDistance('threshhold', 'threshold') // 1
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}
