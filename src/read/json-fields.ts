/**
 * Reading the few fields a record needs from a JSONL line without building the line's object.
 * `JSON.parse` makes an object, a string per key and value, and garbage of all of it, for the two
 * or three values dedup reads: on the 1M headline corpus it was a fifth of a prepare worker's time.
 * The scanner here checks the whole line against JSON's grammar, so it accepts only lines that
 * JSON.parse accepts, and cuts out just the wanted values. Whatever it does not handle itself — a
 * key with an escape, a wanted value that is an object or an array, nesting deeper than
 * MAX_DEPTH, any error — makes it answer false, and the caller parses that line with JSON.parse
 * (which also words the error). A wanted string with escapes is decoded by JSON.parse of that
 * string alone. Tested against JSON.parse on generated and mutated lines.
 *
 * The scanner also reads raw UTF-8 bytes held as a one-byte (latin1) string, one character per
 * byte: every byte JSON's grammar looks at is ASCII, and no byte of a multi-byte character is. A
 * worker gets such a string from a chunk in a hundredth of the time that decoding it as UTF-8
 * takes, and decodes only the wanted values that are not ASCII (see `scan`'s `decode`).
 */

/** Nesting the scanner follows in values nobody reads; deeper lines go to JSON.parse. */
const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** Set by `stringEnd`: whether the string just scanned has an escape. */
let escaped = false;
/** Set by `stringEnd`: whether the string just scanned has a character beyond ASCII. */
let wide = false;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);
}

/** The first position from i that is not JSON whitespace (space, tab, CR, LF), or e. */
function skipSpace(s: string, i: number, e: number): number {
  while (i < e) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    i++;
  }
  return i;
}

/** Just past the string that opens at s[i] (a quote), or -1 when it is not a JSON string. */
function stringEnd(s: string, i: number, e: number): number {
  escaped = false;
  wide = false;
  for (i++; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      escaped = true;
      if (++i >= e) return -1;
      const d = s.charCodeAt(i);
      if (d === 0x75) {
        // \uXXXX: four hex digits, and room for the closing quote after them.
        if (i + 4 >= e) return -1;
        for (let k = 1; k <= 4; k++) if (!isHex(s.charCodeAt(i + k))) return -1;
        i += 4;
      } else if (
        d !== QUOTE &&
        d !== BACKSLASH &&
        d !== 0x2f &&
        d !== 0x62 &&
        d !== 0x66 &&
        d !== 0x6e &&
        d !== 0x72 &&
        d !== 0x74
      ) {
        return -1;
      }
    } else if (c < 0x20) {
      return -1; // a control character must be escaped
    } else if (c >= 0x80) {
      wide = true;
    }
  }
  return -1;
}

/** Just past the number at s[i] (JSON's grammar: no leading zeros, no bare dot), or -1. */
function numberEnd(s: string, i: number, e: number): number {
  if (i < e && s.charCodeAt(i) === 0x2d) i++;
  if (i >= e) return -1;
  const first = s.charCodeAt(i);
  if (first === 0x30) i++;
  else if (first >= 0x31 && first <= 0x39) while (i < e && isDigit(s.charCodeAt(i))) i++;
  else return -1;
  if (i < e && s.charCodeAt(i) === 0x2e) {
    const from = ++i;
    while (i < e && isDigit(s.charCodeAt(i))) i++;
    if (i === from) return -1;
  }
  if (i < e && (s.charCodeAt(i) | 0x20) === 0x65) {
    i++;
    if (i < e && (s.charCodeAt(i) === 0x2b || s.charCodeAt(i) === 0x2d)) i++;
    const from = i;
    while (i < e && isDigit(s.charCodeAt(i))) i++;
    if (i === from) return -1;
  }
  return i;
}

/** Just past the literal `word` at s[i], or -1. */
function literalEnd(s: string, i: number, e: number, word: string): number {
  return i + word.length <= e && s.startsWith(word, i) ? i + word.length : -1;
}

/** Just past the JSON value at s[i], or -1; `depth` counts the containers it is inside. */
function valueEnd(s: string, i: number, e: number, depth: number): number {
  if (i >= e) return -1;
  const c = s.charCodeAt(i);
  if (c === QUOTE) return stringEnd(s, i, e);
  if (c === OPEN_BRACE) return containerEnd(s, i, e, depth + 1, true);
  if (c === OPEN_BRACKET) return containerEnd(s, i, e, depth + 1, false);
  if (c === 0x74) return literalEnd(s, i, e, 'true');
  if (c === 0x66) return literalEnd(s, i, e, 'false');
  if (c === 0x6e) return literalEnd(s, i, e, 'null');
  return numberEnd(s, i, e);
}

/** Just past the object (`object`) or array that opens at s[i], or -1. */
function containerEnd(s: string, i: number, e: number, depth: number, object: boolean): number {
  if (depth > MAX_DEPTH) return -1;
  const close = object ? CLOSE_BRACE : CLOSE_BRACKET;
  i = skipSpace(s, i + 1, e);
  if (i < e && s.charCodeAt(i) === close) return i + 1;
  for (;;) {
    if (object) {
      if (i >= e || s.charCodeAt(i) !== QUOTE) return -1;
      i = stringEnd(s, i, e);
      if (i < 0) return -1;
      i = skipSpace(s, i, e);
      if (i >= e || s.charCodeAt(i) !== COLON) return -1;
      i = skipSpace(s, i + 1, e);
    }
    i = valueEnd(s, i, e, depth);
    if (i < 0) return -1;
    i = skipSpace(s, i, e);
    const c = i < e ? s.charCodeAt(i) : -1;
    if (c === close) return i + 1;
    if (c !== COMMA) return -1;
    i = skipSpace(s, i + 1, e);
  }
}

/**
 * A reusable scanner for one set of field names: after `scan` returns true, `values[k]` is the
 * value of `names[k]` in the line (a string, number, boolean or null), or undefined when the line
 * has no such key. Where a key repeats, the last value counts, as with JSON.parse.
 * @example const f = new FieldScanner(['title']); f.scan('{"title":"标题"}', 0, 14); f.values[0] // '标题'
 */
export class FieldScanner {
  readonly names: readonly string[];
  readonly values: unknown[];

  constructor(names: readonly string[]) {
    this.names = names;
    this.values = names.map(() => undefined);
  }

  /** The slot of the key s[from..to), or -1 when no field has that name. */
  #slot(s: string, from: number, to: number): number {
    const length = to - from;
    for (let k = 0; k < this.names.length; k++) {
      const name = this.names[k];
      if (name.length === length && s.startsWith(name, from)) return k;
    }
    return -1;
  }

  /**
   * Reads the line s[from..to): true when it is a JSON object and the wanted values were read,
   * false when the caller should use JSON.parse instead (never for a line it has read).
   * When s holds UTF-8 bytes as a one-byte string, `decode(i, end)` gives the text of s[i..end)
   * decoded as UTF-8: a wanted string beyond ASCII is read through it (names must be ASCII).
   */
  scan(s: string, from: number, to: number, decode?: (from: number, to: number) => string): boolean {
    const values = this.values;
    for (let k = 0; k < values.length; k++) values[k] = undefined;
    let i = skipSpace(s, from, to);
    if (i >= to || s.charCodeAt(i) !== OPEN_BRACE) return false;
    i = skipSpace(s, i + 1, to);
    if (i < to && s.charCodeAt(i) === CLOSE_BRACE) return skipSpace(s, i + 1, to) === to;
    for (;;) {
      if (i >= to || s.charCodeAt(i) !== QUOTE) return false;
      const keyEnd = stringEnd(s, i, to);
      if (keyEnd < 0 || escaped) return false;
      const slot = this.#slot(s, i + 1, keyEnd - 1);
      i = skipSpace(s, keyEnd, to);
      if (i >= to || s.charCodeAt(i) !== COLON) return false;
      i = skipSpace(s, i + 1, to);
      if (i >= to) return false;
      const c = s.charCodeAt(i);
      let end: number;
      if (slot === -1) {
        end = valueEnd(s, i, to, 1);
        if (end < 0) return false;
      } else if (c === QUOTE) {
        end = stringEnd(s, i, to);
        if (end < 0) return false;
        if (decode !== undefined && wide)
          values[slot] = escaped ? (JSON.parse(decode(i, end)) as string) : decode(i + 1, end - 1);
        else values[slot] = escaped ? (JSON.parse(s.slice(i, end)) as string) : s.slice(i + 1, end - 1);
      } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        return false; // a container where a field is wanted: JSON.parse, and the record's own message
      } else {
        end = valueEnd(s, i, to, 1);
        if (end < 0) return false;
        values[slot] = c === 0x74 ? true : c === 0x66 ? false : c === 0x6e ? null : Number(s.slice(i, end));
      }
      i = skipSpace(s, end, to);
      const d = i < to ? s.charCodeAt(i) : -1;
      if (d === CLOSE_BRACE) return skipSpace(s, i + 1, to) === to;
      if (d !== COMMA) return false;
      i = skipSpace(s, i + 1, to);
    }
  }
}

/**
 * Whether field names can be read by the scanner as `getField` reads them from a parsed object:
 * not dotted paths, and not names every object answers to (`toString`, `__proto__` …).
 */
export function scannable(names: readonly string[]): boolean {
  return names.every((name) => !name.includes('.') && !(name in Object.prototype));
}
