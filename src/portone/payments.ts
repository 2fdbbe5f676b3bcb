import { randomBytes } from 'node:crypto';
import { type Clock, unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { PaymentsTable } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { randomDigits } from '../ids.js';
import type { Payment, PaymentStatus } from './schemas.js';
import { ApiError } from '../http/api-error.js';

/** The PGs' test merchant ids, as the real service reports them in `pg_id`. */
const TEST_PG_IDS: Record<string, string> = {
  html5_inicis: 'INIpayTest',
  kcp: 'T0000',
  daou: 'CTS10000',
  paymentwall: 't_paymentwall',
};

function testPgId(pgProvider: string): string {
  // Own keys only: `constructor` or `toString` would otherwise find Object.prototype's functions.
  return Object.hasOwn(TEST_PG_IDS, pgProvider) ? (TEST_PG_IDS[pgProvider] as string) : `test_${pgProvider}`;
}

export interface NewPayment {
  merchantId: string;
  pg_provider: string;
  escrow: boolean;
  status: PaymentStatus;
  amount: number;
  merchant_uid?: string | undefined;
  name?: string | undefined;
  buyer_name?: string | undefined;
  buyer_email?: string | undefined;
  buyer_tel?: string | undefined;
  buyer_addr?: string | undefined;
  buyer_postcode?: string | undefined;
}

/**
 * Records a payment as if a buyer had made it; a reused merchant_uid is a 409. Its times are by
 * `clock`, the merchant's (`ctx.clock.of`).
 */
export async function createPayment(ctx: AppContext, input: NewPayment, clock: Clock): Promise<Payment> {
  const now = unixSeconds(clock);
  const merchant_uid = input.merchant_uid ?? `merchant_${clock.nowMs()}${randomDigits(6)}`;
  const row: PaymentsTable = {
    imp_uid: '',
    merchant_id: input.merchantId,
    merchant_uid,
    pg_provider: input.pg_provider,
    pg_tid: `T${randomBytes(10).toString('hex')}`,
    pg_id: testPgId(input.pg_provider),
    escrow: input.escrow ? 1 : 0,
    amount: input.amount,
    status: input.status,
    name: input.name ?? null,
    buyer_name: input.buyer_name ?? null,
    buyer_email: input.buyer_email ?? null,
    buyer_tel: input.buyer_tel ?? null,
    buyer_addr: input.buyer_addr ?? null,
    buyer_postcode: input.buyer_postcode ?? null,
    started_at: now,
    // A cancelled payment had been paid before it was cancelled.
    paid_at: input.status === 'paid' || input.status === 'cancelled' ? now : 0,
    failed_at: input.status === 'failed' ? now : 0,
    cancelled_at: input.status === 'cancelled' ? now : 0,
  };
  for (let attempt = 0; ; attempt++) {
    row.imp_uid = `imp_${randomDigits(12)}`;
    try {
      await ctx.writes.statement((db) => db.insertInto('payments').values(row).execute());
      return toPayment(row);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const taken = await ctx.db
        .selectFrom('payments')
        .select('imp_uid')
        .where('merchant_id', '=', input.merchantId)
        .where('merchant_uid', '=', merchant_uid)
        .executeTakeFirst();
      if (taken) throw new ApiError(409, `merchant_uid ${merchant_uid} is already used by ${taken.imp_uid}`);
      if (attempt >= 5) throw err;
    }
  }
}

// Compiled once: every payment, escrow and Paymentwall call reads its payment.
const selectPayment = prepareQuery((db: Db, p: { merchantId: string; impUid: string }) =>
  db
    .selectFrom('payments')
    .selectAll()
    .where('imp_uid', '=', p.impUid)
    .where('merchant_id', '=', p.merchantId),
);

/** The merchant's payment, or undefined: another merchant's payment is answered as unknown. */
export async function findPayment(
  ctx: AppContext,
  merchantId: string,
  impUid: string,
): Promise<PaymentsTable | undefined> {
  if (!isStorableText(impUid)) return undefined;
  const { rows } = await selectPayment.execute(ctx.db, { merchantId, impUid });
  return rows[0];
}

/** The payment object of `GET /payments/{imp_uid}`. */
export function toPayment(row: PaymentsTable): Payment {
  return {
    imp_uid: row.imp_uid,
    merchant_uid: row.merchant_uid,
    pay_method: 'card',
    channel: 'pc',
    pg_provider: row.pg_provider,
    pg_tid: row.pg_tid,
    pg_id: row.pg_id,
    escrow: Boolean(row.escrow),
    amount: Number(row.amount),
    cancel_amount: 0,
    currency: 'KRW',
    name: row.name,
    status: row.status as PaymentStatus,
    buyer_name: row.buyer_name,
    buyer_email: row.buyer_email,
    buyer_tel: row.buyer_tel,
    buyer_addr: row.buyer_addr,
    buyer_postcode: row.buyer_postcode,
    started_at: Number(row.started_at),
    paid_at: Number(row.paid_at),
    failed_at: Number(row.failed_at),
    cancelled_at: Number(row.cancelled_at),
  };
}
