import { performance } from 'node:perf_hooks';
import { Agent, errors, request } from 'undici';
import {
  type AttemptOutcome,
  type ContentType,
  encodeBody,
  hostAllowed,
  type WebhookFields,
} from './rules.js';

/** What an attempt needs of its webhook. */
export interface AttemptTarget {
  url: string;
  contentType: ContentType;
  fields: WebhookFields;
  /** Connect and read timeouts; a retry also has a deadline for the whole attempt. */
  connectMs: number;
  readMs: number;
  totalMs: number | undefined;
}

/**
 * Makes one HTTP attempt, never following a redirect, and says how it ended. Agents are kept per
 * pair of timeouts (undici sets them per agent) and closed by `close()`.
 */
export class WebhookClient {
  private readonly agents = new Map<string, Agent>();

  constructor(private readonly allowedHosts: readonly string[] | undefined) {}

  private agent(connectMs: number, readMs: number): Agent {
    const key = `${connectMs}:${readMs}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new Agent({
        connect: { timeout: connectMs },
        headersTimeout: readMs,
        bodyTimeout: readMs,
        keepAliveTimeout: 4_000,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }

  async send(
    target: AttemptTarget,
    stop: AbortSignal,
  ): Promise<{ outcome: AttemptOutcome; durationMs: number }> {
    const started = performance.now();
    const outcome = await this.attempt(target, stop);
    return { outcome, durationMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  private async attempt(target: AttemptTarget, stop: AbortSignal): Promise<AttemptOutcome> {
    const url = new URL(target.url);
    // The setting was allowed when given; the list may have changed since.
    if (!hostAllowed(url, this.allowedHosts)) {
      return { status: null, error: `refused: host ${url.hostname} is not in BAESONG_WEBHOOK_HOSTS` };
    }
    const connectMs = Math.min(target.connectMs, target.totalMs ?? Infinity);
    const readMs = Math.min(target.readMs, target.totalMs ?? Infinity);
    const signals = [stop, ...(target.totalMs !== undefined ? [AbortSignal.timeout(target.totalMs)] : [])];
    const body = encodeBody(target.fields, target.contentType);
    try {
      const answer = await request(url, {
        method: 'POST',
        headers: { 'content-type': body.type, 'user-agent': 'baesong-webhook' },
        body: body.text,
        dispatcher: this.agent(connectMs, readMs),
        signal: AbortSignal.any(signals),
      });
      // undici's request follows no redirect (that takes an interceptor): a 3xx is the answer.
      // The answer's body is not kept; read it off so the connection can serve the next attempt.
      await answer.body.dump().catch(() => {});
      return { status: answer.statusCode, error: null };
    } catch (err) {
      if (stop.aborted) throw err;
      return { status: null, error: describeFailure(err, { connectMs, readMs, totalMs: target.totalMs }) };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.destroy().catch(() => {})));
    this.agents.clear();
  }
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_)/;

/** `<kind>: <detail>` of a failed attempt, kind refused, timeout, reset, dns or tls. */
function describeFailure(
  err: unknown,
  limits: { connectMs: number; readMs: number; totalMs: number | undefined },
): `${'refused' | 'timeout' | 'reset' | 'dns' | 'tls'}: ${string}` {
  const cause = (err as { cause?: unknown }).cause;
  const code = (err as { code?: string }).code ?? (cause as { code?: string } | undefined)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof errors.ConnectTimeoutError) return `timeout: no connection in ${limits.connectMs} ms`;
  if (err instanceof errors.HeadersTimeoutError || err instanceof errors.BodyTimeoutError) {
    return `timeout: no answer in ${limits.readMs} ms`;
  }
  if (
    (err as { name?: string }).name === 'TimeoutError' ||
    (err as { name?: string }).name === 'AbortError'
  ) {
    return `timeout: no answer in ${limits.totalMs ?? limits.readMs} ms`;
  }
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `refused: ${code}`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return `dns: ${code} ${message}`;
  if (TLS_CODES.test(code)) return `tls: ${code} ${message}`;
  return `reset: ${code ? `${code} ` : ''}${message}`;
}
