/**
 * Field mistakes answered before the read: a text field the records do not have names the fields
 * they do have and the closest one; a date or id field that no surveyed record has is a warning
 * (dates off, ids from line numbers), or an error when an option depends on it
 * (`--canonical earliest`); a `.json` file holding an array is refused with the JSONL way to read it.
 */
import { NeardupError } from '../errors.js';
import { closestField, type FieldSurvey } from '../read/field-survey.js';

export interface FieldChoice {
  textField: string;
  idField: string;
  dateField: string;
  /** Whether the user named the id and date fields (a default that no record has is not a mistake). */
  idNamed: boolean;
  dateNamed: boolean;
  canonical?: string;
}

const listed = (fields: readonly string[]) =>
  fields.length > 0 ? fields.map((f) => `"${f}"`).join(', ') : 'none';

/**
 * Throws for a mistake that would make the run meaningless; returns the warnings to print once.
 * @example checkFields('a.jsonl', survey, { textField: 'headline', ... }) // throws: … did you mean --text-field title?
 */
export function checkFields(name: string, s: FieldSurvey, c: FieldChoice): string[] {
  if (s.jsonArray) {
    throw new NeardupError(
      'E_INPUT',
      `${name}: the file holds a JSON array; neardup reads JSON Lines (one record per line): convert it with jq -c '.[]' ${name} > records.jsonl, then read records.jsonl`,
    );
  }
  if (s.plainText && c.canonical === 'earliest') {
    throw new NeardupError(
      'E_USAGE',
      `--canonical earliest needs dates, but ${name} is plain text (one headline per line, no dates); use JSONL, CSV or TSV with a date field, or --canonical first`,
    );
  }
  if (s.records === 0) return [];
  const of = `the first ${s.records} record${s.records > 1 ? 's' : ''} of ${name}`;
  const has = `they have ${listed(s.fields)}`;
  const hint = (field: string, kind: 'text' | 'date' | 'id', flag: string) => {
    const near = closestField(field, s.fields, kind);
    return near ? `; did you mean ${flag} ${near}?` : '';
  };
  if (s.present.get(c.textField) === 0) {
    throw new NeardupError(
      'E_INPUT',
      `field "${c.textField}" is in none of ${of}; ${has}${hint(c.textField, 'text', '--text-field')}`,
    );
  }
  const warnings: string[] = [];
  if (s.present.get(c.dateField) === 0) {
    if (c.canonical === 'earliest') {
      throw new NeardupError(
        'E_USAGE',
        `--canonical earliest needs dates, but field "${c.dateField}" is in none of ${of}; ${has}${hint(c.dateField, 'date', '--date-field') || ' — name the date field with --date-field'}`,
      );
    }
    if (c.dateNamed)
      warnings.push(
        `warning: field "${c.dateField}" is in none of ${of}, so dates are off (no date-gap rule); ${has}${hint(c.dateField, 'date', '--date-field')}`,
      );
  }
  if (c.idNamed && s.present.get(c.idField) === 0) {
    warnings.push(
      `warning: field "${c.idField}" is in none of ${of}, so ids are line numbers; ${has}${hint(c.idField, 'id', '--id-field')}`,
    );
  }
  return warnings;
}
