/**
 * Numbers as people read them in the CLI's and the report's text: `2,067`, as
 * `toLocaleString('en-US')` writes them. Whole numbers are grouped here: the first use of Intl's
 * number formatting loads its locale data, about 15 ms of every run that prints a count (the
 * help text of `dedup` prints one).
 */

/**
 * `n` with en-US thousands separators (a number with a fraction goes to `toLocaleString`).
 * @example thousands(1234567) // '1,234,567'
 */
export function thousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) {
    const part = digits.slice(Math.max(0, end - 3), end);
    out = out === '' ? part : `${part},${out}`;
  }
  return n < 0 || Object.is(n, -0) ? `-${out}` : out;
}
