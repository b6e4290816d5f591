/**
 * Dates of items: anything a feed might put in a date field, to epoch milliseconds.
 */

/** Milliseconds in a day: date windows are given in days, dates are epoch milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * Epoch milliseconds of a date field, NaN when absent or unreadable. Strings are ISO 8601 or
 * anything Date.parse reads, or compact YYYYMMDD (as in 新闻联播 listings); numbers are epoch ms.
 * @example parseDate('20240226') === Date.UTC(2024, 1, 26)
 */
export function parseDate(value: unknown): number {
  if (value === undefined || value === null || value === '') return NaN;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
    return compact ? Date.UTC(+compact[1], +compact[2] - 1, +compact[3]) : Date.parse(value);
  }
  return NaN;
}
