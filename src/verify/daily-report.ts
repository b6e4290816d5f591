/**
 * Daily reports: a headline that counts what is new today (新增, 日增, 单日) or that is anchored to
 * its own day (今日, 昨天, 明天 …) is one day's report. The same words on another day are the next
 * report — 河北新增14例本土确诊 on 01-05 and on 01-09 are two updates — so for them the date-gap
 * rule's window shrinks to one day (a day's slack for feeds that publish across midnight).
 */
import type { ItemView } from './item-view.js';

export const DAILY_WINDOW_DAYS = 1;

/** Words that make a headline one day's report. */
export const DAILY_MARKERS: readonly string[] = [
  '新增',
  '日增',
  '单日',
  '今日',
  '今天',
  '今晨',
  '今晚',
  '昨日',
  '昨天',
  '昨晚',
  '明日',
  '明天',
];
/** Marker pairs as first code point → second code points. */
const FOLLOWERS = new Map<number, Set<number>>();
for (const m of DAILY_MARKERS) {
  const [first, second] = [...m].map((c) => c.codePointAt(0)!);
  if (!FOLLOWERS.has(first)) FOLLOWERS.set(first, new Set());
  FOLLOWERS.get(first)!.add(second);
}
/**
 * The markers' first characters as bits over the Basic Multilingual Plane (8 KB): the scan looks
 * up a map only at one of them, where a lookup at every token was most of its cost.
 */
const FIRST_BITS = new Int32Array(0x10000 >>> 5);
for (const first of FOLLOWERS.keys()) FIRST_BITS[first >>> 5] |= 1 << (first & 31);

/** True when tokens[from..to) contain a daily-report marker. */
export function reportsDay(tokens: ArrayLike<number>, from: number, to: number): boolean {
  for (let k = from; k + 1 < to; k++) {
    const t = tokens[k];
    // Token ids beyond the BMP (words, rare characters) start no marker.
    if (t > 0xffff || ((FIRST_BITS[t >>> 5] >>> (t & 31)) & 1) === 0) continue;
    if (FOLLOWERS.get(t)!.has(tokens[k + 1])) return true;
  }
  return false;
}

/**
 * The date-gap window in days for a pair: one day when both are daily reports. (Both, not either:
 * then a text's copies can be split on its own window — see `joinExactDuplicates` — and any pair
 * it is in has a window at least that wide, which keeps the split exact.)
 */
export function pairWindowDays(a: ItemView, b: ItemView, windowDays: number): number {
  if (windowDays <= DAILY_WINDOW_DAYS) return windowDays;
  // A view against itself (a text's own copies, see joinExactDuplicates) is scanned once.
  return reportsDay(a.tokens, a.tFrom, a.tTo) && (a === b || reportsDay(b.tokens, b.tFrom, b.tTo))
    ? DAILY_WINDOW_DAYS
    : windowDays;
}
