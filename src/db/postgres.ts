import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { ConfigError } from '../config.js';
import type { Database, Db } from './index.js';
import { migrateToLatest } from './migrate.js';
import type { Tables } from './schema.js';
import { databaseErrorReason } from './unavailable.js';
import { directWrites } from './writes.js';

/** How long a request waits for a connection before it fails (and answers 503). */
const CONNECT_TIMEOUT_MS = 5_000;
/** Connections per instance; several instances on one server each keep their own. */
const POOL_SIZE = 10;

/** A PostgreSQL URL taken apart: what to hand `pg`, where it points, and baesong's own options. */
export interface PostgresTarget {
  /** The URL for `pg`, baesong's own parameters removed (search_path set through `options`). */
  connectionString: string;
  /** `host:port/database`, never the user's password. */
  where: string;
  /** The schema named by `?schema=`, if any. */
  schema: string | undefined;
}

/** Unquoted PostgreSQL identifiers: what `?schema=` accepts, so it needs no quoting anywhere. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Reads a `postgres://` URL. `?schema=NAME` (baesong's own parameter) puts every table in that
 * schema, created when missing: several deployments, or test runs, can share one database.
 */
export function parsePostgresUrl(url: string): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError('DATABASE_URL is not a valid postgres:// URL');
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined) {
    if (!SCHEMA_NAME.test(schema)) {
      throw new ConfigError(
        `DATABASE_URL schema must be lowercase letters, digits and underscores (at most 63), got "${schema}"`,
      );
    }
    parsed.searchParams.delete('schema');
    const options = parsed.searchParams.get('options');
    parsed.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  }
  // `sslmode` means what it means to libpq (and every other PostgreSQL client): pg's own reading
  // of prefer, require and verify-ca is stricter, and it says so in nine lines on stderr.
  const sslmode = parsed.searchParams.get('sslmode');
  if (
    sslmode &&
    ['prefer', 'require', 'verify-ca'].includes(sslmode) &&
    !parsed.searchParams.has('uselibpqcompat')
  ) {
    parsed.searchParams.set('uselibpqcompat', 'true');
  }
  const host = parsed.hostname || parsed.searchParams.get('host') || 'localhost';
  const port = parsed.port || '5432';
  const database =
    decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
  return {
    connectionString: parsed.toString(),
    where: `${host}:${port}/${database}`,
    schema,
  };
}

/**
 * int8 (`bigint` columns, `count(*)`) and numeric arrive as strings by default, because they can
 * exceed 2^53. baesong's values (UNIX seconds, amounts in won) never do: they are read as numbers,
 * so store code sees the same types on both engines.
 */
const INT8_OID = 20;
const NUMERIC_OID = 1700;
function typesOf(driver: typeof pg) {
  return {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
      if ((oid === INT8_OID || oid === NUMERIC_OID) && format !== 'binary')
        return (value: string) => Number(value);
      return driver.types.getTypeParser(oid, format);
    }) as typeof pg.types.getTypeParser,
  };
}

/**
 * Opens a pool on the server the URL names and brings the schema up to date.
 * An unreachable server is a ConfigError naming host, port and database (never the password).
 */
export async function openPostgres(url: string): Promise<Database> {
  const target = parsePostgresUrl(url);
  const description = `PostgreSQL at ${target.where}${target.schema ? ` (schema ${target.schema})` : ''}`;
  // The driver is loaded only when a PostgreSQL database is asked for: a SQLite start never pays for it.
  const { default: driver } = await import('pg');
  const pool = new driver.Pool({
    connectionString: target.connectionString,
    max: POOL_SIZE,
    // Fail fast while the server is away, rather than hold requests; the pool reconnects on demand.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    idleTimeoutMillis: 30_000,
    // Probes an idle link after 10 s, so a peer that vanished without closing is noticed.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    application_name: 'baesong',
    types: typesOf(driver),
  });
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  const database: Database = {
    db,
    writes: directWrites(db),
    engine: 'postgres',
    description,
    close: async () => {
      await database.db.destroy();
    },
    onConnectionError: undefined,
  };
  // A connection that breaks while idle in the pool, or between two queries, emits 'error':
  // unhandled, that would end the process. The pool drops the connection and opens another
  // when asked, so reporting is all there is to do.
  pool.on('connect', (client) => client.on('error', (err) => database.onConnectionError?.(err)));
  // The pool repeats its idle clients' errors; each is already reported by the listener above.
  pool.on('error', () => {});

  try {
    await sql`select 1`.execute(database.db);
  } catch (err) {
    await database.close();
    throw new ConfigError(`cannot connect to ${description}: ${databaseErrorReason(err)}`);
  }
  try {
    const schema = target.schema ?? (await currentSchema(database.db));
    if (target.schema) await createSchema(database.db, target.schema);
    await migrateToLatest(database.db, schema);
  } catch (err) {
    await database.close();
    throw new ConfigError(`cannot migrate the database ${description}: ${databaseErrorReason(err)}`);
  }
  return database;
}

async function currentSchema(db: Db): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Creates the schema of `?schema=`; two instances starting together may both try. */
async function createSchema(db: Db, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (err) {
    // `if not exists` does not stop a concurrent creation from failing on the catalog's unique index.
    const { rows } = await sql`select 1 from pg_namespace where nspname = ${schema}`.execute(db);
    if (rows.length === 0) throw err;
  }
}
