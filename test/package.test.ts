/**
 * The package as a user meets it: `npm pack` once, `npm ci` of the tarball once, then four fresh
 * consumer projects — ESM TypeScript (`moduleResolution: bundler`), CommonJS TypeScript
 * (`nodenext`), CommonJS TypeScript with the old `moduleResolution: node`, and a plain `.cjs` file
 * with `require` — each type-checked with `skipLibCheck: false` by the repository's TypeScript and
 * running the README's library example.
 *
 * The install is npm's own, with no network in the usual case: a lockfile for the consumer holds
 * the tarball (with its sha512) and the runtime packages of this repository's package-lock.json,
 * so `npm ci --prefer-offline` takes each from the npm cache that installing this repository
 * filled (and asks the registry only for one it lacks). A dependency missing from package.json's
 * `dependencies` fails, as npm installs only what the package declares. Packing uses
 * `--ignore-scripts`: it takes `dist` as `npm run build` left it (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packMissing, TSC } from './helpers/pack.js';
import { ROOT } from './helpers/shared-data.js';

const missing = packMissing();

/** The README's library examples (the blocks that import from 'neardup' and 'neardup/sketch'). */
function readmeExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)]
    .map((m) => m[1])
    .filter((block) => /from 'neardup(\/sketch)?';/.test(block));
}

type Style = 'ts' | 'cjs';

/**
 * One program of the README's examples: the imports at the top (as `require` in plain CommonJS),
 * the rest in an async function, since a CommonJS file has no top-level await. Redis is not part
 * of this world: the shared-index line checks only that `connect` is there.
 */
function program(style: Style): string {
  const imports: string[] = [];
  const body: string[] = [];
  for (const line of readmeExamples().join('\n').split('\n')) {
    const m = /^import \{ (.+) \} from '(neardup(?:\/sketch)?)';$/.exec(line);
    if (m) imports.push(style === 'cjs' ? `const { ${m[1]} } = require('${m[2]}');` : line);
    else if (/NearDupIndex\.connect\(/.test(line)) body.push('  console.log(typeof NearDupIndex.connect);');
    else body.push(`  ${line}`);
  }
  return [
    ...imports,
    style === 'ts' ? 'async function main(): Promise<void> {' : 'async function main() {',
    ...body,
    '  console.log(JSON.stringify(result.counts));',
    '}',
    "main().then(() => console.log('README example ran'), (error) => { console.error(error); process.exitCode = 1; });",
    '',
  ].join('\n');
}

interface Consumer {
  name: string;
  /** package.json's `type`. */
  type: 'module' | 'commonjs';
  /** tsconfig compilerOptions; undefined for the plain .cjs consumer (no TypeScript). */
  compilerOptions?: Record<string, unknown>;
}

const CONSUMERS: Consumer[] = [
  {
    name: 'ESM TypeScript, moduleResolution bundler',
    type: 'module',
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler' },
  },
  {
    name: 'CommonJS TypeScript, module/moduleResolution nodenext',
    type: 'commonjs',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
  {
    name: 'CommonJS TypeScript, moduleResolution node',
    type: 'commonjs',
    compilerOptions: { module: 'commonjs', moduleResolution: 'node' },
  },
  { name: 'plain require in a .cjs file', type: 'commonjs' },
];

/** Runs a command, returning its stdout; a failure throws with its stdout and stderr, which is what a reader needs. */
function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}${e.stderr ?? ''}${e.message}`,
    );
  }
}

describe.skipIf(missing !== undefined)('the packed package in fresh projects', () => {
  let work = '';
  let tarball = '';

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'index.js')))
      throw new Error('dist/ is missing: run `npm run build` before this test (npm test does)');
    work = mkdtempSync(join(tmpdir(), 'neardup-pack-'));
    const name = run(
      'npm',
      ['pack', '--ignore-scripts', '--silent', '--pack-destination', work],
      ROOT,
    ).trim();
    tarball = join(work, name.split('\n').at(-1) ?? name);
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /**
   * The tarball installed by `npm ci` in `work/installed` (once), from a lockfile of the tarball
   * and the runtime entries of this repository's lock (those not marked dev).
   */
  function installOnce(): string {
    const base = join(work, 'installed');
    if (existsSync(join(base, 'node_modules', 'neardup'))) return base;
    mkdirSync(base, { recursive: true });
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean; version?: string; dependencies?: Record<string, string> }>;
    };
    const self = lock.packages[''];
    const spec = `file:${tarball}`;
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    const packages: Record<string, unknown> = {
      '': { name: 'consumer', dependencies: { neardup: spec } },
      'node_modules/neardup': {
        version: self.version,
        resolved: spec,
        integrity,
        dependencies: self.dependencies,
      },
    };
    for (const [path, entry] of Object.entries(lock.packages))
      if (path !== '' && entry.dev !== true) packages[path] = entry;
    writeFileSync(
      join(base, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, dependencies: { neardup: spec } }),
    );
    writeFileSync(
      join(base, 'package-lock.json'),
      JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }),
    );
    run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], base);
    // The consumers' TypeScript reads Node's types, as any Node project's does.
    mkdirSync(join(base, 'node_modules', '@types'), { recursive: true });
    symlinkSync(
      join(ROOT, 'node_modules', '@types', 'node'),
      join(base, 'node_modules', '@types', 'node'),
      'dir',
    );
    return base;
  }

  /** A fresh project of its own `type`, whose node_modules is the one npm installed. */
  function install(dir: string, type: Consumer['type']): void {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type }));
    symlinkSync(join(installOnce(), 'node_modules'), join(dir, 'node_modules'), 'dir');
  }

  it('ships declarations free of piscina, and top-level main and types', () => {
    const dir = join(work, 'inspect');
    install(dir, 'module');
    const root = join(dir, 'node_modules', 'neardup');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      main: string;
      types: string;
    };
    expect(existsSync(join(root, pkg.main))).toBe(true);
    expect(existsSync(join(root, pkg.types))).toBe(true);
    const declarations = (readdirSync(join(root, 'dist', 'src'), { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.d.ts'),
    );
    expect(declarations.length).toBeGreaterThan(10);
    const naming = declarations.filter((f) =>
      /['"]piscina['"]/.test(readFileSync(join(root, 'dist', 'src', f), 'utf8')),
    );
    expect(naming).toEqual([]);
  });

  for (const consumer of CONSUMERS) {
    it(`type-checks and runs the README's library example: ${consumer.name}`, () => {
      const dir = join(work, consumer.name.replace(/[^a-z]+/gi, '-'));
      install(dir, consumer.type);
      let entry: string;
      if (consumer.compilerOptions) {
        mkdirSync(join(dir, 'src'));
        writeFileSync(join(dir, 'src', 'main.ts'), program('ts'));
        const compilerOptions = {
          target: 'es2022',
          strict: true,
          skipLibCheck: false,
          outDir: 'out',
          rootDir: 'src',
          ...consumer.compilerOptions,
        };
        writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
        run(process.execPath, [TSC, '-p', dir], dir);
        entry = join(dir, 'out', 'main.js');
      } else {
        entry = join(dir, 'main.cjs');
        writeFileSync(entry, program('cjs'));
      }
      const out = run(process.execPath, [entry], dir);
      expect(out).toContain('"duplicates":1');
      expect(out.trim().split('\n').at(-1)).toBe('README example ran');
    });
  }
});
