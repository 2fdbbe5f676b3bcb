import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, isUniqueViolation, openDatabase } from '../../src/db/index.js';
import { batchedWrites } from '../../src/db/writes.js';
import { merchantRow } from '../support/portone.js';
import { lockHolder } from '../support/sqlite-lock-holder.js';

const merchant = merchantRow;

describe('batched SQLite writes', () => {
  let database: Database | undefined;
  const folder = mkdtempSync(join(tmpdir(), 'baesong-writes-'));
  const file = join(folder, 'writes.sqlite');
  afterEach(async () => {
    await database?.close();
    database = undefined;
    rmSync(folder, { recursive: true, force: true });
  });
  const open = async () => {
    database = await openDatabase(file);
    return database.db;
  };
  const merchantIds = async () =>
    (await database!.db.selectFrom('merchants').select('merchant_id').orderBy('merchant_id').execute()).map(
      (row) => row.merchant_id,
    );

  it('commit concurrent transactions together, each failure rolling back its own writes only', async () => {
    const db = await open();
    const writes = batchedWrites(db);
    // Another connection sees only what is committed.
    const other = new SQLite(file, { readonly: true });
    const committed = () => (other.prepare('select count(*) as n from merchants').get() as { n: number }).n;
    let seenBeforeLast: number | undefined;
    const insert = (id: string, key: string) =>
      writes.transaction(async (trx) => {
        await trx.insertInto('merchants').values(merchant(id, key)).execute();
        return id;
      });
    // Asked for in one turn of the event loop: one batch.
    const outcomes = await Promise.allSettled([
      insert('imp1', 'k1'),
      insert('imp2', 'k2'),
      insert('imp3', 'k1'), // the key of imp1: refused by the unique index
      insert('imp4', 'k4'),
      writes.transaction(async (trx) => {
        await trx.insertInto('merchants').values(merchant('imp5', 'k5')).execute();
        throw new Error('a rule refused it after its write');
      }),
      insert('imp6', 'k6'),
      insert('imp7', 'k2'), // the key of imp2, written earlier in the same batch
      writes.transaction(async (trx) => {
        seenBeforeLast = committed();
        await trx.insertInto('merchants').values(merchant('imp8', 'k8')).execute();
      }),
    ]);
    other.close();
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(isUniqueViolation((outcomes[2] as PromiseRejectedResult).reason)).toBe(true);
    expect(isUniqueViolation((outcomes[6] as PromiseRejectedResult).reason)).toBe(true);
    expect((outcomes[4] as PromiseRejectedResult).reason.message).toBe('a rule refused it after its write');
    expect(await merchantIds()).toEqual(['imp1', 'imp2', 'imp4', 'imp6', 'imp8']);
    // None had been committed when the last ran: they wait for one commit.
    expect(seenBeforeLast).toBe(0);
  });

  it('answer no request of a batch whose commit fails, and keep nothing of it', async () => {
    const db = await open();
    await db.insertInto('merchants').values(merchant('imp0', 'k0')).execute();
    const writes = batchedWrites(db);
    await writes.transaction(async (trx) => {
      await trx.insertInto('merchants').values(merchant('impA', 'kA')).execute();
    });
    const batch = [
      writes.transaction(async (trx) => {
        await trx.insertInto('merchants').values(merchant('impB', 'kB')).execute();
      }),
      // A foreign key checked at commit: this one's savepoint is released, the commit refuses it.
      writes.transaction(async (trx) => {
        await sql`pragma defer_foreign_keys = on`.execute(trx);
        await trx
          .insertInto('escrow_deliveries')
          .values({
            imp_uid: 'imp_nobody',
            sender: '{}',
            receiver: '{}',
            logis: '{}',
            company: 'CJGLS',
            invoice: '1',
            sent_at: 1,
            applied_at: 1,
          })
          .execute();
      }),
      writes.transaction(async (trx) => {
        await trx.insertInto('merchants').values(merchant('impC', 'kC')).execute();
      }),
    ];
    const outcomes = await Promise.allSettled(batch);
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    for (const o of outcomes) expect((o as PromiseRejectedResult).reason.message).toMatch(/FOREIGN KEY/);
    expect(await merchantIds()).toEqual(['imp0', 'impA']);
    // The next batch starts afresh.
    await writes.statement((d) => d.insertInto('merchants').values(merchant('impD', 'kD')).execute());
    expect(await merchantIds()).toEqual(['imp0', 'impA', 'impD']);
  });

  it('wait for another process’s lock each until its own deadline, the oldest first, and commit once it is released', async () => {
    const db = await open();
    const writes = batchedWrites(db, { lockWaitMs: 3_000 });
    const holder = lockHolder(file);
    try {
      await holder.lock();
      const settled: string[] = [];
      const first = writes
        .statement((d) => d.insertInto('merchants').values(merchant('imp1', 'k1')).execute())
        .finally(() => settled.push('first'));
      // Asked for 1.5 s later: its deadline is 1.5 s after the first's.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const second = writes
        .transaction(async (trx) => {
          await trx.insertInto('merchants').values(merchant('imp2', 'k2')).execute();
          return 'committed';
        })
        .finally(() => settled.push('second'));
      const refused = await first.then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toMatchObject({ code: 'SQLITE_BUSY', message: 'database is locked' });
      expect(settled).toEqual(['first']);
      await holder.release();
      expect(await second).toBe('committed');
      expect(await merchantIds()).toEqual(['imp2']);
    } finally {
      await holder.close();
    }
  });
});
