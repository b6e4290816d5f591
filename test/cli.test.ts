/**
 * End-to-end tests of the built binary on real files: exit status, stdout/stderr, output files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI, ROOT } from './helpers/shared-data.js';

const SEED = join(ROOT, 'data', 'seed_headlines.txt');
const SAMPLE = join(ROOT, 'data', 'headlines_sample.jsonl');

function run(args: string[], input?: string | Buffer) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, CI: '' },
  });
  // A child that dies of a signal has no status: say which signal and what it printed, for the log.
  if (r.status === null)
    console.error(`neardup ${args.join(' ')} ended by ${r.signal}; stderr: ${r.stderr?.slice(-4000)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built at ${CLI}; run npm run build (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'neardup-cli-'));
});

describe('neardup dedup', () => {
  it('prints the two seed clusters as JSONL when no output is named', () => {
    const r = run(['dedup', SEED]);
    expect(r.status).toBe(0);
    const clusters = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(clusters.map((c) => c.members.map((m: { id: string }) => m.id))).toEqual([
      ['3', '29'],
      ['24', '32'],
    ]);
    expect(clusters[0]).toMatchObject({ cluster: 1, size: 2, canonical: '3', reason: 'first' });
    expect(r.stderr).toContain('72 records → 70 kept');
  });

  it('writes the deduplicated corpus with records unchanged, the clusters file and a JSON summary', () => {
    const out = join(dir, 'clean.jsonl');
    const clusters = join(dir, 'clusters.jsonl');
    const r = run(['dedup', SAMPLE, '-o', out, '--clusters', clusters, '--json', '--quiet']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ items: 2067 });
    expect(summary.kept + summary.duplicates).toBe(2067);
    const input = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const kept = readFileSync(out, 'utf8').trim().split('\n');
    expect(kept).toHaveLength(summary.kept);
    expect(kept.every((line) => input.includes(line))).toBe(true);
    const lines = readFileSync(clusters, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(summary.clusters);
    const removed = new Set(lines.flatMap((c) => c.members.slice(1).map((m: { id: string }) => m.id)));
    expect(removed.size).toBe(summary.duplicates);
    for (const line of kept) expect(removed.has(JSON.parse(line).id)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--max-bucket caps the buckets compared pair by pair, and the summary counts the rest', () => {
    const plain = JSON.parse(run(['dedup', SAMPLE, '--json']).stdout);
    const capped = JSON.parse(run(['dedup', SAMPLE, '--json', '--max-bucket', '2']).stdout);
    expect(plain.giant_buckets).toBe(0);
    expect(capped.giant_buckets).toBeGreaterThan(0);
    expect(capped.candidates).toBeLessThan(plain.candidates);
  });

  it('reads gzip, CSV with quoted fields and stdin', () => {
    const gz = join(dir, 'sample.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(SAMPLE)));
    const plain = JSON.parse(run(['dedup', SAMPLE, '--json']).stdout);
    expect(JSON.parse(run(['dedup', gz, '--json']).stdout)).toMatchObject({
      items: plain.items,
      clusters: plain.clusters,
    });
    const piped = run(['dedup', '-', '--format', 'jsonl', '--json'], readFileSync(SAMPLE));
    expect(JSON.parse(piped.stdout)).toMatchObject({ items: plain.items, clusters: plain.clusters });

    const csv = join(dir, 'items.csv');
    writeFileSync(
      csv,
      'id,title,note\r\n1,"南非大选初步计票结果显示非国大获胜","a, ""quoted"" note"\r\n2,南非大选初步计票结果显示非国大获胜组图,x\r\n3,"完全无关的\n另一条标题",y\r\n',
    );
    const out = join(dir, 'clean.csv');
    const r = run(['dedup', csv, '-o', out, '--quiet']);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      'id,title,note\n1,"南非大选初步计票结果显示非国大获胜","a, ""quoted"" note"\n3,"完全无关的\n另一条标题",y\n',
    );
  });

  it('fails with exit 3 naming file, line and field, and writes no output', () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","title":"第一条"}\n{"id":"b","title":第二条}\n{"id":"c","headline":"x"}\n');
    const out = join(dir, 'bad-out.jsonl');
    const r = run(['dedup', bad, '-o', out]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`${bad}:2: not valid JSON`);
    expect(existsSync(out)).toBe(false);

    const skip = run([
      'dedup',
      bad,
      '-o',
      out,
      '--on-error',
      'skip',
      '--rejects',
      join(dir, 'rejects.txt'),
      '--json',
    ]);
    expect(skip.status).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ items: 1, skipped: 2 });
    expect(readFileSync(join(dir, 'rejects.txt'), 'utf8')).toBe(
      '{"id":"b","title":第二条}\n{"id":"c","headline":"x"}\n',
    );
    expect(skip.stderr).toContain('line 2');

    const missing = run(['dedup', join(dir, 'only-headline.jsonl')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no such file');
  });

  it('names a missing field and how to fix it', () => {
    const f = join(dir, 'nofield.jsonl');
    writeFileSync(f, '{"id":"a","headline":"x"}\n');
    const r = run(['dedup', f]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      `field "title" is in none of the first 1 record of ${f}; they have "id", "headline"; did you mean --text-field headline?`,
    );
    expect(run(['dedup', f, '--text-field', 'headline']).status).toBe(0);
  });

  it('exits 2 on usage errors and never overwrites the input or an existing output', () => {
    expect(run(['dedup', SEED, '--threshold', '1.5']).status).toBe(2);
    expect(run(['dedup', SEED, '--threshold', 'abc']).status).toBe(2);
    expect(run(['dedup', SEED, '--canonical', 'newest']).status).toBe(2);
    expect(run(['dedup', '-']).stderr).toContain('--format');
    const self = run(['dedup', SEED, '-o', SEED]);
    expect(self.status).toBe(2);
    expect(self.stderr).toContain('never overwrites its input');
    const out = join(dir, 'exists.txt');
    writeFileSync(out, 'keep me\n');
    expect(run(['dedup', SEED, '-o', out]).status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(run(['dedup', SEED, '-o', out, '--force', '--quiet']).status).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean)).toHaveLength(70);
  });

  it('gives the same output on 1 and 2 threads and any batch size', () => {
    const a = run(['dedup', SAMPLE, '--clusters', '-', '--threads', '1', '--quiet']).stdout;
    const b = run([
      'dedup',
      SAMPLE,
      '--clusters',
      '-',
      '--threads',
      '2',
      '--batch-size',
      '50',
      '--quiet',
    ]).stdout;
    expect(a.length).toBeGreaterThan(100);
    expect(b).toBe(a);
  });

  it('prints --version and --help with examples', () => {
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = run(['dedup', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Examples:');
    // Commands are loaded as they run: help before a command's name still lists every one.
    const commands = (text: string) =>
      text
        .split('\n')
        .map((l) => /^ {2}([a-z]+) /.exec(l)?.[1])
        .filter((c) => c !== undefined);
    const all = commands(run(['--help']).stdout);
    expect(all).toEqual(
      expect.arrayContaining(['dedup', 'pairs', 'explain', 'check', 'serve', 'review', 'train']),
    );
    expect(commands(run(['-h', 'dedup']).stdout)).toEqual(all);
    const typo = run(['dedupp', 'x.jsonl']);
    expect(typo.status).toBe(2);
    expect(typo.stderr).toContain('Did you mean dedup?');
  });
});

describe('neardup explain, params, pairs', () => {
  it('explain names the deciding rule and the differing spans', () => {
    const r = run([
      'explain',
      '上海师范大学2019年硕士研究生招生简章',
      '湖北师范大学2019年硕士研究生招生简章',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('[上海 → 湖北]');
    expect(r.stdout).toContain('NOT a duplicate — rule "substitution"');
    const dup = JSON.parse(
      run([
        'explain',
        '南非大选初步计票结果显示非国大获胜',
        '南非大选初步计票结果显示非国大获胜组图',
        '--json',
      ]).stdout,
    );
    expect(dup.decision).toMatchObject({ duplicate: true, rule: 'similar', similarity: 1 });
    const dated = JSON.parse(
      run([
        'explain',
        '全球日增确诊超47万例',
        '全球日增确诊超47万例',
        '--date-a',
        '2021-03-11',
        '--date-b',
        '2021-04-06',
        '--json',
      ]).stdout,
    );
    expect(dated.decision.rule).toBe('date-gap');
    const off = JSON.parse(
      run([
        'explain',
        '全球日增确诊超47万例',
        '全球日增确诊超47万例',
        '--date-a',
        '2021-03-11',
        '--date-b',
        '2021-04-06',
        '--disable-rule',
        'date-gap',
        '--json',
      ]).stdout,
    );
    expect(off.decision.duplicate).toBe(true);
  });

  it('params shows the chosen bands, the S-curve and error areas', () => {
    const r = run(['params', '--threshold', '0.5', '--perms', '128', '--json']);
    const p = JSON.parse(r.stdout);
    expect(p).toMatchObject({ bands: 40, rows: 3 });
    expect(p.p_at_threshold).toBeGreaterThanOrEqual(0.995);
    expect(run(['params']).stdout).toContain('| threshold 0.5');
    expect(run(['params', '--bands', '64', '--rows', '4']).status).toBe(2);
  });

  it('pairs adds similarity, duplicate, rule and the probability to every line', () => {
    const f = join(dir, 'pairs.jsonl');
    writeFileSync(
      f,
      '{"a":"令人心动的offer5","b":"令人心动的offer7","x":1}\n\n{"a":"库里受伤退场!","b":"库里受伤退场！"}\n',
    );
    const r = run(['pairs', f]);
    expect(r.status).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        a: '令人心动的offer5',
        b: '令人心动的offer7',
        x: 1,
        similarity: expect.any(Number),
        duplicate: false,
        rule: 'numbers',
        probability: 0,
      },
      {
        a: '库里受伤退场!',
        b: '库里受伤退场！',
        similarity: 1,
        duplicate: true,
        rule: 'similar',
        probability: 1,
      },
    ]);
    writeFileSync(f, '{"a":"x","c":"y"}\n');
    const bad = run(['pairs', f]);
    expect(bad.status).toBe(3);
    expect(bad.stderr).toContain(`${f}:1: field "b" must be a string`);
  });
});

describe('help texts and summaries say what is true', () => {
  const ENGINE_ONLY = [
    '--perms',
    '--bands',
    '--rows',
    '--batch-size',
    '--max-bucket',
    '--body-threshold',
    '--match',
    '--possible-cutoff',
  ];
  const PAIR_FLAGS = [
    '--threshold',
    '--ngram',
    '--no-fold',
    '--disable-rule',
    '--decision',
    '--cutoff',
    '--model',
    '--date-window',
  ];

  it('explain and pairs list only the flags that change one pair, and still accept the rest', () => {
    for (const command of ['explain', 'pairs']) {
      const help = run([command, '--help']).stdout;
      const listed = help.split('\n').map((l) => /^ {2}(--[a-z-]+)/.exec(l)?.[1]);
      for (const flag of PAIR_FLAGS) expect(listed).toContain(flag);
      for (const flag of ENGINE_ONLY) expect(listed).not.toContain(flag);
      expect(help).toContain('--possible-cutoff) are accepted and change nothing for one pair.');
    }
    const r = run([
      'explain',
      '申花夺冠',
      '申花夺冠!',
      '--perms',
      '64',
      '--bands',
      '16',
      '--rows',
      '4',
      '--json',
    ]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).decision.duplicate).toBe(true);
  });

  it("explain's --date-b is the second date; the model's note has its own line", () => {
    const help = run(['explain', '--help']).stdout;
    expect(help).toMatch(/^ {2}--date-b <date> +date of the second text$/m);
    expect(help).toContain(
      "Under the learned decision (the default), each feature's value and contribution\n",
    );
  });

  it('index says what it has: build', () => {
    const help = run(['index', '--help']).stdout;
    expect(help).not.toContain('maintain');
    expect(help).toContain('build an online index');
    expect(help).toMatch(/Commands:\n {2}build \[options\] <input>/);
  });

  it('counts in the summary agree with their nouns', () => {
    const f = join(dir, 'one-pair.txt');
    writeFileSync(
      f,
      '梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才\n梅州籍院士心系桑梓,返乡设立奖学金助力家乡学子成才!\n',
    );
    const r = run(['dedup', f, '--clusters', join(dir, 'one-pair.clusters.jsonl'), '--force']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(': 2 records → 1 kept; 1 cluster, 1 duplicate removed (');
    const g = join(dir, 'one-item.txt');
    writeFileSync(g, '梅州籍院士心系桑梓\n');
    expect(run(['dedup', g, '--clusters', join(dir, 'one-item.clusters.jsonl'), '--force']).stderr).toContain(
      ': 1 record → 1 kept; 0 clusters, 0 duplicates removed (',
    );
  });
});

describe('standard input without --format', () => {
  it('is read as JSON Lines when its first bytes open a JSON object, gzip or not', () => {
    const jsonl = readFileSync(SAMPLE);
    const expected = JSON.parse(run(['dedup', SAMPLE, '--json', '--quiet']).stdout).items;
    for (const input of [jsonl, gzipSync(jsonl), Buffer.concat([Buffer.from('\ufeff\n  \n'), jsonl])]) {
      const r = run(['dedup', '-', '--json'], input);
      expect(r.status).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ items: expected, skipped: 0 });
    }
  });

  it('otherwise asks for --format, saying what it saw (exit 2)', () => {
    const text = run(['dedup', '-', '--json'], '南非大选初步计票结果显示非国大获胜\n');
    expect(text.status).toBe(2);
    expect(text.stderr).toBe(
      'neardup: cannot tell the format of standard input from its first bytes (it does not start with a JSON object, so it is not JSON Lines); add --format jsonl|csv|tsv|text\n',
    );
    const array = run(['dedup', '-'], '[{"title":"a"}]\n');
    expect(array.status).toBe(2);
    expect(array.stderr).toContain('it starts with "[", one JSON array: make it JSON Lines with jq -c ".[]"');
    expect(run(['dedup', '-', '--format', 'text', '--json'], 'a\nb\n').status).toBe(0);
  });
});

describe('neardup dedup on broken copies of real data', () => {
  const sample = () => readFileSync(SAMPLE, 'utf8').trim().split('\n');

  it('a truncated last line, invalid UTF-8 and a non-string title: exit 3 with line and field, no output; skip goes on', () => {
    const lines = sample().slice(0, 300);
    lines[10] = lines[10].replace(/"title": "[^"]*"/, '"title": 12');
    const bytes = Buffer.concat([
      Buffer.from(lines.slice(0, 50).join('\n') + '\n'),
      Buffer.from([0x7b, 0x22, 0x74, 0x69, 0x74, 0x6c, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d, 0x0a]), // {"title":"\xff\xfe"}
      Buffer.from(lines.slice(50).join('\n') + '\n' + lines[0].slice(0, 25)),
    ]);
    const f = join(dir, 'broken.jsonl');
    writeFileSync(f, bytes);
    const out = join(dir, 'broken-out.jsonl');
    const fail = run(['dedup', f, '-o', out]);
    expect(fail.status).toBe(3);
    expect(fail.stderr).toContain(`${f}:11: field "title" must be a string; got number 12`);
    expect(existsSync(out)).toBe(false);
    const rejects = join(dir, 'broken-rejects.txt');
    const skip = run([
      'dedup',
      f,
      '-o',
      out,
      '--on-error',
      'skip',
      '--rejects',
      rejects,
      '--json',
      '--quiet',
    ]);
    expect(skip.status).toBe(0);
    expect(JSON.parse(skip.stdout)).toMatchObject({ items: 299, skipped: 3 });
    expect(readFileSync(rejects, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect(readFileSync(out, 'utf8').split('\n').filter(Boolean).length).toBe(JSON.parse(skip.stdout).kept);
  });

  it('a BOM, CRLF line endings, an empty title and a line of megabytes are all read', () => {
    const lines = sample().slice(0, 100);
    lines.push(JSON.stringify({ id: 'empty', title: '' }));
    lines.push(JSON.stringify({ id: 'huge', title: '长'.repeat(1_000_000) }));
    const f = join(dir, 'bom.jsonl');
    writeFileSync(f, '\ufeff' + lines.join('\r\n') + '\r\n');
    const r = run(['dedup', f, '--json', '--quiet', '-o', join(dir, 'bom-out.jsonl')]);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ items: 102, empty: 1 });
    const kept = readFileSync(join(dir, 'bom-out.jsonl'), 'utf8');
    expect(kept).toContain('"id":"empty"');
    expect(kept).toContain('"id":"huge"');
  });

  it("line numbers are the file's own across many chunks, on 1 and 2 threads (problems, rejects, kept lines)", () => {
    // Blank and bad lines spread through a file of a few megabytes, which is read in chunks of
    // about a megabyte: every chunk numbers its lines from 1 on a worker, and the numbers must
    // come out as the file's.
    const base = sample();
    const lines = Array.from({ length: 40_000 }, (_, k) => {
      const r = JSON.parse(base[k % base.length]);
      return JSON.stringify({
        id: `${r.id}-${k}`,
        title: k % 3 === 0 ? r.title : `${r.title} ${Math.floor(k / base.length)}`,
        pad: 'x'.repeat(30),
      });
    });
    const bad = new Set([13_203, 25_001, 39_388]); // none in the first chunk
    const text =
      lines.map((l, k) => (bad.has(k + 1) ? '{"id":"bad","title":' : k % 31 === 30 ? '' : l)).join('\n') +
      '\n';
    expect(text.length).toBeGreaterThan(3 << 20);
    const f = join(dir, 'numbered.jsonl');
    writeFileSync(f, text);
    const fail = run(['dedup', f, '-o', join(dir, 'numbered-out.jsonl')]);
    expect(fail.status).toBe(3);
    expect(fail.stderr).toContain(`${f}:13203: not valid JSON`);
    const outputs: string[] = [];
    for (const threads of ['1', '2']) {
      const out = join(dir, `numbered-${threads}.jsonl`);
      const rejects = join(dir, `numbered-rejects-${threads}.txt`);
      const annotate = join(dir, `numbered-ann-${threads}.jsonl`);
      const r = run([
        'dedup',
        f,
        '--threads',
        threads,
        '--on-error',
        'skip',
        '--rejects',
        rejects,
        '-o',
        out,
        '--annotate',
        annotate,
        '--json',
        '--force',
      ]);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('first: line 13203: not valid JSON');
      expect(readFileSync(rejects, 'utf8')).toBe('{"id":"bad","title":\n'.repeat(3));
      // Every annotated line starts with the bytes of the record on that line of the input.
      const annotated = readFileSync(annotate, 'utf8').trim().split('\n');
      const records = text.split('\n').filter((l, k) => l !== '' && !bad.has(k + 1));
      expect(annotated.length).toBe(records.length);
      annotated.forEach((l, k) => expect(l.startsWith(records[k].slice(0, -1))).toBe(true));
      expect(JSON.parse(r.stdout).duplicates).toBeGreaterThan(1000);
      outputs.push(readFileSync(out, 'utf8'));
    }
    expect(outputs[1]).toBe(outputs[0]);
  });

  it('repeated ids fail with the line and field, or are counted with --on-error skip', () => {
    const lines = sample().slice(0, 20);
    lines.push(lines[3]);
    const f = join(dir, 'repeat.jsonl');
    writeFileSync(f, lines.join('\n') + '\n');
    const r = run(['dedup', f, '-o', join(dir, 'repeat-out.jsonl')]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      `${f}:21: field "id": id "${JSON.parse(lines[3]).id}" repeats the id of line 4`,
    );
    expect(existsSync(join(dir, 'repeat-out.jsonl'))).toBe(false);
    const skip = run(['dedup', f, '--on-error', 'skip', '--json', '--quiet']);
    expect(JSON.parse(skip.stdout)).toMatchObject({ items: 21, repeated_ids: 1 });
  });
});

describe('neardup dedup --annotate', () => {
  it('adds cluster, canonical, duplicate_of and similarity to every JSONL record, keeping its bytes', () => {
    const out = join(dir, 'annotated.jsonl');
    expect(run(['dedup', SAMPLE, '--annotate', out, '--quiet']).status).toBe(0);
    const input = readFileSync(SAMPLE, 'utf8').trim().split('\n');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(input.length);
    lines.forEach((line, k) => expect(line.startsWith(input[k].slice(0, -1))).toBe(true));
    const recs = lines.map((l) => JSON.parse(l));
    const dups = recs.filter((r) => r.duplicate_of !== null);
    expect(dups.length).toBeGreaterThan(100);
    for (const d of dups) {
      expect(d.cluster).toBeGreaterThan(0);
      expect(d.canonical).toBe(d.duplicate_of);
      expect(recs.find((r) => r.id === d.canonical)).toMatchObject({
        cluster: d.cluster,
        duplicate_of: null,
        similarity: 1,
      });
    }
    expect(
      recs.filter((r) => r.cluster === null).every((r) => r.canonical === r.id && r.similarity === null),
    ).toBe(true);
  });

  it('adds six columns to CSV and writes text lines as JSONL objects', () => {
    const csv = join(dir, 'ann.csv');
    writeFileSync(
      csv,
      'id,title\n1,南非大选初步计票结果显示非国大获胜\n2,"南非大选初步计票结果显示非国大获胜组图"\n3,另一条\n',
    );
    expect(run(['dedup', csv, '--annotate', join(dir, 'ann-out.csv'), '--quiet']).status).toBe(0);
    expect(readFileSync(join(dir, 'ann-out.csv'), 'utf8')).toBe(
      'id,title,cluster,canonical,duplicate_of,similarity,possible_of,probability\n1,南非大选初步计票结果显示非国大获胜,1,1,,1,,\n2,"南非大选初步计票结果显示非国大获胜组图",1,1,1,1,,\n3,另一条,,3,,,,\n',
    );
    const out = join(dir, 'seed-ann.jsonl');
    expect(run(['dedup', SEED, '--annotate', out, '--quiet']).status).toBe(0);
    const recs = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(recs).toHaveLength(72);
    expect(recs[28]).toMatchObject({ line: 29, cluster: 1, canonical: '3', duplicate_of: '3' });
  });
});

describe('signals', () => {
  it('SIGINT stops the run with exit 130 and leaves no output or temporary file', async () => {
    const { spawn } = await import('node:child_process');
    const big = join(dir, 'big.jsonl');
    writeFileSync(big, readFileSync(SAMPLE, 'utf8').repeat(60));
    const out = join(dir, 'sig-out.jsonl');
    const child = spawn(process.execPath, [CLI, 'dedup', big, '-o', out, '--on-error', 'skip', '--quiet'], {
      env: { ...process.env, NEARDUP_TEST_READY: '1' },
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    // Signal once the CLI says its handlers are installed (a fixed delay raced its start-up).
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('neardup: ready\n')) resolve();
      });
      child.on('exit', () => reject(new Error(`exited before it was ready: ${stderr}`)));
    });
    child.kill('SIGINT');
    const code = await exited;
    expect(stderr).toContain('stopped by SIGINT');
    expect(code).toBe(130);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('field mistakes and stdout are answered before the read', () => {
  const dated = join(ROOT, 'data', 'headlines_dated.jsonl');
  it('a missing text field names the fields the records have and the closest one', () => {
    const r = run(['dedup', SAMPLE, '--text-field', 'headline']);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('field "headline" is in none of the first 200 records');
    expect(r.stderr).toContain('they have "id", "title", "date"; did you mean --text-field title?');
  });
  it('a date field no record has: an error with --canonical earliest, else one warning', () => {
    const e = run(['dedup', dated, '--date-field', 'published', '--canonical', 'earliest']);
    expect(e.status).toBe(2);
    expect(e.stderr).toContain('--canonical earliest needs dates, but field "published" is in none');
    expect(e.stderr).toContain('did you mean --date-field date?');
    const w = run(['dedup', dated, '--date-field', 'published', '--json']);
    expect(w.status).toBe(0);
    expect(w.stderr.match(/warning: field "published" is in none of the first 200 records/g)).toHaveLength(1);
    expect(run(['dedup', SEED, '--canonical', 'earliest']).status).toBe(2);
    expect(run(['dedup', dated, '--json', '--quiet']).stderr).toBe(''); // the default field, present: nothing to say
  });
  it('an id field no record has is a warning that ids are line numbers', () => {
    const r = run(['dedup', SAMPLE, '--id-field', 'uid', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('warning: field "uid" is in none of the first 200 records of');
    expect(r.stderr).toContain('so ids are line numbers');
  });
  it('a .json file holding an array is refused with the JSONL way to read it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neardup-json-'));
    const file = join(dir, 'records.json');
    writeFileSync(
      file,
      JSON.stringify(
        [
          { id: 'a', title: '标题一' },
          { id: 'b', title: '标题二' },
        ],
        null,
        2,
      ),
    );
    const r = run(['dedup', file]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(
      "the file holds a JSON array; neardup reads JSON Lines (one record per line): convert it with jq -c '.[]'",
    );
  });
  it('two outputs on stdout are a usage error naming which to move', () => {
    const r = run(['dedup', SAMPLE, '--clusters', '-', '--json']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--clusters - and --json would both write to stdout');
    expect(r.stderr).toContain('--clusters FILE, or leave out --json');
    expect(run(['dedup', SAMPLE, '-o', '-', '--annotate', '-']).stderr).toContain(
      '-o - and --annotate - would both write to stdout',
    );
  });
  it('in body mode the summary names the body threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neardup-body-'));
    const file = join(dir, 'articles.jsonl');
    const body =
      '记者从气象台获悉，今天下午到夜间，本市大部分地区将出现暴雨，局地大暴雨，并伴有雷电和短时大风。';
    writeFileSync(
      file,
      `${JSON.stringify({ id: 'a', title: '暴雨预警', body })}\n${JSON.stringify({ id: 'b', title: '今夜暴雨', body })}\n`,
    );
    const r = run(['dedup', file, '--body-field', 'body', '--match', 'body', '--json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('(body threshold 0.8,');
    expect(JSON.parse(r.stdout)).toMatchObject({ match: 'body', body_threshold: 0.8 });
  });
});
