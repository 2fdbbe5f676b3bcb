/**
 * `baesong webhooks`: the attempts of the sandbox's merchant webhooks in a terminal, one line
 * each. Without `--follow` it prints the attempts of the newest webhooks and exits; with it, it
 * goes on printing new attempts as they are made, until interrupted (SIGINT).
 */
import { BaesongClientError, SandboxClient, type WebhookQuery, type WebhookRecord } from '../client/index.js';
import { CliError } from './errors.js';
import { pause, type RequestsIo, refused } from './requests.js';

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

const POLL_INTERVAL_MS = 500;

type Attempt = WebhookRecord['attempts'][number];

/** One line an attempt: time, merchant, webhook id and event, where it went, and how it ended. */
function formatAttempt(webhook: WebhookRecord, attempt: Attempt, n: number): string {
  const outcome = attempt.error ?? String(attempt.status);
  const ms = `${Number(attempt.durationMs.toFixed(1))} ms`;
  return `${attempt.at}  merchant:${webhook.imp_key}  webhook:${webhook.id}#${n}  ${webhook.status} ${webhook.imp_uid}  → ${webhook.url}  ${outcome}  ${ms}  ${webhook.state}`;
}

export async function listWebhookAttempts(options: WebhooksOptions, io: RequestsIo): Promise<void> {
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
  const failure = (err: unknown) =>
    new CliError(
      `cannot read the webhooks of ${sandbox.baseUrl}: ${(err as Error).message}`,
      refused(err) ? 2 : 1,
    );
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
    throw failure(err);
  }
  if (!options.follow) return;
  let failing = false;
  while (!signal.aborted) {
    await pause(io.intervalMs ?? POLL_INTERVAL_MS, signal);
    if (signal.aborted) break;
    try {
      // The newest webhooks again: their new attempts (a first one, a retry, a replay) are printed.
      printNew((await sandbox.webhooks(query, { signal })).webhooks);
      if (failing) io.err('baesong: reading the webhooks again\n');
      failing = false;
    } catch (err) {
      if (signal.aborted) break;
      if (refused(err) || !(err instanceof BaesongClientError)) throw failure(err);
      if (!failing) io.err(`baesong: ${(err as Error).message} (trying again)\n`);
      failing = true;
    }
  }
}

export async function webhooksCommand(options: WebhooksOptions): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    await listWebhookAttempts(options, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      signal: stop.signal,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
