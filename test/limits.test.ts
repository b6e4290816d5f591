/**
 * Bounds with messages (issue #20, item 6): a thread count past 4 per core is refused, on the
 * command line before any input is read and in the library before any worker starts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dedup } from '../src/index.js';
import { CLI, ROOT } from './helpers/shared-data.js';

const max = Math.max(4, 4 * availableParallelism());

describe('thread cap', () => {
  it('refuses --threads past 4 per core with the cap in the message (exit 2)', () => {
    const r = spawnSync(
      process.execPath,
      [CLI, 'dedup', join(ROOT, 'data', 'seed_headlines.txt'), '--threads', '1000000'],
      { encoding: 'utf8', timeout: 20_000 },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--threads must be at most ${max} (4 per available core`);
    expect(
      spawnSync(
        process.execPath,
        [CLI, 'dedup', join(ROOT, 'data', 'seed_headlines.txt'), '--threads', String(max), '--json'],
        { encoding: 'utf8' },
      ).status,
    ).toBe(0);
  });

  it('refuses threads: 1e6 and 64 (on few cores) in the library', async () => {
    await expect(dedup([{ text: 'a' }, { text: 'b' }], {}, { threads: 1e6 })).rejects.toThrow(
      `threads must be at most ${max}`,
    );
    if (64 > max)
      await expect(dedup([{ text: 'a' }, { text: 'b' }], {}, { threads: 64 })).rejects.toThrow(RangeError);
  });
});

describe('outputs checked before any input is read', () => {
  const seed = join(ROOT, 'data', 'seed_headlines.txt');
  const dir = mkdtempSync(join(tmpdir(), 'neardup-outputs-'));
  it('refuses two outputs naming one file (exit 2), and a missing folder (exit 1), writing nothing', () => {
    const same = spawnSync(
      process.execPath,
      [CLI, 'dedup', seed, '-o', join(dir, 'x.jsonl'), '--clusters', join(dir, 'x.jsonl')],
      { encoding: 'utf8' },
    );
    expect(same.status).toBe(2);
    expect(same.stderr).toContain('-o and --clusters both name');
    const missing = spawnSync(process.execPath, [CLI, 'dedup', seed, '-o', join(dir, 'none', 'x.jsonl')], {
      encoding: 'utf8',
    });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('does not exist; nothing was read or written');
    expect(readdirSync(dir)).toEqual([]);
  });
});
