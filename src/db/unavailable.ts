/**
 * Telling "the database cannot be reached right now" apart from every other failure: those
 * answer 503 (the client may retry), everything else stays a 500.
 */

/** Socket-level failures while connecting to or talking with a database server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of an unusable server: class 08 (connection exception), 57P01-57P03
 * (admin or crash shutdown, cannot connect now), class 53 (out of disk, memory or connections)
 * and 25006 (a read-only transaction: a standby, or `default_transaction_read_only`).
 */
const POSTGRES_UNAVAILABLE = /^(08...|57P0[123]|53...|25006)$/;

/**
 * SQLite result codes (extended codes start with these) of a file that cannot be used for now:
 * locked, failing, full, gone, or read-only.
 */
const SQLITE_UNAVAILABLE = [
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
  'SQLITE_IOERR',
  'SQLITE_FULL',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
];

/** What `pg` says, without a code, when a connection dies or cannot be had in time. */
const PG_CONNECTION_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/** The error and everything it wraps (`cause`, and the attempts of an AggregateError). */
function* chain(err: unknown, depth = 0): Generator<Error> {
  if (!(err instanceof Error) || depth > 5) return;
  yield err;
  if (err instanceof AggregateError) for (const inner of err.errors) yield* chain(inner, depth + 1);
  yield* chain(err.cause, depth + 1);
}

/** True when the error says the database is out of reach, down, or busy: retrying later may work. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of chain(err)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (NETWORK_CODES.has(code) || POSTGRES_UNAVAILABLE.test(code)) return true;
      if (SQLITE_UNAVAILABLE.some((c) => code === c || code.startsWith(`${c}_`))) return true;
    }
    if (PG_CONNECTION_MESSAGES.test(e.message)) return true;
  }
  return false;
}

/**
 * A one-line reason for logs and answers. An AggregateError (one failed attempt per address
 * of a host name) has an empty message of its own: its attempts say what happened.
 */
export function databaseErrorReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const messages = new Set<string>();
  for (const e of chain(err)) if (e.message && !(e instanceof AggregateError)) messages.add(e.message);
  const text = [...messages].slice(0, 3).join('; ') || (err as { code?: string }).code || err.name;
  return text.replace(/\s+/g, ' ').trim();
}
