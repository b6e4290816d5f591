/**
 * A `neardup serve` process on a port of its own choosing, for the benches and tests that talk to
 * it over HTTP: started, and resolved once its "listening on" line names the port.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServeProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:PORT`. */
  base: string;
  /** What the process has written to stderr so far. */
  stderr: () => string;
}

/**
 * Starts `node CLI serve --port 0 ARGS…`; rejects with its stderr when it exits before listening.
 * @example const s = await startServe(cli, ['--index', 'f.ndix', '--create'])
 */
export async function startServe(
  cli: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; ignoreStdout?: boolean } = {},
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', ...args], {
    env: { ...process.env, ...options.env },
    ...(options.ignoreStdout === true && { stdio: ['ignore', 'ignore', 'pipe'] }),
  });
  let err = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d) => {
      err += d;
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', () => reject(new Error(err)));
  });
  return { child, base: `http://127.0.0.1:${port}`, stderr: () => err };
}
