/**
 * The one error class the CLI maps to an exit status. Programming mistakes in options are
 * TypeError / RangeError (usage, exit 2); everything a run can hit at run time is a NeardupError.
 */
export type NeardupErrorCode =
  | 'E_USAGE' // wrong flags or options: exit 2
  | 'E_INPUT' // the input data is at fault (file, line, field named): exit 3
  | 'E_IO' // a file could not be read or written: exit 1
  | 'E_TIMEOUT' // a call ran past its deadline (`deadline` of check/query): exit 1
  | 'E_MEMORY' // a batch run would not fit in its memory bound (--max-memory): exit 1
  | 'E_INTERRUPTED'; // SIGINT / SIGTERM: exit 130

const EXIT: Record<NeardupErrorCode, number> = {
  E_USAGE: 2,
  E_INPUT: 3,
  E_IO: 1,
  E_TIMEOUT: 1,
  E_MEMORY: 1,
  E_INTERRUPTED: 130,
};

export class NeardupError extends Error {
  readonly code: NeardupErrorCode;

  constructor(code: NeardupErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NeardupError';
    this.code = code;
  }

  /** The process exit status the CLI uses for this error. */
  get exitCode(): number {
    return EXIT[this.code];
  }
}
