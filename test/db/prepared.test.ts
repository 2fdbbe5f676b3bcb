import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/db/index.js';
import { keepingStatements } from '../../src/db/sqlite.js';
import { prepareQuery } from '../../src/db/prepared.js';
import { engines, type TestDatabase, testDatabase } from '../support/server.js';
import { merchantRow } from '../support/portone.js';

const merchant = merchantRow;

const merchantByKey = prepareQuery((db: Db, p: { key: string }) =>
  db.selectFrom('merchants').select(['merchant_id', 'name']).where('imp_key', '=', p.key),
);

describe.each(engines)('prepared queries ($name)', ({ databaseUrl }) => {
  const opened: TestDatabase[] = [];
  const open = async () => {
    const test = await testDatabase(databaseUrl);
    opened.push(test);
    return test.database.db;
  };
  afterEach(async () => {
    for (const database of opened.splice(0)) await database.close();
  });

  it('run with the values of each call', async () => {
    const db = await open();
    await db
      .insertInto('merchants')
      .values([merchant('imp1', 'k1'), merchant('imp2', 'k2')])
      .execute();
    expect((await merchantByKey.execute(db, { key: 'k2' })).rows).toEqual([
      { merchant_id: 'imp2', name: 'shop imp2' },
    ]);
    expect((await merchantByKey.execute(db, { key: 'k1' })).rows).toEqual([
      { merchant_id: 'imp1', name: 'shop imp1' },
    ]);
    expect((await merchantByKey.execute(db, { key: 'nobody' })).rows).toEqual([]);
  });

  it('keep the constants of the query and use an argument as often as the query does', async () => {
    const db = await open();
    await db
      .insertInto('merchants')
      .values([merchant('imp1', 'k1'), merchant('imp2', 'k2')])
      .execute();
    const renamed = prepareQuery((d: Db, p: { key: string; name: string }) =>
      d
        .updateTable('merchants')
        .set({ name: p.name, created_at: 7 })
        .where('imp_key', '=', p.key)
        .where((eb) => eb.or([eb('name', '!=', p.name), eb('created_at', '!=', 7)])),
    );
    const first = await renamed.execute(db, { key: 'k1', name: 'new' });
    expect(first.numAffectedRows).toBe(1n);
    const again = await renamed.execute(db, { key: 'k1', name: 'new' });
    expect(again.numAffectedRows).toBe(0n);
    const rows = await db
      .selectFrom('merchants')
      .select(['imp_key', 'name', 'created_at'])
      .orderBy('imp_key')
      .execute();
    expect(rows).toEqual([
      { imp_key: 'k1', name: 'new', created_at: 7 },
      { imp_key: 'k2', name: 'shop imp2', created_at: 1 },
    ]);
  });

  it('compile once for each database they run on', async () => {
    const [a, b] = [await open(), await open()];
    await a.insertInto('merchants').values(merchant('impA', 'k')).execute();
    await b.insertInto('merchants').values(merchant('impB', 'k')).execute();
    expect((await merchantByKey.execute(a, { key: 'k' })).rows[0]?.merchant_id).toBe('impA');
    expect((await merchantByKey.execute(b, { key: 'k' })).rows[0]?.merchant_id).toBe('impB');
  });

  it("compile once for a database and its transactions, which see the transaction's writes", async () => {
    const db = await open();
    let compiled = 0;
    const counted = prepareQuery((d: Db, p: { key: string }) => {
      compiled++;
      return d.selectFrom('merchants').select('merchant_id').where('imp_key', '=', p.key);
    });
    expect((await counted.execute(db, { key: 'k' })).rows).toEqual([]);
    for (const id of ['impT1', 'impT2']) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('merchants').execute();
        await trx.insertInto('merchants').values(merchant(id, 'k')).execute();
        expect((await counted.execute(trx, { key: 'k' })).rows).toEqual([{ merchant_id: id }]);
      });
    }
    expect(compiled).toBe(1);
  });

  it('refuse, at their first run, an argument used other than as a value', async () => {
    const db = await open();
    const inText = prepareQuery((d: Db, p: { column: string }) =>
      d.selectFrom('merchants').select(sql.ref<string>(p.column).as('x')),
    );
    await expect(inText.execute(db, { column: 'name' })).rejects.toThrow('put an argument into its SQL text');
    const shaping = prepareQuery((d: Db, p: { all: boolean }) =>
      p.all ? d.selectFrom('merchants').selectAll() : d.selectFrom('merchants').select('name'),
    );
    await expect(shaping.execute(db, { all: true })).rejects.toThrow(
      'did not use its argument all as a value',
    );
  });
});

describe('prepared reads run beside the connection queue (sqlite)', () => {
  const everyMerchant = prepareQuery((db: Db, p: { from: string }) =>
    db.selectFrom('merchants').selectAll().where('imp_key', '>=', p.from).orderBy('imp_key'),
  );

  it('give the rows, their columns in order, that Kysely gives', async () => {
    const database = await openDatabase(':memory:');
    try {
      const db = database.db;
      await db
        .insertInto('merchants')
        .values([merchant('imp1', 'k1'), { ...merchant('imp2', 'k2'), name: '배송 "상점"' }])
        .execute();
      const direct = (await everyMerchant.execute(db, { from: '' })).rows;
      const kysely = await db.selectFrom('merchants').selectAll().orderBy('imp_key').execute();
      expect(direct).toEqual(kysely);
      expect(direct.map((row) => Object.keys(row))).toEqual(kysely.map((row) => Object.keys(row)));
      expect((await everyMerchant.execute(db, { from: 'k2' })).rows).toEqual(kysely.slice(1));
    } finally {
      await database.close();
    }
  });

  it('never see the writes of a batch still open: a read asked meanwhile answers after it ends', async () => {
    const database = await openDatabase(':memory:');
    try {
      const db = database.db;
      const asked: Promise<unknown[]>[] = [];
      const read = () => everyMerchant.execute(db, { from: '' }).then((result) => result.rows);
      await expect(
        database.writes.transaction(async (trx) => {
          await trx.insertInto('merchants').values(merchant('imp1', 'k1')).execute();
          asked.push(read());
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      await database.writes.transaction(async (trx) => {
        await trx.insertInto('merchants').values(merchant('imp2', 'k2')).execute();
        asked.push(read());
      });
      const [duringRolledBack, duringCommitted] = await Promise.all(asked);
      expect(duringRolledBack).toEqual([]);
      expect(duringCommitted).toEqual([expect.objectContaining({ imp_key: 'k2' })]);
      expect(await read()).toEqual([expect.objectContaining({ imp_key: 'k2' })]);
    } finally {
      await database.close();
    }
  });
});

describe('kept SQLite statements', () => {
  it('prepare a query once and reuse it', () => {
    const sqlite = new SQLite(':memory:');
    const kept = keepingStatements(sqlite);
    const first = kept.prepare('select 1 as one');
    expect(kept.prepare('select 1 as one')).toBe(first);
    expect(kept.prepare('select 2 as two')).not.toBe(first);
    sqlite.close();
  });

  it('give a fresh statement while the kept one is still being iterated', () => {
    const sqlite = new SQLite(':memory:');
    const kept = keepingStatements(sqlite);
    const query = 'select value from json_each(?)';
    const iterating = kept.prepare(query) as SQLite.Statement;
    const rows = iterating.iterate(['[1,2,3]']);
    rows.next();
    const other = kept.prepare(query) as SQLite.Statement;
    expect(other).not.toBe(iterating);
    expect(other.all(['[4]'])).toEqual([{ value: 4 }]);
    rows.return?.();
    sqlite.close();
  });

  it('keep at most the given number, dropping the least recently used', () => {
    const sqlite = new SQLite(':memory:');
    const kept = keepingStatements(sqlite, 2);
    const one = kept.prepare('select 1');
    const two = kept.prepare('select 2');
    expect(kept.prepare('select 1')).toBe(one);
    kept.prepare('select 3');
    expect(kept.prepare('select 1')).toBe(one);
    expect(kept.prepare('select 2')).not.toBe(two);
    sqlite.close();
  });
});
