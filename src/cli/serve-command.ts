/**
 * `neardup serve`: a small HTTP JSON service over an index, for feeds written in other languages.
 *
 *   POST   /check          {"id","text","date"?} → {"duplicate", "of"?, "similarity"?}  (adds it when new)
 *   POST   /items          {"id","text","date"?} → 201 {"added": id}
 *   GET    /query?text=…&threshold=…&limit=…    → {"hits": [{"id","similarity"}]}
 *   DELETE /items/:id                            → {"removed": true} | 404
 *   GET    /healthz                              → {"ok": true}  (liveness: the process answers)
 *   GET    /readyz                               → {"ready": true, "items": n} | 503 {"ready": false, "down": "redis", "error"}
 *
 * Bodies are limited in size (413 past it); every error is JSON with a status code. Requests are
 * applied one at a time, so check-then-add is atomic within this process. SIGTERM/SIGINT stop
 * the server gracefully and save the snapshot (with --index).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Command } from 'commander';
import { NeardupError } from '../errors.js';
import type { NearDupIndex } from '../index/near-dup-index.js';
import { RedisStore } from '../index/redis-store.js';
import { redactUrl } from '../index/redis-connection.js';
import { addIndexFlags, openIndex, redisUrl, saveIndex, type IndexFlags } from './index-source.js';
import { parseInteger } from './parse-args.js';
import { onGracefulShutdown } from './shutdown.js';

interface ServeFlags extends IndexFlags {
  port: number;
  host: string;
  maxBody: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function body(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpError(400, `body is not valid JSON (${(error as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new HttpError(400, 'body must be a JSON object');
  return value as Record<string, unknown>;
}

function item(b: Record<string, unknown>): { id: string; text: string; date?: unknown; body?: string } {
  if (typeof b.text !== 'string') throw new HttpError(400, 'field "text" must be a string');
  if (typeof b.id !== 'string' && typeof b.id !== 'number') throw new HttpError(400, 'field "id" must be a string or number');
  if (b.body !== undefined && typeof b.body !== 'string') throw new HttpError(400, 'field "body" must be a string');
  return { id: String(b.id), text: b.text, date: b.date, body: b.body as string | undefined };
}

/** The request handler over an index (exported for tests that bring their own server). */
export function handler(index: NearDupIndex, maxBody: number): (req: IncomingMessage, res: ServerResponse) => void {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => {});
    return next;
  };
  const route = async (req: IncomingMessage): Promise<[number, unknown]> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    // Liveness: this process answers. Readiness: its store answers too (Redis reachable); the
    // reason it does not names the dependency, never its credentials.
    if (path === '/healthz' && req.method === 'GET') return [200, { ok: true }];
    if (path === '/readyz' && req.method === 'GET') {
      const store = index.store;
      const state = store instanceof RedisStore ? await store.ready() : { ready: true as const };
      if (!state.ready) return [503, { ready: false, down: 'redis', error: state.error }];
      return [200, { ready: true, items: await serial(() => index.size()) }];
    }
    if (path === '/check' && req.method === 'POST') {
      const it = item(await body(req, maxBody));
      return [200, await serial(() => index.check(it))];
    }
    if (path === '/items' && req.method === 'POST') {
      const it = item(await body(req, maxBody));
      await serial(() => index.add(it));
      return [201, { added: it.id }];
    }
    if (path === '/query' && req.method === 'GET') {
      const text = url.searchParams.get('text');
      if (text === null) throw new HttpError(400, 'query parameter "text" is required');
      const threshold = url.searchParams.has('threshold') ? Number(url.searchParams.get('threshold')) : undefined;
      const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : undefined;
      try {
        return [200, { hits: await serial(() => index.query(text, { threshold, limit, date: url.searchParams.get('date') ?? undefined })) }];
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(400, error.message);
        throw error;
      }
    }
    const m = /^\/items\/(.+)$/.exec(path);
    if (m && req.method === 'DELETE') {
      const removed = await serial(() => index.remove(decodeURIComponent(m[1])));
      if (!removed) throw new HttpError(404, `no item with id ${JSON.stringify(decodeURIComponent(m[1]))}`);
      return [200, { removed: true }];
    }
    if (['/healthz', '/readyz', '/check', '/items', '/query'].includes(path) || m) throw new HttpError(405, `${req.method} is not allowed on ${path}`);
    throw new HttpError(404, `no route ${path}; routes: POST /check, POST /items, GET /query, DELETE /items/:id, GET /healthz, GET /readyz`);
  };
  return (req, res) => {
    route(req).then(
      ([status, value]) => send(res, status, value),
      (error: Error) => {
        if (error instanceof HttpError) send(res, error.status, { error: error.message });
        else if (error instanceof NeardupError && error.code === 'E_IO') send(res, 503, { error: error.message });
        else send(res, 500, { error: error.message });
      },
    );
  };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description('serve an index over HTTP: POST /check, POST /items, GET /query, DELETE /items/:id, GET /healthz, GET /readyz')
    .option('--port <port>', 'port to listen on', parseInteger('--port', 0), 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--max-body <bytes>', 'largest request body accepted', parseInteger('--max-body', 1), 65536);
  addIndexFlags(cmd);
  return cmd
    .addHelpText('after', "\nExamples:\n  $ neardup serve --index feed.ndix --port 8080 --window 48h\n  $ curl -s localhost:8080/check -d '{\"id\":\"a\",\"text\":\"国足晋级世界杯决赛圈\"}'")
    .action(async (flags: ServeFlags) => {
      const index = await openIndex(flags, true);
      const server = createServer(handler(index, flags.maxBody));
      server.keepAliveTimeout = 5000;
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) => reject(new NeardupError('E_IO', `cannot listen on ${flags.host}:${flags.port}: ${e.message}`)));
        server.listen(flags.port, flags.host, resolve);
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : flags.port;
      process.stderr.write(`neardup serve: listening on http://${flags.host}:${port} (${flags.index ? `snapshot ${flags.index}` : `redis ${redactUrl(redisUrl(flags))} prefix ${flags.prefix}`}, ${await index.size()} items)\n`);
      onGracefulShutdown(async () => {
        process.stderr.write('neardup serve: shutting down: finishing requests, saving\n');
        server.closeIdleConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await saveIndex(index, flags);
        await index.close();
        process.stderr.write('neardup serve: stopped\n');
      });
      await new Promise(() => {}); // serve until a signal
    });
}
