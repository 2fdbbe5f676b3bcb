import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/index.js';
import { isStorableText } from '../db/text.js';
import type { Prepared } from './schemas.js';

/** Prepares an amount for a merchant_uid; false when the merchant has already prepared it (one row per pair). */
export async function insertPrepare(
  ctx: AppContext,
  merchantId: string,
  prepared: Prepared,
): Promise<boolean> {
  try {
    await ctx.writes.statement((db) =>
      db
        .insertInto('payment_prepares')
        .values({ merchant_id: merchantId, ...prepared })
        .execute(),
    );
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Changes a prepared amount (and currency); false when nothing is prepared for it. */
export async function updatePrepare(
  ctx: AppContext,
  merchantId: string,
  prepared: Prepared,
): Promise<boolean> {
  const result = await ctx.writes.statement((db) =>
    db
      .updateTable('payment_prepares')
      .set({ amount: prepared.amount, currency: prepared.currency })
      .where('merchant_id', '=', merchantId)
      .where('merchant_uid', '=', prepared.merchant_uid)
      .executeTakeFirst(),
  );
  return Number(result.numUpdatedRows) > 0;
}

export async function findPrepare(
  ctx: AppContext,
  merchantId: string,
  merchantUid: string,
): Promise<Prepared | undefined> {
  if (!isStorableText(merchantUid)) return undefined;
  const row = await ctx.db
    .selectFrom('payment_prepares')
    .select(['merchant_uid', 'amount', 'currency'])
    .where('merchant_id', '=', merchantId)
    .where('merchant_uid', '=', merchantUid)
    .executeTakeFirst();
  return row && { merchant_uid: row.merchant_uid, amount: Number(row.amount), currency: row.currency };
}
