/**
 * `neardup serve`: a small HTTP JSON service over an index, for feeds written in other languages.
 *
 *   POST   /check          {"id","text","date"?} → {"duplicate", "of"?, "similarity"?}  (adds it when new)
 *   POST   /check          [item, …]             → [answer, …]  (in order, as one step; --max-batch)
 *   POST   /items          {"id","text","date"?} → 201 {"added": id}
 *   GET    /query?text=…&threshold=…&limit=…    → {"hits": [{"id","similarity"}]}
 *   GET    /items/:id                            → {"id", "date", "time", "text"?, "body"?} | 404
 *   DELETE /items/:id                            → {"removed": true} | 404
 *   GET    /healthz                              → {"ok": true, "capped_queries": n, "skipped_candidates": n}  (liveness)
 *   GET    /readyz                               → {"ready": true, "items": n} | 503 {"ready": false, "down": "redis", "error"}
 *   GET    /metrics                              → Prometheus text (serve-metrics.ts)
 *
 * Bodies are limited in size (413 past it); every error is JSON with a status code: 4xx for what
 * the client got wrong, 503 while a dependency is away or a request ran past its time budget.
 * Writes must say `Content-Type: application/json` (so a cross-site form post cannot write); with
 * a token (--token, --token-file or NEARDUP_TOKEN) every route but /healthz and /readyz needs
 * `Authorization: Bearer TOKEN`. Requests are applied one at a time, so check-then-add is atomic
 * within this process, and each has a time budget (--time-budget) after which it is answered 503
 * with nothing added. A write is validated, then logged, then applied, so a 4xx or 5xx changes
 * nothing. With --index, every acknowledged add and remove is first in the write log beside the
 * snapshot (see write-log.ts), compacted in the background once it outgrows the snapshot
 * (log-compaction.ts); SIGTERM/SIGINT stop the server gracefully and compact the log into the
 * snapshot.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Command } from 'commander';
import { NeardupError } from '../errors.js';
import { NearDupIndex, type IndexItem } from '../online/near-dup-index.js';
import { RedisStore } from '../online/redis-store.js';
import { LogCompaction } from '../online/log-compaction.js';
import type { WriteLog, LogRecord } from '../online/write-log.js';
import {
  addIndexFlags,
  lockForWriting,
  openIndex,
  redisPlace,
  saveIndex,
  type IndexFlags,
} from './index-source.js';
import { parseInteger } from './parse-args.js';
import { HttpMetrics, routeLabel } from './serve-metrics.js';
import { onGracefulShutdown } from './shutdown.js';

interface ServeFlags extends IndexFlags {
  port: number;
  host: string;
  maxBody: number;
  timeBudget: number;
  token?: string;
  tokenFile?: string;
  create?: boolean;
  logLimit?: number;
  maxBatch: number;
}

/** What the handler needs beside the index. */
export interface HandlerOptions {
  maxBody: number;
  /** Milliseconds a request may take, from its arrival (waiting its turn included). */
  timeBudget?: number;
  /** The bearer token every route but /healthz and /readyz needs; none when undefined. */
  token?: string;
  /** Where acknowledged writes go first (serve --index). */
  log?: WriteLog;
  /** The queue requests take turns in (`serialQueue()`); shared with a log compaction. */
  serial?: Serial;
  /** Called after each write is durable (serve starts a log compaction from here). */
  afterWrite?: () => void;
  /** The most items a POST /check array may hold. @default 1000 */
  maxBatch?: number;
  /** Where answered requests are counted, and what GET /metrics shows beside them. */
  metrics?: {
    http: HttpMetrics;
    extra: () => Promise<[[string, string, number][], [string, string, number][]]>;
  };
}

type Serial = <T>(f: () => Promise<T>) => Promise<T>;

/** A queue that runs one function at a time, in the order given (a failure does not stop it). */
export function serialQueue(): Serial {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(f: () => Promise<T>): Promise<T> => {
    const next = queue.then(f, f);
    queue = next.catch(() => {});
    return next;
  };
}

/** Decodes UTF-8 and throws a TypeError on bytes that are not (the CLI refuses such input too). */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function body(
  req: IncomingMessage,
  limit: number,
  arrays = false,
): Promise<Record<string, unknown> | unknown[]> {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json')
    throw new HttpError(
      415,
      `a request body must be sent as Content-Type: application/json; got ${type === '' ? 'none' : JSON.stringify(type)}`,
    );
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `request body is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(Buffer.concat(chunks)));
  } catch (error) {
    if (error instanceof TypeError) throw new HttpError(400, 'body is not valid UTF-8');
    throw new HttpError(400, `body is not valid JSON (${(error as Error).message})`);
  }
  if (arrays && Array.isArray(value)) return value;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new HttpError(
      400,
      arrays ? 'body must be a JSON object or an array of them' : 'body must be a JSON object',
    );
  return value as Record<string, unknown>;
}

function item(b: Record<string, unknown> | unknown[]): {
  id: string;
  text: string;
  date?: unknown;
  body?: string;
} {
  if (b === null || typeof b !== 'object' || Array.isArray(b))
    throw new HttpError(400, 'an item must be a JSON object');
  if (typeof b.text !== 'string') throw new HttpError(400, 'field "text" must be a string');
  if (typeof b.id !== 'string' && typeof b.id !== 'number')
    throw new HttpError(400, 'field "id" must be a string or a whole number');
  if (b.id === '') throw new HttpError(400, 'field "id" must not be empty');
  if (b.body !== undefined && typeof b.body !== 'string')
    throw new HttpError(400, 'field "body" must be a string');
  // A date is a string or a number: anything else (a nested object) is refused here, before it
  // reaches the index or the log.
  if (b.date !== undefined && b.date !== null && typeof b.date !== 'string' && typeof b.date !== 'number')
    throw new HttpError(400, 'field "date" must be a string (ISO 8601, YYYYMMDD) or a number (epoch ms)');
  let id: string;
  try {
    id = NearDupIndex.itemId(b.id);
  } catch (error) {
    throw new HttpError(400, `field "id": ${(error as Error).message}`);
  }
  return { id, text: b.text, date: b.date, body: b.body as string | undefined };
}

/** The id in a path (`/items/:id`), %-decoded and valid as an id, else 400. */
function pathId(raw: string): string {
  let id: string;
  try {
    id = decodeURIComponent(raw);
  } catch {
    throw new HttpError(400, `the id in the path is not valid %-encoding: ${JSON.stringify(raw)}`);
  }
  try {
    return NearDupIndex.itemId(id);
  } catch (error) {
    throw new HttpError(400, `the id in the path: ${(error as Error).message}`);
  }
}

/** The log record of an add: the item as sent, and its time when it had no date (the index's clock). */
function addRecord(it: IndexItem, time: number): LogRecord {
  const dated = it.date !== undefined && it.date !== null && it.date !== '';
  return dated ? { op: 'add', item: it } : { op: 'add', item: it, time };
}

/**
 * Compares a given token with the server's through their SHA-256 digests, which have one length:
 * the time taken tells neither where they differ nor how long the token is.
 */
function sameToken(given: string, token: string): boolean {
  const digest = (x: string) => createHash('sha256').update(x, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * What a request the HTTP parser refused is answered: JSON, as every other error. Raw UTF-8 in a
 * query string is the usual one (`curl "…/query?text=国足"`); Node's parser takes only
 * %-encoded URLs, so the answer shows how to send one.
 */
export function clientErrorResponse(error: NodeJS.ErrnoException): string {
  const code = error.code ?? '';
  const [status, reason, message] =
    code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'the request line or headers are too large']
      : code === 'HPE_INVALID_URL'
        ? [
            400,
            'Bad Request',
            'the URL holds characters that must be %-encoded (raw UTF-8 in a query string?): encode them, e.g. curl -G --data-urlencode "text=国足晋级世界杯决赛圈" http://HOST:PORT/query',
          ]
        : [400, 'Bad Request', `the request could not be parsed as HTTP (${error.message})`];
  const body = JSON.stringify({ error: message });
  return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** The request handler over an index (exported for tests that bring their own server). */
export function handler(
  index: NearDupIndex,
  options: HandlerOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { maxBody, timeBudget, token, log, afterWrite } = options;
  const maxBatch = options.maxBatch ?? 1000;
  const metrics = options.metrics;
  const serial = options.serial ?? serialQueue();
  /** POST /check with an array: one answer per item, in order, as one step (see checkBatch). */
  const checkBatch = async (list: unknown[], deadline: number | undefined) => {
    if (list.length > maxBatch)
      throw new HttpError(
        413,
        `a batch may hold at most ${maxBatch} items (--max-batch); got ${list.length}`,
      );
    const its = list.map((x, k) => {
      try {
        return item(x as Record<string, unknown>);
      } catch (error) {
        throw new HttpError(400, `item ${k}: ${(error as Error).message}`);
      }
    });
    let durable: Promise<unknown> | undefined;
    const results = await serial(() =>
      index.checkBatch(its, {
        deadline,
        beforeAdd: (added) => {
          if (log && added.length > 0)
            durable = Promise.all(added.map((a) => log.append(addRecord(its[a.position], a.time))));
        },
      }),
    );
    await durable;
    if (durable) afterWrite?.();
    return results;
  };
  const route = async (req: IncomingMessage): Promise<[number, unknown]> => {
    const deadline = timeBudget === undefined ? undefined : Date.now() + timeBudget;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (token !== undefined && path !== '/healthz' && path !== '/readyz') {
      // The scheme is case-insensitive (RFC 9110 §11.1).
      const m = /^bearer[ \t]+(.+?)[ \t]*$/i.exec(req.headers.authorization ?? '');
      if (!m || !sameToken(m[1], token))
        throw new HttpError(
          401,
          'this server needs Authorization: Bearer TOKEN (the --token it was started with)',
        );
    }
    // Liveness: this process answers. Readiness: its store answers too (Redis reachable); the
    // reason it does not names the dependency, never its credentials.
    if (path === '/healthz' && req.method === 'GET') {
      // Liveness, and what the index has had to bound: checks whose candidates were capped.
      const c = index.counters();
      return [200, { ok: true, capped_queries: c.cappedQueries, skipped_candidates: c.skippedCandidates }];
    }
    if (path === '/metrics' && req.method === 'GET' && metrics) {
      const [gauges, counters] = await metrics.extra();
      return [200, new Prometheus(metrics.http.render(gauges, counters))];
    }
    if (path === '/readyz' && req.method === 'GET') {
      const store = index.store;
      const state = store instanceof RedisStore ? await store.ready() : { ready: true as const };
      if (!state.ready) return [503, { ready: false, down: 'redis', error: state.error }];
      return [200, { ready: true, items: await serial(() => index.size()) }];
    }
    if (path === '/check' && req.method === 'POST') {
      const b = await body(req, maxBody, true);
      if (Array.isArray(b)) return [200, await checkBatch(b, deadline)];
      const it = item(b);
      // Valid, then logged, then applied: the log line is queued in the same turn as the change
      // (so the log keeps the changes' order) and before it (so a line that cannot be written
      // changes nothing); the answer waits for the sync outside the queue, so other requests go
      // on meanwhile.
      let durable: Promise<void> | undefined;
      const result = await serial(() =>
        index.check(it, { deadline, beforeAdd: (time) => (durable = log?.append(addRecord(it, time))) }),
      );
      await durable;
      if (durable) afterWrite?.();
      return [200, result];
    }
    if (path === '/items' && req.method === 'POST') {
      const it = item(await body(req, maxBody));
      let durable: Promise<void> | undefined;
      await serial(() =>
        index.add(it, { beforeAdd: (time) => (durable = log?.append(addRecord(it, time))) }),
      );
      await durable;
      if (durable) afterWrite?.();
      return [201, { added: it.id }];
    }
    if (path === '/query' && req.method === 'GET') {
      const text = url.searchParams.get('text');
      if (text === null) throw new HttpError(400, 'query parameter "text" is required');
      const threshold = url.searchParams.has('threshold')
        ? Number(url.searchParams.get('threshold'))
        : undefined;
      const limit = url.searchParams.has('limit') ? Number(url.searchParams.get('limit')) : undefined;
      try {
        return [
          200,
          {
            hits: await serial(() =>
              index.query(
                { text, date: url.searchParams.get('date') ?? undefined },
                { threshold, limit, deadline },
              ),
            ),
          },
        ];
      } catch (error) {
        if (error instanceof RangeError) throw new HttpError(400, error.message);
        throw error;
      }
    }
    const m = /^\/items\/(.+)$/.exec(path);
    if (m && req.method === 'GET') {
      const id = pathId(m[1]);
      const found = await serial(() => index.get(id));
      if (found === undefined) throw new HttpError(404, `no item with id ${JSON.stringify(id)}`);
      const iso = (ms: number) => (Number.isNaN(ms) ? null : new Date(ms).toISOString());
      return [
        200,
        {
          id: found.id,
          date: iso(found.date),
          time: iso(found.time),
          ...(found.text !== undefined && { text: found.text }),
          ...(found.body !== undefined && { body: found.body }),
        },
      ];
    }
    if (m && req.method === 'DELETE') {
      const id = pathId(m[1]);
      let durable: Promise<void> | undefined;
      const removed = await serial(async () => {
        if ((await index.get(id)) === undefined) return false;
        durable = log?.append({ op: 'remove', id });
        return index.remove(id);
      });
      await durable;
      if (durable) afterWrite?.();
      if (!removed) throw new HttpError(404, `no item with id ${JSON.stringify(id)}`);
      return [200, { removed: true }];
    }
    if (['/healthz', '/readyz', '/check', '/items', '/query', '/metrics'].includes(path) || m)
      throw new HttpError(405, `${req.method} is not allowed on ${path}`);
    throw new HttpError(
      404,
      `no route ${path}; routes: POST /check, POST /items, GET /query, GET /items/:id, DELETE /items/:id, GET /healthz, GET /readyz, GET /metrics`,
    );
  };
  return (req, res) => {
    const started = performance.now();
    if (metrics) {
      res.once('finish', () =>
        metrics.http.observe(
          routeLabel(new URL(req.url ?? '/', 'http://localhost').pathname),
          req.method ?? '',
          res.statusCode,
          (performance.now() - started) / 1000,
        ),
      );
    }
    route(req).then(
      ([status, value]) => send(res, status, value),
      (error: Error) => {
        if (error instanceof HttpError) send(res, error.status, { error: error.message });
        else if (error instanceof NeardupError && error.code === 'E_TIMEOUT') {
          send(res, 503, {
            error: `the request ran past its time budget of ${timeBudget} ms and was stopped; nothing was added`,
          });
        } else if (error instanceof NeardupError && (error.code === 'E_INPUT' || error.code === 'E_USAGE'))
          send(res, 400, { error: error.message });
        else if (error instanceof NeardupError && error.code === 'E_IO')
          send(res, 503, { error: error.message });
        else if (error instanceof TypeError || error instanceof RangeError)
          send(res, 400, { error: error.message });
        else send(res, 500, { error: error.message });
      },
    );
  };
}

/** A reply in the Prometheus text format rather than JSON. */
class Prometheus {
  constructor(readonly text: string) {}
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const prometheus = value instanceof Prometheus;
  const text = prometheus ? value.text : JSON.stringify(value);
  res.writeHead(status, {
    'content-type': prometheus
      ? 'text/plain; version=0.0.4; charset=utf-8'
      : 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The token from --token, --token-file or NEARDUP_TOKEN (one of them), or undefined for none. */
function serveToken(flags: ServeFlags): string | undefined {
  if (flags.token !== undefined && flags.tokenFile !== undefined)
    throw new NeardupError('E_USAGE', 'give the token once: --token or --token-file, not both');
  let token = flags.token;
  if (flags.tokenFile !== undefined) {
    try {
      token = readFileSync(flags.tokenFile, 'utf8').split(/\r?\n/)[0];
    } catch (error) {
      throw new NeardupError(
        'E_IO',
        `cannot read --token-file ${flags.tokenFile}: ${(error as Error).message}`,
      );
    }
    if (token.trim() === '') throw new NeardupError('E_USAGE', `--token-file ${flags.tokenFile} is empty`);
  }
  token ??= process.env.NEARDUP_TOKEN || undefined;
  return token;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function serveCommand(): Command {
  const cmd = new Command('serve')
    .description(
      'serve an index over HTTP: POST /check, POST /items, GET /query, DELETE /items/:id, GET /healthz, GET /readyz',
    )
    .option('--port <port>', 'port to listen on', parseInteger('--port', 0), 8080)
    .option('--host <host>', 'address to listen on (beyond loopback, set a --token)', '127.0.0.1')
    .option('--max-body <bytes>', 'largest request body accepted', parseInteger('--max-body', 1), 65536)
    .option(
      '--time-budget <ms>',
      'longest a request may take, waiting its turn included (then 503, nothing added)',
      parseInteger('--time-budget', 1),
      2000,
    )
    .option(
      '--token <token>',
      'require Authorization: Bearer TOKEN on every route but /healthz and /readyz (shows in ps: prefer --token-file or NEARDUP_TOKEN)',
    )
    .option('--token-file <file>', 'read the token from this file (its first line)');
  cmd.option(
    '--max-batch <n>',
    'most items a POST /check array may hold (then 413)',
    parseInteger('--max-batch', 1),
    1000,
  );
  cmd.option(
    '--log-limit <bytes>',
    'with --index: compact the write log into the snapshot, in the background, once it holds more than this (default: more than the snapshot, and at least 1 MiB)',
    parseInteger('--log-limit', 1),
  );
  cmd.option(
    '--create',
    'with --index: start a new, empty index when the file does not exist (without it a missing file is an error, so a typo cannot make every item new)',
  );
  addIndexFlags(cmd);
  return cmd
    .addHelpText(
      'after',
      '\nEnvironment:\n  NEARDUP_TOKEN  the token, when neither --token nor --token-file is given\n\nRun node on the CLI directly (node_modules/.bin/neardup or node dist/src/cli/main.js), not through npx, so that SIGTERM reaches it and the snapshot is saved.\n\nExamples:\n  $ neardup serve --index feed.ndix --create --port 8080 --window 48h\n  $ curl -s localhost:8080/check -H \'content-type: application/json\' -d \'{"id":"a","text":"国足晋级世界杯决赛圈"}\'',
    )
    .action(async (flags: ServeFlags) => {
      const token = serveToken(flags);
      if (!LOOPBACK.has(flags.host) && token === undefined) {
        process.stderr.write(
          `neardup serve: WARNING: listening on ${flags.host}, beyond loopback, with no --token: anyone who can reach this port can read, add and remove items. Set --token or NEARDUP_TOKEN.\n`,
        );
      }
      // With a snapshot: lock it and open its log first (a second process is refused before it
      // reads anything), replay the log, then save at once — which proves the path writable
      // before any write is accepted — and empty the log.
      // A missing snapshot without --create is refused before anything is created beside it.
      if (flags.index !== undefined && flags.create !== true && !existsSync(flags.index))
        await openIndex(flags, false, '--create');
      const log = flags.index !== undefined ? await lockForWriting(flags.index) : undefined;
      let index: NearDupIndex;
      try {
        index = await openIndex(flags, flags.create === true, '--create');
        if (log) {
          const replayed = await log.replay(index);
          await saveIndex(index, flags);
          await log.truncate();
          if (replayed > 0)
            process.stderr.write(
              `neardup serve: replayed ${replayed} writes from ${log.path} into ${flags.index}\n`,
            );
        }
      } catch (error) {
        await log?.close();
        throw error;
      }
      const serial = serialQueue();
      const compaction =
        log && flags.index !== undefined
          ? new LogCompaction(index, flags.index, log, (await stat(flags.index)).size, {
              limit: flags.logLimit,
              exclusive: serial,
              onError: (error) =>
                process.stderr.write(
                  `neardup serve: ${error.message}; the write log keeps growing until a compaction works\n`,
                ),
            })
          : undefined;
      const server = createServer(
        handler(index, {
          maxBody: flags.maxBody,
          timeBudget: flags.timeBudget,
          token,
          log,
          serial,
          afterWrite: compaction && (() => compaction.poke()),
          maxBatch: flags.maxBatch,
          metrics: {
            http: new HttpMetrics(),
            extra: async () => {
              const c = index.counters();
              const store = index.store;
              const gauges: [string, string, number][] = [
                ['neardup_index_items', 'Items in the index.', await serial(() => index.size())],
              ];
              const counters: [string, string, number][] = [
                [
                  'neardup_candidates_verified_total',
                  'Candidates verified by checks and queries.',
                  c.verifiedCandidates,
                ],
                [
                  'neardup_capped_queries_total',
                  'Checks and queries whose candidates were capped at --max-bucket.',
                  c.cappedQueries,
                ],
                [
                  'neardup_skipped_candidates_total',
                  'Candidates left unverified by the cap.',
                  c.skippedCandidates,
                ],
                ['neardup_evicted_items_total', 'Items evicted as older than the window.', c.evictedItems],
              ];
              if (log) {
                gauges.push([
                  'neardup_write_log_bytes',
                  'Bytes in the write log since it was last compacted.',
                  log.size,
                ]);
                counters.push([
                  'neardup_log_compactions_total',
                  'Write log compactions finished.',
                  compaction?.count ?? 0,
                ]);
              }
              if (store instanceof RedisStore)
                counters.push([
                  'neardup_redis_round_trips_total',
                  'Requests sent to Redis nodes (a pipeline once per node).',
                  store.roundTrips,
                ]);
              return [gauges, counters];
            },
          },
        }),
      );
      server.keepAliveTimeout = 5000;
      server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
        if (socket.writable && !socket.writableEnded) socket.end(clientErrorResponse(error));
        else socket.destroy();
      });
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e) =>
          reject(new NeardupError('E_IO', `cannot listen on ${flags.host}:${flags.port}: ${e.message}`)),
        );
        server.listen(flags.port, flags.host, resolve);
      }).catch(async (error: unknown) => {
        await log?.close();
        throw error;
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : flags.port;
      const where = flags.index
        ? `snapshot ${flags.index}, write log ${log!.path}`
        : `${redisPlace(flags)} prefix ${flags.prefix}`;
      onGracefulShutdown(async () => {
        process.stderr.write('neardup serve: shutting down: finishing requests, saving\n');
        server.closeIdleConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await compaction?.idle();
        await saveIndex(index, flags);
        await log?.truncate();
        await log?.close();
        await index.close();
        process.stderr.write('neardup serve: stopped\n');
      });
      // Announced after the shutdown handler is in place: a client may stop us as soon as it reads this.
      process.stderr.write(
        `neardup serve: listening on http://${flags.host}:${port} (${where}, ${await index.size()} items${token ? ', token required' : ''})\n`,
      );
      await new Promise(() => {}); // serve until a signal
    });
}
