import { BaesongClientError, NetworkError, TimeoutError } from './errors.js';

/**
 * When to send a request again. Off unless given. A request is retried:
 * - after `429 Too Many Requests`, whatever its method: the server refused it without acting;
 * - after a 5xx answer, a timeout or a network error, only when repeating it cannot do more
 *   than the first attempt did (GET, PUT, and the token request), unless `retryNonIdempotent`
 *   is set: a POST that timed out or failed with a 5xx may have taken effect.
 * A 401, 4xx or any other answer is never retried here.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included: 3 means up to two retries. */
  attempts: number;
  /** The wait before the first retry, doubled for each further one (default 200 ms). */
  baseDelayMs?: number;
  /** The longest wait between attempts, a `Retry-After` included (default 5000 ms). */
  maxDelayMs?: number;
  /** Also retry POSTs after a 5xx, a timeout or a network error (default false). */
  retryNonIdempotent?: boolean;
}

export interface TransportOptions {
  baseUrl: string;
  /** Per attempt, until the whole answer has arrived (default 10 000 ms). */
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  /** A fetch implementation (default the global one). */
  fetch?: typeof fetch | undefined;
}

/** Options of each call of a client. */
export interface CallOptions {
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path and query string, appended to the base URL. */
  path: string;
  /** Headers of each attempt; a function is called again for every attempt (fresh signatures). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Sent as JSON when defined. */
  body?: unknown;
  /** True when sending it twice cannot do more than sending it once. */
  idempotent: boolean;
  /**
   * True for an answer that must never be retried whatever the policy: a failure status that
   * nonetheless reports the request as having taken effect.
   */
  final?: ((res: HttpResponse) => boolean) | undefined;
  /** Aborts the request (and any wait before a retry). */
  signal?: AbortSignal | undefined;
  /** How the answer's JSON is read (default JSON.parse); text that does not parse is kept as text. */
  parse?: ((text: string) => unknown) | undefined;
}

export interface HttpResponse {
  method: string;
  url: string;
  status: number;
  headers: Headers;
  /** The parsed JSON, the text when it is not JSON, undefined when empty. */
  body: unknown;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_BASE_DELAY_MS = 200;
const DEFAULT_MAX_DELAY_MS = 5_000;

/** Sends HTTP requests with a timeout and the retry policy; answers of every status are returned. */
export class Transport {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly #retry: RetryPolicy | undefined;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError('timeoutMs must be a positive number');
    if (options.retry && !(Number.isInteger(options.retry.attempts) && options.retry.attempts >= 1)) {
      throw new RangeError('retry.attempts must be a whole number of at least 1');
    }
    this.#retry = options.retry;
    // Called as the global function, not as a method of this object: a browser's fetch throws
    // "Illegal invocation" when called with any `this` but the window.
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const attempts = this.#retry?.attempts ?? 1;
    for (let attempt = 1; ; attempt++) {
      let outcome: HttpResponse | TimeoutError | NetworkError;
      try {
        outcome = await this.#once(request);
      } catch (err) {
        if (!(err instanceof TimeoutError || err instanceof NetworkError)) throw err;
        outcome = err;
      }
      if (attempt >= attempts || !this.#retryable(request, outcome)) {
        if (outcome instanceof BaesongClientError) throw outcome;
        return outcome;
      }
      await sleep(this.#delay(attempt, outcome), request.signal);
    }
  }

  #retryable(request: HttpRequest, outcome: HttpResponse | BaesongClientError): boolean {
    if (!(outcome instanceof BaesongClientError) && request.final?.(outcome)) return false;
    if (!(outcome instanceof BaesongClientError) && outcome.status === 429) return true;
    const failed = outcome instanceof BaesongClientError || outcome.status >= 500;
    return failed && (request.idempotent || this.#retry?.retryNonIdempotent === true);
  }

  /** Exponential backoff with jitter (half fixed, half random), never shorter than a Retry-After. */
  #delay(attempt: number, outcome: HttpResponse | BaesongClientError): number {
    const base = this.#retry?.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    const max = this.#retry?.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    const exponential = Math.min(max, base * 2 ** (attempt - 1));
    const jittered = exponential / 2 + (Math.random() * exponential) / 2;
    const retryAfter = outcome instanceof BaesongClientError ? undefined : retryAfterMs(outcome.headers);
    return Math.min(max, Math.max(jittered, retryAfter ?? 0));
  }

  async #once(request: HttpRequest): Promise<HttpResponse> {
    const url = this.baseUrl + request.path;
    const where = { method: request.method, url };
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    Object.assign(headers, typeof request.headers === 'function' ? request.headers() : request.headers);
    try {
      const res = await this.#fetch(url, {
        method: request.method,
        headers,
        signal,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      // The timeout covers the body too: a server that sends headers and then stalls is caught.
      const text = await res.text();
      return { ...where, status: res.status, headers: res.headers, body: parseBody(text, request.parse) };
    } catch (err) {
      if (request.signal?.aborted) throw request.signal.reason;
      if (timeout.aborted) throw new TimeoutError(where, this.timeoutMs);
      throw new NetworkError(where, err);
    }
  }
}

function parseBody(text: string, parse: (text: string) => unknown = JSON.parse): unknown {
  if (text === '') return undefined;
  try {
    return parse(text);
  } catch {
    return text;
  }
}

/** `Retry-After` in seconds; the HTTP-date form is not used by either platform. */
function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
