import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase } from 'kysely';
import { ConfigError } from '../config.js';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from './checkpoints.js';
import type { Database } from './index.js';
import { migrateToLatest } from './migrate.js';
import { type DirectReader, readDirectly } from './prepared.js';
import type { Tables } from './schema.js';
import { DEFAULT_LOCK_WAIT_MS, ImmediateSqliteDialect } from './sqlite-lock.js';
import { claimSqliteFile } from './sqlite-owner.js';
import { batchedWrites } from './writes.js';

export interface SqliteOptions {
  /** How long a write waits for another connection's lock before it fails (503); 5 s by default. */
  lockWaitMs?: number;
}

/**
 * Opens (creating when needed) a SQLite file, or `:memory:`, and brings its schema up to date.
 * A file another process serves is refused (sqlite-owner.ts).
 */
export async function openSqlite(
  path: string,
  { lockWaitMs = DEFAULT_LOCK_WAIT_MS }: SqliteOptions = {},
): Promise<Database> {
  let sqlite: SQLite.Database;
  let release = () => {};
  try {
    if (path !== ':memory:') {
      makeFolders(dirname(path));
      release = claimSqliteFile(path);
    }
    sqlite = new SQLite(path);
    // WAL lets readers run beside the writer; NORMAL sync in WAL mode keeps every
    // committed transaction across a process crash (only power loss can lose the last ones).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    // A write batch runs each request's writes in a savepoint (writes.ts), whose undo copy of the
    // pages it changes SQLite keeps in memory up to 64 KiB and then in a temporary file (in
    // $TMPDIR, /var/tmp or /tmp): the journal's flushes and the invoice batches crossed that on
    // every write, each a file created, written and deleted, and a write failed where no such
    // folder could be written. In memory, a savepoint costs a copy of the pages it changes.
    sqlite.pragma('temp_store = MEMORY');
    // While migrating, before anything is served, a lock may be waited for inside the driver;
    // once serving, never (below).
    sqlite.pragma(`busy_timeout = ${lockWaitMs}`);
    // Checkpoints run on a thread of their own (checkpoints.ts); this connection checkpoints
    // only should the log ever grow this large.
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  } catch (err) {
    release();
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`cannot open the SQLite database ${path}: ${(err as Error).message}`);
  }
  const checkpointer = path === ':memory:' ? undefined : startCheckpointer(path);
  const db = new Kysely<Tables>({
    dialect: new ImmediateSqliteDialect({ database: keepingStatements(sqlite) }),
  });
  // A read needs no place in the connection's queue while no transaction is open on it: it sees
  // exactly what the queue would show it, everything committed. Inside a write batch's open
  // transaction it waits in the queue as before, so no read ever sees writes not yet committed.
  readDirectly(db as Kysely<unknown>, directReader(sqlite));
  const database: Database = {
    db,
    writes: batchedWrites(db, { lockWaitMs }),
    engine: 'sqlite',
    description: path === ':memory:' ? 'SQLite in memory' : `SQLite file ${path}`,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
      release();
    },
    onConnectionError: undefined,
  };
  try {
    await migrateToLatest(db);
  } catch (err) {
    await database.close();
    throw new ConfigError(`cannot migrate the database ${database.description}: ${(err as Error).message}`);
  }
  // A write that meets another connection's lock fails at once, and waits on a timer instead
  // (sqlite-lock.ts): the driver's wait would stop every request of the process.
  sqlite.pragma('busy_timeout = 0');
  return database;
}

/**
 * Creates a folder and its missing parents, one at a time, and stops at the first that cannot be
 * made. Node's own `mkdirSync(…, { recursive: true })` never returns for a folder that cannot
 * exist under a parent that does (under /proc, or below a dangling symbolic link): the child's
 * ENOENT sends it back to create the parent, whose EEXIST sends it forward again, spinning a core.
 */
function makeFolders(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * The prepared reads, run at once while no transaction is open on the connection. Each read's
 * statement is its own, kept for good (the prepared reads are a few dozen), and returns its rows
 * as arrays, turned into objects by a function made for its columns: better-sqlite3 builds a row
 * object one property at a time through V8's API, which under load cost more than running the
 * statement (bench/README.md, "Sixth round").
 */
function directReader(sqlite: SQLite.Database): DirectReader {
  const reads = new Map<string, { statement: SQLite.Statement; toRow: (values: unknown[]) => unknown }>();
  return (sql, parameters) => {
    if (sqlite.inTransaction) return undefined;
    let read = reads.get(sql);
    if (read === undefined) {
      const statement = sqlite.prepare(sql).raw(true);
      read = { statement, toRow: rowMaker(statement.columns().map((c) => c.name)) };
      reads.set(sql, read);
    }
    const rows = read.statement.all(parameters as unknown[]) as unknown[][];
    return { rows: rows.map(read.toRow) };
  };
}

/** A function that makes a row object of fixed shape from its values (the columns' order). */
function rowMaker(names: readonly string[]): (values: unknown[]) => unknown {
  const fields = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as (values: unknown[]) => unknown;
}

/** How many prepared statements a SQLite database keeps: far more than the queries the server repeats. */
const KEPT_STATEMENTS = 500;

/**
 * The database as Kysely's SQLite driver sees it, keeping its prepared statements. The driver
 * prepares every query anew, and preparing took a fifth of the server's CPU under load, more
 * than running the queries (bench/README.md); a kept statement is prepared once and reused. The
 * least recently used goes when the cache is full, and SQLite re-prepares a kept statement by
 * itself when the schema changes. A statement still being iterated (a streamed query) is busy,
 * so a query that needs it meanwhile gets a fresh one.
 */
export function keepingStatements(sqlite: SQLite.Database, size = KEPT_STATEMENTS): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql) {
      let statement = kept.get(sql);
      if (statement) kept.delete(sql);
      if (!statement || statement.busy) statement = sqlite.prepare(sql);
      kept.set(sql, statement);
      if (kept.size > size) kept.delete(kept.keys().next().value as string);
      return statement;
    },
  };
}
