/**
 * `neardup index build INPUT --index FILE` and `neardup check INPUT (--index FILE | --redis URL)`:
 * the online index from the command line.
 */
import { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { NeardupError } from '../errors.js';
import { formatDuration } from '../online/duration.js';
import { NearDupIndex } from '../online/near-dup-index.js';
import { saveSnapshot } from '../online/snapshot.js';
import { AtomicFile, abortAll, checkOutputPath } from '../files/atomic-file.js';
import { inputFormat } from '../read/sniff-format.js';
import { openInput } from '../read/open-input.js';
import { problemError, readRecords, type InputRecord, type RecordReadOptions } from '../read/records.js';
import {
  addIndexFlags,
  indexOptions,
  lockForWriting,
  openIndex,
  redisPlace,
  saveIndex,
  type IndexFlags,
} from './index-source.js';
import { addInputFlags, readOptionsFrom, type InputFlags } from './input-flags.js';
import { counted } from './counted.js';

interface BuildFlags extends IndexFlags, InputFlags {
  force?: boolean;
  quiet?: boolean;
}

interface CheckFlags extends IndexFlags, InputFlags {
  add?: boolean;
  output?: string;
  force?: boolean;
  quiet?: boolean;
}

/** How records are read: the format by name, `--format`, or (stdin) the first bytes of the spool. */
async function readOptionsOf(input: string, path: string, flags: InputFlags): Promise<RecordReadOptions> {
  return readOptionsFrom(await inputFormat(input, path, flags.format), flags, true);
}

/**
 * Runs `f` on a record; a record the index refuses (a date it cannot read, an id it cannot
 * take) is a bad record like one the reader refuses: an error naming file and line under
 * `--on-error fail`, skipped and counted under `skip`. Returns false when it was skipped.
 */
async function asRecord(
  r: InputRecord,
  name: string,
  options: RecordReadOptions,
  f: () => Promise<void>,
): Promise<boolean> {
  try {
    await f();
    return true;
  } catch (error) {
    const refused =
      (error instanceof NeardupError && error.code === 'E_INPUT') ||
      error instanceof TypeError ||
      error instanceof RangeError;
    if (!refused) throw error;
    const problem = { line: r.line, raw: r.raw, message: (error as Error).message };
    if (options.onError === 'fail') throw problemError(name, problem);
    return false;
  }
}

export function indexCommand(): Command {
  const build = new Command('build')
    .description(
      'build an index snapshot from a corpus (every record added, in order), or fill a shared index (--redis, --redis-cluster)',
    )
    .argument('<input>', 'input file (any format dedup reads), or - for stdin')
    .option('--force', 'replace an existing snapshot')
    .option('--quiet', 'no summary on stderr');
  addInputFlags(build);
  addIndexFlags(build);
  build
    .addHelpText(
      'after',
      '\nExamples:\n  $ neardup index build headlines.jsonl --index feed.ndix --window 48h\n  $ neardup index build headlines.jsonl --redis-cluster 10.0.0.1:7000,10.0.0.2:7000 --prefix feed',
    )
    .action(async (input: string, flags: BuildFlags) => {
      if (flags.redis !== undefined || flags.redisCluster !== undefined) {
        await fillShared(input, flags);
        return;
      }
      if (flags.index === undefined) {
        throw new NeardupError(
          'E_USAGE',
          'index build needs where to put the index: --index FILE (a snapshot), --redis URL or --redis-cluster host:port,…',
        );
      }
      const exists = await stat(flags.index!).then(
        () => true,
        () => false,
      );
      if (exists && !flags.force)
        throw new NeardupError(
          'E_USAGE',
          `--index ${flags.index} already exists; pass --force to replace it`,
        );
      await checkOutputPath(flags.index!, input, true, '--index');
      const index = new NearDupIndex(indexOptions(flags));
      const source = await openInput(input);
      try {
        const { n, skipped } = await addEvery(index, input, source, flags);
        await saveSnapshot(index, flags.index!);
        if (!flags.quiet)
          process.stderr.write(
            `${source.name}: ${counted(n, 'record')} → index ${flags.index} with ${counted(await index.size(), 'item')}${summaryTail(index, skipped)}\n`,
          );
      } finally {
        await source.release();
      }
    });
  return new Command('index')
    .description(
      'build an online index: a snapshot file (--index), or a shared index on Redis (--redis, --redis-cluster); add to it later with `neardup check --add` or `neardup serve`',
    )
    .addCommand(build);
}

/** Adds every record of an opened input to an index, in order: how many were added, how many skipped as bad. */
async function addEvery(
  index: NearDupIndex,
  input: string,
  source: { path: string; name: string },
  flags: InputFlags,
): Promise<{ n: number; skipped: number }> {
  let n = 0;
  let skipped = 0;
  const read = await readOptionsOf(input, source.path, flags);
  for await (const r of readRecords(source.path, source.name, read, () => skipped++)) {
    const item = { id: r.id, text: r.text, date: r.date, body: r.body };
    if (await asRecord(r, source.name, read, () => index.add(item))) n++;
    else skipped++;
  }
  return { n, skipped };
}

/** What a summary line adds: items the window evicted (when adding), records skipped as bad. */
function summaryTail(index: NearDupIndex, skipped: number, adding = true): string {
  const evicted = index.counters().evictedItems;
  const window = index.windowMs === undefined ? '' : formatDuration(index.windowMs);
  return (
    (adding && index.windowMs !== undefined
      ? `; ${counted(evicted, 'item')} evicted as older than the --window of ${window}`
      : '') + (skipped > 0 ? `; ${counted(skipped, 'bad record')} skipped` : '')
  );
}

/** `index build --redis …`: adds every record to a shared index, in order. */
async function fillShared(input: string, flags: BuildFlags): Promise<void> {
  if (flags.index !== undefined)
    throw new NeardupError('E_USAGE', 'name exactly one index: --index FILE, --redis URL or --redis-cluster');
  const index = await openIndex(flags, true);
  const source = await openInput(input);
  try {
    const { n, skipped } = await addEvery(index, input, source, flags);
    if (!flags.quiet)
      process.stderr.write(
        `${source.name}: ${counted(n, 'record')} added to ${redisPlace(flags)} prefix ${flags.prefix}; it has ${counted(await index.size(), 'item')}${summaryTail(index, skipped)}\n`,
      );
  } finally {
    await source.release();
    await index.close();
  }
}

export function checkCommand(): Command {
  const cmd = new Command('check')
    .description(
      'check records against an index: one JSON line per record, {"id", "duplicate", "of", "similarity"}',
    )
    .argument('<input>', 'input file (any format dedup reads), or - for stdin')
    .option('--add', 'add each record to the index after checking it (and save a snapshot back)')
    .option('-o, --output <file>', 'write the results here instead of stdout')
    .option('--force', 'replace an existing output file')
    .option('--quiet', 'no summary on stderr');
  addInputFlags(cmd);
  addIndexFlags(cmd);
  return cmd
    .addHelpText(
      'after',
      '\nExamples:\n  $ neardup check today.jsonl --index feed.ndix --add --window 48h\n  $ neardup check today.jsonl --redis redis://127.0.0.1:6379 --prefix feed --add\n  $ neardup check today.jsonl --redis-cluster 10.0.0.1:7000,10.0.0.2:7000 --prefix feed --add',
    )
    .action(async (input: string, flags: CheckFlags) => {
      if (flags.output !== undefined) await checkOutputPath(flags.output, input, flags.force ?? false, '-o');
      // Adding to a snapshot: take the lock serve takes (a second writer is refused, exit 2) and
      // prove the snapshot writable before reading any input, then fold in what a killed serve
      // left in the write log.
      const log = flags.add && flags.index !== undefined ? await lockForWriting(flags.index) : undefined;
      let index: NearDupIndex;
      try {
        index = await openIndex(flags, flags.add === true);
        if (log) await log.replay(index);
      } catch (error) {
        await log?.close();
        throw error;
      }
      const source = await openInput(input).catch(async (error: unknown) => {
        await log?.close();
        throw error;
      });
      const out = new AtomicFile(flags.output ?? '-');
      let n = 0;
      let dups = 0;
      try {
        let buf = '';
        let skipped = 0;
        const read = await readOptionsOf(input, source.path, flags);
        for await (const r of readRecords(source.path, source.name, read, () => skipped++)) {
          const item = { id: r.id, text: r.text, date: r.date, body: r.body };
          let line: {
            id: string;
            duplicate: boolean;
            of?: string;
            similarity?: number;
            possible_of?: string;
            probability?: number;
          } = {
            id: r.id,
            duplicate: false,
          };
          const ok = await asRecord(r, source.name, read, async () => {
            if (flags.add) {
              const c = await index.check(item);
              line = c.duplicate
                ? { id: r.id, duplicate: true, of: c.of, similarity: c.similarity }
                : c.possibleOf !== undefined
                  ? { id: r.id, duplicate: false, possible_of: c.possibleOf, probability: c.probability }
                  : { id: r.id, duplicate: false };
            } else {
              const [hit] = await index.query({ text: r.text, date: r.date, body: r.body }, { limit: 1 });
              line = hit
                ? { id: r.id, duplicate: true, of: hit.id, similarity: hit.similarity }
                : { id: r.id, duplicate: false };
            }
          });
          if (!ok) {
            skipped++;
            continue;
          }
          n++;
          if (line.duplicate) dups++;
          buf += JSON.stringify(line) + '\n';
          if (buf.length > 1 << 16) {
            await out.write(buf);
            buf = '';
          }
        }
        if (buf) await out.write(buf);
        // The results claim adds: they are committed only once the snapshot holding them is saved.
        if (flags.add) await saveIndex(index, flags);
        await log?.truncate();
        await out.commit();
        if (!flags.quiet)
          process.stderr.write(
            `${source.name}: ${counted(n, 'record')} checked, ${counted(dups, 'duplicate')}; index has ${counted(await index.size(), 'item')}${summaryTail(index, skipped, flags.add === true)}\n`,
          );
      } catch (error) {
        await abortAll();
        throw error;
      } finally {
        await source.release();
        await index.close();
        await log?.close();
      }
    });
}
