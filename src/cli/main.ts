#!/usr/bin/env node
/**
 * The neardup command line: one file per command, one top-level handler that turns every error
 * into a message on stderr and an exit status (0 ok, 1 runtime, 2 usage, 3 bad input, 130 signal).
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { NeardupError } from '../errors.js';
import { flagMessageOf } from '../options/option-errors.js';
import { abortAll, committedOutputs, stopCommits } from '../files/atomic-file.js';
import { gracefulShutdown } from './shutdown.js';
import { WORKER_HEAP_MB } from '../engine/pool.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * Each command's module, in the order help lists them, loaded when it is needed: a command's
 * module brings its dependencies (an HTTP server, a Redis client, the review page), and loading
 * every command's made each run start about 0.05 s later (`dedup --help`: 0.26 s → 0.21 s).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  dedup: async () => (await import('./dedup-command.js')).dedupCommand(),
  pairs: async () => (await import('./pairs-command.js')).pairsCommand(),
  explain: async () => (await import('./explain-command.js')).explainCommand(),
  params: async () => (await import('./params-command.js')).paramsCommand(),
  index: async () => (await import('./index-commands.js')).indexCommand(),
  check: async () => (await import('./index-commands.js')).checkCommand(),
  serve: async () => (await import('./serve-command.js')).serveCommand(),
  review: async () => (await import('./review-command.js')).reviewCommand(),
  train: async () => (await import('./train-command.js')).trainCommand(),
  bench: async () => (await import('./bench-command.js')).benchCommand(),
};

/**
 * The program with the command that `argv` names (its first word), or with all of them where the
 * first word is none, an option (the root's own, help or the version: `neardup -h dedup` lists
 * every command, as `neardup -h` does) or no command, for commander's "did you mean".
 */
async function program(argv: readonly string[]): Promise<Command> {
  const root = new Command('neardup')
    .description('find and cluster near-duplicate headlines and articles (CJK first)')
    .version(pkg.version)
    .showHelpAfterError('(run with --help for usage)');
  const named = argv[2];
  const load =
    named !== undefined && Object.hasOwn(COMMANDS, named) ? [COMMANDS[named]] : Object.values(COMMANDS);
  for (const cmd of await Promise.all(load.map((f) => f()))) root.addCommand(cmd);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const cmd of all(root)) cmd.exitOverride();
  return root;
}

/**
 * A worker that reached its heap cap: one line naming the cap and how to raise it, not the stack
 * of Node's ERR_WORKER_OUT_OF_MEMORY (which names neither).
 */
function workerMemoryMessage(error: unknown): string | undefined {
  if ((error as NodeJS.ErrnoException | undefined)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') return undefined;
  return (
    `a worker thread ran out of memory: each worker's heap is capped at ${WORKER_HEAP_MB} MB by NEARDUP_WORKER_HEAP_MB; ` +
    `raise it (e.g. NEARDUP_WORKER_HEAP_MB=${Math.max(512, WORKER_HEAP_MB * 4)} neardup …) or lower --batch-size`
  );
}

// A worker that dies with no task in flight is an 'error' event on the pool, which nothing can
// await: say it in one line and exit 1 (an `exit` listener removes our temporaries).
process.on('uncaughtException', (error) => {
  const message = workerMemoryMessage(error);
  process.stderr.write(message !== undefined ? `neardup: ${message}\n` : `${error.stack ?? String(error)}\n`);
  process.exit(1);
});

function exitStatus(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
  if (error instanceof NeardupError) return error.exitCode;
  if (error instanceof TypeError || error instanceof RangeError) return 2;
  return 1;
}

// `neardup … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// A closed stderr (`neardup serve … 2>&1 | head -1`) must not crash a graceful shutdown that
// still has a snapshot to save and a lock to release: messages that cannot be shown are dropped.
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  // `on`, not `once`: a second signal must not kill the process by default in the middle of a
  // commit, which the first one waits for.
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const graceful = gracefulShutdown();
    if (graceful) {
      graceful().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`neardup: shutdown failed: ${error.message}\n`);
          process.exit(1);
        },
      );
      return;
    }
    // Outputs are committed as one unit: wait for one in progress (microseconds of renames), so
    // the message below is true — every output of the unit is in place, or none.
    void stopCommits()
      .then(abortAll)
      .finally(() => {
        const done = committedOutputs();
        const what =
          done.length === 0
            ? 'no output was written'
            : `the outputs had already been written: ${done.join(', ')}`;
        process.stderr.write(`neardup: stopped by ${signal}; ${what}\n`);
        process.exit(130);
      });
  });
}

// Tests send signals only after this line, not after a guessed delay: a signal that arrives before
// the handlers above are installed kills the process with no cleanup.
if (process.env.NEARDUP_TEST_READY === '1') process.stderr.write('neardup: ready\n');

try {
  await (await program(process.argv)).parseAsync(process.argv);
} catch (error) {
  const status = exitStatus(error);
  // commander has already printed its own usage errors, help and version.
  if (!(error instanceof CommanderError)) {
    // An invalid option is told in the words of the flag typed (`--threshold 2: …`).
    const message =
      workerMemoryMessage(error) ??
      flagMessageOf(error) ??
      (error instanceof Error ? error.message : String(error));
    process.stderr.write(`neardup: ${message}\n`);
    if (status === 1 && process.env.NEARDUP_DEBUG && error instanceof Error)
      process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = status;
}
