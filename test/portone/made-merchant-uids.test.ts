import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock, unmovedClock } from '../../src/clock.js';
import { defaultConfig } from '../../src/config.js';
import type { AppContext } from '../../src/context.js';
import type { NewPayment } from '../../src/portone/payments.js';
import { merchantRow } from '../support/portone.js';
import { engines, type TestDatabase, testDatabase } from '../support/server.js';

/**
 * The digits identifiers are drawn from: a merchant_uid's six come from `sixes` while it lasts (so
 * that two payments draw the same), every other draw is unique.
 */
const digits = { sixes: [] as string[], drawn: 0 };

/** The payments store, loaded anew with `digits` in place of random ones. */
async function storeWithDrawnDigits() {
  vi.resetModules();
  vi.doMock('../../src/ids.js', () => ({
    randomDigits: (n: number) =>
      n === 6 && digits.sixes.length > 0
        ? (digits.sixes.shift() as string)
        : String(++digits.drawn).padStart(n, '0').slice(-n),
  }));
  return import('../../src/portone/payments.js');
}

describe.each(engines)('merchant_uids made for new payments ($name)', ({ databaseUrl }) => {
  let test: TestDatabase;
  afterEach(async () => {
    vi.doUnmock('../../src/ids.js');
    await test.close();
  });

  it('are drawn again when they collide, where a chosen one is answered 409', async () => {
    const { createPayment } = await storeWithDrawnDigits();
    test = await testDatabase(databaseUrl);
    const { database } = test;
    const clock = new ManualClock(Date.UTC(2026, 11, 8, 3, 0, 0));
    const ctx: AppContext = {
      config: defaultConfig,
      db: database.db,
      writes: database.writes,
      clock: unmovedClock(clock),
    };
    await database.db.insertInto('merchants').values(merchantRow('imp00000001', 'k')).execute();
    const input: NewPayment = {
      merchantId: 'imp00000001',
      impKey: 'k',
      merchantName: 'shop',
      pay_method: 'card',
      pg_provider: 'html5_inicis',
      escrow: false,
      status: 'paid',
      amount: 1000,
    };
    // Two payments in one millisecond draw the same six digits.
    digits.sixes.push('123456', '123456', '654321');
    const first = await createPayment(ctx, input, clock);
    const second = await createPayment(ctx, input, clock);
    const at = clock.nowMs();
    expect(first.merchant_uid).toBe(`merchant_${at}123456`);
    expect(second.merchant_uid).toBe(`merchant_${at}654321`);
    await expect(
      createPayment(ctx, { ...input, merchant_uid: first.merchant_uid }, clock),
    ).rejects.toMatchObject({
      status: 409,
      message: `merchant_uid ${first.merchant_uid} is already used by ${first.imp_uid}`,
    });
    const stored = await database.db
      .selectFrom('payments')
      .select('merchant_uid')
      .orderBy('merchant_uid')
      .execute();
    expect(stored.map((p) => p.merchant_uid)).toEqual([first.merchant_uid, second.merchant_uid]);
  });
});
