/**
 * `baesong requests`: the sandbox's request journal in a terminal. Without `--follow` it prints
 * the newest entries matching and exits; with it, it goes on printing new ones as they come, as
 * `kubectl logs -f` does, until interrupted (SIGINT).
 */
import {
  BaesongClientError,
  type JournalEntry,
  type RequestFilters,
  SandboxClient,
  SandboxError,
} from '../client/index.js';
import { CliError } from './errors.js';

export interface RequestsOptions {
  baseUrl: string;
  /** Same as baseUrl; wins when both are given. */
  url?: string | undefined;
  adminToken?: string | undefined;
  follow?: boolean | undefined;
  json?: boolean | undefined;
  /** How many of the newest entries to print first (1 to 1000). */
  limit: number;
  platform?: 'portone' | 'coupang' | undefined;
  method?: string | undefined;
  route?: string | undefined;
  path?: string | undefined;
  status?: string | undefined;
  merchant?: string | undefined;
  vendor?: string | undefined;
}

export interface RequestsIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Stops following (the command then returns); the command also stops on SIGINT. */
  signal?: AbortSignal | undefined;
  /** The pause between two polls while following (default 500 ms). */
  intervalMs?: number | undefined;
}

const POLL_INTERVAL_MS = 500;

/**
 * How far back each poll looks before the latest entry printed: an entry is journaled once its
 * answer is known but dated when its request arrived, so a slow request is listed after faster
 * ones that arrived later. Entries already printed are recognised by id and not printed again.
 */
export const OVERLAP_MS = 5_000;

/** The most entries one page of a poll asks for. */
const PAGE_SIZE = 1000;

/** One line an entry: time, tenant, method, path (and query), status, duration, and the fault that shaped it. */
export function formatEntry(entry: JournalEntry): string {
  const tenant = !entry.tenant
    ? '-'
    : 'merchant' in entry.tenant
      ? `merchant:${entry.tenant.merchant}`
      : `vendor:${entry.tenant.vendor}`;
  const target = entry.query ? `${entry.path}?${entry.query}` : entry.path;
  const status = entry.response ? String(entry.response.status) : '-';
  const ms = `${Number(entry.durationMs.toFixed(1))} ms`;
  const fault = entry.fault ? `  fault:${entry.fault}` : '';
  return `${entry.at}  ${tenant}  ${entry.method} ${target}  ${status}  ${ms}${fault}`;
}

function filtersOf(options: RequestsOptions): RequestFilters {
  const { platform, method, route, path, merchant, vendor } = options;
  return {
    platform,
    method,
    route,
    path,
    merchant,
    vendor,
    status: options.status as RequestFilters['status'],
  };
}

/** A pause that ends early when the signal aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The server refused the question itself (a bad filter, a wrong admin token): asking again will not help. */
export function refused(err: unknown): err is SandboxError {
  return err instanceof SandboxError && err.status >= 400 && err.status < 500;
}

export async function listRequests(options: RequestsOptions, io: RequestsIo): Promise<void> {
  const baseUrl = options.url ?? options.baseUrl;
  const sandbox = new SandboxClient({ baseUrl, adminToken: options.adminToken });
  const filters = filtersOf(options);
  const signal = io.signal ?? new AbortController().signal;
  const print = (entry: JournalEntry) =>
    io.out(`${options.json ? JSON.stringify(entry) : formatEntry(entry)}\n`);
  const failure = (err: unknown) =>
    new CliError(
      `cannot read the journal of ${sandbox.baseUrl}: ${(err as Error).message}`,
      refused(err) ? 2 : 1,
    );

  // The newest entries, printed oldest first, as a log reads.
  let newest: JournalEntry[];
  try {
    newest = (await sandbox.requests({ ...filters, limit: options.limit }, { signal })).requests;
  } catch (err) {
    if (signal.aborted) return;
    throw failure(err);
  }
  for (const entry of [...newest].reverse()) print(entry);
  if (!options.follow) return;

  /** Entries printed within the overlap, by id, with their time. */
  const printed = new Map<string, number>();
  let latestMs: number | undefined;
  const remember = (entry: JournalEntry) => {
    const atMs = Date.parse(entry.at);
    printed.set(entry.id, atMs);
    latestMs = latestMs === undefined ? atMs : Math.max(latestMs, atMs);
  };
  for (const entry of newest) remember(entry);
  let failing = false;

  while (!signal.aborted) {
    await pause(io.intervalMs ?? POLL_INTERVAL_MS, signal);
    if (signal.aborted) break;
    try {
      // Without an entry yet, every entry matching is new: none matched before.
      const since = latestMs === undefined ? undefined : new Date(latestMs - OVERLAP_MS);
      for await (const entry of sandbox.eachRequest(
        { ...filters, order: 'asc', since, limit: PAGE_SIZE },
        { signal },
      )) {
        if (printed.has(entry.id)) continue;
        print(entry);
        remember(entry);
      }
      if (latestMs !== undefined) {
        const horizon = latestMs - OVERLAP_MS;
        for (const [id, atMs] of printed) if (atMs < horizon) printed.delete(id);
      }
      if (failing) io.err('baesong: reading the journal again\n');
      failing = false;
    } catch (err) {
      if (signal.aborted) break;
      if (refused(err) || !(err instanceof BaesongClientError)) throw failure(err);
      // The server is restarting or out of reach: said once, then tried again at the next poll.
      if (!failing) io.err(`baesong: ${(err as Error).message} (trying again)\n`);
      failing = true;
    }
  }
}

export async function requestsCommand(options: RequestsOptions): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    await listRequests(options, {
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      signal: stop.signal,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
