/**
 * Arrival stamps for indexed items: ties in similarity go to the item that arrived first, as
 * batch star clustering gives them to the item earlier in its walk. Whole microseconds on this
 * process's clock (exact in a double until the year 2255), strictly increasing within a process
 * and roughly comparable between processes on one machine.
 */
let last = 0;

/** @example arrival() < arrival() // true */
export function arrival(): number {
  last = Math.max(Math.floor((performance.timeOrigin + performance.now()) * 1000), last + 1);
  return last;
}
