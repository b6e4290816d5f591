/**
 * `GET /metrics` of `neardup serve`: request counts and latencies by route, and what the index
 * and its log hold, in the Prometheus text format (version 0.0.4): `# HELP`, `# TYPE`, then one
 * `name{labels} value` line per series; a histogram as cumulative `_bucket{le}` counts with
 * `_sum` and `_count`.
 */

/** Latency bucket bounds in seconds: from a cached answer to the time budget's default. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/** The routes a label may name (anything else is `other`, so a scan of paths cannot add series). */
const ROUTES = ['/check', '/items', '/items/:id', '/query', '/healthz', '/readyz', '/metrics'];

export function routeLabel(path: string): string {
  if (path.startsWith('/items/')) return '/items/:id';
  return ROUTES.includes(path) ? path : 'other';
}

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

interface Series {
  buckets: number[];
  sum: number;
  count: number;
}

export class HttpMetrics {
  readonly #requests = new Map<string, number>();
  readonly #latency = new Map<string, Series>();

  /** Counts one answered request and its time from arrival to answer. */
  observe(route: string, method: string, status: number, seconds: number): void {
    const key = `route="${labelValue(route)}",method="${labelValue(method)}",status="${status}"`;
    this.#requests.set(key, (this.#requests.get(key) ?? 0) + 1);
    const lkey = `route="${labelValue(route)}"`;
    let s = this.#latency.get(lkey);
    if (!s) {
      s = { buckets: new Array(BUCKETS.length).fill(0), sum: 0, count: 0 };
      this.#latency.set(lkey, s);
    }
    for (let b = 0; b < BUCKETS.length; b++) if (seconds <= BUCKETS[b]) s.buckets[b]++;
    s.sum += seconds;
    s.count++;
  }

  /**
   * The text of a scrape: the request series, then `gauges` and `counters` given by the caller
   * as [name, help, value].
   * @example metrics.render([['neardup_index_items', 'Items in the index.', 12]], [])
   */
  render(gauges: [string, string, number][], counters: [string, string, number][]): string {
    const out: string[] = [];
    out.push('# HELP neardup_http_requests_total HTTP requests answered, by route, method and status.');
    out.push('# TYPE neardup_http_requests_total counter');
    for (const [labels, n] of this.#requests) out.push(`neardup_http_requests_total{${labels}} ${n}`);
    out.push("# HELP neardup_http_request_duration_seconds Time from a request's arrival to its answer.");
    out.push('# TYPE neardup_http_request_duration_seconds histogram');
    for (const [labels, s] of this.#latency) {
      for (let b = 0; b < BUCKETS.length; b++)
        out.push(
          `neardup_http_request_duration_seconds_bucket{${labels},le="${BUCKETS[b]}"} ${s.buckets[b]}`,
        );
      out.push(`neardup_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${s.count}`);
      out.push(`neardup_http_request_duration_seconds_sum{${labels}} ${s.sum}`);
      out.push(`neardup_http_request_duration_seconds_count{${labels}} ${s.count}`);
    }
    for (const [kind, list] of [
      ['gauge', gauges],
      ['counter', counters],
    ] as const) {
      for (const [name, help, value] of list) {
        out.push(`# HELP ${name} ${help}`);
        out.push(`# TYPE ${name} ${kind}`);
        out.push(`${name} ${value}`);
      }
    }
    return `${out.join('\n')}\n`;
  }
}
