/**
 * JSON written straight into byte buffers: fixed ASCII parts, whole numbers and doubles, for the
 * outputs that write a line per cluster or per record without making a string for each.
 */

/** A number as JSON writes it (`null` for what JSON has no number for). */
export function jsonNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/** ASCII text as bytes, for the fixed parts of a line (a cluster's, an annotation's). */
export const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Copies bytes into buf at `at`; returns the end (a loop: the parts are a few bytes long). */
export function put(buf: Buffer, at: number, bytes: Uint8Array): number {
  for (let j = 0; j < bytes.length; j++) buf[at++] = bytes[j];
  return at;
}

/**
 * Numbers as JSON writes them, their bytes remembered for the values of four decimals that
 * similarities are rounded to (see round4): formatting a double is the dearest step of a cluster
 * line, and a million members share at most 10,001 such values. Any other value is formatted as
 * it comes.
 */
class NumberBytes {
  readonly #bytes: (Uint8Array | undefined)[] = new Array(10_001);

  /** Writes x into buf at `at`; returns the end. */
  write(buf: Buffer, at: number, x: number): number {
    const q = Math.round(x * 10_000);
    // Only a value that is exactly q / 10⁴ shares its text with the table's.
    if (q >= 0 && q <= 10_000 && q / 10_000 === x) return put(buf, at, (this.#bytes[q] ??= ascii(String(x))));
    return at + buf.write(jsonNumber(x), at, 'latin1');
  }
}

export const numberBytes = new NumberBytes();

/** Writes a whole number ≥ 0 in decimal; returns the end. */
export function writeUint(buf: Buffer, at: number, n: number): number {
  let digits = 1;
  for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
  for (let j = at + digits - 1, m = n; j >= at; j--, m = Math.floor(m / 10)) buf[j] = 0x30 + (m % 10);
  return at + digits;
}
