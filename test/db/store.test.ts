import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';
import { TABLES_CHILDREN_FIRST } from '../../src/db/schema.js';
import { engines, sharedDatabaseUrl, type TestDatabase, testDatabase } from '../support/server.js';

describe.each(engines)('the store ($name)', ({ databaseUrl }) => {
  let store: TestDatabase;
  beforeEach(async () => {
    store = await testDatabase(databaseUrl);
  });
  afterEach(() => store.close());

  it('lists every table in TABLES_CHILDREN_FIRST, which /sandbox/reset and the tests empty', async () => {
    const tables = (await store.database.db.introspection.getTables())
      .filter((t) => !t.name.startsWith('kysely_'))
      .filter(
        (t) =>
          store.database.engine === 'sqlite' || t.schema === new URL(store.url).searchParams.get('schema'),
      )
      .map((t) => t.name);
    expect([...TABLES_CHILDREN_FIRST].sort()).toEqual(tables.sort());
  });

  it('reads bigint columns and counts back as numbers', async () => {
    const { db } = store.database;
    await db
      .insertInto('merchants')
      .values({
        merchant_id: 'imp1',
        name: 'n',
        imp_key: 'k',
        imp_secret_hash: 'h',
        created_at: 1_795_000_000,
      })
      .execute();
    const row = await db.selectFrom('merchants').select('created_at').executeTakeFirstOrThrow();
    expect(row.created_at).toBe(1_795_000_000);
    const count = await db
      .selectFrom('merchants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
    const { rows } = await sql<{ big: number }>`select cast(9007199254740991 as bigint) as big`.execute(db);
    expect(rows[0]?.big).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('migrates an existing database again without touching its data', async () => {
    const place = sharedDatabaseUrl(databaseUrl);
    try {
      const first = await openDatabase(place.url);
      await first.db
        .insertInto('merchants')
        .values({ merchant_id: 'imp1', name: 'n', imp_key: 'k', imp_secret_hash: 'h', created_at: 1 })
        .execute();
      await first.close();
      const again = await openDatabase(place.url);
      expect(await again.db.selectFrom('merchants').select('merchant_id').execute()).toEqual([
        { merchant_id: 'imp1' },
      ]);
      await again.close();
    } finally {
      await place.remove();
    }
  });
});
