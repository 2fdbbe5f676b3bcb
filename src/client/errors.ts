/**
 * The errors the client throws. Every one is a BaesongClientError, so one `instanceof`
 * catches them all; the subclasses say whether the platform answered (PortOneError,
 * CoupangError, SandboxError) or no answer came (TimeoutError, NetworkError).
 */

/** The base of every error the client throws. */
export class BaesongClientError extends Error {
  override name = 'BaesongClientError';
  /** The HTTP method and the URL of the request that failed. */
  readonly method: string;
  readonly url: string;

  constructor(message: string, request: { method: string; url: string }, options?: { cause?: unknown }) {
    super(message, options);
    this.method = request.method;
    this.url = request.url;
  }
}

/** What a platform answered with, for the errors that carry an answer. */
export interface HttpAnswer {
  method: string;
  url: string;
  /** The HTTP status. */
  status: number;
  /** The parsed JSON body, or the text when it was not JSON. */
  body: unknown;
}

/**
 * PortOne answered with a failure: an HTTP error status, or a `code` other than 0.
 * `message` is PortOne's own message (`이미 배송정보가 등록된 거래건입니다.`) when it gave one.
 */
export class PortOneError extends BaesongClientError {
  override name = 'PortOneError';
  readonly status: number;
  /** The envelope's `code` (-1 for documented failures), or undefined when the body had none. */
  readonly code: number | undefined;
  /** The envelope's `response`: null for most failures, details for some (Paymentwall). */
  readonly response: unknown;
  /**
   * Every problem PortOne listed, one sentence each, in its order: `response.notices` of a
   * Paymentwall 400 (whose `message` is only the first). Empty when the answer listed none.
   */
  readonly notices: string[];
  readonly body: unknown;

  constructor(answer: HttpAnswer) {
    const envelope = asRecord(answer.body);
    const message = typeof envelope?.message === 'string' ? envelope.message : fallbackMessage(answer);
    super(message, answer);
    this.status = answer.status;
    this.code = typeof envelope?.code === 'number' ? envelope.code : undefined;
    this.response = envelope?.response ?? null;
    const notices = asRecord(this.response)?.notices;
    this.notices = Array.isArray(notices) ? notices.filter((n): n is string => typeof n === 'string') : [];
    this.body = answer.body;
  }
}

/**
 * Coupang answered with a failure: the gateway's `{"code":"ERROR","message"}`, or the
 * shipping-place envelope `{"code":<status>,"message","data":null}`.
 */
export class CoupangError extends BaesongClientError {
  override name = 'CoupangError';
  readonly status: number;
  /** `"ERROR"` from the gateway, the HTTP status as a number from the shipping-place APIs. */
  readonly code: string | number | undefined;
  /** The gateway's `transactionId`, which Coupang's support asks for; undefined past the gateway. */
  readonly transactionId: string | undefined;
  readonly body: unknown;

  /** `message` replaces the answer's own, for answers that are not failures but cannot be used. */
  constructor(answer: HttpAnswer, message?: string) {
    const envelope = asRecord(answer.body);
    const given = typeof envelope?.message === 'string' ? envelope.message : fallbackMessage(answer);
    super(message ?? given, answer);
    this.status = answer.status;
    const code = envelope?.code;
    this.code = typeof code === 'string' || typeof code === 'number' ? code : undefined;
    this.transactionId = typeof envelope?.transactionId === 'string' ? envelope.transactionId : undefined;
    this.body = answer.body;
  }
}

/** baesong's own sandbox API refused: `{"error": "<what is wrong>"}`. */
export class SandboxError extends BaesongClientError {
  override name = 'SandboxError';
  readonly status: number;
  readonly body: unknown;

  constructor(answer: HttpAnswer) {
    const error = asRecord(answer.body)?.error;
    super(typeof error === 'string' ? error : fallbackMessage(answer), answer);
    this.status = answer.status;
    this.body = answer.body;
  }
}

/** No complete answer came within the client's `timeoutMs`. The request may still have taken effect. */
export class TimeoutError extends BaesongClientError {
  override name = 'TimeoutError';
  constructor(
    request: { method: string; url: string },
    readonly timeoutMs: number,
  ) {
    super(`${request.method} ${request.url}: no answer within ${timeoutMs} ms`, request);
  }
}

/** The request could not be sent or its answer not read (refused connection, DNS, reset). */
export class NetworkError extends BaesongClientError {
  override name = 'NetworkError';
  constructor(request: { method: string; url: string }, cause: unknown) {
    super(`${request.method} ${request.url}: ${describeNetworkFailure(cause)}`, request, { cause });
  }
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

function fallbackMessage(answer: HttpAnswer): string {
  const text = typeof answer.body === 'string' ? answer.body.trim().slice(0, 200) : '';
  return text ? `HTTP ${answer.status}: ${text}` : `HTTP ${answer.status}`;
}

/** Node's fetch reports "fetch failed" and hides the reason in `cause`: name the reason. */
function describeNetworkFailure(err: unknown): string {
  const e = err as { message?: string; cause?: { code?: string; message?: string } } | undefined;
  const cause = e?.cause;
  if (cause?.code && cause.message)
    return `${e?.message ?? 'request failed'} (${cause.code}: ${cause.message})`;
  if (cause?.message) return `${e?.message ?? 'request failed'} (${cause.message})`;
  return e?.message ?? String(err);
}
