/**
 * The format of an input that has no name to tell it by (standard input, `-`) and no `--format`:
 * read from its first bytes. JSON Lines is recognised — its first non-blank byte, after a BOM,
 * opens an object. CSV, TSV and plain text cannot be told apart from the bytes of a headline (a
 * comma or a tab is ordinary text), so they still need `--format`, and the error says so.
 */
import { detectFormat, type InputFormat } from './format.js';
import { readBytes } from './open-input.js';

/** Bytes looked at: past a BOM and blank lines, the first character of a JSON line is near. */
const HEAD_BYTES = 64 * 1024;

/** The first byte that is not a BOM or white space in `head`, or -1. */
function firstSignificant(head: Uint8Array): number {
  let k = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (k < head.length && (head[k] === 0x20 || head[k] === 0x09 || head[k] === 0x0a || head[k] === 0x0d))
    k++;
  return k < head.length ? head[k] : -1;
}

/**
 * The input's format: `--format` when given, else its name's extension; for `-` without
 * `--format`, JSON Lines when its content (gunzipped) starts with `{`. `path` is what can be read
 * (the stdin spool); `input` is what the user named.
 * @example await inputFormat('-', spoolPath) // 'jsonl' for `echo '{"title":"…"}' | neardup dedup -`
 */
export async function inputFormat(input: string, path: string, explicit?: string): Promise<InputFormat> {
  if (input !== '-' || explicit !== undefined) return detectFormat(input, explicit);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of await readBytes(path)) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (firstSignificant(Buffer.concat(parts)) !== -1 || size >= HEAD_BYTES) break;
  }
  const first = firstSignificant(Buffer.concat(parts));
  if (first === 0x7b) return 'jsonl'; // '{'
  const what =
    first === -1
      ? 'it is empty'
      : first === 0x5b
        ? 'it starts with "[", one JSON array: make it JSON Lines with jq -c ".[]"'
        : 'it does not start with a JSON object, so it is not JSON Lines';
  throw new RangeError(
    `cannot tell the format of standard input from its first bytes (${what}); add --format jsonl|csv|tsv|text`,
  );
}
