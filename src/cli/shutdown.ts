/**
 * What SIGINT/SIGTERM do: by default, remove temporary files and exit 130; a long-running command
 * (serve) registers a graceful shutdown instead — stop taking requests, finish the ones in flight,
 * save — after which the process exits 0.
 */
let graceful: (() => Promise<void>) | undefined;

export function onGracefulShutdown(fn: () => Promise<void>): void {
  graceful = fn;
}

export function gracefulShutdown(): (() => Promise<void>) | undefined {
  return graceful;
}
