/**
 * A look at the first records of an input before the real read, so that a misnamed field is
 * answered with the fields the records do have (and the closest one), not with "missing" on every
 * line; and so that a `.json` file holding one array is recognised rather than read as lines.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { getField } from './fields.js';
import type { InputFormat } from './format.js';
import { readLines } from './lines.js';
import { readBytes } from './open-input.js';
import { editDistance } from '../text/edit-distance.js';

/** How many records the survey reads. */
export const SURVEY_RECORDS = 200;

export interface FieldSurvey {
  /** Records looked at (up to SURVEY_RECORDS). */
  records: number;
  /** Top-level field names, in order of first appearance. */
  fields: string[];
  /** For each asked-for field, how many of the records have it (a non-null value). */
  present: Map<string, number>;
  /** The first non-blank line starts a JSON array: a `.json` file of records, not JSON Lines. */
  jsonArray: boolean;
  /** Plain text: one headline per line, no fields (no ids, no dates). */
  plainText: boolean;
}

/**
 * Surveys the first records of a JSONL, CSV or TSV file for the fields `wanted`.
 * @example (await surveyFields('a.jsonl', 'jsonl', ['title'])).present.get('title')
 */
export async function surveyFields(
  path: string,
  format: InputFormat,
  wanted: readonly string[],
): Promise<FieldSurvey> {
  const fields: string[] = [];
  const present = new Map(wanted.map((w) => [w, 0]));
  const survey: FieldSurvey = { records: 0, fields, present, jsonArray: false, plainText: format === 'text' };
  if (format === 'text') return survey;
  const stream = await readBytes(path);
  const rows: string[] = [];
  try {
    for await (const line of readLines(stream)) {
      if (line.text.trim() === '') continue;
      rows.push(line.text);
      if (rows.length > SURVEY_RECORDS) break;
    }
  } finally {
    stream.destroy();
  }
  const note = (obj: Record<string, unknown>) => {
    survey.records++;
    for (const k of Object.keys(obj)) if (!fields.includes(k)) fields.push(k);
    for (const w of wanted) {
      const v = getField(obj, w);
      if (v !== undefined && v !== null && v !== '') present.set(w, present.get(w)! + 1);
    }
  };
  if (format === 'jsonl') {
    if (rows[0]?.trimStart().startsWith('[')) survey.jsonArray = true;
    for (const row of rows.slice(0, SURVEY_RECORDS)) {
      try {
        const obj: unknown = JSON.parse(row);
        if (obj !== null && typeof obj === 'object' && !Array.isArray(obj))
          note(obj as Record<string, unknown>);
      } catch {
        // A bad line is the reader's to report, with its line number.
      }
    }
    return survey;
  }
  try {
    const records = parseCsv(rows.join('\n'), {
      columns: true,
      delimiter: format === 'tsv' ? '\t' : ',',
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
    }) as Record<string, unknown>[];
    for (const r of records.slice(0, SURVEY_RECORDS)) note(r);
  } catch {
    // A record spanning the cut, or a bad one: the reader reports it.
  }
  return survey;
}

/**
 * The field most like `name` among `fields`: by edit distance, case-blind; a field that names the
 * same kind of thing (title for headline, text, content) wins when nothing is close.
 * @example closestField('titel', ['id', 'title', 'date']) // 'title'
 */
export function closestField(
  name: string,
  fields: readonly string[],
  kind: 'text' | 'date' | 'id',
): string | undefined {
  if (fields.length === 0) return undefined;
  const lower = name.toLowerCase();
  const scored = fields.map((f) => ({ f, d: editDistance(lower, f.toLowerCase()) }));
  scored.sort((p, q) => p.d - q.d);
  if (scored[0].d <= Math.max(2, Math.floor(lower.length / 3))) return scored[0].f;
  const usual: Record<typeof kind, RegExp> = {
    text: /^(title|headline|text|content|name|subject|summary)$/i,
    date: /(date|time|published|created|pub)/i,
    id: /^(id|_id|uid|uuid|key|guid|url)$/i,
  };
  return fields.find((f) => usual[kind].test(f));
}
