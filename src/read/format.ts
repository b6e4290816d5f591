/**
 * Input formats and how a path names one. `.gz` is looked through: `headlines.jsonl.gz` is JSONL.
 */
export type InputFormat = 'jsonl' | 'csv' | 'tsv' | 'text';
export const INPUT_FORMATS: readonly InputFormat[] = ['jsonl', 'csv', 'tsv', 'text'];

const BY_EXTENSION: Record<string, InputFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  json: 'jsonl',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  txt: 'text',
  text: 'text',
};

/**
 * The format of an input path, or the explicit one. Unknown extensions need `--format`; the
 * error says so. (`-`, stdin, is told by its first bytes: see `sniff-format.ts`.)
 * @example detectFormat('corpus.jsonl.gz') // 'jsonl'
 */
export function detectFormat(path: string, explicit?: string): InputFormat {
  if (explicit !== undefined) {
    if (!INPUT_FORMATS.includes(explicit as InputFormat)) {
      throw new RangeError(
        `--format must be one of ${INPUT_FORMATS.join(', ')}; got ${JSON.stringify(explicit)}`,
      );
    }
    return explicit as InputFormat;
  }
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : '';
  const format = BY_EXTENSION[ext];
  if (!format) {
    const what = path === '-' ? 'standard input' : `"${path}"`;
    throw new RangeError(`cannot tell the format of ${what} from its name; add --format jsonl|csv|tsv|text`);
  }
  return format;
}
