/**
 * `baesong import-invoices <file.csv>`: registers escrow deliveries in bulk, against baesong
 * or the real PortOne, through the PortOneClient. Every row gets a result (`ok`, `already
 * registered`, `failed`) in the results CSV; a row is never registered twice.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import { stringify } from 'csv-stringify/sync';
import { BaesongClientError, PortOneClient, PortOneError } from '../client/index.js';
import { checkEscrowRequest } from '../portone/escrow-rules.js';
import { messages } from '../portone/messages.js';
import { CliError } from './errors.js';
import { decodeCsv, type InvoiceRow, parseInvoicesCsv } from './invoices-csv.js';
import { forEachLimited } from './pool.js';

export interface ImportOptions {
  file: string;
  baseUrl: string;
  impKey?: string | undefined;
  impSecret?: string | undefined;
  concurrency: number;
  /** Default `<file>.results.csv`. */
  out?: string | undefined;
  dryRun?: boolean | undefined;
}

export interface ImportOutput {
  stdout: NodeJS.WritableStream;
  /** The progress bar goes here, when it is a terminal. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

type RowResult = 'ok' | 'already registered' | 'failed';

interface RowReport {
  line: number;
  imp_uid: string;
  result: RowResult;
  message: string;
}

export interface ImportReport {
  rows: RowReport[];
  ok: number;
  alreadyRegistered: number;
  failed: number;
  /** Where the results CSV was written. */
  out: string;
}

type Outcome = { result: RowResult; message: string };

const failed = (message: string): Outcome => ({ result: 'failed', message });

/** Tells "already registered" (the documented 409) from every other failure. */
function outcomeOf(err: unknown): Outcome {
  if (err instanceof PortOneError && err.status === 409 && err.message === messages.escrowAlreadyRegistered) {
    return { result: 'already registered', message: err.message };
  }
  if (err instanceof BaesongClientError) return failed(err.message);
  throw err;
}

async function register(client: PortOneClient, row: InvoiceRow & { body: object }): Promise<Outcome> {
  try {
    await client.registerEscrowDelivery(row.impUid, row.body);
    return { result: 'ok', message: 'registered' };
  } catch (err) {
    return outcomeOf(err);
  }
}

/**
 * The dry run: the checks of `POST /escrows/logis/{imp_uid}` in the server's order, from
 * reads only (the payment, and whether a delivery is registered) and the same rule function.
 */
async function check(client: PortOneClient, row: InvoiceRow & { body: object }): Promise<Outcome> {
  try {
    const payment = await client.getPayment(row.impUid);
    const checked = checkEscrowRequest(payment, { body: row.body });
    if (!checked.ok) return failed(checked.message);
    try {
      await client.getEscrowDelivery(row.impUid);
      return { result: 'already registered', message: messages.escrowAlreadyRegistered };
    } catch (err) {
      if (err instanceof PortOneError && err.status === 409 && err.message === messages.escrowNotRegistered) {
        return { result: 'ok', message: `valid for ${payment.pg_provider}; not registered (dry run)` };
      }
      throw err;
    }
  } catch (err) {
    return outcomeOf(err);
  }
}

function defaultResultsPath(file: string): string {
  return `${file}.results.csv`;
}

/** Runs the import and writes the results CSV; the caller reports and sets the exit code. */
export async function importInvoices(options: ImportOptions, output: ImportOutput): Promise<ImportReport> {
  if (!options.impKey || !options.impSecret) {
    throw new CliError(
      'PortOne credentials are needed: --imp-key and --imp-secret, or PORTONE_IMP_KEY and PORTONE_IMP_SECRET',
    );
  }
  if (!Number.isInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > 100) {
    throw new CliError(`--concurrency must be a whole number from 1 to 100, got "${options.concurrency}"`);
  }
  const out = options.out ?? defaultResultsPath(options.file);
  if (resolve(out) === resolve(options.file)) throw new CliError('--out must not be the input file');

  let bytes: Buffer;
  try {
    bytes = await readFile(options.file);
  } catch (err) {
    throw new CliError(`cannot read ${options.file}: ${(err as Error).message}`);
  }
  const rows = await parseInvoicesCsv(decodeCsv(bytes));

  const client = new PortOneClient({
    baseUrl: options.baseUrl,
    impKey: options.impKey,
    impSecret: options.impSecret,
    // Bulk work meets rate limits: 429s are retried, as are reads after a 5xx (never a POST).
    retry: { attempts: 4 },
  });
  // Wrong keys or an unreachable server would fail every row alike: say so once, before any row.
  try {
    await client.getToken();
  } catch (err) {
    if (err instanceof BaesongClientError) {
      throw new CliError(`cannot get a PortOne token from ${client.baseUrl}: ${err.message}`);
    }
    throw err;
  }

  const reports: RowReport[] = new Array(rows.length);
  /** The outcome of each imp_uid's first row: a later row with it waits for it and is never sent. */
  const firstRows = new Map<string, { line: number; outcome: Promise<Outcome> }>();
  const counts = { ok: 0, alreadyRegistered: 0, failed: 0 };
  const bar = output.stderr.isTTY
    ? new cliProgress.SingleBar(
        {
          stream: output.stderr,
          format: '{bar} {value}/{total} rows | {ok} ok, {already} already registered, {failed} failed',
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  bar?.start(rows.length, 0, { ok: 0, already: 0, failed: 0 });

  await forEachLimited(rows, options.concurrency, async (row, index) => {
    let outcome: Promise<Outcome>;
    if (row.problem !== undefined) outcome = Promise.resolve(failed(row.problem));
    else {
      const first = firstRows.get(row.impUid);
      if (first) outcome = first.outcome.then((o) => repeated(first.line, o));
      else {
        outcome = options.dryRun ? check(client, row) : register(client, row);
        firstRows.set(row.impUid, { line: row.line, outcome });
      }
    }
    const { result, message } = await outcome;
    reports[index] = { line: row.line, imp_uid: row.impUid, result, message };
    if (result === 'ok') counts.ok++;
    else if (result === 'already registered') counts.alreadyRegistered++;
    else counts.failed++;
    bar?.increment({ ok: counts.ok, already: counts.alreadyRegistered, failed: counts.failed });
  });
  bar?.stop();

  // UTF-8 with a byte-order mark: without it Excel reads the file in the system's code page and
  // garbles the Korean messages. The CSV reader skips a mark, so the file reads back either way.
  await writeFile(
    out,
    stringify(reports, { bom: true, header: true, columns: ['line', 'imp_uid', 'result', 'message'] }),
    'utf8',
  );
  return { rows: reports, ...counts, out };
}

/** A later row for an imp_uid already in the file: never sent, its result follows the first row's. */
function repeated(firstLine: number, first: Outcome): Outcome {
  if (first.result === 'failed') {
    return failed(`same imp_uid as line ${firstLine}, which failed; not sent`);
  }
  return { result: 'already registered', message: `same imp_uid as line ${firstLine}` };
}

export function summaryLine(report: ImportReport, dryRun = false): string {
  const summary = `${report.ok} ok, ${report.alreadyRegistered} already registered, ${report.failed} failed`;
  return dryRun ? `${summary} (dry run: nothing was registered)` : summary;
}

export async function importInvoicesCommand(
  file: string,
  options: Omit<ImportOptions, 'file'>,
): Promise<void> {
  const output = { stdout: process.stdout, stderr: process.stderr };
  const report = await importInvoices({ ...options, file }, output);
  const lines = report.rows
    .filter((r) => r.result === 'failed')
    .map((r) => `line ${r.line}${r.imp_uid ? ` (${r.imp_uid})` : ''}: ${r.message}`);
  lines.push(`results: ${report.out}`, summaryLine(report, options.dryRun));
  process.stdout.write(`${lines.join('\n')}\n`);
  // Some rows failed: 1. Already registered rows are not failures.
  if (report.failed > 0) process.exitCode = 1;
}
