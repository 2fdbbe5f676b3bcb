import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type SqliteDatabase } from 'kysely';
import { ConfigError } from '../config.js';
import { BACKSTOP_CHECKPOINT_PAGES, startCheckpointer } from './checkpoints.js';
import { migrationProvider } from './migrations/index.js';
import type { Tables } from './schema.js';

export type Db = Kysely<Tables>;
export type Engine = 'sqlite' | 'postgres';

/** An open database: the query builder, which engine runs it, and how to close it. */
export interface Database {
  db: Db;
  engine: Engine;
  /** A short description for logs, without credentials. */
  description: string;
  close(): Promise<void>;
}

export type DatabaseTarget = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

/** Reads `DATABASE_URL` as `spec/00-overview.md` describes it. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', url };
  let path = url;
  if (path.startsWith('sqlite:')) path = path.slice('sqlite:'.length);
  else if (path.startsWith('file:')) path = path.slice('file:'.length);
  if (path.startsWith('//')) path = path.slice(2);
  if (path === '') throw new ConfigError('DATABASE_URL names no SQLite file');
  return { engine: 'sqlite', path };
}

/** Opens (creating when needed) the database and brings its schema up to date. */
export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.engine === 'postgres') {
    throw new ConfigError('PostgreSQL is not supported by this build; use a SQLite path or :memory:');
  }
  const database = openSqlite(target.path);
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw new ConfigError(`cannot migrate the database ${database.description}: ${(err as Error).message}`);
  }
  return database;
}

function openSqlite(path: string): Database {
  let sqlite: SQLite.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    sqlite = new SQLite(path);
    // WAL lets readers run beside the writer; NORMAL sync in WAL mode keeps every
    // committed transaction across a process crash (only power loss can lose the last ones).
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // Checkpoints run on a thread of their own (checkpoints.ts); this connection checkpoints
    // only should the log ever grow this large.
    sqlite.pragma(`wal_autocheckpoint = ${BACKSTOP_CHECKPOINT_PAGES}`);
  } catch (err) {
    throw new ConfigError(`cannot open the SQLite database ${path}: ${(err as Error).message}`);
  }
  const checkpointer = path === ':memory:' ? undefined : startCheckpointer(path);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: keepingStatements(sqlite) }) });
  return {
    db,
    engine: 'sqlite',
    description: path === ':memory:' ? 'SQLite in memory' : `SQLite file ${path}`,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
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

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any version of the schema
export function migratorFor(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: migrationProvider });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any version of the schema
export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const { error } = await migratorFor(db).migrateToLatest();
  if (error) throw error;
}

/** True when a write failed on a unique or primary-key constraint, on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
