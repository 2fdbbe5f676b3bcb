/**
 * The PostgreSQL table: baesong on PostgreSQL, in a schema of its own created for the run (the
 * server creates it from `?schema=`; the harness drops it at the end), loaded with the same
 * scenarios as on SQLite, each next to the baseline.
 */
import pg from 'pg';
import { parsePostgresUrl } from '../src/db/index.js';

/** Where the bench looks for PostgreSQL unless BENCH_POSTGRES_URL says otherwise. */
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface PostgresTarget {
  /** `DATABASE_URL` for baesong: the server's URL with `?schema=` naming the run's own schema. */
  url: string;
  /** `host:port/database`, never a password. */
  where: string;
  schema: string;
  /** What the server says it is (`select version()`). */
  version: string;
}

function client(url: string): pg.Client {
  return new pg.Client({
    connectionString: parsePostgresUrl(url).connectionString,
    connectionTimeoutMillis: 3000,
  });
}

/**
 * The PostgreSQL server at `url`, with a fresh schema name for this run; or why none answers
 * (unreachable, refused, not a valid URL).
 */
export async function findPostgres(url: string): Promise<PostgresTarget | { unavailable: string }> {
  let where = url;
  try {
    where = parsePostgresUrl(url).where;
    const c = client(url);
    try {
      await c.connect();
      const { rows } = await c.query<{ version: string }>('select version() as version');
      const schema = `baesong_bench_${process.pid}_${Date.now().toString(36)}`;
      const withSchema = new URL(url);
      withSchema.searchParams.set('schema', schema);
      return { url: withSchema.toString(), where, schema, version: rows[0]?.version ?? '?' };
    } finally {
      await c.end().catch(() => {});
    }
  } catch (err) {
    return { unavailable: `no PostgreSQL answered at ${where}: ${(err as Error).message}` };
  }
}

/** Drops the run's schema and everything baesong created in it. */
export async function dropSchema(target: PostgresTarget): Promise<void> {
  const c = client(target.url);
  try {
    await c.connect();
    await c.query(`drop schema if exists ${target.schema} cascade`);
  } finally {
    await c.end().catch(() => {});
  }
}
