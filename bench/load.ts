/**
 * Closed-loop load at the server's maximum rate, with autocannon: a fixed number of keep-alive
 * connections, each sending its next request as soon as the last one is answered.
 */
import { createRequire } from 'node:module';
import { isFixed, nextRequest, type ScenarioRequest } from './scenarios.js';

/** The part of autocannon's API this harness uses (its package ships no types). */
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  body?: string;
  requests?: { setupRequest: (request: Record<string, unknown>) => Record<string, unknown> }[];
}
interface AutocannonResult {
  duration: number;
  errors: number;
  timeouts: number;
}
interface AutocannonInstance {
  on(
    event: 'response',
    listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void,
  ): void;
}
type Autocannon = (
  options: AutocannonOptions,
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;

let autocannon: Autocannon | undefined;

/** Loaded on first use: the harness installs it in bench/node_modules first, never the server's install. */
function loadAutocannon(): Autocannon {
  autocannon ??= createRequire(new URL('./package.json', import.meta.url))('autocannon') as Autocannon;
  return autocannon;
}

export interface LoadResult {
  /** Responses a second, over the measured run. */
  rps: number;
  /** Latency percentiles in milliseconds, over every response (whatever its status). */
  p50: number;
  p99: number;
  /** How many responses came with each status. */
  statuses: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  responses: number;
  seconds: number;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

/** The value below which `p` of the sorted samples fall (nearest rank). */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

/** A growable list of latencies, kept as floats (autocannon's own histogram rounds to whole ms). */
export class Samples {
  private values = new Float64Array(1 << 16);
  length = 0;

  add(value: number): void {
    if (this.length === this.values.length) {
      const bigger = new Float64Array(this.values.length * 2);
      bigger.set(this.values);
      this.values = bigger;
    }
    this.values[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.values.slice(0, this.length).sort();
  }
}

/** Runs autocannon against `baseUrl` with the scenario's request for `seconds`. */
export function closedLoop(
  baseUrl: string,
  request: ScenarioRequest,
  options: LoadOptions,
): Promise<LoadResult> {
  const latencies = new Samples();
  const statuses: Record<string, number> = {};
  return new Promise((resolve, reject) => {
    const instance = loadAutocannon()(
      {
        url: baseUrl + request.path,
        connections: options.connections,
        duration: options.seconds,
        pipelining: 1,
        timeout: 10,
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        // Fresh headers and body for each request, where the scenario signs or needs unique writes.
        ...(isFixed(request)
          ? {}
          : { requests: [{ setupRequest: (r) => ({ ...r, ...nextRequest(request) }) }] }),
      },
      (err, result) => {
        if (err) return reject(err);
        const sorted = latencies.sorted();
        resolve({
          rps: latencies.length / result.duration,
          p50: percentile(sorted, 0.5),
          p99: percentile(sorted, 0.99),
          statuses,
          errors: result.errors + result.timeouts,
          responses: latencies.length,
          seconds: result.duration,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTimeMs) => {
      latencies.add(responseTimeMs);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}
