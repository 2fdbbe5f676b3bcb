/**
 * Reads the CSV of `baesong import-invoices`: one escrow delivery per row, columns by header
 * name in any order. Problems of a row (its column count, `imp_uid`, `sent_at`, broken
 * quoting) are kept with the row's line number; problems of the header end the import.
 */
import { parse } from 'csv-parse';
import type { EscrowDeliveryBody } from '../client/index.js';
import { isRealDate } from '../portone/escrow-rules.js';
import { CliError } from './errors.js';

const REQUIRED_COLUMNS = ['imp_uid', 'company', 'invoice', 'sent_at'] as const;
const OPTIONAL_COLUMNS = [
  'sender_name',
  'sender_tel',
  'sender_addr',
  'sender_postcode',
  'sender_relationship',
  'receiver_name',
  'receiver_tel',
  'receiver_addr',
  'receiver_postcode',
  'receiving_at',
  'address',
] as const;
const KNOWN_COLUMNS: readonly string[] = [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS];

/** A data row: the delivery to register, or why the row cannot be read. */
export type InvoiceRow =
  | { line: number; impUid: string; body: EscrowDeliveryBody; problem?: undefined }
  | { line: number; impUid: string; body?: undefined; problem: string };

/** UTF-8 (with or without a byte-order mark), or EUC-KR/CP949 as Korean spreadsheets save CSV. */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('euc-kr').decode(bytes);
  }
}

const KST_OFFSET_SECONDS = 9 * 3600;

/**
 * `sent_at` as UNIX seconds: given as such (at most 10 digits, so milliseconds are caught),
 * or as `YYYY-MM-DD HH:mm` in Korea time (UTC+9). Undefined when it is neither.
 */
export function parseSentAt(value: string): number | undefined {
  if (/^\d{1,10}$/.test(value)) {
    const seconds = Number(value);
    return seconds > 0 ? seconds : undefined;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi] = m.map(Number) as [number, number, number, number, number, number];
  if (!isRealDate(`${m[1]}${m[2]}${m[3]}`) || h > 23 || mi > 59) return undefined;
  const seconds = Date.UTC(y, mo - 1, d, h, mi) / 1000 - KST_OFFSET_SECONDS;
  return seconds > 0 ? seconds : undefined;
}

/** The header's columns, checked: every required one present, none unknown, none twice. */
function readHeader(cells: string[]): string[] {
  const names = cells.map((c) => c.trim().toLowerCase());
  if (names.every((n) => n === '')) throw new CliError('the CSV has no header line');
  const unknown = names.filter((n) => !KNOWN_COLUMNS.includes(n));
  if (unknown.length > 0) {
    throw new CliError(
      `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')} in the header; the columns are ${KNOWN_COLUMNS.join(', ')}`,
    );
  }
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) throw new CliError(`column "${twice[0]}" appears twice in the header`);
  const missing = REQUIRED_COLUMNS.filter((n) => !names.includes(n));
  if (missing.length > 0) {
    throw new CliError(`the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  return names;
}

/** The escrow body of a row: empty cells are left out, so the PG's rules decide what is missing. */
function toBody(cell: (name: string) => string, sentAt: number): EscrowDeliveryBody {
  const pick = (prefix: string, fields: string[]) =>
    Object.fromEntries(fields.map((f) => [f, cell(`${prefix}${f}`)]).filter(([, v]) => v !== ''));
  const receivingAt = cell('receiving_at');
  const address = cell('address');
  return {
    sender: pick('sender_', ['name', 'tel', 'addr', 'postcode', 'relationship']),
    receiver: pick('receiver_', ['name', 'tel', 'addr', 'postcode']),
    logis: {
      company: cell('company'),
      invoice: cell('invoice'),
      sent_at: sentAt,
      // YYYY-MM-DD is what spreadsheets show; PortOne takes YYYYMMDD.
      ...(receivingAt
        ? {
            receiving_at: /^\d{4}-\d{2}-\d{2}$/.test(receivingAt)
              ? receivingAt.replaceAll('-', '')
              : receivingAt,
          }
        : {}),
      ...(address ? { address } : {}),
    },
  };
}

function readRow(line: number, header: string[], cells: string[]): InvoiceRow {
  const values = new Map(header.map((name, i) => [name, (cells[i] ?? '').trim()]));
  const cell = (name: string) => values.get(name) ?? '';
  const impUid = cell('imp_uid');
  if (cells.length !== header.length) {
    return {
      line,
      impUid,
      problem: `expected ${header.length} columns as in the header, found ${cells.length}`,
    };
  }
  if (impUid === '') return { line, impUid, problem: 'imp_uid is empty' };
  const rawSentAt = cell('sent_at');
  if (rawSentAt === '') return { line, impUid, problem: 'sent_at is empty' };
  const sentAt = parseSentAt(rawSentAt);
  if (sentAt === undefined) {
    return {
      line,
      impUid,
      problem: `sent_at "${rawSentAt}" is neither UNIX seconds nor a date and time as YYYY-MM-DD HH:mm (Korea time)`,
    };
  }
  return { line, impUid, body: toBody(cell, sentAt) };
}

/** Lines a record spans beyond its first: the newlines inside its quoted fields. */
function extraLines(raw: string | undefined): number {
  const record = (raw ?? '').replace(/^\n+/, '').replace(/\n$/, '');
  return record.split('\n').length - 1;
}

/** Every data row, in file order, with the line it starts on (the header is line 1). */
export async function parseInvoicesCsv(text: string): Promise<InvoiceRow[]> {
  // One line ending, so line numbers count as an editor shows them.
  const normalized = text.replace(/\r\n?/g, '\n');
  const rows: InvoiceRow[] = [];
  let header: string[] | undefined;
  const parser = parse({
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      if (!err) return undefined;
      const line = Number((err as { lines?: unknown }).lines) - extraLines(raw);
      rows.push({ line, impUid: '', problem: `malformed CSV: ${err.message}` });
      return undefined;
    },
  });
  parser.end(normalized);
  for await (const { record, info, raw } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
    raw: string;
  }>) {
    const line = info.lines - extraLines(raw);
    // A row of empty cells is what spreadsheets leave below the data: not a row.
    if (record.every((c) => c.trim() === '')) continue;
    if (!header) {
      header = readHeader(record);
      continue;
    }
    rows.push(readRow(line, header, record));
  }
  if (!header) throw new CliError('the CSV is empty: it needs a header line and rows');
  return rows.sort((a, b) => a.line - b.line);
}
