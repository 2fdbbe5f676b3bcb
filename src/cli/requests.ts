/**
 * `baesong requests`: the sandbox's request journal in a terminal. Without `--follow` it prints
 * the newest entries matching and exits; with it, it goes on printing new ones as they come, as
 * `kubectl logs -f` does, until interrupted (SIGINT).
 */
import { type JournalEntry, type RequestFilters, SandboxClient } from '../client/index.js';
import { follow, readFailure, type TerminalIo, untilInterrupted } from './follow.js';

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

export async function listRequests(options: RequestsOptions, io: TerminalIo): Promise<void> {
  const baseUrl = options.url ?? options.baseUrl;
  const sandbox = new SandboxClient({ baseUrl, adminToken: options.adminToken });
  const filters = filtersOf(options);
  const signal = io.signal ?? new AbortController().signal;
  const print = (entry: JournalEntry) =>
    io.out(`${options.json ? JSON.stringify(entry) : formatEntry(entry)}\n`);

  // The newest entries, printed oldest first, as a log reads.
  let newest: JournalEntry[];
  try {
    newest = (await sandbox.requests({ ...filters, limit: options.limit }, { signal })).requests;
  } catch (err) {
    if (signal.aborted) return;
    throw readFailure('the journal', sandbox.baseUrl, err);
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

  await follow('the journal', sandbox.baseUrl, io, signal, async () => {
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
  });
}

export async function requestsCommand(options: RequestsOptions): Promise<void> {
  await untilInterrupted((io) => listRequests(options, io));
}
