import type { DedupStage } from '../engine/dedup.js';
import { thousands } from '../text/thousands.js';

/**
 * A one-line progress display on stderr for long runs, stage by stage — reading, linking,
 * clustering, writing — each with its count, its rate and, where the share done is known, a bar
 * and an estimate of the time left; redrawn in place at most four times a second, and at once
 * when the stage changes. At the end, one line with the seconds of every stage. Shown when stderr
 * is a terminal, or when forced.
 */
export class Progress {
  readonly #enabled: boolean;
  readonly #started = performance.now();
  #last = 0;
  #drawn = false;
  #stage = '';
  #stageStarted = this.#started;
  readonly #seconds: [string, number][] = [];
  readonly #writeTotals: number[] = [];
  readonly #writeDone: number[] = [];

  constructor(enabled: boolean) {
    this.#enabled = enabled;
  }

  /**
   * Redraws: `done` of `stage` in `unit`s and their rate, and — when the share done is known —
   * a bar and an estimate of the time left for the stage. A new stage is drawn at once.
   * @example progress.update(12, 12 / 40, 'linking', 'bands')
   */
  update(done: number, fraction?: number, stage = 'reading', unit = 'records'): void {
    if (!this.#enabled) return;
    const now = performance.now();
    const changed = stage !== this.#stage;
    // A stage's start, its end and a new stage are always drawn; between, four times a second.
    if (changed) this.#enter(stage, now);
    else if (now - this.#last < 250 && fraction !== 1) return;
    this.#last = now;
    const secs = (now - this.#stageStarted) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    let line = `${stage}: ${thousands(done)} ${unit}, ${thousands(rate)} ${unit}/s`;
    if (fraction !== undefined && fraction > 0 && fraction <= 1) {
      const width = 24;
      const filled = Math.round(fraction * width);
      const eta = (secs / fraction) * (1 - fraction);
      line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0)}% ${line}, ETA ${eta.toFixed(0)} s`;
    } else line += `, ${secs.toFixed(1)} s`;
    this.#draw(line);
  }

  /**
   * A stage with no measure of its own (it is short, or its share done is unknown): its name and
   * what it works on, with the seconds it has taken when redrawn.
   * @example progress.stage('clustering', '992,527 records')
   */
  stage(stage: string, what: string): void {
    if (!this.#enabled) return;
    const now = performance.now();
    if (stage !== this.#stage) this.#enter(stage, now);
    this.#last = now;
    this.#draw(`${stage}: ${what}, ${((now - this.#stageStarted) / 1000).toFixed(1)} s`);
  }

  /**
   * Shows a stage the engine reports (`RunOptions.onStage`): reading is drawn from the records
   * and bytes read instead, so only its end is shown here.
   */
  engine(stage: DedupStage, done: number, total: number): void {
    if (stage === 'link') this.update(done, total > 0 ? done / total : undefined, 'linking', 'bands');
    else if (stage === 'cluster') this.stage('clustering', 'grouping the linked pairs');
    else if (total > 0) this.update(done, 1, 'reading');
  }

  /**
   * A meter for outputs written at the same time: each part's records done of its total, drawn
   * as one `writing` stage.
   * @example const part = progress.writing(lines.length); await writeKeptLines(path, keep, out, undefined, part)
   */
  writing(total: number): (done: number) => void {
    const k = this.#writeTotals.push(total) - 1;
    this.#writeDone.push(0);
    const draw = () => {
      const done = this.#writeDone.reduce((a, b) => a + b, 0);
      const all = this.#writeTotals.reduce((a, b) => a + b, 0);
      this.update(done, all > 0 ? done / all : undefined, 'writing');
    };
    draw();
    return (done) => {
      this.#writeDone[k] = Math.min(done, total);
      draw();
    };
  }

  /** Ends the display: one line with the seconds of each stage and in all. */
  done(): void {
    if (!this.#enabled || this.#stage === '') return;
    const now = performance.now();
    this.#enter('', now);
    const stages = this.#seconds.map(([s, t]) => `${s} ${t.toFixed(1)} s`).join(', ');
    this.#draw(`done in ${((now - this.#started) / 1000).toFixed(1)} s: ${stages}`);
    process.stderr.write('\n');
    this.#drawn = false;
  }

  /** Stops the display without a final line (a failed run): the line is cleared. */
  abort(): void {
    if (this.#drawn) process.stderr.write('\r\x1b[K');
    this.#drawn = false;
  }

  /** Moves to a new stage; the first one started when the display was made. */
  #enter(stage: string, now: number): void {
    if (this.#stage !== '') {
      this.#seconds.push([this.#stage, (now - this.#stageStarted) / 1000]);
      this.#stageStarted = now;
    }
    this.#stage = stage;
  }

  #draw(line: string): void {
    // Clear to the end of the line: a shorter line must not leave the tail of a longer one.
    process.stderr.write(`\r${line}\x1b[K`);
    this.#drawn = true;
  }
}

/** Whether to show progress: `--progress` forces it, `--quiet` hides it, else only on a TTY. */
export function progressWanted(flags: { progress?: boolean; quiet?: boolean }): boolean {
  if (flags.quiet) return false;
  if (flags.progress) return true;
  return process.stderr.isTTY === true;
}
