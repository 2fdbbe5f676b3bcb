import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Config, checkConfig, defaultConfig } from '../../src/config.js';
import { type Database, openDatabase, parseDatabaseUrl } from '../../src/db/index.js';
import { TABLES_CHILDREN_FIRST } from '../../src/db/schema.js';
import { restartSequences } from '../../src/db/sequences.js';
import { buildApp } from '../../src/server.js';
import { runSql, uniqueSchemaName, withSchema } from './postgres.js';

export type EngineName = 'sqlite' | 'postgres';

export interface TestEngine {
  /**
   * Appears in the suite's name through `($name)`, as `('sqlite')` or `('postgres')`: the run's
   * report counts tests per engine by it. A suite for one engine only says `(postgres)` itself.
   */
  name: EngineName;
  /**
   * Hand it to `testApp` or `testDatabase`, which give each call a fresh empty database on this
   * engine: `:memory:` for SQLite; for PostgreSQL the run's database, in which each call gets
   * an empty schema of its own (see `testDatabase`).
   */
  databaseUrl: string;
}

const postgresUrl = inject('postgresUrl');

/**
 * The engines every HTTP and store test runs on: `describe.each(engines)('… ($name)', …)`.
 * PostgreSQL is left out when the run found no server (the run said so, once).
 */
export const engines: readonly TestEngine[] = [
  { name: 'sqlite', databaseUrl: ':memory:' },
  ...(postgresUrl ? [{ name: 'postgres' as const, databaseUrl: postgresUrl }] : []),
];

/** The PostgreSQL engine, or undefined when the run has none. */
export const postgresEngine = engines.find((e) => e.name === 'postgres');

export interface TestDatabase {
  database: Database;
  /** The URL it was opened with. */
  url: string;
  /** Done with it: its data is deleted. */
  close(): Promise<void>;
}

/**
 * PostgreSQL schemas of this test file, migrated and empty, waiting for the next test.
 * Creating and migrating a schema costs about 100 ms; emptying one costs about 1 ms.
 */
const idleSchemas: { schema: string; database: Database }[] = [];
const fileSchemas: { schema: string; database: Database }[] = [];

/**
 * A fresh, migrated, empty database on the engine of `databaseUrl` (an engine's URL): each call
 * its own, even several at once. For PostgreSQL it is a schema of the run's database, used by one
 * test file only: handed back emptied on `close()` for the file's next test, and dropped when the
 * file ends. A URL that already names a place (`?schema=`, a SQLite file) is opened as it is.
 */
export async function testDatabase(databaseUrl: string): Promise<TestDatabase> {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.engine !== 'postgres' || new URL(databaseUrl).searchParams.has('schema')) {
    const database = await openDatabase(databaseUrl);
    return { database, url: databaseUrl, close: () => database.close() };
  }
  let entry = idleSchemas.pop();
  if (!entry) {
    const schema = uniqueSchemaName();
    entry = { schema, database: await openDatabase(withSchema(databaseUrl, schema)) };
    fileSchemas.push(entry);
  }
  const taken = entry;
  let closed = false;
  return {
    database: taken.database,
    url: withSchema(databaseUrl, taken.schema),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await taken.database.db.transaction().execute(async (trx) => {
          await restartSequences(trx);
          for (const table of TABLES_CHILDREN_FIRST) await trx.deleteFrom(table).execute();
        });
        idleSchemas.push(taken);
      } catch {
        // Left as it is (the server may be out of reach): dropped with the file's other schemas.
      }
    },
  };
}

/** Drops this file's schemas; `test/support/setup.ts` calls it after each file. */
export async function dropFileSchemas(): Promise<void> {
  idleSchemas.length = 0;
  for (const { schema, database } of fileSchemas.splice(0)) {
    try {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db);
    } catch {
      // Out of reach: the run's database is dropped at the end of the run anyway.
    }
    await database.close();
  }
}

/**
 * A URL for an empty place on the engine that several apps or processes can open in turn or
 * together (a restart, two instances), and how to remove it: a SQLite file in a temporary
 * folder, or a PostgreSQL schema not yet created (the first opener creates it).
 */
export function sharedDatabaseUrl(databaseUrl: string): { url: string; remove(): Promise<void> } {
  if (parseDatabaseUrl(databaseUrl).engine === 'postgres') {
    const schema = uniqueSchemaName('shared');
    return {
      url: withSchema(databaseUrl, schema),
      remove: () => runSql(databaseUrl, `drop schema if exists ${schema} cascade`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'baesong-test-'));
  return {
    url: join(dir, 'baesong.sqlite'),
    remove: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  database: Database;
  /** Sends a request through the whole Fastify pipeline and parses its JSON answer. */
  request(options: InjectOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** A fresh app on its own empty database (see `testDatabase`), with a clock that only moves when told to. */
export async function testApp(overrides: Partial<Config> = {}, databaseUrl = ':memory:'): Promise<TestApp> {
  const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl, ...overrides });
  const store = await testDatabase(config.databaseUrl);
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
  let app: FastifyInstance;
  try {
    app = await buildApp({ config, database: store.database, clock });
    await app.ready();
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    app,
    clock,
    database: store.database,
    async request(options) {
      const raw = await app.inject(options);
      let body: unknown = raw.body;
      try {
        body = raw.body === '' ? undefined : JSON.parse(raw.body);
      } catch {
        // Not JSON: the test sees the text.
      }
      return { status: raw.statusCode, body, headers: raw.headers, raw };
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
