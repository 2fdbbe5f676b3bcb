/**
 * What `GET /healthz` checks: that the database answers, that its schema is baesong's, at the
 * latest migration with every table there, and that a write can proceed now. A schema dropped or
 * emptied under a running server, a SQLite file another connection holds locked, or a database
 * that has become read-only would otherwise look healthy while every write failed.
 */
import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { Database } from './index.js';
import { migrations } from './migrations/index.js';
import { TABLES_CHILDREN_FIRST } from './schema.js';
import { retryingLockConflicts } from './sqlite-lock.js';
import { databaseErrorReason } from './unavailable.js';

const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) as string;

/**
 * How long a schema found whole, and a write found possible, are taken for so; meanwhile a check
 * only asks the database to answer, so that polling costs nothing.
 */
const SCHEMA_GOOD_FOR_MS = 1_000;

/**
 * How long the write probe may take: on SQLite, how long it tries again while another connection
 * holds the lock (a commit takes milliseconds: a lock held longer is reported); on PostgreSQL,
 * its statement and lock timeouts.
 */
const PROBE_MS = 250;

/**
 * The health check of a database: resolves with what is wrong (its schema, or a write that cannot
 * proceed), or undefined when nothing is; rejects when the database does not answer. The schema's
 * two catalog queries and the write probe run at most once a second while all is well, and on
 * every check once it is not.
 */
export function healthCheck(
  database: Database,
  now = () => performance.now(),
): () => Promise<string | undefined> {
  let wholeUntil = -Infinity;
  return async () => {
    if (now() < wholeUntil) {
      await sql`select 1`.execute(database.db);
      return undefined;
    }
    const problem = (await schemaProblem(database)) ?? (await writeProblem(database));
    if (problem === undefined) wholeUntil = now() + SCHEMA_GOOD_FOR_MS;
    return problem;
  };
}

/** Why a write cannot proceed now, or undefined when it can. */
async function writeProblem(database: Database): Promise<string | undefined> {
  try {
    await (database.engine === 'sqlite' ? probeSqlite(database) : probePostgres(database));
    return undefined;
  } catch (err) {
    return `writes cannot proceed now: ${databaseErrorReason(err)}`;
  }
}

/**
 * SQLite: takes the write lock and gives it back at once (`begin immediate; rollback`), writing
 * nothing. It fails when another connection holds the lock, and on a database that cannot be
 * written (read-only). Tried again on a timer, never waiting inside the driver (sqlite-lock.ts).
 */
async function probeSqlite({ db }: Database): Promise<void> {
  const deadline = performance.now() + PROBE_MS;
  await retryingLockConflicts(
    () =>
      db.connection().execute(async (connection) => {
        await sql`begin immediate`.execute(connection);
        await sql`rollback`.execute(connection);
      }),
    () => deadline,
  );
}

/**
 * PostgreSQL: an update of no row in a transaction that is rolled back, within a short statement
 * and lock timeout. It fails in a read-only transaction (a standby, `default_transaction_read_only`),
 * without the right to write, and when the table is locked against writers. It touches only
 * the migrations table, which no request writes, so it never waits on a request's rows.
 */
async function probePostgres({ db }: Database): Promise<void> {
  const trx = await db.startTransaction().execute();
  try {
    await sql`set local statement_timeout = ${sql.lit(PROBE_MS)}`.execute(trx);
    await sql`set local lock_timeout = ${sql.lit(PROBE_MS)}`.execute(trx);
    await sql`update ${sql.table(DEFAULT_MIGRATION_TABLE)} set name = name where false`.execute(trx);
  } finally {
    await trx
      .rollback()
      .execute()
      .catch(() => {});
  }
}

async function schemaProblem({ db, engine }: Database): Promise<string | undefined> {
  const tables =
    engine === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
      : sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`;
  const present = new Set((await tables.execute(db)).rows.map((r) => r.name));
  if (!present.has(DEFAULT_MIGRATION_TABLE)) {
    return `the database schema is not migrated: the table ${DEFAULT_MIGRATION_TABLE} is missing`;
  }
  const { rows } = await sql<{ name: string | null }>`select max(name) as name from ${sql.table(
    DEFAULT_MIGRATION_TABLE,
  )}`.execute(db);
  const at = rows[0]?.name ?? undefined;
  // A later migration than this server knows is a newer baesong's, sharing the database.
  if (at === undefined || at < LATEST_MIGRATION) {
    return `the database schema is not migrated: it is at ${at ?? 'no migration'}, not ${LATEST_MIGRATION}`;
  }
  const missing = TABLES_CHILDREN_FIRST.filter((table) => !present.has(table));
  if (missing.length > 0) {
    return `the database schema is incomplete: the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`;
  }
  return undefined;
}
