/**
 * The review page's HTTP server: bound to 127.0.0.1 only (the labels file is the reader's, and the
 * texts may be private), with request bodies capped at MAX_BODY bytes and requests whose Host is
 * not this address refused (a page on another site cannot reach it by DNS rebinding). Answers are
 * handled one at a time, in arrival order, so two quick keys cannot label one pair twice.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { reviewPageHtml } from './review-page.js';
import type { Answer, ReviewSession } from './review-session.js';

/** A label request is a key and a word; 4 KiB is far more than one needs. */
export const MAX_BODY = 4096;
const ANSWERS: readonly string[] = ['dup', 'diff', 'skip'];

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, `request body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

/**
 * Serves a session on 127.0.0.1:`port` (0: any free port); resolves once listening.
 * @example const { server, url } = await serveReview(session, 8377, 'corpus.jsonl')
 */
export async function serveReview(
  session: ReviewSession,
  port: number,
  title: string,
): Promise<{ server: Server; url: string }> {
  let chain: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };
  const page = reviewPageHtml(title);
  let host = '';
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== host && req.headers.host !== host.replace('127.0.0.1', 'localhost'))
      throw new HttpError(403, `this server answers ${host} only`);
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(page);
      return;
    }
    let state: unknown;
    if (req.method === 'GET' && path === '/api/state') state = await serial(async () => session.state());
    else if (req.method === 'POST' && path === '/api/label') {
      const body = (await readBody(req)) as { key?: unknown; label?: unknown };
      if (typeof body.key !== 'string' || typeof body.label !== 'string' || !ANSWERS.includes(body.label))
        throw new HttpError(400, 'a label is {"key": "…", "label": "dup" | "diff" | "skip"}');
      const { key, label } = body as { key: string; label: Answer };
      state = await serial(async () => {
        await session.answer(key, label);
        return session.state();
      });
    } else if (req.method === 'POST' && path === '/api/undo') {
      await readBody(req);
      state = await serial(async () => {
        await session.undo();
        return session.state();
      });
    } else throw new HttpError(404, `no ${req.method} ${path} here`);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(state));
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 409;
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ error: (error as Error).message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url: `http://${host}/` };
}
