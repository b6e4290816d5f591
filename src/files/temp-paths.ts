/**
 * Temporary paths of this process (the stdin spool, output and snapshot temporaries) removed on
 * every way out: the normal path removes them itself, and an `exit` listener removes what is left
 * when the process ends early (an uncaught error, `process.exit` after SIGINT). Only SIGKILL and a
 * power loss escape it; the names carry the pid so the next run can sweep those (`isStale`).
 */
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';

const live = new Set<string>();
let listening = false;

function removeLeft(): void {
  // `exit` listeners must be synchronous.
  for (const p of live) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // Nothing more can be done while exiting; the next run's sweep removes it.
    }
  }
  live.clear();
}

/**
 * Removes `path` when the process exits unless `forget(path)` is called first.
 * @example removeOnExit(spoolDir); try { … } finally { await rm(spoolDir, { recursive: true }); forget(spoolDir); }
 */
export function removeOnExit(path: string): void {
  if (!listening) {
    process.on('exit', removeLeft);
    listening = true;
  }
  live.add(path);
}

/** The path is gone or has been moved into place: no longer ours to remove. */
export function forget(path: string): void {
  live.delete(path);
}

/** Whether a process with this id is running (EPERM: running, owned by someone else). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A temporary whose writer is gone is left over: one of a dead pid, or untouched for this long. */
export const STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Whether a temporary named with `pid` at `path` is left over from an earlier run: its process is
 * not running, or it has not been written for `maxAgeMs` (the pid may have been reused).
 */
export async function isStale(
  path: string,
  pid: number,
  maxAgeMs = STALE_AFTER_MS,
  now = Date.now(),
): Promise<boolean> {
  if (pid === process.pid) return false;
  if (!pidAlive(pid)) return true;
  if (maxAgeMs === Number.POSITIVE_INFINITY) return false;
  const info = await stat(path).catch(() => undefined);
  return info !== undefined && now - info.mtimeMs > maxAgeMs;
}
