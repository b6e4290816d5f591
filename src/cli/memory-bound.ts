/**
 * A memory bound for a batch run (`--max-memory`): a run that will not fit stops while it reads,
 * with the record count, the estimate and the limit, instead of being killed by the system (or
 * thrashing) at its peak, in the linking stage, minutes later.
 *
 * The estimate: the run's peak resident memory grows with the bytes of input it holds, about 4.5
 * bytes of memory per byte of (uncompressed) input above a base of 100 MB. That is the corpus
 * bench's peak (bench/RESULTS.md, "Whole pipeline on the corpus": 528 MB for the 992,527
 * headlines, 97 MB of JSON Lines) and holds for article bodies too, whose shingles scale with their
 * text as well. While reading, the share of the file read so far (compressed bytes for gzip)
 * projects the whole input's size, so a run far over the bound can stop early; the file is read
 * ahead of what is handed on, so the share runs ahead too and the projection errs low — it never
 * stops a run that fits. Where no share is known (CSV), and whenever the projection is lower, the
 * bytes read so far are the estimate, which still stops the run before its peak.
 */
import { totalmem } from 'node:os';
import { NeardupError } from '../errors.js';
import type { ReadProgress } from '../read/open-input.js';
import { counted } from './counted.js';
import { thousands } from '../text/thousands.js';

/** Peak memory per byte of input held (see above). */
export const PEAK_BYTES_PER_INPUT_BYTE = 4.5;
/** Memory a run takes whatever its input: Node, the engine's tables, the workers' heaps. */
export const BASE_BYTES = 100 * 2 ** 20;
/** The share of the file that must be read before a projection over the whole file is trusted. */
const TRUSTED_SHARE = 0.02;

const MB = 2 ** 20;

/**
 * The default bound: 80% of the memory this process may use — the machine's, or the container's
 * (cgroup) limit when lower — leaving room for the system and the page cache.
 * @example defaultMaxMemory() // 20,219 MB on a 24 GiB machine, in bytes
 */
export function defaultMaxMemory(): number {
  const constrained = process.constrainedMemory();
  const usable = constrained > 0 ? Math.min(constrained, totalmem()) : totalmem();
  return Math.floor(usable * 0.8);
}

/**
 * Reads `--max-memory`: megabytes, or a number with a unit (`512M`, `2G`, `1.5GB`).
 * @example parseMemory('2G') // 2147483648
 */
export function parseMemory(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(value);
  const unit = { '': MB, k: 2 ** 10, m: MB, g: 2 ** 30, t: 2 ** 40 } as Record<string, number>;
  const bytes = m ? Number(m[1]) * unit[m[2].toLowerCase()] : Number.NaN;
  if (!(bytes >= BASE_BYTES))
    throw new RangeError(
      `--max-memory ${value}: must be a size of at least ${BASE_BYTES / MB} MB, in MB or with a unit (512M, 2G)`,
    );
  return bytes;
}

const mb = (bytes: number) =>
  `${bytes < 10 * MB ? (bytes / MB).toFixed(1) : thousands(Math.round(bytes / MB))} MB`;

/** The peak memory estimated for a run holding `inputBytes` of input. */
export function estimatePeak(inputBytes: number): number {
  return BASE_BYTES + PEAK_BYTES_PER_INPUT_BYTE * inputBytes;
}

/** Watches a run's reading against a bound; `check` throws once the estimate is over it. */
export class MemoryBound {
  readonly #limit: number;
  readonly #progress: ReadProgress | undefined;
  #bytes = 0;

  /**
   * @param limit bytes the run may take at its peak
   * @param progress the share of the file read, when known
   */
  constructor(limit: number, progress?: ReadProgress) {
    this.#limit = limit;
    this.#progress = progress;
  }

  /**
   * Counts `bytes` more of input read (uncompressed) and throws a NeardupError (E_MEMORY) when the
   * run's estimated peak is over the limit: the whole input's, projected from the share read,
   * once that share is trusted; else what is read so far. `recordsRead`: the records read so far,
   * or a function that counts them (called only when the bound stops the run).
   * @example bound.read(chunk.length, recordsSoFar)
   */
  read(bytes: number, recordsRead: number | (() => number)): void {
    this.#bytes += bytes;
    const p = this.#progress;
    const share = p && p.total > 0 ? Math.min(1, p.read / p.total) : undefined;
    const projected =
      share !== undefined && share >= TRUSTED_SHARE
        ? Math.max(this.#bytes, this.#bytes / share)
        : this.#bytes;
    const estimate = estimatePeak(projected);
    if (estimate <= this.#limit) return;
    // Counted only now, when the run stops: a caller may pass how to count them.
    const records = typeof recordsRead === 'number' ? recordsRead : recordsRead();
    const projecting = share !== undefined && projected > this.#bytes;
    const whole = projecting
      ? `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}% of the file read, which projects at least ${counted(Math.round(records / share), 'record')}`
      : 'the input read so far';
    throw new NeardupError(
      'E_MEMORY',
      `the run will not fit in memory: after ${counted(records, 'record')} (${whole}), its peak is estimated at ${mb(estimate)} ` +
        `(${mb(BASE_BYTES)} + ${PEAK_BYTES_PER_INPUT_BYTE} × ${mb(projected)} of input), over --max-memory ${mb(this.#limit)}; ` +
        `raise --max-memory if the machine has the memory (default: 80% of it), or split the input — nothing was written`,
    );
  }
}

/** The default in words, for `--help`. */
export function defaultMaxMemoryHelp(): string {
  return `default: 80% of this machine's memory, ${mb(defaultMaxMemory())} here`;
}
