/**
 * A reader's labels: one JSON line per labelled pair in the gold schema (`a, b, date_a, date_b,
 * label` with label "dup" or "diff"), plus the records' ids (`a_id`, `b_id`) when the pair came from
 * an input with ids. `neardup review` appends them; `neardup train` reads them. A line that is not a
 * label is an error naming the file, the line and the field, never skipped silently.
 */
import { readFileSync } from 'node:fs';
import { NeardupError } from '../errors.js';
import type { LabelledRow } from './scored-pair.js';

/** One label as a labels file holds it. */
export interface LabelLine extends LabelledRow {
  a_id?: string;
  b_id?: string;
}

/**
 * The key of a pair, the same whichever way round it is written: the two record ids when both are
 * known, else the two texts with their dates.
 * @example pairKey({ a: 'x', b: 'y', a_id: '2', b_id: '1', date_a: null, date_b: null }) === pairKey({ a: 'y', b: 'x', a_id: '1', b_id: '2', date_a: null, date_b: null }) // true
 */
export function pairKey(p: Pick<LabelLine, 'a' | 'b' | 'a_id' | 'b_id' | 'date_a' | 'date_b'>): string {
  const sides =
    p.a_id !== undefined && p.b_id !== undefined
      ? [`id:${p.a_id}`, `id:${p.b_id}`]
      : [`${p.date_a ?? ''}|${p.a}`, `${p.date_b ?? ''}|${p.b}`];
  sides.sort();
  return sides.join('\u0000');
}

const shown = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Checks one parsed line; the error names the file, the line and the field. */
function checkLine(v: unknown, where: string): LabelLine {
  const bad = (field: string, must: string, got: unknown) =>
    new NeardupError('E_INPUT', `${where}: field "${field}" must be ${must}; got ${shown(got)}`);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new NeardupError('E_INPUT', `${where}: a label must be a JSON object; got ${shown(v)}`);
  const r = v as Record<string, unknown>;
  for (const f of ['a', 'b'])
    if (typeof r[f] !== 'string' || r[f] === '') throw bad(f, 'a non-empty string', r[f]);
  for (const f of ['date_a', 'date_b'])
    if (r[f] !== undefined && r[f] !== null && typeof r[f] !== 'string')
      throw bad(f, 'a string or null', r[f]);
  if (r.label !== 'dup' && r.label !== 'diff') throw bad('label', '"dup" or "diff"', r.label);
  for (const f of ['a_id', 'b_id'])
    if (r[f] !== undefined && typeof r[f] !== 'string') throw bad(f, 'a string', r[f]);
  if (r.source !== undefined && typeof r.source !== 'string') throw bad('source', 'a string', r.source);
  return {
    a: r.a as string,
    b: r.b as string,
    date_a: (r.date_a as string | null | undefined) ?? null,
    date_b: (r.date_b as string | null | undefined) ?? null,
    label: r.label,
    ...(typeof r.a_id === 'string' && { a_id: r.a_id }),
    ...(typeof r.b_id === 'string' && { b_id: r.b_id }),
    ...(typeof r.source === 'string' && { source: r.source }),
    ...(typeof r.pid === 'string' && { pid: r.pid }),
  };
}

/**
 * The labels of one file's text, in file order; blank lines are skipped. A pair labelled twice
 * keeps its last label (a reader who changed their mind).
 * @example parseLabels('{"a":"x","b":"y","label":"dup"}\n', 'labels.jsonl').length // 1
 */
export function parseLabels(text: string, name: string): LabelLine[] {
  const byKey = new Map<string, LabelLine>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const where = `${name}:${i + 1}`;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      throw new NeardupError(
        'E_INPUT',
        `${where}: not a JSON line (${(e as Error).message}); fix or delete the line`,
      );
    }
    const label = checkLine(v, where);
    const key = pairKey(label);
    byKey.delete(key);
    byKey.set(key, label);
  }
  return [...byKey.values()];
}

/** Reads a labels file; a missing file is an error that names it. */
export function readLabels(path: string): LabelLine[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new NeardupError(
      'E_INPUT',
      `cannot read labels file ${path} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); label pairs with neardup review INPUT --labels ${path}`,
    );
  }
  return parseLabels(text, path);
}
