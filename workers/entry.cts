/**
 * The one file piscina loads on every worker, written as CommonJS: piscina first tries require()
 * on a worker file, and on Node 20 require() of an ES module (the engine's workers) aborted a
 * worker process now and then under load ("FATAL ERROR: v8::Module::IsGraphAsync must be used on
 * an instantiated module", from piscina's require through Node's require(esm) path). Here require()
 * loads this plain CommonJS file, and the engine's ES modules load through import(), the loader
 * they are written for, on a worker's first task of each kind (the module map keeps them). Tasks
 * pick the handler by piscina's `name`: `default` prepares a batch, `link` links a band range (or
 * counts the corpus for the learned decision).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

type Handler = (task: never) => unknown;

/** A worker module's default export, imported on first use. */
function lazy(file: string): (task: never) => Promise<unknown> {
  let handler: Promise<Handler> | undefined;
  return async (task) => {
    handler ??= import(pathToFileURL(join(__dirname, file)).href).then(
      (m: { default: Handler }) => m.default,
    );
    return (await handler)(task);
  };
}

// The export is the prepare handler itself, which piscina takes as `default`, with the others beside it.
export = Object.assign(lazy('prepare.worker.js'), {
  link: lazy('link.worker.js'),
});
