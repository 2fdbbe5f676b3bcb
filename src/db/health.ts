/**
 * What `GET /healthz` checks: that the database answers, and that its schema is baesong's, at the
 * latest migration with every table there. A schema dropped or emptied under a running server
 * would otherwise look healthy while every write failed.
 */
import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import type { Database } from './index.js';
import { migrations } from './migrations/index.js';
import { TABLES_CHILDREN_FIRST } from './schema.js';

const LATEST_MIGRATION = Object.keys(migrations).sort().at(-1) as string;

/** How long a schema found whole is taken for whole; meanwhile a check only asks the database to answer. */
const SCHEMA_GOOD_FOR_MS = 1_000;

/**
 * The health check of a database: resolves with what is wrong with its schema, or undefined when
 * nothing is; rejects when the database does not answer. The schema's two catalog queries run at
 * most once a second while it is whole, and on every check once it is not.
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
    const problem = await schemaProblem(database);
    if (problem === undefined) wholeUntil = now() + SCHEMA_GOOD_FOR_MS;
    return problem;
  };
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
