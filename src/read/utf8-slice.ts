/**
 * Decoding byte ranges of a buffer as UTF-8, one call per wanted field. `buf.toString('utf8',
 * from, to)` checks its arguments and then calls Buffer's own `utf8Slice(from, to)`; at one call
 * per title the checks cost as much as the read saves, so the JSONL reader calls `utf8Slice`
 * directly. It is undocumented, so it is fenced: used only when this Node has it and it decodes a
 * probe exactly as `toString` does, else `toString('utf8', from, to)` — the same strings, a little
 * slower. `test/utf8-slice.test.ts` checks both paths on every Node the project supports.
 */

type WithUtf8Slice = Buffer & { utf8Slice?: (from: number, to: number) => string };

/** Whether Buffer's internal `utf8Slice` exists here and decodes as `toString('utf8', …)` does. */
export const HAS_UTF8_SLICE: boolean = (() => {
  const probe = Buffer.from('a标题é\u{1F600}z', 'utf8') as WithUtf8Slice;
  if (typeof probe.utf8Slice !== 'function') return false;
  try {
    return (
      probe.utf8Slice(1, probe.length - 1) === probe.toString('utf8', 1, probe.length - 1) &&
      probe.utf8Slice(0, 0) === ''
    );
  } catch {
    return false;
  }
})();

/**
 * A decoder of `buf`'s byte ranges (`from` and `to` within the buffer, as the caller guarantees).
 * @example utf8Slicer(Buffer.from('x标题'))(1, 7) // '标题'
 */
export function utf8Slicer(buf: Buffer, fast = HAS_UTF8_SLICE): (from: number, to: number) => string {
  const b = buf as WithUtf8Slice;
  if (fast && b.utf8Slice) {
    const slice = b.utf8Slice;
    return (from, to) => slice.call(b, from, to);
  }
  return (from, to) => b.toString('utf8', from, to);
}
