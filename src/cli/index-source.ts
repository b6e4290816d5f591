/**
 * Opening the index a command works on: a snapshot file (`--index FILE`) or Redis
 * (`--redis URL`, `--prefix P`), with the engine flags and `--window`.
 */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { NeardupError } from '../errors.js';
import { NearDupIndex, type IndexOptions } from '../index/near-dup-index.js';
import { loadSnapshot, saveSnapshot } from '../index/snapshot.js';
import { addEngineFlags, engineOptions, type EngineFlags } from './engine-flags.js';

export interface IndexFlags extends EngineFlags {
  index?: string;
  redis?: string;
  prefix: string;
  window?: string;
}

export function addIndexFlags(cmd: Command): Command {
  cmd
    .option('--index <file>', 'an index snapshot file (neardup index build)')
    .option('--redis <url>', 'a shared index in Redis, e.g. redis://127.0.0.1:6379')
    .option('--prefix <name>', 'key prefix of the index in Redis', 'neardup')
    .option('--window <duration>', 'evict items older than this, e.g. 48h or 7d (by their date, else the time they were added)');
  return addEngineFlags(cmd);
}

export function indexOptions(flags: IndexFlags): IndexOptions {
  return { ...engineOptions(flags), window: flags.window };
}

/** True when the flags set any engine option (which a snapshot must then match). */
function explicitOptions(flags: IndexFlags): IndexOptions {
  return Object.fromEntries(Object.entries(indexOptions(flags)).filter(([k, v]) => v !== undefined && !(k === 'foldScript' && v === true) && !(k === 'verify' && v === true))) as IndexOptions;
}

/**
 * The index named by --index or --redis. A missing snapshot file is an error unless
 * `createMissing` (then a new, empty index with the flags' options).
 */
export async function openIndex(flags: IndexFlags, createMissing: boolean): Promise<NearDupIndex> {
  if ((flags.index === undefined) === (flags.redis === undefined)) {
    throw new NeardupError('E_USAGE', 'name exactly one index: --index FILE (a snapshot) or --redis URL (shared)');
  }
  if (flags.redis !== undefined) return NearDupIndex.connect(flags.redis, indexOptions(flags), flags.prefix);
  const exists = await stat(flags.index!).then(() => true, () => false);
  if (!exists) {
    if (createMissing) return new NearDupIndex(indexOptions(flags));
    throw new NeardupError('E_IO', `index snapshot ${flags.index} does not exist; build one with neardup index build INPUT --index ${flags.index}`);
  }
  return loadSnapshot(flags.index!, explicitOptions(flags));
}

/** Saves a snapshot-backed index back to its file (Redis needs no saving). */
export async function saveIndex(index: NearDupIndex, flags: IndexFlags): Promise<void> {
  if (flags.index !== undefined) await saveSnapshot(index, flags.index);
}
