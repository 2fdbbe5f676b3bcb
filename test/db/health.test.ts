import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { healthCheck } from '../../src/db/health.js';
import { migrations } from '../../src/db/migrations/index.js';
import { engines, sharedDatabaseUrl, type TestApp, testApp } from '../support/server.js';

const [beforeLatest, latest] = Object.keys(migrations).sort().slice(-2) as [string, string];

describe.each(engines)('GET /healthz and the schema ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let place: ReturnType<typeof sharedDatabaseUrl>;
  /** An app on a database of its own, whose schema the test may break. */
  async function app(): Promise<TestApp> {
    place = sharedDatabaseUrl(databaseUrl);
    t = await testApp({}, place.url);
    return t;
  }
  afterEach(async () => {
    await t.close();
    await place.remove();
  });

  const health = () => t.request({ method: 'GET', url: '/healthz' });

  it('answers 200 on a migrated schema', async () => {
    await app();
    expect(await health()).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers 503 naming the table when one is dropped under the running app', async () => {
    await app();
    await sql`drop table journal`.execute(t.database.db);
    expect(await health()).toMatchObject({
      status: 503,
      body: {
        status: 'unavailable',
        error: 'the database schema is incomplete: the table journal is missing',
      },
    });
  });

  it('answers 503 when the migrations table is dropped', async () => {
    await app();
    await sql`drop table ${sql.table(DEFAULT_MIGRATION_TABLE)}`.execute(t.database.db);
    expect(await health()).toMatchObject({
      status: 503,
      body: {
        status: 'unavailable',
        error: 'the database schema is not migrated: the table kysely_migration is missing',
      },
    });
  });

  it('answers 503 when the schema is behind the latest migration', async () => {
    await app();
    await sql`delete from ${sql.table(DEFAULT_MIGRATION_TABLE)} where name = ${latest}`.execute(
      t.database.db,
    );
    expect(await health()).toMatchObject({
      status: 503,
      body: {
        status: 'unavailable',
        error: `the database schema is not migrated: it is at ${beforeLatest}, not ${latest}`,
      },
    });
  });
});

describe('healthCheck', () => {
  it('checks the schema at most once a second while it is whole, and every time once it is not', async () => {
    const t = await testApp();
    try {
      let now = 0;
      const check = healthCheck(t.database, () => now);
      expect(await check()).toBeUndefined();
      await sql`drop table faults`.execute(t.database.db);
      now = 999;
      expect(await check()).toBeUndefined();
      now = 1_000;
      expect(await check()).toBe('the database schema is incomplete: the table faults is missing');
      now = 1_001;
      expect(await check()).toBe('the database schema is incomplete: the table faults is missing');
    } finally {
      await t.close();
    }
  });
});
