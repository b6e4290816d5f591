/**
 * The flags that say how to read an input file (format, fields, bad records), shared by every
 * command that reads records.
 */
import { type Command, Option } from 'commander';
import { INPUT_FORMATS, type InputFormat } from '../read/format.js';
import type { OnError, RecordReadOptions } from '../read/records.js';

export interface InputFlags {
  format?: string;
  idField: string;
  textField: string;
  dateField: string;
  bodyField?: string;
  onError: OnError;
  rejects?: string;
}

/**
 * How to read records, from the input flags; the body field only when bodies are compared.
 * @example readOptionsFrom(detectFormat(input, flags.format), flags, options.match !== 'title')
 */
export function readOptionsFrom(
  format: InputFormat,
  flags: InputFlags,
  withBodies: boolean,
): RecordReadOptions {
  return {
    format,
    idField: flags.idField,
    textField: flags.textField,
    dateField: flags.dateField,
    bodyField: withBodies ? flags.bodyField : undefined,
    onError: flags.onError,
  };
}

export function addInputFlags(cmd: Command): Command {
  return cmd
    .addOption(
      new Option('--format <format>', 'input format (default: from the extension)').choices([
        ...INPUT_FORMATS,
      ]),
    )
    .option('--id-field <name>', 'field with the record id (missing: the line number)', 'id')
    .option('--text-field <name>', 'field with the text to compare; dots reach into nested objects', 'title')
    .option('--date-field <name>', 'field with the date (canonical earliest, date-gap rule)', 'date')
    .option('--body-field <name>', 'field with the article body: bodies are compared too (see --match)')
    .addOption(
      new Option('--on-error <mode>', 'on a bad record: fail (exit 3, no output) or skip it and count it')
        .choices(['fail', 'skip'])
        .default('fail'),
    )
    .option('--rejects <file>', 'with --on-error skip: write the skipped raw lines here');
}
