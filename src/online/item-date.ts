/**
 * An online item's date, read strictly: a feed that sends "yesterday" or epoch seconds must hear
 * about it, not have the item filed at the wrong time (batch `dedup` reads the same fields
 * leniently, as its dates only veto pairs). And a date far in the future must not drag a
 * windowed index's clock along: one `9999-12-31` would evict everything else.
 */
import { NeardupError } from '../errors.js';
import { parseDate } from '../read/dates.js';
import { formatDuration } from './duration.js';

/**
 * Epoch milliseconds below this are before 3 March 1973; read as seconds they are any date up to
 * the year 5138. A news feed's number this small is epoch seconds.
 */
export const SECONDS_BELOW = 1e11;

/** How far past the wall clock an item's date may lie in a windowed index (clocks disagree, time zones slip). */
export const FUTURE_SLACK_MS = 86_400_000;

const shown = (value: unknown): string => {
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/**
 * Epoch ms of an item's date, NaN when it has none (undefined, null or ''); a NeardupError
 * `E_INPUT` when it has one that cannot be read, that can only be epoch seconds, or (with
 * `latest`, in a windowed index) that lies beyond `latest`.
 * @example itemDate('2024-05-01') // 1714521600000
 * @example itemDate(1714521600) // throws: epoch seconds? multiply by 1000
 */
export function itemDate(value: unknown, latest?: number): number {
  if (value === undefined || value === null || value === '') return Number.NaN;
  let ms: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      throw new NeardupError(
        'E_INPUT',
        `an item's date must be a finite number of epoch milliseconds; got ${value}`,
      );
    if (value > 0 && value < SECONDS_BELOW)
      throw new NeardupError(
        'E_INPUT',
        `an item's date ${value} would be epoch milliseconds in ${new Date(value).toISOString().slice(0, 10)}; it looks like epoch seconds: send ${value * 1000} (milliseconds) or an ISO 8601 date`,
      );
    // ±8.64e15 ms (±100,000,000 days) is as far as a JavaScript Date reaches.
    if (Math.abs(value) > 8.64e15)
      throw new NeardupError(
        'E_INPUT',
        `an item's date ${value} is no date (epoch milliseconds reach ±8.64e15); send epoch milliseconds or an ISO 8601 date`,
      );
    ms = value;
  } else if (typeof value === 'string' || value instanceof Date) {
    ms = parseDate(value);
    if (Number.isNaN(ms))
      throw new NeardupError(
        'E_INPUT',
        `an item's date ${shown(value)} cannot be read; send ISO 8601 (2024-05-01T08:00:00+08:00), YYYYMMDD or epoch milliseconds`,
      );
  } else {
    throw new NeardupError(
      'E_INPUT',
      `an item's date must be a string or a number; got ${Array.isArray(value) ? 'an array' : typeof value}`,
    );
  }
  if (latest !== undefined && ms > latest)
    throw new NeardupError(
      'E_INPUT',
      `an item's date ${new Date(ms).toISOString()} is more than ${formatDuration(FUTURE_SLACK_MS)} past this machine's clock (${new Date(latest - FUTURE_SLACK_MS).toISOString()}); a windowed index refuses it, as it would evict every item older than it`,
    );
  return ms;
}
