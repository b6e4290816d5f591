/**
 * Forced garbage collection is opt-in: releasing a large corpus's columns reaches for V8's
 * `--expose-gc` only when the caller asked (`RunOptions.collectGarbage`, which the CLI sets).
 */
import { describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', async (original) => ({
  ...(await original<typeof import('node:v8')>()),
  setFlagsFromString,
}));

const { releaseCorpus } = await import('../src/engine/release.js');
type Corpus = Parameters<typeof releaseCorpus>[0];
const large = (): Corpus => ({ size: 200_000 }) as Corpus;

describe('forced collections', () => {
  it('never touch process-wide V8 flags unless asked', () => {
    releaseCorpus(large(), false);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });

  it('turn on --expose-gc once when asked, on a large corpus', () => {
    releaseCorpus({ size: 10 } as Corpus, true);
    expect(setFlagsFromString).not.toHaveBeenCalled();
    releaseCorpus(large(), true);
    releaseCorpus(large(), true);
    expect(setFlagsFromString).toHaveBeenCalledTimes(1);
    expect(setFlagsFromString).toHaveBeenCalledWith('--expose-gc');
  });
});
