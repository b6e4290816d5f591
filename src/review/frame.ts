/**
 * A pair's frame: the text two headlines share, with each differing run shown as one `…`. Pairs of
 * one template (实用口语：“…”英语怎么说？) have one frame, so a batch of pairs to review takes one
 * pair per frame, and a reader's time goes to many kinds of pair rather than one template twenty
 * times.
 */
import { alignTokens } from '../verify/align.js';
import { tokenize } from '../text/tokenize.js';

const TOKEN_OPTIONS = { foldScript: true, stripTags: true };

/**
 * @example frameOf('实用口语：“唠叨”英语怎么说？', '实用口语：“一面之词”英语怎么说？') // '实用口语…英语怎么说'
 */
export function frameOf(a: string, b: string): string {
  const ta = tokenize(a, TOKEN_OPTIONS);
  const tb = tokenize(b, TOKEN_OPTIONS);
  const ids = new Map<string, number>();
  const id = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  let frame = '';
  for (const s of alignTokens(ta.map(id), tb.map(id))) {
    if (s.kind === 'equal') frame += ta.slice(s.aFrom, s.aTo).join('');
    else if (!frame.endsWith('…')) frame += '…';
  }
  return frame;
}
