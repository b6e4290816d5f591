/**
 * Reading token spans back as text, for the rules that look for words (place names, stage words).
 */
import type { ItemView } from './item-view.js';

/** The text of tokens [from, to) of a view; a Latin or digit word becomes a space. */
export function spanText(v: ItemView, from: number, to: number): string {
  let text = '';
  const end = Math.min(to, v.tTo - v.tFrom);
  for (let k = Math.max(0, from); k < end; k++) {
    const id = v.tokens[v.tFrom + k];
    text += id < 0x110000 ? String.fromCodePoint(id) : ' ';
  }
  return text;
}

export function every(v: ItemView, from: number, to: number, test: (id: number) => boolean): boolean {
  if (from === to) return false;
  for (let k = from; k < to; k++) if (!test(v.tokens[v.tFrom + k])) return false;
  return true;
}

export function some(v: ItemView, from: number, to: number, test: (id: number) => boolean): boolean {
  for (let k = from; k < to; k++) if (test(v.tokens[v.tFrom + k])) return true;
  return false;
}
