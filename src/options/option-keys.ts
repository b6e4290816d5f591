/**
 * Unknown keys in an options object are refused, not ignored: a misspelt option left silently at
 * its default (`threshhold: 0.8` running at 0.5) gives results that look right and are not. The
 * error names the key, the closest option there is, or the entry point the key belongs to.
 */
import { editDistance } from '../text/edit-distance.js';
import { OPTION_KEYS } from './option-flags.js';

/**
 * Keys that other entry points take, each with where it belongs, so a key given to the wrong
 * call is answered with the right one rather than with a far-fetched spelling.
 */
const BELONGS_ELSEWHERE: Record<string, string> = {
  window: "NearDupIndex's: new NearDupIndex({ window: '48h' }) evicts by time; dedup has no window",
  prefix: "NearDupIndex.connect's: NearDupIndex.connect(url, { prefix })",
  password: "NearDupIndex.connect's: NearDupIndex.connect(url, { password })",
  ca: "NearDupIndex.connect's: NearDupIndex.connect(url, { ca })",
  buckets: "NearDupIndex.connect's: NearDupIndex.connect(url, { buckets })",
  allowRepeatedIds: "dedup's only: dedup(items, { allowRepeatedIds: true })",
  threads: "dedup's third argument: dedup(items, options, { threads: 2 })",
  pool: "dedup's third argument: dedup(items, options, { pool })",
  onProgress: "dedup's third argument: dedup(items, options, { onProgress })",
  onStage: "dedup's third argument: dedup(items, options, { onStage })",
  collectGarbage: "dedup's third argument: dedup(items, options, { collectGarbage: true })",
  limit: "query's: index.query(item, { limit })",
  deadline: "check's and query's: index.check(item, { deadline })",
};

/** The option among `known` closest to `key` by edit distance (case-blind), if any is close. */
function closestOption(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(lower.length / 3)) ? best : undefined;
}

/**
 * Throws a TypeError for the first key of `options` that is neither an engine option nor one of
 * `own` (the keys this entry point adds, such as the index's `window`). A key whose value is
 * `undefined` sets nothing and passes, so spreading a partial configuration stays possible.
 * `entry` names the call in the message (`dedup`, `NearDupIndex`); `resolveOptions`, under
 * every entry point, names none.
 * @example checkOptionKeys({ threshhold: 0.8 }, 'dedup')
 * // TypeError: options.threshhold is not an option of dedup; did you mean threshold?
 */
export function checkOptionKeys(options: object, entry?: string, own: readonly string[] = []): void {
  const known = [...OPTION_KEYS, ...own];
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || known.includes(key)) continue;
    // A key another entry point takes is answered with that one before any spelling guess.
    const elsewhere = Object.hasOwn(BELONGS_ELSEWHERE, key) ? BELONGS_ELSEWHERE[key] : undefined;
    const near = closestOption(key, known);
    const hint = elsewhere
      ? `: it is ${elsewhere}`
      : near
        ? `; did you mean ${near}?`
        : ` (the options are ${known.join(', ')})`;
    throw new TypeError(`options.${key} is not an option${entry ? ` of ${entry}` : ''}${hint}`);
  }
}

/** The keys of `dedup`'s third argument (RunOptions): how to run, not what to compute. */
const RUN_KEYS: readonly string[] = [
  'threads',
  'pool',
  'onProgress',
  'onStage',
  'collectGarbage',
  'recordPairs',
];

/**
 * As `checkOptionKeys`, for `dedup`'s third argument: `{ thread: 2 }` would otherwise run on one
 * thread without a word. An engine option given here is answered with where it goes.
 * @example checkRunKeys({ thread: 2 }) // TypeError: run.thread is not an option of dedup's third argument (RunOptions); did you mean threads?
 */
export function checkRunKeys(run: object): void {
  for (const [key, value] of Object.entries(run)) {
    if (value === undefined || RUN_KEYS.includes(key)) continue;
    const engine = (OPTION_KEYS as readonly string[]).includes(key) || key === 'allowRepeatedIds';
    const near = closestOption(key, RUN_KEYS);
    const hint = engine
      ? `: it is an option of what to compute, dedup's second argument: dedup(items, { ${key} }, run)`
      : near
        ? `; did you mean ${near}?`
        : ` (they are ${RUN_KEYS.join(', ')})`;
    throw new TypeError(`run.${key} is not an option of dedup's third argument (RunOptions)${hint}`);
  }
}
