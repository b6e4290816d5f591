/**
 * A one-line progress display on stderr for long runs: records so far and records per second,
 * redrawn at most four times a second. Shown when stderr is a terminal, or when forced.
 */
export class Progress {
  readonly #enabled: boolean;
  readonly #started = performance.now();
  #last = 0;
  #drawn = false;

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /**
   * Redraws: records so far and their rate, and — when the share of the file read is known — a
   * bar and an estimate of the time left for reading.
   */
  update(done: number, fraction?: number, stage = 'reading'): void {
    if (!this.#enabled) return;
    const now = performance.now();
    if (now - this.#last < 250) return;
    this.#last = now;
    const secs = (now - this.#started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    let line = `${stage}: ${done.toLocaleString('en-US')} records, ${rate.toLocaleString('en-US')} records/s`;
    if (fraction !== undefined && fraction > 0 && fraction <= 1) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const eta = (secs / fraction) * (1 - fraction);
      line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${line}, ETA ${eta.toFixed(0)} s`;
    } else line += `, ${secs.toFixed(1)} s`;
    process.stderr.write(`\r${line}   `);
    this.#drawn = true;
  }

  /** Clears the line so the summary starts on a clean one. */
  done(): void {
    if (this.#drawn) process.stderr.write('\r\x1b[K');
    this.#drawn = false;
  }
}

/** Whether to show progress: `--progress` forces it, `--quiet` hides it, else only on a TTY. */
export function progressWanted(flags: { progress?: boolean; quiet?: boolean }): boolean {
  if (flags.quiet) return false;
  if (flags.progress) return true;
  return process.stderr.isTTY === true;
}
