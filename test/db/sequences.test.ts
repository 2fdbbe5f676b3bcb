import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, migratorFor, openDatabase, parsePostgresUrl } from '../../src/db/index.js';
import type { Tables } from '../../src/db/schema.js';
import { nextValue, nextValues, restartSequences, SEQUENCES } from '../../src/db/sequences.js';
import { runSql } from '../support/postgres.js';
import { drawnSequences } from '../support/sequences.js';
import { engines, sharedDatabaseUrl, type TestDatabase, testDatabase } from '../support/server.js';

const place = SEQUENCES.outboundPlaceCode;
const center = SEQUENCES.returnCenterCode;

/** A rolled back transaction's promise, once it has rolled back. */
const rolledBack = (db: Database, work: (trx: Kysely<Tables>) => Promise<unknown>) =>
  db.db
    .transaction()
    .execute(async (trx) => {
      await work(trx);
      throw new Error('roll back');
    })
    .catch(() => {});

describe.each(engines)('sequences ($name)', ({ name: engine, databaseUrl }) => {
  let store: TestDatabase;
  beforeEach(async () => {
    store = await testDatabase(databaseUrl);
  });
  afterEach(() => store.close());

  it('start at their first value and only grow, each its own', async () => {
    const { db } = store.database;
    expect(await nextValue(db, place)).toBe(1_000_001);
    expect(await nextValue(db, center)).toBe(1_100_000_001);
    expect(await nextValue(db, place)).toBe(1_000_002);
    expect(await nextValues(db, place, 3)).toEqual([1_000_003, 1_000_004, 1_000_005]);
    expect(await nextValues(db, place, 0)).toEqual([]);
    expect(await drawnSequences(db)).toEqual({
      [place.name]: 1_000_005,
      [center.name]: 1_100_000_001,
    });
  });

  it('never hand out a value twice to concurrent transactions, and each draw ascends', async () => {
    const draws = await Promise.all(
      Array.from({ length: 40 }, () =>
        store.database.writes.transaction(async (trx) => [
          await nextValue(trx, place),
          ...(await nextValues(trx, place, 3)),
        ]),
      ),
    );
    for (const values of draws) expect(values).toEqual([...values].sort((a, b) => a - b));
    const all = draws.flat();
    expect(new Set(all).size).toBe(160);
    expect(Math.min(...all)).toBe(1_000_001);
    expect(Math.max(...all)).toBe(1_000_160);
  });

  it('give a rolled back draw back on SQLite; on PostgreSQL leave a gap, the next value still greater', async () => {
    const { db } = store.database;
    expect(await nextValue(db, place)).toBe(1_000_001);
    await rolledBack(store.database, (trx) => nextValues(trx, place, 2));
    expect(await nextValue(db, place)).toBe(engine === 'sqlite' ? 1_000_002 : 1_000_004);
  });

  it('start again when restarted, as the reset does; a rolled back restart changes nothing', async () => {
    const { db } = store.database;
    await nextValues(db, place, 5);
    await nextValue(db, SEQUENCES.journal);
    await rolledBack(store.database, async (trx) => {
      await restartSequences(trx);
      await trx.deleteFrom('sequences').execute();
    });
    expect(await nextValue(db, place)).toBe(1_000_006);
    await db.transaction().execute(async (trx) => {
      await restartSequences(trx);
      await trx.deleteFrom('sequences').execute();
    });
    expect(await drawnSequences(db)).toEqual({});
    expect(await nextValue(db, place)).toBe(1_000_001);
    expect(await nextValue(db, SEQUENCES.journal)).toBe(1);
  });
});

describe.each(engines)('sequences of two instances on one database ($name)', ({ databaseUrl }) => {
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(() => shared.remove());

  it('never give one value twice, and a later draw on either gets a greater value', async () => {
    const a = await openDatabase(shared.url);
    const b = await openDatabase(shared.url);
    try {
      // One after the other, alternating: each later than the last, so greater.
      const serial: number[] = [];
      for (let i = 0; i < 10; i++) serial.push(await nextValue((i % 2 ? a : b).db, place));
      expect(serial).toEqual(Array.from({ length: 10 }, (_, i) => 1_000_001 + i));
      // At once, on both: each value once.
      const together = await Promise.all(
        Array.from({ length: 40 }, (_, i) => nextValues((i % 2 ? a : b).db, place, 2)),
      );
      expect(new Set(together.flat()).size).toBe(80);
      expect(Math.min(...together.flat())).toBe(1_000_011);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/** A database at the migration before PostgreSQL's own sequences, whose table handed out values. */
describe.each(engines)('the migration to PostgreSQL sequences ($name)', ({ name: engine, databaseUrl }) => {
  const dir = mkdtempSync(join(tmpdir(), 'baesong-sequences-'));
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(async () => {
    await shared.remove();
    rmSync(dir, { recursive: true, force: true });
  });

  it('goes on after the last value the table handed out, and starts the others at their first', async () => {
    let url: string;
    let old: Kysely<Tables>;
    let schema: string | undefined;
    if (engine === 'sqlite') {
      url = join(dir, 'old.sqlite');
      old = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new SQLite(url) }) });
    } else {
      url = shared.url;
      const target = parsePostgresUrl(url);
      schema = target.schema;
      await runSql(databaseUrl, `create schema ${schema}`);
      const pool = new pg.Pool({ connectionString: target.connectionString, max: 1 });
      old = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    }
    const { error } = await migratorFor(old, schema).migrateTo('0011_portone_payments');
    expect(error).toBeUndefined();
    await old
      .insertInto('sequences')
      .values([
        { name: place.name, last_value: 1_000_042 },
        { name: SEQUENCES.journal.name, last_value: 7 },
      ])
      .execute();
    await old.destroy();

    const upgraded = await openDatabase(url);
    try {
      const { db } = upgraded;
      expect(await nextValue(db, place)).toBe(1_000_043);
      expect(await nextValue(db, SEQUENCES.journal)).toBe(8);
      expect(await nextValue(db, center)).toBe(1_100_000_001);
      expect(await nextValue(db, SEQUENCES.orderBoxes)).toBe(1);
      // PostgreSQL no longer reads the table; SQLite goes on in it.
      const rows = await db.selectFrom('sequences').select('name').orderBy('name').execute();
      expect(rows.map((r) => r.name)).toEqual(
        engine === 'sqlite' ? [SEQUENCES.orderBoxes.name, place.name, center.name, 'journal'] : [],
      );
    } finally {
      await upgraded.close();
    }
  });
});
