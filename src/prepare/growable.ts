/**
 * Columns that grow by half again when full (less slack than doubling, for columns of hundreds of
 * megabytes), in shared memory when link workers are to read them, and trimmed to size at the end.
 */
/** The typed arrays a corpus column may be. */
export type Column = Uint16Array | Uint32Array | Float64Array;
export type ColumnType<A extends Column> = {
  new (n: number): A;
  new (buffer: ArrayBufferLike): A;
  BYTES_PER_ELEMENT: number;
};

/** A column of n values, in shared memory when link workers are to read it. */
export function allocColumn<A extends Column>(type: ColumnType<A>, n: number, shared: boolean): A {
  return shared ? new type(new SharedArrayBuffer(n * type.BYTES_PER_ELEMENT)) : new type(n);
}

export class Growable<A extends Column> {
  data: A;
  length = 0;
  readonly #type: ColumnType<A>;
  readonly #shared: boolean;
  constructor(type: ColumnType<A>, initial = 1024, shared = false) {
    this.#type = type;
    this.#shared = shared;
    this.data = this.#alloc(initial);
  }
  #alloc(n: number): A {
    return allocColumn(this.#type, n, this.#shared);
  }
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const grown = this.#alloc(Math.max(Math.ceil(this.data.length * 1.5), this.length + extra));
    grown.set(this.data.subarray(0, this.length));
    this.data = grown;
  }
  /** Appends the first `count` values, each plus `add` (to rebase offsets). */
  append(values: ArrayLike<number>, add = 0, count = values.length): void {
    this.reserve(count);
    if (add === 0 && count === values.length) this.data.set(values, this.length);
    else for (let i = 0; i < count; i++) this.data[this.length + i] = values[i] + add;
    this.length += count;
  }
  view(): A {
    return this.data.subarray(0, this.length) as A;
  }
  /** The values in a buffer of exactly their size (a copy when the buffer has room to spare). */
  trimmed(): A {
    if (this.length === this.data.length) return this.data;
    const exact = this.#alloc(this.length);
    exact.set(this.view());
    this.data = exact;
    return exact;
  }
}

/** A Uint32 column. */
export class GrowableU32 extends Growable<Uint32Array> {
  constructor(initial = 1024, shared = false) {
    super(Uint32Array, initial, shared);
  }
}

/** A Uint16 column. */
export class GrowableU16 extends Growable<Uint16Array> {
  constructor(initial = 1024, shared = false) {
    super(Uint16Array, initial, shared);
  }
}
