import type { Kysely } from 'kysely';
import { ConfigError } from '../config.js';
import { openPostgres } from './postgres.js';
import type { Tables } from './schema.js';
import { openSqlite, type SqliteOptions } from './sqlite.js';
import type { Writes } from './writes.js';

export { migratorFor } from './migrate.js';
export { parsePostgresUrl } from './postgres.js';
export { databaseErrorReason, isDatabaseUnavailable } from './unavailable.js';
export type { Writes } from './writes.js';

export type Db = Kysely<Tables>;
type Engine = 'sqlite' | 'postgres';

/** An open database: the query builder, which engine runs it, and how to close it. */
export interface Database {
  db: Db;
  /** How requests write: every write goes through it (db/writes.ts). */
  writes: Writes;
  engine: Engine;
  /** A short description for logs, without credentials. */
  description: string;
  close(): Promise<void>;
  /**
   * Told when a pooled PostgreSQL connection breaks outside a query (the server went away, an
   * administrator ended it). The pool has already dropped it; the app logs it.
   */
  onConnectionError: ((err: Error) => void) | undefined;
}

export type DatabaseTarget = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/** Reads `DATABASE_URL` as README's Configuration table describes it. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  // A URL of another scheme (`postgress://`, `mysql://`) is a mistake, not a file path: taken as
  // one, it would start on SQLite in a folder named after the URL.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1];
  if (scheme !== undefined && !/^(sqlite|file)$/i.test(scheme)) {
    throw new ConfigError(
      `DATABASE_URL has the scheme ${scheme}://, which baesong does not serve: use postgres://… or postgresql://… for PostgreSQL, or a SQLite file path (optionally sqlite: or file:), or :memory:`,
    );
  }
  let path = url;
  if (path.startsWith('sqlite:')) path = path.slice('sqlite:'.length);
  else if (path.startsWith('file:')) path = path.slice('file:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new ConfigError('DATABASE_URL names no SQLite file');
  return { engine: 'sqlite', path };
}

/**
 * Opens the database and brings its schema up to date. A database that cannot be opened or
 * reached, or whose schema cannot be migrated, is a ConfigError (one line, exit code 1).
 */
export async function openDatabase(url: string, sqliteOptions: SqliteOptions = {}): Promise<Database> {
  const target = parseDatabaseUrl(url);
  return target.engine === 'postgres' ? openPostgres(target.url) : openSqlite(target.path, sqliteOptions);
}

/** True when a write failed on a unique or primary-key constraint, on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}

/**
 * True when a write failed on a foreign key, on either engine: a row it refers to (its merchant,
 * token, payment, vendor, place or box) is not there. Every write checks what it refers to first,
 * so only a deletion or a reset between those checks and the write itself leads here.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}
