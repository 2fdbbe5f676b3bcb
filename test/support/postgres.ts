import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL half of the suite. `vitest.config.ts` runs `globalSetup` (below) once per run:
 * it creates one database for the run and hands its URL to the test files (`inject('postgresUrl')`).
 * Inside it, every test app gets its own schema (see `testApp`), so files running in parallel,
 * and tests within a file, never see each other's rows. The run's database is dropped at the end.
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** The run's own database, or null when PostgreSQL is not reachable (its half is skipped). */
    postgresUrl: string | null;
  }
}

/** Where the suite looks for PostgreSQL; `BAESONG_TEST_POSTGRES_URL` points it elsewhere. */
export const maintenanceUrl =
  process.env.BAESONG_TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** `host:port/database` of a URL, for messages: never its password. */
export function where(url: string): string {
  const u = new URL(url);
  return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
}

/** Replaces a URL's database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Adds `?schema=NAME` to a URL. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('schema', schema);
  return u.toString();
}

/** Points a URL at another host and port (a proxy in front of the server). */
export function withHostPort(url: string, host: string, port: number): string {
  const u = new URL(url);
  u.hostname = host;
  u.port = String(port);
  return u.toString();
}

/** A schema name no other test, file or run uses. */
export function uniqueSchemaName(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(6).toString('hex')}`;
}

/** Runs one statement on its own short connection. */
export async function runSql(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

interface GlobalSetupContext {
  provide(key: 'postgresUrl', value: string | null): void;
}

/** Vitest global setup: finds PostgreSQL, creates the run's database, drops it afterwards. */
export default async function setup({
  provide,
}: GlobalSetupContext): Promise<(() => Promise<void>) | undefined> {
  try {
    await runSql(maintenanceUrl, 'select 1');
  } catch (err) {
    const line = `PostgreSQL not reachable at ${where(maintenanceUrl)} (${reason(err)})`;
    // CI must run both halves: a missing server there is a failure, not a skip.
    if (inCi()) throw new Error(`${line}: CI runs the PostgreSQL half, so this run fails`);
    console.log(`${line}: skipping the PostgreSQL half (set BAESONG_TEST_POSTGRES_URL to point elsewhere)`);
    provide('postgresUrl', null);
    return undefined;
  }
  const name = `baesong_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await runSql(maintenanceUrl, `create database ${name}`);
  provide('postgresUrl', withDatabase(maintenanceUrl, name));
  return async () => {
    await runSql(maintenanceUrl, `drop database if exists ${name} with (force)`);
  };
}

/** CI=true (or any value but 0/false), as CI services set it. */
function inCi(): boolean {
  const ci = process.env.CI;
  return ci !== undefined && ci !== '' && !/^(0|false)$/i.test(ci);
}

function reason(err: unknown): string {
  const e = err as Error;
  if (e instanceof AggregateError) return e.errors.map((x: Error) => x.message).join('; ');
  return e?.message || String(err);
}
