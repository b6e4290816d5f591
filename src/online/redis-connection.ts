/**
 * How to reach Redis without printing how to log in: the URL is checked (redis:// or rediss://),
 * shown only with its password replaced by `***`, the password may come from elsewhere than the
 * command line (REDIS_URL, REDIS_PASSWORD, a file), TLS takes a CA file, and a failure to connect
 * is named for what it is — refused, wrong or missing password, untrusted certificate, no TLS.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ClusterNode, RedisOptions } from 'ioredis';
import { NeardupError } from '../errors.js';

/** How to connect, beside the URL. Every field optional. */
export interface RedisConnectOptions {
  /** The password, when the URL has none (so it need not be on a command line). @default the URL's */
  password?: string;
  /** PEM certificate(s) of the CA that signed the server's certificate (`rediss://` only). @default the system's CAs */
  ca?: string | Buffer;
}

/**
 * A Redis URL with its password (and nothing else) hidden, for messages and logs.
 * @example redactUrl('redis://:s3cret@127.0.0.1:6379') // 'redis://:***@127.0.0.1:6379'
 */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    // Not a URL: anything after a scheme and before the last @ may be a secret.
    return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?.*@/i, '$1***@');
  }
}

/** The ioredis options for a URL: checked scheme, password and CA applied. */
export function redisOptions(
  url: string,
  connect: RedisConnectOptions = {},
): { shown: string; options: RedisOptions } {
  const shown = redactUrl(url);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new NeardupError(
      'E_USAGE',
      `the Redis URL ${shown} is not a URL; use redis://[:password@]host:port[/db] or rediss:// for TLS`,
    );
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new NeardupError(
      'E_USAGE',
      `the Redis URL ${shown} must start with redis:// or rediss:// (TLS); got ${u.protocol}//`,
    );
  }
  const tls = u.protocol === 'rediss:';
  if (connect.ca !== undefined && !tls)
    throw new NeardupError('E_USAGE', `a CA file is for TLS: use a rediss:// URL, not ${shown}`);
  const options: RedisOptions = {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port === '' ? 6379 : Number(u.port),
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
  };
  if (u.username !== '') options.username = decodeURIComponent(u.username);
  if (u.password !== '') options.password = decodeURIComponent(u.password);
  else if (connect.password !== undefined) options.password = connect.password;
  // SNI takes host names only; a certificate for an IP address is checked against it all the same.
  if (tls)
    options.tls = {
      ...(isIP(options.host!) ? {} : { servername: options.host }),
      ...(connect.ca !== undefined ? { ca: connect.ca } : {}),
    };
  if (!Number.isInteger(options.db))
    throw new NeardupError(
      'E_USAGE',
      `the Redis URL ${shown} names database "${u.pathname.slice(1)}"; a database is a number`,
    );
  return { shown, options };
}

/**
 * The nodes and shared options of a Redis Cluster from its seed list: `host:port` or `redis://` /
 * `rediss://` URLs, comma-separated (or an array). A seed list need not name every node: the client
 * learns the rest from the cluster. Passwords and TLS come from the seeds (or `connect`), alike for all.
 * @example clusterSeeds('127.0.0.1:7000,127.0.0.1:7001').nodes // [{ host: '127.0.0.1', port: 7000 }, …]
 */
export function clusterSeeds(
  seeds: string | readonly (string | { host: string; port: number })[],
  connect: RedisConnectOptions = {},
): { shown: string; nodes: ClusterNode[]; options: RedisOptions } {
  const list = (typeof seeds === 'string' ? seeds.split(',') : seeds)
    .map((s) => (typeof s === 'string' ? s.trim() : `${s.host}:${s.port}`))
    .filter((s) => s !== '');
  if (list.length === 0)
    throw new NeardupError(
      'E_USAGE',
      'a Redis Cluster needs at least one seed node: --redis-cluster host:port[,host:port…]',
    );
  const parsed = list.map((s) =>
    redisOptions(/^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `redis://${s}`, connect),
  );
  const nodes = parsed.map(({ options }) => ({ host: options.host!, port: options.port! }));
  const first = parsed.find(({ options }) => options.password !== undefined) ?? parsed[0];
  const { host: _h, port: _p, db, ...options } = first.options;
  if (db !== 0)
    throw new NeardupError(
      'E_USAGE',
      `a Redis Cluster has only database 0; drop the /${db} from the seed URL`,
    );
  const shown = list.map((seed, k) => (seed.includes('://') ? parsed[k].shown : seed)).join(',');
  return { shown: `cluster ${shown}`, nodes, options };
}

const TLS_TRUST = /CERT|certificate|UNABLE_TO_VERIFY|SELF_SIGNED|ALTNAME/i;
const TLS_PROTOCOL =
  /wrong version number|packet length too long|unknown protocol|TLS|SSL|socket disconnected before secure/i;

/**
 * The reason a connection failed, in words a user can act on, from ioredis's last error.
 * @example connectFailure(new Error('WRONGPASS invalid username-password pair'), 'redis://:***@h:1', false)
 */
export function connectFailure(error: Error | undefined, shown: string, tls: boolean): string {
  const message = error?.message ?? 'the connection closed';
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (/WRONGPASS|invalid password|invalid username-password/i.test(message))
    return `Redis at ${shown} refused the login: wrong user name or password (${message})`;
  if (/NOAUTH/i.test(message))
    return `Redis at ${shown} needs a password and none was given (REDIS_PASSWORD, --redis-password-file or the URL) (${message})`;
  if (/AUTH.*without any password|no password is set/i.test(message))
    return `Redis at ${shown} has no password set, but one was given (${message})`;
  if (tls && (TLS_TRUST.test(code) || TLS_TRUST.test(message)))
    return `Redis at ${shown}: its TLS certificate is not trusted (${message}); pass the CA that signed it with --redis-ca FILE`;
  if (tls && (TLS_PROTOCOL.test(message) || code === 'ETIMEDOUT' || code === 'ECONNRESET'))
    return `Redis at ${shown}: the TLS handshake failed (${message}) — does the server speak TLS on that port? (use redis:// if not)`;
  if (code === 'ECONNREFUSED')
    return `Redis at ${shown} refused the connection (${message}) — is redis-server running on that port?`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `Redis at ${shown}: the host name does not resolve (${message})`;
  if (code === 'ETIMEDOUT')
    return `Redis at ${shown} did not answer in time (${message}) — is the host reachable?`;
  return `Redis at ${shown} failed to connect: ${message} — is redis-server running and reachable?`;
}

/**
 * The password for the CLI, from where it is safest to keep it: a file (`--redis-password-file`),
 * else REDIS_PASSWORD; undefined when neither is set (the URL may hold one).
 */
export function passwordFromEnvironment(file: string | undefined): string | undefined {
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new NeardupError(
        'E_IO',
        `cannot read the Redis password file ${file}: ${(error as Error).message}`,
      );
    }
  }
  return process.env.REDIS_PASSWORD;
}
