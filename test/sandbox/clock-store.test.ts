import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { readClock } from '../../src/sandbox/clock/state.js';
import { deleteTenantClock, SandboxClock } from '../../src/sandbox/clock/store.js';
import { merchantRow } from '../support/portone.js';
import { engines, testDatabase } from '../support/server.js';

describe('the sandbox clock’s cache', () => {
  it('keeps the last state when a refresh fails, and says so once', async () => {
    const database = await openDatabase(':memory:');
    const real = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
    const clock = await SandboxClock.open(real, database);
    await clock.change(null, { advanceMs: 60_000, freeze: true });
    const failures: unknown[] = [];
    clock.refreshEvery(20, (err) => failures.push(err));
    await database.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    clock.stop();
    expect(failures).toHaveLength(1);
    expect(clock.nowMs()).toBe(real.nowMs() + 60_000);
    real.advanceSeconds(5);
    expect(readClock(clock.current(), real.nowMs(), null)).toEqual({
      now: new Date(Date.UTC(2026, 10, 23, 3, 1, 0)).toISOString(),
      offsetMs: 55_000,
      frozen: true,
    });
  });

  it('answers a tenant’s clock from memory, following later changes', async () => {
    const database = await openDatabase(':memory:');
    try {
      const real = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
      const clock = await SandboxClock.open(real, database);
      await addMerchant(database, 'k');
      const merchant = clock.of({ merchant: 'k' });
      expect(merchant.nowMs()).toBe(real.nowMs());
      await clock.change({ merchant: 'k' }, { advanceMs: 1_000 });
      await clock.change(null, { advanceMs: 500 });
      expect(merchant.nowMs()).toBe(real.nowMs() + 1_500);
      expect(clock.of({ vendor: 'k' }).nowMs()).toBe(real.nowMs() + 500);
      expect(clock.of(null)).toBe(clock);
      await clock.reset({ merchant: 'k' });
      expect(merchant.nowMs()).toBe(real.nowMs() + 500);
    } finally {
      await database.close();
    }
  });
});

/** A merchant row: the clock asks only that it exists. */
async function addMerchant(database: Database, impKey: string): Promise<void> {
  await database.db.insertInto('merchants').values(merchantRow('imp00000001', impKey)).execute();
}

/** What the merchant deletion does to the clock: its row and the clock's, in one exclusive transaction. */
function deleteMerchantAndClock(database: Database, impKey: string): Promise<void> {
  return database.writes.exclusive(async (trx) => {
    await trx.deleteFrom('merchants').where('imp_key', '=', impKey).execute();
    await deleteTenantClock(trx, { merchant: impKey });
  });
}

describe.each(engines)('a tenant’s clock moved as the tenant is deleted ($name)', ({ databaseUrl }) => {
  const real = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
  const clockRows = (database: Database) => database.db.selectFrom('sandbox_clock').selectAll().execute();

  it('answers 404 and keeps nothing when the tenant is gone by the time the change runs', async () => {
    const { database, close } = await testDatabase(databaseUrl);
    try {
      const clock = await SandboxClock.open(real, database);
      await addMerchant(database, 'k');
      await deleteMerchantAndClock(database, 'k');
      await expect(clock.change({ merchant: 'k' }, { advanceMs: 1_000 })).rejects.toMatchObject({
        status: 404,
        message: 'no merchant has imp_key k',
      });
      await expect(clock.change({ vendor: 'A00000001' }, { advanceMs: 1_000 })).rejects.toMatchObject({
        status: 404,
        message: 'no vendor has vendorId A00000001',
      });
      expect(await clockRows(database)).toEqual([]);
      expect(clock.of({ merchant: 'k' }).nowMs()).toBe(real.nowMs());
    } finally {
      await close();
    }
  });

  it('leaves no offset of a merchant whose deletion and clock change ran at once', async () => {
    const { database, close } = await testDatabase(databaseUrl);
    try {
      const clock = await SandboxClock.open(real, database);
      for (let round = 0; round < 5; round++) {
        await addMerchant(database, 'k');
        const deletion = deleteMerchantAndClock(database, 'k');
        const change = clock.change({ merchant: 'k' }, { advanceMs: 1_000 }).then(
          () => 'moved',
          (err: { status?: number }) => err.status,
        );
        await deletion;
        // Whichever ran first, the change (then deleted with the merchant) or the deletion (then
        // the change is refused), no offset is left of the merchant.
        expect(['moved', 404]).toContain(await change);
        expect(await clockRows(database)).toEqual([]);
      }
    } finally {
      await close();
    }
  });
});
