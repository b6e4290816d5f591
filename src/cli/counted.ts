/**
 * Counts in words for the CLI's summaries: "1 cluster", "2 clusters", "1,234 records". A summary
 * that says "1 clusters" reads as a bug in everything around it.
 */
import { thousands } from '../text/thousands.js';

/**
 * `n` with thousands separators and the noun that agrees with it.
 * @example counted(1, 'cluster') // '1 cluster'
 * @example counted(2067, 'record') // '2,067 records'
 * @example counted(1, 'record repeats', 'records repeat') // '1 record repeats'
 */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${thousands(n)} ${n === 1 ? singular : plural}`;
}
