/**
 * The online index as a feed uses it (issue #29), with real processes: dates that cannot be read
 * or lie far in the future are refused and change nothing, an undated item after dated ones takes
 * the index's clock, `index build` reports what the window evicted, and a missing `--index` needs
 * `--create`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSnapshot, NearDupIndex } from '../src/index.js';
import { MemoryStore } from '../src/online/memory-store.js';
import { CLI, ROOT } from './helpers/shared-data.js';
import { startServe, type ServeProcess } from '../bench/lib/serve-process.js';

const dir = mkdtempSync(join(tmpdir(), 'neardup-feed-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function serve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServeProcess> {
  const s = await startServe(CLI, args, { env });
  children.push(s.child);
  return s;
}

const json = { 'content-type': 'application/json' };
const post = (base: string, path: string, body: unknown) =>
  fetch(base + path, { method: 'POST', headers: json, body: JSON.stringify(body) });
const exited = (child: ChildProcess) =>
  new Promise<number | null>((r) =>
    child.exitCode !== null || child.signalCode !== null
      ? r(child.exitCode)
      : child.once('exit', (c) => r(c)),
  );
const items = async (base: string) =>
  ((await (await fetch(`${base}/readyz`)).json()) as { items: number }).items;
const run = (args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

describe('dates over HTTP (rows 2, 3)', () => {
  it('refuses a far-future, unreadable or epoch-seconds date with 400 and changes nothing', async () => {
    const s = await serve(['--index', join(dir, 'future.ndix'), '--create', '--window', '48h']);
    try {
      const now = Date.now();
      for (let k = 0; k < 50; k++)
        expect(
          (
            await post(s.base, '/items', {
              id: `i${k}`,
              text: `第${k}条新闻：本市今日举行活动${k * 7919}`,
              date: now - k * 60_000,
            })
          ).status,
        ).toBe(201);
      expect(await items(s.base)).toBe(50);
      for (const date of ['9999-12-31', 1e300, 'yesterday', 'last tuesday', 1714521600, { nested: 1 }]) {
        for (const route of ['/items', '/check']) {
          const r = await post(s.base, route, { id: 'bad', text: '国足晋级世界杯决赛圈', date });
          expect(r.status, `${route} ${JSON.stringify(date)}`).toBe(400);
          expect(((await r.json()) as { error: string }).error).toMatch(/date/);
        }
      }
      expect(await items(s.base)).toBe(50);
      const seconds = (await (
        await post(s.base, '/items', { id: 'bad', text: 'x', date: 1714521600 })
      ).json()) as {
        error: string;
      };
      expect(seconds.error).toContain('epoch seconds');
      expect(seconds.error).toContain('1714521600000');
      // A date within the slack is taken.
      expect(
        (await post(s.base, '/items', { id: 'soon', text: '明日天气预报', date: now + 3_600_000 })).status,
      ).toBe(201);
      expect(await items(s.base)).toBe(51);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
  });

  it('files an undated item at the index clock, so it does not evict dated ones', async () => {
    const s = await serve(['--index', join(dir, 'undated.ndix'), '--create', '--window', '48h']);
    try {
      const text = '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才';
      expect(await (await post(s.base, '/check', { id: 'x1', text, date: '2024-05-01' })).json()).toEqual({
        duplicate: false,
      });
      expect(
        await (await post(s.base, '/check', { id: 'x2', text: `${text}!`, date: '2024-05-01' })).json(),
      ).toMatchObject({
        duplicate: true,
        of: 'x1',
      });
      expect(await (await post(s.base, '/check', { id: 'x3', text: `${text}。` })).json()).toMatchObject({
        duplicate: true,
        of: 'x1',
      });
      expect((await fetch(`${s.base}/items/x1`, { method: 'DELETE' })).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
  });
});

describe('dates from the command line (row 3, 13)', () => {
  const file = join(dir, 'dated.jsonl');
  writeFileSync(
    file,
    [
      { id: 'a', title: '国足晋级世界杯决赛圈', date: '2024-05-01' },
      { id: 'b', title: '上海师范大学2019年硕士研究生招生简章', date: 'yesterday' },
      { id: 'c', title: '南非大选初步计票结果显示非国大获胜', date: '2024-05-05' },
      { id: 'd', title: '客家阿婆手作芋丝酥在TikTok上点击量破千万', date: '2024-05-06' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );

  it('makes an unreadable date a bad record under --on-error', () => {
    const fail = run(['check', file, '--index', join(dir, 'cli.ndix'), '--add']);
    expect(fail.status).toBe(3);
    expect(fail.stderr).toContain('dated.jsonl:2:');
    expect(fail.stderr).toContain('"yesterday" cannot be read');
    const skip = run(['check', file, '--index', join(dir, 'cli.ndix'), '--add', '--on-error', 'skip']);
    expect(skip.status).toBe(0);
    expect(
      skip.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toEqual(['a', 'c', 'd']);
    expect(skip.stderr).toContain('1 bad record skipped');
  });

  it('index build says how many items the window evicted, and shows windows as durations', () => {
    const built = join(dir, 'windowed.ndix');
    const r = run(['index', 'build', file, '--index', built, '--window', '48h', '--on-error', 'skip']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('3 records → index');
    expect(r.stderr).toContain(
      'with 2 items; 1 item evicted as older than the --window of 48h; 1 bad record skipped',
    );
    const mismatch = run(['check', file, '--index', built, '--window', '7d', '--on-error', 'skip']);
    expect(mismatch.status).toBe(2);
    expect(mismatch.stderr).toContain('was built with window = 48h, not 7d');
  });

  it('serve --index on a missing file needs --create', () => {
    const missing = join(dir, 'typo.ndix');
    const r = spawnSync(process.execPath, [CLI, 'serve', '--index', missing, '--port', '0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`index snapshot ${missing} does not exist`);
    expect(r.stderr).toContain('pass --create to start an empty one');
    expect(r.stderr).not.toContain('listening');
    expect(existsSync(`${missing}.log`)).toBe(false);
    expect(existsSync(`${missing}.lock`)).toBe(false);
  });
});

describe('a 4xx or 5xx changes nothing; shutdown survives EPIPE (rows 6, 7)', () => {
  it('answers a date nested 30,000 deep with 400 and leaves nothing in the index or the log', async () => {
    const file = join(dir, 'nested.ndix');
    const first = await serve(['--index', file, '--create', '--max-body', '200000']);
    expect((await post(first.base, '/items', { id: 'kept', text: '国足晋级世界杯决赛圈' })).status).toBe(201);
    const deep = `{"id":"deep","text":"南非大选初步计票结果显示非国大获胜","date":${'['.repeat(30_000)}${']'.repeat(30_000)}}`;
    const r = await fetch(`${first.base}/items`, { method: 'POST', headers: json, body: deep });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: string }).error).toContain('field "date"');
    const c = await fetch(`${first.base}/check`, { method: 'POST', headers: json, body: deep });
    expect(c.status).toBe(400);
    expect(await items(first.base)).toBe(1);
    expect((await fetch(`${first.base}/items/deep`)).status).toBe(404);
    expect(readFileSync(`${file}.log`, 'utf8')).not.toContain('deep');
    first.child.kill('SIGKILL');
    await exited(first.child);
    const second = await serve(['--index', file]);
    try {
      expect(await items(second.base)).toBe(1);
      expect((await fetch(`${second.base}/items/kept`)).status).toBe(200);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
  });

  it('saves the snapshot and releases the lock on SIGTERM while stderr is a closed pipe', async () => {
    const file = join(dir, 'epipe.ndix');
    const s = await serve(['--index', file, '--create']);
    for (const [k, text] of ['国足晋级世界杯决赛圈', '南非大选初步计票结果显示非国大获胜'].entries())
      expect((await post(s.base, '/items', { id: `e${k}`, text })).status).toBe(201);
    s.child.stderr!.destroy(); // as `| head -1` does once it has its line
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
    expect(await (await loadSnapshot(file)).size()).toBe(2);
  });
});

describe('the memory store frees what it replaces (row 9)', () => {
  it("holds one slot, one heap entry and one item's band entries after 20,000 re-adds of one id", async () => {
    for (const window of [undefined, '48h']) {
      const index = new NearDupIndex({ window });
      const store = index.store as MemoryStore;
      expect(store).toBeInstanceOf(MemoryStore);
      await index.add({ id: 'same', text: '国足晋级世界杯决赛圈' });
      const one = store.footprint();
      for (let k = 0; k < 20_000; k++)
        await index.add({ id: 'same', text: `国足晋级世界杯决赛圈第${k % 7}轮` });
      const after = store.footprint();
      expect(after.items).toBe(1);
      expect(after.slots).toBe(1);
      expect(after.heap).toBeLessThanOrEqual(window === undefined ? 0 : 65);
      expect(after.bandEntries).toBe(one.bandEntries);
      expect(after.bandCapacity).toBe(one.bandCapacity);
      // Removing distinct items leaves nothing behind either.
      for (let k = 0; k < 5_000; k++)
        await index.add({ id: `d${k}`, text: `本市第${k}号公告发布${k * 7919}` });
      for (let k = 0; k < 5_000; k++) expect(await index.remove(`d${k}`)).toBe(true);
      expect(await index.remove('same')).toBe(true);
      expect(store.footprint()).toMatchObject({ items: 0, slots: 0, heap: 0, bandEntries: 0 });
    }
  });
});

describe('check --add --index: one writer at a time, a writable snapshot first (rows 5, 8)', () => {
  const records = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, k) =>
      JSON.stringify({
        id: `${prefix}${k}`,
        title:
          prefix === '甲' ? `甲地第${k}号通告：${k * 7919}事项` : `第${k * 31}届乙组运动会今日开幕，编号${k}`,
      }),
    ).join('\n') + '\n';
  const checkAdd = (args: string[], options: { uid?: number; gid?: number } = {}) =>
    spawn(process.execPath, [CLI, 'check', '-', '--format', 'jsonl', '--add', '--quiet', ...args], options);
  const finished = (child: ChildProcess) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      let stderr = '';
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('exit', (status) => resolve({ status, stderr }));
    });

  it('refuses a second writer (check --add or serve) while one holds the snapshot; no adds are lost', async () => {
    const file = join(dir, 'two.ndix');
    expect(
      run(['index', 'build', join(dir, 'dated.jsonl'), '--index', file, '--quiet', '--on-error', 'skip'])
        .status,
    ).toBe(0);
    const first = checkAdd(['--index', file]);
    const firstDone = finished(first);
    first.stdin!.write(records('甲', 300)); // the first holds the lock while its input is open
    await new Promise((r) => setTimeout(r, 500));
    const second = checkAdd(['--index', file]);
    const secondDone = finished(second);
    second.stdin!.end(records('乙', 300));
    const refused = await secondDone;
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('is in use by process');
    const serving = spawnSync(process.execPath, [CLI, 'serve', '--index', file, '--port', '0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(serving.status).toBe(2);
    first.stdin!.end();
    expect((await firstDone).status).toBe(0);
    expect(existsSync(`${file}.lock`)).toBe(false);
    // Then the second runs, on the first's snapshot: both runs' adds are there.
    const again = checkAdd(['--index', file]);
    const againDone = finished(again);
    again.stdin!.end(records('乙', 300));
    expect((await againDone).status).toBe(0);
    expect(await (await loadSnapshot(file)).size()).toBe(3 + 300 + 300);
  });

  it('refuses an unwritable snapshot folder or a read-only snapshot before reading input, and writes no -o', async () => {
    const root = process.getuid?.() === 0;
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o755 });
    const file = join(locked, 'feed.ndix');
    expect(
      run(['index', 'build', join(dir, 'dated.jsonl'), '--index', file, '--quiet', '--on-error', 'skip'])
        .status,
    ).toBe(0);
    const outDir = mkdtempSync(join(tmpdir(), 'neardup-out-'));
    chmodSync(outDir, 0o777);
    // Root may write anywhere: the folder is unwritable only to an unprivileged user.
    if (root) chmodSync(dir, 0o755);
    const cases: [string, { uid?: number; gid?: number }, string][] = [
      [file, root ? { uid: 65534, gid: 65534 } : {}, 'is its folder writable?'],
    ];
    if (!root) chmodSync(locked, 0o555);
    const readOnly = join(dir, 'ro.ndix');
    expect(
      run(['index', 'build', join(dir, 'dated.jsonl'), '--index', readOnly, '--quiet', '--on-error', 'skip'])
        .status,
    ).toBe(0);
    chmodSync(readOnly, 0o444);
    cases.push([readOnly, {}, 'is read-only']);
    for (const [snapshot, as, message] of cases) {
      const out = join(outDir, `out-${message.length}.jsonl`);
      const child = checkAdd(['--index', snapshot, '-o', out], as);
      const done = finished(child);
      // stdin stays open and empty: a run that read its input first would wait for ever.
      const result = await Promise.race([
        done,
        new Promise<undefined>((r) => setTimeout(() => r(undefined), 15_000)),
      ]);
      child.stdin!.end();
      expect(result, message).toBeDefined();
      expect(result!.status).toBe(1);
      expect(result!.stderr).toContain(message);
      expect(existsSync(out)).toBe(false);
    }
    chmodSync(locked, 0o755);
    expect(await (await loadSnapshot(file)).size()).toBe(3);
  });
});

describe('a bounded write log (row 4)', () => {
  // A compaction renames .log.next over .log while the server runs: a file seen a moment ago may
  // be gone when it is measured, and then it holds nothing.
  const logBytes = (file: string) =>
    [`${file}.log`, `${file}.log.next`].reduce(
      (n, f) => n + (statSync(f, { throwIfNoEntry: false })?.size ?? 0),
      0,
    );

  /** Sends `n` requests made by `make`, `concurrency` at a time; calls `each` after every answer. */
  async function load(
    n: number,
    concurrency: number,
    make: (k: number) => Promise<Response>,
    each: (k: number, r: Response) => void,
  ): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          const k = next++;
          each(k, await make(k));
        }
      }),
    );
  }

  it('stays under its bound through 20,000 re-adds of one id', { timeout: 180_000 }, async () => {
    const file = join(dir, 'bounded.ndix');
    const limit = 64 * 1024;
    const s = await serve(['--index', file, '--create', '--log-limit', String(limit)]);
    try {
      let largest = 0;
      let ok = 0;
      const text = '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才'.repeat(4);
      await load(
        20_000,
        16,
        (k) => post(s.base, '/items', { id: 'same', text: `${text}${k % 10}` }),
        (k, r) => {
          if (r.status === 201) ok++;
          if (k % 50 === 0) largest = Math.max(largest, logBytes(file));
        },
      );
      expect(ok).toBe(20_000);
      // Without compaction the log would hold 20,000 lines of about 480 bytes: 9.6 MB.
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThan(2 * limit + 16 * 1024);
      expect(logBytes(file)).toBeLessThan(2 * limit + 16 * 1024);
      expect(await items(s.base)).toBe(1);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
    expect(await (await loadSnapshot(file)).size()).toBe(1);
  });

  it('recovers every acknowledged write after kill -9 in the middle of compactions', {
    timeout: 180_000,
  }, async () => {
    const file = join(dir, 'killed-compacting.ndix');
    const first = await serve(['--index', file, '--create', '--log-limit', '16384']);
    const acked = new Map<string, string>();
    const removed = new Set<string>();
    let killed = false;
    await load(
      4_000,
      16,
      (k) => {
        if (k === 2_500) {
          killed = true;
          first.child.kill('SIGKILL');
        }
        const id = `k${k % 1_500}`; // re-adds too
        const text = `第${k % 1_500}号快讯：本市第${(k % 1_500) * 7919}项工程今日${k >= 1_500 ? '顺利' : ''}完工`;
        const request =
          k % 97 === 0
            ? fetch(`${first.base}/items/k${(k * 7) % 1_500}`, { method: 'DELETE' })
            : post(first.base, '/items', { id, text });
        return request.catch(() => new Response(null, { status: 599 }));
      },
      (k, r) => {
        if (k % 97 === 0) {
          if (r.status === 200) {
            removed.add(`k${(k * 7) % 1_500}`);
            acked.delete(`k${(k * 7) % 1_500}`);
          }
        } else if (r.status === 201) {
          acked.set(`k${k % 1_500}`, 'added');
          removed.delete(`k${k % 1_500}`);
        }
      },
    );
    expect(killed).toBe(true);
    await exited(first.child);
    expect(acked.size).toBeGreaterThan(1_000);
    // Compactions ran: 2,500 writes of about 150 bytes are not all in the logs.
    expect(logBytes(file)).toBeLessThan(2 * 16384 + 16 * 1024);
    const second = await serve(['--index', file]);
    try {
      for (const id of acked.keys()) expect((await fetch(`${second.base}/items/${id}`)).status, id).toBe(200);
      for (const id of removed) expect((await fetch(`${second.base}/items/${id}`)).status, id).toBe(404);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
  });

  it('replays by streaming, and names the file and line of a bad record', async () => {
    const file = join(dir, 'badlog.ndix');
    const s = await serve(['--index', file, '--create']);
    s.child.kill('SIGTERM');
    expect(await exited(s.child)).toBe(0);
    writeFileSync(
      `${file}.log`,
      `${JSON.stringify({ op: 'add', item: { id: 'a', text: '国足晋级世界杯决赛圈' } })}\n{"op":"add","item":{"id":"b","text":"x","date":"yesterday"}}\n`,
    );
    const r = spawnSync(process.execPath, [CLI, 'serve', '--index', file, '--port', '0'], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`write log ${file}.log:2:`);
    expect(r.stderr).toContain('"yesterday" cannot be read');
  });
});

describe('ids, token and raw UTF-8 over HTTP (rows 10, 11, 12)', () => {
  it('validates ids: every id that can be added can be found and deleted', async () => {
    const s = await serve(['--index', join(dir, 'ids.ndix'), '--create', '--max-body', '200000']);
    try {
      for (const id of ['.', '..', 'x'.repeat(60_000), '\ud800a'])
        expect(
          (await post(s.base, '/items', { id, text: '国足晋级世界杯决赛圈' })).status,
          id.slice(0, 9),
        ).toBe(400);
      const infinite = await fetch(`${s.base}/items`, {
        method: 'POST',
        headers: json,
        body: '{"id":1e400,"text":"国足晋级世界杯决赛圈"}',
      });
      expect(infinite.status).toBe(400);
      expect(((await infinite.json()) as { error: string }).error).toContain('send it as a string');
      const bad = Buffer.concat([
        Buffer.from('{"id":"u","text":"国足'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('晋级"}'),
      ]);
      const invalid = await fetch(`${s.base}/items`, { method: 'POST', headers: json, body: bad });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: string }).error).toContain('not valid UTF-8');
      expect(await items(s.base)).toBe(0);
      for (const id of ['\u0000query', 'a/b c?', 'é'.repeat(512), 42]) {
        expect(
          (await post(s.base, '/items', { id, text: `国足晋级世界杯决赛圈${String(id).length}` })).status,
        ).toBe(201);
        const path = `${s.base}/items/${encodeURIComponent(String(id))}`;
        expect((await fetch(path)).status).toBe(200);
      }
      const q = (await (
        await fetch(`${s.base}/query?text=${encodeURIComponent('国足晋级世界杯决赛圈6')}`)
      ).json()) as {
        hits: { id: string }[];
      };
      expect(q.hits.map((h) => h.id)).toContain('\u0000query');
      for (const id of ['\u0000query', 'a/b c?', 'é'.repeat(512), 42])
        expect(
          (await fetch(`${s.base}/items/${encodeURIComponent(String(id))}`, { method: 'DELETE' })).status,
        ).toBe(200);
      expect(await items(s.base)).toBe(0);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
  });

  it('takes the token from --token-file or NEARDUP_TOKEN, the scheme in any case, and says so in the help', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 's3cret-token\n');
    for (const [args, env] of [
      [['--token-file', tokenFile], {}],
      [[], { NEARDUP_TOKEN: 's3cret-token' }],
    ] as [string[], NodeJS.ProcessEnv][]) {
      const s = await serve(['--index', join(dir, `token-${args.length}.ndix`), '--create', ...args], env);
      try {
        const ask = (authorization?: string) =>
          fetch(`${s.base}/query?text=x`, { headers: authorization ? { authorization } : {} });
        for (const scheme of ['Bearer', 'bearer', 'BEARER'])
          expect((await ask(`${scheme} s3cret-token`)).status, scheme).toBe(200);
        for (const wrong of [
          undefined,
          'Bearer s3cret-toke',
          'Bearer s3cret-token-and-more',
          'Basic s3cret-token',
        ])
          expect((await ask(wrong)).status, wrong).toBe(401);
        expect(s.child.spawnargs.join(' ')).not.toContain('s3cret-token');
      } finally {
        s.child.kill('SIGTERM');
        expect(await exited(s.child)).toBe(0);
      }
    }
    const help = run(['serve', '--help']);
    expect(help.stdout).toContain('NEARDUP_TOKEN');
    expect(help.stdout).toContain('--token-file');
  });

  it('answers raw UTF-8 in a query string with a JSON 400 that shows --data-urlencode', async () => {
    const s = await serve(['--index', join(dir, 'raw.ndix'), '--create']);
    try {
      const { connect } = await import('node:net');
      const port = Number(new URL(s.base).port);
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(
            Buffer.concat([
              Buffer.from('GET /query?text='),
              Buffer.from('国足晋级世界杯决赛圈'),
              Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'),
            ]),
          ),
        );
        let out = '';
        socket.on('data', (d) => (out += d));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('content-type: application/json');
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as { error: string };
      expect(body.error).toContain('--data-urlencode');
      // The server goes on answering.
      expect((await fetch(`${s.base}/query?text=${encodeURIComponent('国足')}`)).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
  });
});

describe('POST /check with an array, GET /items/:id, GET /metrics', () => {
  const sample = readFileSync(join(ROOT, 'data', 'headlines_sample.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { id: string; title: string; date: string });

  it('answers a batch as the same items checked one by one, in order, and all or nothing', async () => {
    const batch = await serve(['--index', join(dir, 'batch.ndix'), '--create', '--max-body', '2000000']);
    const single = await serve(['--index', join(dir, 'single.ndix'), '--create']);
    try {
      const list = sample.slice(0, 600).map((r) => ({ id: r.id, text: r.title, date: r.date }));
      const answers: unknown[] = [];
      for (let k = 0; k < list.length; k += 200) {
        const r = await post(batch.base, '/check', list.slice(k, k + 200));
        expect(r.status).toBe(200);
        answers.push(...((await r.json()) as unknown[]));
      }
      const one: unknown[] = [];
      for (const it of list) one.push(await (await post(single.base, '/check', it)).json());
      expect(answers).toEqual(one);
      expect(answers.filter((a) => (a as { duplicate: boolean }).duplicate).length).toBeGreaterThan(0);
      expect(await items(batch.base)).toBe(await items(single.base));
      // An invalid item anywhere: 400 naming it, and none of the batch is added.
      const before = await items(batch.base);
      const fresh = [
        { id: 'n1', text: '全新的一条新闻：某地举办风筝节' },
        { id: 'n2', text: '另一条新闻', date: 'yesterday' },
      ];
      const bad = await post(batch.base, '/check', fresh);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain('item 1');
      expect(await items(batch.base)).toBe(before);
      expect((await fetch(`${batch.base}/items/n1`)).status).toBe(404);
      const big = await post(
        batch.base,
        '/check',
        Array.from({ length: 1001 }, (_, k) => ({ id: `b${k}`, text: 'x' })),
      );
      expect(big.status).toBe(413);
      // An item is shown with its dates.
      expect(await (await fetch(`${batch.base}/items/${encodeURIComponent(list[0].id)}`)).json()).toEqual({
        id: list[0].id,
        date: new Date(list[0].date).toISOString(),
        time: new Date(list[0].date).toISOString(),
      });
    } finally {
      for (const s of [batch, single]) {
        s.child.kill('SIGTERM');
        expect(await exited(s.child)).toBe(0);
      }
    }
  });

  it('shows request counts, latencies, index size, verified candidates and log size at /metrics', async () => {
    const s = await serve(['--index', join(dir, 'metrics.ndix'), '--create', '--token', 'tok']);
    const auth = { authorization: 'Bearer tok' };
    try {
      for (const r of sample.slice(0, 30))
        await fetch(`${s.base}/check`, {
          method: 'POST',
          headers: { ...json, ...auth },
          body: JSON.stringify({ id: r.id, text: r.title, date: r.date }),
        });
      // A copy of the first: one candidate verified at least.
      await fetch(`${s.base}/check`, {
        method: 'POST',
        headers: { ...json, ...auth },
        body: JSON.stringify({ id: 'copy', text: `${sample[0].title}!`, date: sample[0].date }),
      });
      await fetch(`${s.base}/items/none`, { headers: auth });
      expect((await fetch(`${s.base}/metrics`)).status).toBe(401);
      const scrape = await fetch(`${s.base}/metrics`, { headers: auth });
      expect(scrape.status).toBe(200);
      expect(scrape.headers.get('content-type')).toContain('text/plain; version=0.0.4');
      const text = await scrape.text();
      const value = (series: string) => {
        const line = text.split('\n').find((l) => l.startsWith(`${series} `));
        expect(line, series).toBeDefined();
        return Number(line!.slice(series.length + 1));
      };
      expect(value('neardup_http_requests_total{route="/check",method="POST",status="200"}')).toBe(31);
      expect(value('neardup_http_requests_total{route="/items/:id",method="GET",status="404"}')).toBe(1);
      expect(value('neardup_http_requests_total{route="/metrics",method="GET",status="401"}')).toBe(1);
      expect(value('neardup_http_request_duration_seconds_count{route="/check"}')).toBe(31);
      expect(value('neardup_http_request_duration_seconds_bucket{route="/check",le="+Inf"}')).toBe(31);
      expect(value('neardup_http_request_duration_seconds_sum{route="/check"}')).toBeGreaterThan(0);
      expect(value('neardup_index_items')).toBe(
        await (async () => ((await (await fetch(`${s.base}/readyz`)).json()) as { items: number }).items)(),
      );
      expect(value('neardup_candidates_verified_total')).toBeGreaterThanOrEqual(1);
      expect(value('neardup_write_log_bytes')).toBeGreaterThan(0);
      expect(value('neardup_capped_queries_total')).toBe(0);
      expect(text).toContain('# TYPE neardup_http_request_duration_seconds histogram');
    } finally {
      s.child.kill('SIGTERM');
      expect(await exited(s.child)).toBe(0);
    }
  });
});
