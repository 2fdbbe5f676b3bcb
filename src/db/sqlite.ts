import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { ConfigError } from '../config.js';
import type { Database } from './index.js';
import { migrateToLatest } from './migrate.js';
import type { Tables } from './schema.js';

/** Opens (creating when needed) a SQLite file, or `:memory:`, and brings its schema up to date. */
export async function openSqlite(path: string): Promise<Database> {
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
  } catch (err) {
    throw new ConfigError(`cannot open the SQLite database ${path}: ${(err as Error).message}`);
  }
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
  const database: Database = {
    db,
    engine: 'sqlite',
    description: path === ':memory:' ? 'SQLite in memory' : `SQLite file ${path}`,
    close: () => db.destroy(),
    onConnectionError: undefined,
  };
  try {
    await migrateToLatest(db);
  } catch (err) {
    await database.close();
    throw new ConfigError(`cannot migrate the database ${database.description}: ${(err as Error).message}`);
  }
  return database;
}
