import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migratorFor, openDatabase } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import type { Tables } from '../../src/db/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'baesong-migrations-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrations', () => {
  it('refuse a database a newer baesong migrated, naming its version and the latest known', async () => {
    const path = join(dir, 'newer.sqlite');
    const sqlite = new SQLite(path);
    const newer = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    expect((await migratorFor(newer).migrateToLatest()).error).toBeUndefined();
    sqlite
      .prepare('insert into kysely_migration (name, timestamp) values (?, ?)')
      .run('9999_from_a_newer_baesong', new Date().toISOString());
    await newer.destroy();
    const latest = Object.keys(migrations).sort().at(-1);
    await expect(openDatabase(path)).rejects.toThrow(
      `cannot migrate the database SQLite file ${path}: its schema is at version 9999_from_a_newer_baesong, newer than this baesong knows (its latest is ${latest}): a newer baesong wrote it; run that version, or give this one another database`,
    );
  });

  it('upgrade a database written by the first migration to the latest, keeping its data', async () => {
    const path = join(dir, 'old.sqlite');
    const old = new Kysely<Tables>({ dialect: new SqliteDialect({ database: new SQLite(path) }) });
    const first = Object.keys(migrations)[0] as string;
    const { error } = await migratorFor(old).migrateTo(first);
    expect(error).toBeUndefined();
    await old
      .insertInto('merchants')
      .values({
        merchant_id: 'imp00000001',
        name: 'old shop',
        imp_key: 'k',
        imp_secret_hash: 'h'.repeat(64),
        created_at: 1,
      })
      .execute();
    await old
      .insertInto('tokens')
      .values({ merchant_id: 'imp00000001', access_token: 'a'.repeat(40), expired_at: 99 })
      .execute();
    await old
      .insertInto('payments')
      .values({
        imp_uid: 'imp_000000000001',
        merchant_id: 'imp00000001',
        merchant_uid: 'order-1',
        pg_provider: 'kcp',
        pg_tid: 't',
        pg_id: 'T0000',
        escrow: 1,
        amount: 1000,
        status: 'paid',
        name: null,
        buyer_name: null,
        buyer_email: null,
        buyer_tel: null,
        buyer_addr: null,
        buyer_postcode: null,
        started_at: 1,
        paid_at: 1,
        failed_at: 0,
        cancelled_at: 0,
      })
      .execute();
    await old.destroy();

    const upgraded = await openDatabase(path);
    try {
      const applied = await migratorFor(upgraded.db).getMigrations();
      expect(applied.every((m) => m.executedAt !== undefined)).toBe(true);
      expect(applied.map((m) => m.name)).toEqual(Object.keys(migrations));
      expect(await upgraded.db.selectFrom('merchants').select(['merchant_id', 'name']).execute()).toEqual([
        { merchant_id: 'imp00000001', name: 'old shop' },
      ]);
      expect(await upgraded.db.selectFrom('tokens').select('access_token').execute()).toEqual([
        { access_token: 'a'.repeat(40) },
      ]);
      expect(await upgraded.db.selectFrom('payments').select(['imp_uid', 'merchant_uid']).execute()).toEqual([
        { imp_uid: 'imp_000000000001', merchant_uid: 'order-1' },
      ]);
      expect(await upgraded.db.selectFrom('escrow_deliveries').selectAll().execute()).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });

  it('are idempotent: opening an up-to-date database changes nothing', async () => {
    const path = join(dir, 'again.sqlite');
    const a = await openDatabase(path);
    await a.db
      .insertInto('merchants')
      .values({ merchant_id: 'imp00000002', name: 'n', imp_key: 'k2', imp_secret_hash: 'h', created_at: 1 })
      .execute();
    await a.close();
    const b = await openDatabase(path);
    expect(await b.db.selectFrom('merchants').select('merchant_id').execute()).toEqual([
      { merchant_id: 'imp00000002' },
    ]);
    await b.close();
  });
});
