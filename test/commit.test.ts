/**
 * Outputs committed as one unit, and temporaries of ours never left behind: real processes of the
 * built CLI, signalled inside the commit, failing a rename mid-way, killed while reading stdin,
 * and started over temporaries a killed run left.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/shared-data.js';

const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built at ${CLI}; run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'neardup-commit-'));
});

/** Starts the CLI; `until(text)` resolves once stderr contains it; `exit` is the exit code. */
function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, CI: '', NEARDUP_TEST_READY: '1', ...env },
  });
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stderr.on('data', (d) => {
    stderr += d;
    for (const w of waiting.filter((w) => stderr.includes(w.text))) w.resolve();
  });
  const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const until = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (stderr.includes(text)) return resolve();
      waiting.push({ text, resolve });
      void exit.then(() => reject(new Error(`exited before "${text}": ${stderr}`)));
    });
  return { child, exit, until, stderr: () => stderr };
}

/** Our temporaries and backups in a folder. */
const leftovers = (folder: string) => readdirSync(folder).filter((f) => /\.(tmp|bak)$/.test(f));

/** The pid of a process that has ended, so certainly not alive. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('outputs are committed as one unit or none', () => {
  it('SIGINT (twice) inside the commit waits for it: all four outputs written, exit 130, said so', async () => {
    const sub = join(dir, 'sig');
    mkdirSync(sub);
    const names = ['clean.jsonl', 'clusters.jsonl', 'ann.jsonl', 'report.html'].map((n) => join(sub, n));
    writeFileSync(names[1], 'old\n'); // one replaced with --force
    const p = start(
      [
        'dedup',
        SAMPLE,
        '-o',
        names[0],
        '--clusters',
        names[1],
        '--annotate',
        names[2],
        '--report',
        names[3],
        '--force',
        '--quiet',
      ],
      { NEARDUP_TEST_COMMIT_PAUSE_MS: '300' },
    );
    await p.until('neardup: committing');
    p.child.kill('SIGINT');
    p.child.kill('SIGINT');
    expect(await p.exit).toBe(130);
    expect(p.stderr()).toContain('stopped by SIGINT; the outputs had already been written:');
    for (const n of names) expect(existsSync(n)).toBe(true);
    expect(readFileSync(names[1], 'utf8')).not.toBe('old\n');
    expect(readFileSync(names[0], 'utf8').trim().split('\n').length).toBeGreaterThan(1000);
    expect(leftovers(sub)).toEqual([]);
  });

  it('a rename failing mid-way puts back the ones before it: no new file, the old file intact', async () => {
    const sub = join(dir, 'fail');
    mkdirSync(sub);
    const clean = join(sub, 'clean.jsonl');
    const clusters = join(sub, 'clusters.jsonl');
    const report = join(sub, 'report.html');
    writeFileSync(clusters, 'old clusters\n');
    const p = start(
      ['dedup', SAMPLE, '-o', clean, '--clusters', clusters, '--report', report, '--force', '--quiet'],
      {
        NEARDUP_TEST_COMMIT_PAUSE_MS: '300',
      },
    );
    // After the first rename, take the report's temporary away: its rename, the last, fails.
    await p.until('neardup: committing');
    for (const f of readdirSync(sub).filter((f) => f.startsWith('.report.html.'))) rmSync(join(sub, f));
    expect(await p.exit).toBe(1);
    expect(p.stderr()).toContain(`cannot write ${report}`);
    expect(p.stderr()).toContain('no output was written (2 already renamed were put back)');
    expect(existsSync(clean)).toBe(false);
    expect(readFileSync(clusters, 'utf8')).toBe('old clusters\n');
    expect(leftovers(sub)).toEqual([]);
  });

  it('a folder named as an output is refused before anything is read', () => {
    const r = spawnSync(process.execPath, [CLI, 'dedup', SAMPLE, '--report', dir, '--force'], {
      encoding: 'utf8',
      env: { ...process.env, CI: '' },
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`--report ${dir} is a folder; name a file in it`);
  });

  // mkfifo is POSIX; a machine without it skips this one test, and says so (CI fails instead).
  const mkfifo = spawnSync('mkfifo', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!mkfifo) {
    if (process.env.CI) throw new Error('CI must have mkfifo (coreutils) for the FIFO output test');
    console.warn('SKIPPED FIFO output test: mkfifo not found');
  }
  it.runIf(mkfifo)(
    '--force replaces only regular files: a FIFO and a symbolic link are refused, untouched',
    () => {
      const sub = join(dir, 'special');
      mkdirSync(sub);
      const fifo = join(sub, 'out.fifo');
      expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
      const target = join(sub, 'target.jsonl');
      writeFileSync(target, 'mine\n');
      const link = join(sub, 'link.jsonl');
      symlinkSync(target, link);
      const dedup = (flag: string, out: string) =>
        spawnSync(process.execPath, [CLI, 'dedup', SAMPLE, flag, out, '--force'], {
          encoding: 'utf8',
          env: { ...process.env, CI: '' },
          timeout: 30_000,
        });
      const f = dedup('-o', fifo);
      expect(f.status).toBe(2);
      expect(f.stderr).toBe(
        `neardup: -o ${fifo} is a FIFO (named pipe), not a regular file; neardup writes a temporary file and renames it over the output, which would replace it — to write into it, send the output to stdout (-o -) and redirect: > ${fifo}\n`,
      );
      expect(lstatSync(fifo).isFIFO()).toBe(true);
      const l = dedup('--clusters', link);
      expect(l.status).toBe(2);
      expect(l.stderr).toBe(
        `neardup: --clusters ${link} is a symbolic link (to ${target}); neardup replaces only regular files — name the file itself, or remove the link\n`,
      );
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readFileSync(target, 'utf8')).toBe('mine\n');
      // The file itself is a regular file: replaced.
      expect(dedup('--clusters', target).status).toBe(0);
      expect(readFileSync(target, 'utf8')).not.toBe('mine\n');
      expect(readdirSync(sub).sort()).toEqual(['link.jsonl', 'out.fifo', 'target.jsonl']);
    },
  );
});

describe('temporaries of ours are removed on every way out and swept at start', () => {
  it('sweeps stale output temporaries (dead pid, or an hour old) and keeps a live fresh one', () => {
    const sub = join(dir, 'sweep');
    mkdirSync(sub);
    const dead = join(sub, `.out.jsonl.${deadPid()}.1764262800000.tmp`);
    const old = join(sub, `.out.jsonl.${process.pid}.1764262800001.tmp`);
    const fresh = join(sub, `.out.jsonl.${process.pid}.${Date.now()}.tmp`);
    const other = join(sub, `.other.jsonl.${deadPid()}.1764262800000.tmp`);
    for (const f of [dead, old, fresh, other]) writeFileSync(f, 'partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(old, twoHoursAgo, twoHoursAgo);
    const r = spawnSync(process.execPath, [CLI, 'dedup', SAMPLE, '-o', join(sub, 'out.jsonl'), '--quiet'], {
      env: { ...process.env, CI: '' },
    });
    expect(r.status).toBe(0);
    expect([existsSync(dead), existsSync(old), existsSync(fresh), existsSync(other)]).toEqual([
      false,
      false,
      true,
      true, // another output's: not this run's to judge
    ]);
  });

  for (const command of [
    ['dedup', '-', '--format', 'jsonl', '-o'],
    ['index', 'build', '-', '--format', 'jsonl', '--index'],
  ]) {
    it(`SIGINT while ${command.slice(0, 2).join(' ')} reads stdin removes the spool and writes nothing`, async () => {
      const tmp = mkdtempSync(join(dir, 'tmpdir-'));
      const target = join(tmp, 'target');
      const p = start([...command, target], { TMPDIR: tmp });
      await p.until('neardup: ready');
      p.child.stdin.write(readFileSync(SAMPLE));
      // The spool exists once the first bytes are in it; stdin stays open, so the read goes on.
      while (!readdirSync(tmp).some((f) => f.startsWith('neardup-stdin-')))
        await new Promise((r) => setTimeout(r, 20));
      p.child.kill('SIGINT');
      expect(await p.exit).toBe(130);
      expect(p.stderr()).toContain('stopped by SIGINT; no output was written');
      expect(readdirSync(tmp)).toEqual([]);
    });
  }

  it('sweeps a stdin spool whose process is gone', () => {
    const tmp = mkdtempSync(join(dir, 'tmpdir-'));
    const stale = join(tmp, `neardup-stdin-${deadPid()}-AbC123`);
    mkdirSync(stale);
    writeFileSync(join(stale, 'stdin'), 'left by a kill -9\n');
    const live = join(tmp, `neardup-stdin-${process.pid}-XyZ789`);
    mkdirSync(live);
    const r = spawnSync(process.execPath, [CLI, 'dedup', '-', '--format', 'jsonl', '--json', '--quiet'], {
      input: readFileSync(SAMPLE),
      env: { ...process.env, CI: '', TMPDIR: tmp },
    });
    expect(r.status).toBe(0);
    expect(readdirSync(tmp)).toEqual([`neardup-stdin-${process.pid}-XyZ789`]);
  });
});
