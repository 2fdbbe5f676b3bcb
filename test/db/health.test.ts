import { DEFAULT_MIGRATION_TABLE, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { healthCheck } from '../../src/db/health.js';
import { migrations } from '../../src/db/migrations/index.js';
import { runSql, uniqueSchemaName, withDatabase, withSchema } from '../support/postgres.js';
import { engines, postgresEngine, sharedDatabaseUrl, type TestApp, testApp } from '../support/server.js';
import { lockHolder } from '../support/sqlite-lock-holder.js';
import { eventually } from '../support/webhook-receiver.js';

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

/**
 * `/healthz` until its answer is `status`: a check found good is taken for good for up to a
 * second, so a change shows within about that (the bound here is generous for a busy machine).
 */
const healthUntil = (t: TestApp, status: number) =>
  eventually(
    () => t.request({ method: 'GET', url: '/healthz' }),
    (res) => res.status === status,
  );

describe('GET /healthz and writes that cannot proceed (sqlite)', () => {
  let t: TestApp;
  let place: ReturnType<typeof sharedDatabaseUrl>;
  afterEach(async () => {
    await t.close();
    await place.remove();
  });

  it('answers 503 while another process holds the file locked, and 200 once it lets go', async () => {
    place = sharedDatabaseUrl(':memory:');
    t = await testApp({}, place.url);
    expect(await healthUntil(t, 200)).toMatchObject({ body: { status: 'ok' } });
    const holder = lockHolder(place.url);
    try {
      await holder.lock();
      expect(await healthUntil(t, 503)).toMatchObject({
        body: { status: 'unavailable', error: 'writes cannot proceed now: database is locked' },
      });
      await holder.release();
      // A failing check is never kept: the next one finds the lock gone.
      expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
        status: 200,
        body: { status: 'ok' },
      });
    } finally {
      await holder.close();
    }
  });

  // A file made read-only by its mode does not stop root, who runs some CI jobs; a connection
  // that may not write (`query_only`) fails every write the same way, as SQLITE_READONLY.
  it('answers 503 while the database cannot be written, as writes do, and 200 once it can', async () => {
    place = sharedDatabaseUrl(':memory:');
    t = await testApp({}, place.url);
    expect(await healthUntil(t, 200)).toMatchObject({ body: { status: 'ok' } });
    await sql`pragma query_only = on`.execute(t.database.db);
    expect(await healthUntil(t, 503)).toMatchObject({
      body: {
        status: 'unavailable',
        error: 'writes cannot proceed now: attempt to write a readonly database',
      },
    });
    expect(await t.request({ method: 'POST', url: '/sandbox/merchants', payload: {} })).toMatchObject({
      status: 503,
      body: { error: 'database unavailable: attempt to write a readonly database' },
    });
    await sql`pragma query_only = off`.execute(t.database.db);
    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
  });
});

describe.skipIf(!postgresEngine)('GET /healthz and writes that cannot proceed (postgres)', () => {
  it('answers 503 while the database is read-only, as writes do, and 200 once it is not', async () => {
    const runUrl = postgresEngine?.databaseUrl ?? '';
    // A database of its own: making it read-only must not touch the other tests' schemas.
    const name = uniqueSchemaName('readonly');
    await runSql(runUrl, `create database ${name}`);
    /** Sets the database's default for new sessions, and ends the app's sessions so that new ones take it. */
    const readOnly = async (on: boolean) => {
      await runSql(
        runUrl,
        `alter database ${name} ${on ? 'set default_transaction_read_only = on' : 'reset default_transaction_read_only'}`,
      );
      await runSql(
        runUrl,
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`,
      );
    };
    let t: TestApp | undefined;
    try {
      t = await testApp({}, withSchema(withDatabase(runUrl, name), 'baesong'));
      expect(await healthUntil(t, 200)).toMatchObject({ body: { status: 'ok' } });
      await readOnly(true);
      const app = t;
      // The sessions ended answer 503 too, with their own reason, until new ones are open.
      expect(
        await eventually(
          () => app.request({ method: 'GET', url: '/healthz' }),
          (res) =>
            res.body.error === 'writes cannot proceed now: cannot execute UPDATE in a read-only transaction',
        ),
      ).toMatchObject({ status: 503, body: { status: 'unavailable' } });
      expect(await t.request({ method: 'POST', url: '/sandbox/merchants', payload: {} })).toMatchObject({
        status: 503,
        body: { error: 'database unavailable: cannot execute INSERT in a read-only transaction' },
      });
      await readOnly(false);
      expect(await healthUntil(t, 200)).toMatchObject({ body: { status: 'ok' } });
    } finally {
      await t?.close();
      await runSql(runUrl, `drop database if exists ${name} with (force)`);
    }
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
