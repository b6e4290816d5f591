/**
 * Does a replaced span name something? Places (广州 / 廊坊), organisations (天津农学院 / 泰山医学院),
 * companies (京东 / 小米) and people (邓伦 / 杨幂): a template headline with another entity in it
 * is another story. Gazetteers are in `places.ts`.
 */
import type { ItemView } from './item-view.js';
import { COMPANY_NAMES, ORG_SUFFIXES, PLACE_NAMES, SURNAMES } from './places.js';
import { spanText } from './span-text.js';

const NAMES = new Set([...PLACE_NAMES, ...COMPANY_NAMES].filter((p) => [...p].length >= 2));
const LONGEST_NAME = Math.max(...[...NAMES].map((p) => [...p].length));
const SURNAME_SET = new Set([...SURNAMES].map((c) => c.codePointAt(0)!));

/**
 * True when a known place or company name overlaps tokens [from, to), looking a few tokens either
 * side: only 欧 / 非 differ between 欧洲 and 非洲, but the name is the whole word.
 */
function overlapsKnownName(v: ItemView, from: number, to: number): boolean {
  const text = spanText(v, from - (LONGEST_NAME - 1), to + (LONGEST_NAME - 1));
  const offset = Math.min(from, LONGEST_NAME - 1); // where the span starts within text
  const spanEnd = offset + (to - from);
  for (let start = 0; start < spanEnd; start++) {
    for (let len = 2; len <= LONGEST_NAME && start + len <= text.length; len++) {
      if (start + len > offset && NAMES.has(text.slice(start, start + len))) return true;
    }
  }
  return false;
}

/** True when the span, read on into the next two tokens, ends an organisation name. */
function endsOrganisation(v: ItemView, from: number, to: number): boolean {
  const text = spanText(v, from, to + 2);
  return ORG_SUFFIXES.some((suffix) => {
    const at = text.indexOf(suffix);
    return at >= 0 && at <= to - from;
  });
}

/** A span of 2–6 CJK characters starting with a common surname: 邓伦, 杨幂易烊千玺. */
function looksLikePerson(v: ItemView, from: number, to: number): boolean {
  const len = to - from;
  if (len < 2 || len > 6) return false;
  for (let k = from; k < to; k++) if (v.tokens[v.tFrom + k] >= 0x110000) return false;
  return SURNAME_SET.has(v.tokens[v.tFrom + from]);
}

/** True when both sides of a replacement name an entity of the same kind. */
export function replacesEntity(
  a: ItemView,
  aFrom: number,
  aTo: number,
  b: ItemView,
  bFrom: number,
  bTo: number,
): boolean {
  return (
    (overlapsKnownName(a, aFrom, aTo) && overlapsKnownName(b, bFrom, bTo)) ||
    (endsOrganisation(a, aFrom, aTo) && endsOrganisation(b, bFrom, bTo)) ||
    (looksLikePerson(a, aFrom, aTo) && looksLikePerson(b, bFrom, bTo))
  );
}
