/**
 * The memory bound (`--max-memory`): sizes read as typed, the estimate against its limit, and a
 * run of the built CLI on a generated gzip corpus that will not fit, stopped while reading with
 * the record count, the estimate and the limit, and nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BASE_BYTES, MemoryBound, estimatePeak, parseMemory } from '../src/cli/memory-bound.js';
import { NeardupError } from '../src/errors.js';
import { CLI } from './helpers/shared-data.js';

const MB = 2 ** 20;

/** What `read` threw, or undefined. */
function thrown(f: () => void): Error | undefined {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe('parseMemory', () => {
  it('reads megabytes, or a number with a unit', () => {
    expect(parseMemory('512')).toBe(512 * MB);
    expect(parseMemory('512M')).toBe(512 * MB);
    expect(parseMemory('2G')).toBe(2 * 2 ** 30);
    expect(parseMemory('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(() => parseMemory('lots')).toThrow('--max-memory lots: must be a size of at least 100 MB');
    expect(() => parseMemory('50M')).toThrow(RangeError);
  });
});

describe('MemoryBound', () => {
  it('passes while the estimate is under the limit and throws E_MEMORY once it is over', () => {
    const limit = 200 * MB;
    const bound = new MemoryBound(limit);
    // 20 MB of input: 100 + 4.5 × 20 = 190 MB, under; 3 MB more: 203.5 MB, over.
    expect(thrown(() => bound.read(20 * MB, 100_000))).toBeUndefined();
    const e = thrown(() => bound.read(3 * MB, 115_000));
    expect(e).toBeInstanceOf(NeardupError);
    expect(e).toMatchObject({ code: 'E_MEMORY', exitCode: 1 });
    expect(e?.message).toBe(
      'the run will not fit in memory: after 115,000 records (the input read so far), its peak is estimated at 204 MB (100 MB + 4.5 × 23 MB of input), over --max-memory 200 MB; raise --max-memory if the machine has the memory (default: 80% of it), or split the input — nothing was written',
    );
    expect(estimatePeak(0)).toBe(BASE_BYTES);
  });

  it('projects the whole file from the share read, once that share is trusted', () => {
    const progress = { read: 0, total: 100 * MB };
    const bound = new MemoryBound(200 * MB, progress);
    // 1% read: not trusted yet, the 1 MB read so far is the estimate.
    progress.read = 1 * MB;
    expect(thrown(() => bound.read(1 * MB, 10_000))).toBeUndefined();
    // 5% read, 5 MB of input: the whole file projects 100 MB, 550 MB at peak.
    progress.read = 5 * MB;
    expect(thrown(() => bound.read(4 * MB, 50_000))?.message).toContain(
      'after 50,000 records (5.0% of the file read, which projects at least 1,000,000 records), its peak is estimated at 550 MB (100 MB + 4.5 × 100 MB of input)',
    );
  });
});

describe('neardup dedup --max-memory', () => {
  it('stops a generated gzip corpus that will not fit while reading it, exit 1, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neardup-memory-'));
    // 200,000 headlines of 20 random CJK characters (seeded): about 17 MB of JSON Lines, which
    // the estimate puts at about 176 MB at peak.
    let x = 12345;
    const rnd = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const lines: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      let t = '';
      for (let k = 0; k < 20; k++) t += String.fromCharCode(0x4e00 + Math.floor(rnd() * 2000));
      lines.push(JSON.stringify({ id: i, title: t }));
    }
    const input = join(dir, 'generated.jsonl.gz');
    writeFileSync(input, gzipSync(`${lines.join('\n')}\n`));
    const out = join(dir, 'kept.jsonl');
    const r = spawnSync(
      process.execPath,
      [CLI, 'dedup', input, '-o', out, '--max-memory', '130M', '--json'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: '' },
      },
    );
    expect(r.status).toBe(1);
    const m =
      /^neardup: the run will not fit in memory: after ([\d,]+) records \((.+?)\), its peak is estimated at ([\d,]+) MB \(100 MB \+ 4\.5 × [\d.,]+ MB of input\), over --max-memory 130 MB; raise --max-memory if the machine has the memory \(default: 80% of it\), or split the input — nothing was written\n$/.exec(
        r.stderr,
      );
    expect(m, r.stderr).not.toBeNull();
    const [, records, , estimate] = m ?? [];
    // Stopped while reading: before the last record, with an estimate over the limit.
    expect(Number(records.replaceAll(',', ''))).toBeLessThan(lines.length);
    expect(Number(estimate.replaceAll(',', ''))).toBeGreaterThan(130);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['generated.jsonl.gz']);
    // The same corpus under a bound it fits runs.
    const fits = spawnSync(
      process.execPath,
      [CLI, 'dedup', input, '--max-memory', '1G', '--json', '--quiet'],
      {
        encoding: 'utf8',
        env: { ...process.env, CI: '' },
      },
    );
    expect(fits.status).toBe(0);
    expect(JSON.parse(fits.stdout).items).toBe(lines.length);
    // bench reads the same way, under the same bound.
    const bench = spawnSync(process.execPath, [CLI, 'bench', input, '--max-memory', '130M'], {
      encoding: 'utf8',
      env: { ...process.env, CI: '' },
    });
    expect(bench.status).toBe(1);
    expect(bench.stderr).toMatch(/^neardup: the run will not fit in memory: after [\d,]+ records /);
  });
});
