/**
 * One review session: the pairs offered, the labels file, the skipped pairs, and the pair on
 * screen. Labels go to the file first and to the loop after, so what the page is told is saved is
 * on disk. A batch of BATCH pairs is offered at a time; when it is used up, the loop refits on
 * every label so far and picks the next.
 */
import { NeardupError } from '../errors.js';
import type { TextPiece } from '../report/original-diff.js';
import { pairKey, type LabelLine } from '../train/labels.js';
import type { pairScorer, ScoredPair } from '../train/scored-pair.js';
import type { LabelLog } from './label-log.js';
import type { ReviewCandidate, ReviewLoop } from './review-loop.js';

/** Pairs picked per batch: the loop refits after each. */
export const BATCH = 10;

/** A pair as the page shows it and the labels file records it. */
export interface ReviewItem extends ReviewCandidate {
  a: string;
  b: string;
  a_id?: string;
  b_id?: string;
  date_a: string | null;
  date_b: string | null;
  /** What each side has that the other lacks, marked on the text as written. */
  piecesA: TextPiece[];
  piecesB: TextPiece[];
  probability: number;
  duplicate: boolean;
  rule: string;
}

export type Answer = 'dup' | 'diff' | 'skip';

export class ReviewSession {
  readonly #log: LabelLog;
  readonly #loop: ReviewLoop<ReviewItem>;
  readonly #byKey: Map<string, ReviewItem>;
  readonly #cutoff: number;
  readonly #score: ReturnType<typeof pairScorer>;
  readonly #skipped = new Set<string>();
  #queue: ReviewItem[] = [];

  constructor(
    log: LabelLog,
    loop: ReviewLoop<ReviewItem>,
    items: readonly ReviewItem[],
    cutoff: number,
    score: ReturnType<typeof pairScorer>,
  ) {
    this.#log = log;
    this.#loop = loop;
    this.#byKey = new Map(items.map((i) => [i.key, i]));
    this.#cutoff = cutoff;
    this.#score = score;
    // Labels from earlier sessions train the loop too, and their pairs are never offered again.
    for (const l of log.labels) this.#loop.label(pairKey(l), this.#scored(l));
  }

  #scored(l: LabelLine): ScoredPair {
    return {
      pid: pairKey(l),
      a: l.a,
      b: l.b,
      date_a: l.date_a,
      date_b: l.date_b,
      set: 'user',
      source: l.source ?? 'labels',
      fold: '',
      ...this.#score(l),
    };
  }

  /** The pair on screen: the first of the batch not yet labelled or skipped; a new batch when it runs out. */
  current(): ReviewItem | undefined {
    const done = (i: ReviewItem) => this.#loop.labelled.has(i.key) || this.#skipped.has(i.key);
    this.#queue = this.#queue.filter((i) => !done(i));
    if (this.#queue.length === 0) this.#queue = this.#loop.next(BATCH, this.#skipped);
    return this.#queue[0];
  }

  /** Records the reader's answer for the pair on screen. */
  async answer(key: string, answer: Answer): Promise<void> {
    const item = this.current();
    if (item === undefined || item.key !== key)
      throw new NeardupError('E_USAGE', 'that pair is no longer the one to label; reload the page');
    if (answer === 'skip') {
      this.#skipped.add(key);
      return;
    }
    const label: LabelLine = {
      a: item.a,
      b: item.b,
      date_a: item.date_a,
      date_b: item.date_b,
      label: answer,
      ...(item.a_id !== undefined && { a_id: item.a_id }),
      ...(item.b_id !== undefined && { b_id: item.b_id }),
    };
    await this.#log.append(label);
    this.#loop.label(key, this.#scored(label));
  }

  /** Takes back the last label: off the file, and its pair back on screen. */
  async undo(): Promise<void> {
    const last = await this.#log.undo();
    if (last === undefined) return;
    const key = pairKey(last);
    this.#loop.unlabel(key);
    const item = this.#byKey.get(key);
    if (item !== undefined) this.#queue.unshift(item);
  }

  /** What the page shows. */
  state() {
    const p = this.current();
    return {
      labelled: this.#log.labels.length,
      skipped: this.#skipped.size,
      cutoff: this.#cutoff,
      labels: this.#log.path,
      pair:
        p === undefined
          ? null
          : {
              key: p.key,
              a: p.piecesA,
              b: p.piecesB,
              date_a: p.date_a,
              date_b: p.date_b,
              probability: p.probability,
              duplicate: p.duplicate,
              rule: p.rule,
            },
    };
  }
}
