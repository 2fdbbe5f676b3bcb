/**
 * `baesong webhooks`: the attempts of the sandbox's merchant webhooks in a terminal, one line
 * each. Without `--follow` it prints the attempts of the newest webhooks and exits; with it, it
 * goes on printing new attempts as they are made, until interrupted (SIGINT).
 */
import { SandboxClient, type WebhookQuery, type WebhookRecord } from '../client/index.js';
import { follow, readFailure, type TerminalIo, untilInterrupted } from './follow.js';

export interface WebhooksOptions {
  baseUrl: string;
  url?: string | undefined;
  adminToken?: string | undefined;
  follow?: boolean | undefined;
  json?: boolean | undefined;
  /** How many of the newest webhooks to look at (1 to 1000); following, each poll looks at as many. */
  limit: number;
  merchant?: string | undefined;
  impUid?: string | undefined;
  state?: 'pending' | 'delivered' | 'failed' | undefined;
}

type Attempt = WebhookRecord['attempts'][number];

/** One line an attempt: time, merchant, webhook id and event, where it went, and how it ended. */
function formatAttempt(webhook: WebhookRecord, attempt: Attempt, n: number): string {
  const outcome = attempt.error ?? String(attempt.status);
  const ms = `${Number(attempt.durationMs.toFixed(1))} ms`;
  return `${attempt.at}  merchant:${webhook.imp_key}  webhook:${webhook.id}#${n}  ${webhook.status} ${webhook.imp_uid}  → ${webhook.url}  ${outcome}  ${ms}  ${webhook.state}`;
}

export async function listWebhookAttempts(options: WebhooksOptions, io: TerminalIo): Promise<void> {
  const sandbox = new SandboxClient({
    baseUrl: options.url ?? options.baseUrl,
    adminToken: options.adminToken,
  });
  const query: WebhookQuery = {
    imp_key: options.merchant,
    imp_uid: options.impUid,
    state: options.state,
    limit: options.limit,
  };
  const signal = io.signal ?? new AbortController().signal;
  /** Attempts printed, as `<webhook id>#<n>`. */
  const printed = new Set<string>();
  const printNew = (webhooks: WebhookRecord[]) => {
    // Oldest first, as a log reads: webhooks come newest first, their attempts oldest first.
    const fresh = [...webhooks]
      .reverse()
      .flatMap((w) => w.attempts.map((a, i) => ({ w, a, n: i + 1 })))
      .filter(({ w, n }) => !printed.has(`${w.id}#${n}`))
      .sort((x, y) => x.a.at.localeCompare(y.a.at));
    for (const { w, a, n } of fresh) {
      printed.add(`${w.id}#${n}`);
      io.out(`${options.json ? JSON.stringify({ ...w, attempt: n }) : formatAttempt(w, a, n)}\n`);
    }
  };

  try {
    printNew((await sandbox.webhooks(query, { signal })).webhooks);
  } catch (err) {
    if (signal.aborted) return;
    throw readFailure('the webhooks', sandbox.baseUrl, err);
  }
  if (!options.follow) return;
  // The newest webhooks again: their new attempts (a first one, a retry, a replay) are printed.
  await follow('the webhooks', sandbox.baseUrl, io, signal, async () => {
    printNew((await sandbox.webhooks(query, { signal })).webhooks);
  });
}

export async function webhooksCommand(options: WebhooksOptions): Promise<void> {
  await untilInterrupted((io) => listWebhookAttempts(options, io));
}
