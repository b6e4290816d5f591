/**
 * Where each record's line lies in its chunk, in bytes, so that the deduplicated corpus can be
 * written by copying byte ranges of the input instead of finding its lines a second time. Found
 * on the thread that parsed the chunk (a worker, in parallel), from the records' line numbers.
 */

/** Byte ranges of a chunk's records: `[starts[k], ends[k])` is what record k's output copies. */
export interface LineSpans {
  starts: Uint32Array;
  ends: Uint32Array;
}

/**
 * The byte range of each record's line: from its first byte to just past its `\n`, or, for a line
 * ending in `\r\n` or the input's last line without a newline, to the end of its text (less a
 * last `\r`); the writer then adds a bare `\n`, as it does for every such line. `lines` are
 * 1-based line numbers in the chunk, ascending.
 * @example lineSpans(new TextEncoder().encode('a\nbc\r\n'), Uint32Array.of(1, 2)) // starts [0, 2], ends [2, 4]
 */
export function lineSpans(bytes: Uint8Array, lines: Uint32Array): LineSpans {
  const starts = new Uint32Array(lines.length);
  const ends = new Uint32Array(lines.length);
  let line = 1;
  let start = 0;
  for (let k = 0; k < lines.length; k++) {
    // Walk to the record's line: memchr-fast newline searches, one per line of the chunk.
    while (line < lines[k]) {
      start = bytes.indexOf(0x0a, start) + 1;
      line++;
    }
    const newline = bytes.indexOf(0x0a, start);
    const next = newline === -1 ? bytes.length : newline;
    // A \r before the line's end is dropped as the parser drops it, newline or not.
    const end = next > start && bytes[next - 1] === 0x0d ? next - 1 : newline === -1 ? next : next + 1;
    starts[k] = start;
    ends[k] = end;
  }
  return { starts, ends };
}

/**
 * Every record's byte range in the whole input, chunk by chunk as the read pass finds them (in
 * input order): each chunk's ranges are kept as they came, with the chunk's offset, so the
 * column costs 8 bytes a record and no copy.
 */
export class SpanColumn {
  #chunks: { base: number; spans: LineSpans }[] = [];
  #bytes = 0;
  #size = 0;

  /** Records so far. */
  get size(): number {
    return this.#size;
  }

  /** Appends the next chunk's record ranges; `chunkBytes`: the chunk's length. */
  append(spans: LineSpans, chunkBytes: number): void {
    this.#chunks.push({ base: this.#bytes, spans });
    this.#bytes += chunkBytes;
    this.#size += spans.starts.length;
  }

  /**
   * The absolute byte ranges of the records with `keep(index)` true, ascending.
   * @example column.kept((i) => canonicalOf[i] === i)
   */
  kept(keep: (index: number) => boolean): { starts: Float64Array; ends: Float64Array } {
    let n = 0;
    for (let i = 0; i < this.#size; i++) if (keep(i)) n++;
    const starts = new Float64Array(n);
    const ends = new Float64Array(n);
    let i = 0;
    let w = 0;
    for (const { base, spans } of this.#chunks) {
      for (let k = 0; k < spans.starts.length; k++, i++) {
        if (!keep(i)) continue;
        starts[w] = base + spans.starts[k];
        ends[w] = base + spans.ends[k];
        w++;
      }
    }
    return { starts, ends };
  }
}
