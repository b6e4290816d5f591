/**
 * The options boundary: defaults complete, body options checked only when bodies are used, and
 * one rule worded twice — naming the option for the library, the flag typed for the CLI.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPTION_FLAGS, OPTION_KEYS, flagAttribute } from '../src/options/option-flags.js';
import { flagMessageOf } from '../src/options/option-errors.js';
import { DEFAULTS, resolveOptions, type DedupOptions } from '../src/options/options.js';
import { compare, dedup, NearDupIndex, type IndexOptions } from '../src/index.js';
import { CLI, ROOT } from './helpers/shared-data.js';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('options', () => {
  it('has a default, or a documented derivation, for every option', () => {
    // The model's own: cutoff and possibleCutoff come from the weights, model is the bundled file.
    const derived = ['bands', 'rows', 'cutoff', 'possibleCutoff', 'model'];
    expect([...Object.keys(DEFAULTS), ...derived].sort()).toEqual([...OPTION_KEYS].sort());
  });

  it('maps every option to a flag whose attribute is the one commander stores', () => {
    expect(flagAttribute(OPTION_FLAGS.foldScript)).toBe('fold');
    expect(flagAttribute(OPTION_FLAGS.dateWindowDays)).toBe('dateWindow');
    expect(new Set(Object.values(OPTION_FLAGS)).size).toBe(OPTION_KEYS.length);
  });

  it('refuses a possible-duplicate cut-off outside (0, 1] and model weights that are not usable', () => {
    expect(() => resolveOptions({ possibleCutoff: 0 })).toThrow(/possibleCutoff.*probability in \(0, 1\]/);
    expect(() => resolveOptions({ possibleCutoff: Number.NaN })).toThrow(/possibleCutoff/);
    expect(resolveOptions({ possibleCutoff: 1 }).possibleCutoff).toBe(1);
    expect(() => resolveOptions({ model: { version: 99 } as never })).toThrow(/model.*version 99/);
  });

  it('checks the body kernel power-of-two rule only when bodies are compared', () => {
    expect(resolveOptions({ perms: 100 }).perms).toBe(100);
    expect(() => resolveOptions({ perms: 100, match: 'either' })).toThrow('must be a power of two');
    expect(resolveOptions({ perms: 100, match: 'body', bodyKernel: 'classic' }).perms).toBe(100);
  });

  it('words one error for the library and for the CLI', () => {
    const e = thrown(() => resolveOptions({ threshold: 2 }));
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe('options.threshold must be a number in (0, 1]; got 2');
    expect(flagMessageOf(e)).toBe('--threshold 2: must be a number in (0, 1]');
    const k = thrown(() => resolveOptions({ perms: 100, match: 'body' }));
    expect(k.message).toContain("(or use bodyKernel: 'classic')");
    expect(flagMessageOf(k)).toBe(
      '--perms 100: must be a power of two (16 … 65536) for one-permutation body signatures (or use --body-kernel classic)',
    );
    expect(flagMessageOf(new RangeError('other'))).toBeUndefined();
  });
});

describe('unknown option keys', () => {
  // Typed as the options objects a JavaScript caller (or a cast) can hand in.
  const loose = (o: Record<string, unknown>) => o as DedupOptions;

  it('refuses a misspelt option with the closest one, in every entry point', async () => {
    const e = thrown(() => resolveOptions(loose({ threshhold: 0.8 })));
    expect(e).toBeInstanceOf(TypeError);
    expect(e.message).toBe('options.threshhold is not an option; did you mean threshold?');
    await expect(dedup([], loose({ threshhold: 0.8 }))).rejects.toThrow(
      'options.threshhold is not an option of dedup; did you mean threshold?',
    );
    expect(() => compare('申花', '申花!', loose({ ngrams: 3 }))).toThrow('did you mean ngram?');
    expect(() => new NearDupIndex({ windw: '48h' } as IndexOptions)).toThrow(
      'options.windw is not an option of NearDupIndex; did you mean window?',
    );
  });

  it("names the entry point a key belongs to when it is another call's", async () => {
    await expect(dedup([], loose({ window: '48h' }))).rejects.toThrow(
      "options.window is not an option of dedup: it is NearDupIndex's: new NearDupIndex({ window: '48h' })",
    );
    await expect(dedup([], loose({ threads: 2 }))).rejects.toThrow(
      "options.threads is not an option of dedup: it is dedup's third argument: dedup(items, options, { threads: 2 })",
    );
    expect(() => resolveOptions(loose({ allowRepeatedIds: true }))).toThrow("it is dedup's only");
  });

  it("checks dedup's third argument (RunOptions) the same way", async () => {
    const run = (r: Record<string, unknown>) => dedup([], {}, r as Parameters<typeof dedup>[2]);
    await expect(run({ thread: 2 })).rejects.toThrow(
      "run.thread is not an option of dedup's third argument (RunOptions); did you mean threads?",
    );
    await expect(run({ threshold: 0.6 })).rejects.toThrow(
      "run.threshold is not an option of dedup's third argument (RunOptions): it is an option of what to compute, dedup's second argument: dedup(items, { threshold }, run)",
    );
    expect((await run({ threads: 1, onStage: undefined })).counts.items).toBe(0);
  });

  it('lists the options when nothing is close, and lets undefined values pass', () => {
    expect(() => resolveOptions(loose({ zzz: 1 }))).toThrow('(the options are threshold, ngram,');
    expect(resolveOptions(loose({ threshhold: undefined })).threshold).toBe(DEFAULTS.threshold);
    expect(new NearDupIndex({ window: '48h', threshold: 0.6 }).windowMs).toBe(48 * 3600 * 1000);
  });
});

describe('the CLI at the options boundary', () => {
  const seed = join(ROOT, 'data', 'seed_headlines.txt');
  const run = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, CI: '' } });

  it('runs a title-only dedup with any number of permutations', () => {
    const r = run(['dedup', '--perms', '100', '--quiet', seed]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('names the flag typed in an error, with exit status 2', () => {
    const r = run(['dedup', '--threshold', '2', seed]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('neardup: --threshold 2: must be a number in (0, 1]\n');
    const w = run(['dedup', '--date-window', '0', seed]);
    expect(w.stderr).toContain(
      '--date-window 0: must be a number of days > 0 (switch the rule off with --disable-rule date-gap)',
    );
  });
});
