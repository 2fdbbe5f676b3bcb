/**
 * The webhook's rules, pure: which URLs are taken, the setting's defaults and bounds, what an
 * attempt's outcome means for the webhook. The sandbox routes, the outbox and the sender share them.
 */

/** The guide's timeouts: 10 s to connect, 30 s to read; a retry 15 s in all. */
export const DEFAULT_TIMEOUTS = { connectMs: 10_000, readMs: 30_000, retryTotalMs: 15_000 } as const;
export type Timeouts = { connectMs: number; readMs: number; retryTotalMs: number };
const MAX_URL_LENGTH = 2048;

/** Production retries "최대 5회까지 1분 간격으로": five more attempts, a minute apart. */
const MAX_ATTEMPTS = 6;
const RETRY_INTERVAL_MS = 60_000;

export type ContentType = 'json' | 'form';
export type WebhookState = 'pending' | 'delivered' | 'failed';

/**
 * Why `url` cannot be a webhook's address, or null when it can: an absolute http(s) URL of at
 * most 2,048 characters, on one of `allowedHosts` when the server names some.
 */
export function webhookUrlProblem(
  field: string,
  url: unknown,
  allowedHosts: readonly string[] | undefined,
): string | null {
  if (typeof url !== 'string') return `${field} must be a string`;
  if (url.length > MAX_URL_LENGTH) return `${field} must be at most ${MAX_URL_LENGTH} characters`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${field} must be an absolute http or https URL`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `${field} must be an absolute http or https URL`;
  }
  if (!hostAllowed(parsed, allowedHosts)) {
    return `${field} names host ${parsed.hostname}, which is not in BAESONG_WEBHOOK_HOSTS (${allowedHosts?.join(', ')})`;
  }
  return null;
}

/** Any host when the server names none (BAESONG_WEBHOOK_HOSTS unset); else only those. */
export function hostAllowed(url: URL, allowedHosts: readonly string[] | undefined): boolean {
  if (!allowedHosts) return true;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return allowedHosts.includes(host);
}

/** How an attempt ended: an HTTP answer, or no answer for one of these reasons. */
export type AttemptOutcome =
  | { status: number; error: null }
  | { status: null; error: `${'refused' | 'timeout' | 'reset' | 'dns' | 'tls'}: ${string}` };

/**
 * What the webhook becomes after an attempt: a 2xx is delivered; a 3xx or 4xx ends it failed (a
 * redirect is never followed); a 5xx or no answer is tried again a minute later, by the
 * merchant's clock, while retries are on and fewer than six attempts were made. A replay is one
 * attempt, never retried.
 */
export function afterAttempt(
  outcome: AttemptOutcome,
  webhook: { attempts: number; retry: boolean; replay: boolean },
  failedAtMs: number,
): { state: WebhookState; dueAtMs: number | null } {
  if (outcome.status !== null && outcome.status >= 200 && outcome.status < 300) {
    return { state: 'delivered', dueAtMs: null };
  }
  const retriable = outcome.status === null || outcome.status >= 500;
  if (retriable && webhook.retry && !webhook.replay && webhook.attempts < MAX_ATTEMPTS) {
    return { state: 'pending', dueAtMs: failedAtMs + RETRY_INTERVAL_MS };
  }
  return { state: 'failed', dueAtMs: null };
}

/** The body's fields: `imp_uid`, `merchant_uid`, `status`, and `cancellation_id` on a cancel. */
export type WebhookFields = {
  imp_uid: string;
  merchant_uid: string;
  status: string;
  cancellation_id?: string;
};

/** The body as sent, by the setting's content type. */
export function encodeBody(fields: WebhookFields, contentType: ContentType): { type: string; text: string } {
  if (contentType === 'form') {
    return {
      type: 'application/x-www-form-urlencoded',
      text: new URLSearchParams(fields as Record<string, string>).toString(),
    };
  }
  return { type: 'application/json', text: JSON.stringify(fields) };
}
