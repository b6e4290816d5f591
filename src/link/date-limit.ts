/**
 * Date limits: how far apart in time the members of an edge's two groups (or of one group) may be
 * and still be duplicates, as one word per edge, so that clustering can check each member pair's
 * dates without deciding the pair again. Linking writes them; clustering reads them.
 */
import { DAILY_WINDOW_DAYS, pairWindowDays } from '../verify/daily-report.js';
import type { GapLimit } from '../verify/decide.js';
import type { ItemView } from '../verify/item-view.js';
import { DAY_MS } from '../read/dates.js';

/**
 * The largest date gap at which members of two groups (or of one) are still duplicates, as one
 * word: none (0: no date-gap veto, or not a title decision), the rule's window (1), a daily
 * report's one day (2; see daily-report.ts), or from LIMIT_MS on a gap of
 * (code − LIMIT_MS) ms inside the window, where the learned decision weighs the gap as evidence
 * and stops accepting a pair before the window does (see GapLimit in decide.ts).
 */
export type DateLimit = number;
export const LIMIT_NONE = 0;
export const LIMIT_WINDOW = 1;
export const LIMIT_DAILY = 2;
export const LIMIT_MS = 3;
/** The widest window whose gaps a limit code can hold in whole ms. */
export const MAX_LIMIT_MS = 0xffffffff - LIMIT_MS;

/** The largest gap in ms a date limit allows, under the rule's window of `windowDays`. */
export function limitMs(code: DateLimit, windowDays: number): number {
  return code === LIMIT_NONE
    ? Infinity
    : code === LIMIT_WINDOW
      ? windowDays * DAY_MS
      : code === LIMIT_DAILY
        ? Math.min(windowDays, DAILY_WINDOW_DAYS) * DAY_MS
        : code - LIMIT_MS;
}

/**
 * Whether two members `gap` ms apart are within a limit: an undated member (NaN) is never
 * vetoed by date, as in `decide`.
 */
export function withinLimit(gap: number, code: DateLimit, windowDays: number): boolean {
  return code === LIMIT_NONE || !(gap > limitMs(code, windowDays));
}

/** The window's limit for a pair: the rule's, or one day for two daily reports. */
export function windowLimit(a: ItemView, b: ItemView, windowDays: number): DateLimit {
  if (windowDays === 0) return LIMIT_NONE;
  return pairWindowDays(a, b, windowDays) === windowDays ? LIMIT_WINDOW : LIMIT_DAILY;
}

/**
 * The date limit of a pair that `decide` accepted with a gap limit inside its window's (see
 * GapLimit): the window's code when the decision holds across it, else the gap in ms.
 */
export function decidedLimit(window: DateLimit, limit: GapLimit): DateLimit {
  return limit.ms >= limit.maxMs ? window : LIMIT_MS + limit.ms;
}
