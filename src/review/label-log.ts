/**
 * The labels file of `neardup review`: each label appended as one JSON line the moment the reader
 * gives it, and flushed to disk (fsync) before the page is told it is saved, so a crash or a closed
 * terminal loses no label. Undo removes the last line by writing the rest to a temporary file and
 * renaming it over the file durably (a half-written file never replaces the old one).
 */
import { existsSync, readFileSync } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { durableRename } from '../files/durable.js';
import { dirname, basename, join } from 'node:path';
import { forget, removeOnExit } from '../files/temp-paths.js';
import { parseLabels, pairKey, type LabelLine } from '../train/labels.js';

export class LabelLog {
  readonly path: string;
  /** The labels in file order (a pair labelled twice: its last label, in its last place). */
  #labels: LabelLine[];

  /** Opens a labels file, reading the labels it holds already (a missing file: none yet). */
  constructor(path: string) {
    this.path = path;
    this.#labels = existsSync(path) ? parseLabels(readFileSync(path, 'utf8'), path) : [];
  }

  get labels(): readonly LabelLine[] {
    return this.#labels;
  }

  get keys(): Set<string> {
    return new Set(this.#labels.map(pairKey));
  }

  /** Appends a label and flushes it to disk. */
  async append(label: LabelLine): Promise<void> {
    const fd = await open(this.path, 'a');
    try {
      // A file whose last line lost its newline (edited by hand) must not swallow this label.
      const size = (await fd.stat()).size;
      const head =
        size > 0 &&
        !readFileSync(this.path)
          .subarray(size - 1)
          .equals(Buffer.from('\n'))
          ? '\n'
          : '';
      await fd.write(`${head}${JSON.stringify(label)}\n`);
      await fd.sync();
    } finally {
      await fd.close();
    }
    const key = pairKey(label);
    this.#labels = [...this.#labels.filter((l) => pairKey(l) !== key), label];
  }

  /** Removes the last label from the file and returns it (undefined when there is none). */
  async undo(): Promise<LabelLine | undefined> {
    const last = this.#labels[this.#labels.length - 1];
    if (last === undefined) return undefined;
    const rest = this.#labels.slice(0, -1);
    // `.name.PID.undo.tmp` beside the file: removed on any way out, and the rename stays on one disk.
    const temp = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.undo.tmp`);
    removeOnExit(temp);
    await writeFile(temp, rest.map((l) => `${JSON.stringify(l)}\n`).join(''));
    await durableRename(temp, this.path);
    forget(temp);
    this.#labels = rest;
    return last;
  }
}
