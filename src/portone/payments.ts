import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { Insertable, Transaction } from 'kysely';
import type { PaymentRow, PaymentsTable, Tables } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { randomDigits } from '../ids.js';
import type { Payment, PaymentCancel, PaymentStatus } from './schemas.js';
import { queueWebhook, webhookTarget } from './webhooks/outbox.js';
import { SORTINGS, type Sorting } from './lookup-rules.js';
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

type PayMethod = 'card' | 'vbank';

export interface NewPayment {
  merchantId: string;
  /** The merchant's key and name: a webhook names the merchant, a virtual account its holder. */
  impKey: string;
  merchantName: string;
  pg_provider: string;
  escrow: boolean;
  status: PaymentStatus;
  amount: number;
  pay_method: PayMethod;
  notice_url?: string | undefined;
  merchant_uid?: string | undefined;
  name?: string | undefined;
  buyer_name?: string | undefined;
  buyer_email?: string | undefined;
  buyer_tel?: string | undefined;
  buyer_addr?: string | undefined;
  buyer_postcode?: string | undefined;
}

/** A virtual account's deposit deadline: three days after it is issued. */
const VBANK_VALID_SECONDS = 3 * 24 * 60 * 60;

/** The bank every sandbox virtual account is issued at. */
const VBANK = { code: '004', name: 'KB국민은행' } as const;

/**
 * Records a payment as if a buyer had made it; a reused merchant_uid is a 409, and so is an
 * amount other than the one prepared for its merchant_uid (the payment window refuses it). Its
 * times are by `clock`, the merchant's (`ctx.clock.of`). A payment made `paid`, or a virtual
 * account issued, notifies the merchant's webhook in the same transaction.
 */
export async function createPayment(ctx: AppContext, input: NewPayment, clock: Clock): Promise<Payment> {
  const nowMs = clock.nowMs();
  const now = Math.floor(nowMs / 1000);
  // A merchant_uid made here is drawn again when it collides (two payments made in one
  // millisecond may draw the same digits); only one the caller chose is answered 409.
  const madeMerchantUid = () => `merchant_${nowMs}${randomDigits(6)}`;
  let merchant_uid = input.merchant_uid ?? madeMerchantUid();
  const vbank = input.pay_method === 'vbank';
  const row: Insertable<PaymentsTable> = {
    imp_uid: '',
    merchant_id: input.merchantId,
    merchant_uid,
    pg_provider: input.pg_provider,
    pg_tid: newPgTid(),
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
    pay_method: input.pay_method,
    // Made cancelled, it was cancelled whole.
    cancel_amount: input.status === 'cancelled' ? input.amount : 0,
    cancel_history: '[]',
    cancel_reason: null,
    vbank_num: vbank ? randomDigits(14) : null,
    vbank_holder: vbank ? input.merchantName : null,
    vbank_date: vbank ? now + VBANK_VALID_SECONDS : 0,
    vbank_issued_at: vbank ? now : 0,
    notice_url: input.notice_url ?? null,
    notified: 0,
  };
  // The events the webhook table names: paid, and a virtual account issued (ready).
  const notifies = input.status === 'paid' || (vbank && input.status === 'ready');
  for (let attempt = 0; ; attempt++) {
    row.imp_uid = `imp_${randomDigits(12)}`;
    row.merchant_uid = merchant_uid;
    try {
      const queued = await ctx.writes.transaction(async (trx) => {
        await refuseUnpreparedAmount(trx, input.merchantId, merchant_uid, input.amount);
        const target = notifies
          ? await webhookTarget(trx, input.merchantId, row.notice_url ?? null)
          : undefined;
        row.notified = target && input.status === 'paid' ? 1 : 0;
        await trx.insertInto('payments').values(row).execute();
        if (target) {
          const fields = { imp_uid: row.imp_uid, merchant_uid, status: input.status };
          await queueWebhook(trx, {
            merchantId: input.merchantId,
            impKey: input.impKey,
            target,
            fields,
            nowMs,
          });
        }
        return target !== undefined;
      });
      if (queued) ctx.webhooks?.wake();
      return toPayment(row as PaymentRow);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const taken = await ctx.db
        .selectFrom('payments')
        .select('imp_uid')
        .where('merchant_id', '=', input.merchantId)
        .where('merchant_uid', '=', merchant_uid)
        .executeTakeFirst();
      if (taken && input.merchant_uid !== undefined) {
        throw new ApiError(409, `merchant_uid ${merchant_uid} is already used by ${taken.imp_uid}`);
      }
      if (attempt >= 5) throw err;
      if (taken) merchant_uid = madeMerchantUid();
    }
  }
}

/** A new PG transaction id: `T` and 20 hex digits. */
export function newPgTid(): string {
  return `T${randomBytes(10).toString('hex')}`;
}

/**
 * `POST /payments/prepare` blocks the payment window for any other amount (or a currency other
 * than KRW, the sandbox's only one): a payment of it cannot be made.
 */
async function refuseUnpreparedAmount(
  trx: Transaction<Tables>,
  merchantId: string,
  merchantUid: string,
  amount: number,
): Promise<void> {
  const prepared = await trx
    .selectFrom('payment_prepares')
    .select(['amount', 'currency'])
    .where('merchant_id', '=', merchantId)
    .where('merchant_uid', '=', merchantUid)
    .executeTakeFirst();
  if (!prepared) return;
  if (Number(prepared.amount) !== amount) {
    throw new ApiError(
      409,
      `amount ${amount} is not the prepared amount ${Number(prepared.amount)} of merchant_uid ${merchantUid}: the payment window refuses it`,
    );
  }
  if (prepared.currency !== null && prepared.currency !== 'KRW') {
    throw new ApiError(
      409,
      `merchant_uid ${merchantUid} is prepared with amount ${Number(prepared.amount)} in currency ${prepared.currency}, but sandbox payments are in KRW: the payment window refuses it`,
    );
  }
}

/**
 * The sandbox's `/paid`: a `ready` payment becomes `paid` (a virtual account's deposit), and the
 * merchant's webhook is told, in one transaction. A payment of another status is a 409.
 */
export async function markPaid(ctx: AppContext, impUid: string): Promise<Payment | undefined> {
  const result = await ctx.writes.transaction(async (trx) => {
    const found = await trx
      .selectFrom('payments')
      .innerJoin('merchants', 'merchants.merchant_id', 'payments.merchant_id')
      .select(['payments.status', 'payments.notice_url', 'merchants.imp_key', 'payments.merchant_id'])
      .where('imp_uid', '=', impUid)
      .executeTakeFirst();
    if (!found) return undefined;
    if (found.status !== 'ready') {
      throw new ApiError(409, `payment ${impUid} is ${found.status}: only a ready payment can be paid`);
    }
    const nowMs = ctx.clock.of({ merchant: found.imp_key }).nowMs();
    const target = await webhookTarget(trx, found.merchant_id, found.notice_url);
    const updated = await trx
      .updateTable('payments')
      .set({ status: 'paid', paid_at: Math.floor(nowMs / 1000), notified: target ? 1 : 0 })
      .where('imp_uid', '=', impUid)
      .where('status', '=', 'ready')
      .returningAll()
      .executeTakeFirst();
    // Paid by a concurrent call meanwhile (PostgreSQL rechecks the condition after waiting for it).
    if (!updated) throw new ApiError(409, `payment ${impUid} is paid: only a ready payment can be paid`);
    if (target) {
      const fields = { imp_uid: impUid, merchant_uid: updated.merchant_uid, status: 'paid' };
      await queueWebhook(trx, {
        merchantId: found.merchant_id,
        impKey: found.imp_key,
        target,
        fields,
        nowMs,
      });
    }
    return { payment: toPayment(updated), queued: target !== undefined };
  });
  if (result?.queued) ctx.webhooks?.wake();
  return result?.payment;
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
): Promise<PaymentRow | undefined> {
  if (!isStorableText(impUid)) return undefined;
  const { rows } = await selectPayment.execute(ctx.db, { merchantId, impUid });
  return rows[0];
}

/**
 * The merchant's payment of `merchantUid` (in `status`, when given). merchant_uid is unique per
 * merchant, so `sorting` never has to choose; it still orders, should that change.
 */
export async function findPaymentByMerchantUid(
  ctx: AppContext,
  merchantId: string,
  merchantUid: string,
  status: PaymentStatus | undefined,
  sorting: Sorting,
): Promise<PaymentRow | undefined> {
  if (!isStorableText(merchantUid)) return undefined;
  const [column, direction] = SORTINGS[sorting];
  let query = ctx.db
    .selectFrom('payments')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('merchant_uid', '=', merchantUid);
  if (status) query = query.where('status', '=', status);
  return query.orderBy(column, direction).orderBy('imp_uid', direction).limit(1).executeTakeFirst();
}

/** The merchant's payments among these ids (in no particular order; another merchant's are left out). */
export async function findPaymentsByIds(
  ctx: AppContext,
  merchantId: string,
  ids: { impUids: readonly string[]; merchantUids: readonly string[] },
): Promise<PaymentRow[]> {
  const impUids = ids.impUids.filter(isStorableText);
  const merchantUids = ids.merchantUids.filter(isStorableText);
  if (impUids.length === 0 && merchantUids.length === 0) return [];
  return ctx.db
    .selectFrom('payments')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where((eb) =>
      eb.or([
        ...(impUids.length > 0 ? [eb('imp_uid', 'in', impUids)] : []),
        ...(merchantUids.length > 0 ? [eb('merchant_uid', 'in', merchantUids)] : []),
      ]),
    )
    .execute();
}

/** The payment object of `GET /payments/{imp_uid}`, and of every route that answers a payment. */
export function toPayment(row: PaymentRow): Payment {
  const vbank = row.pay_method === 'vbank';
  return {
    imp_uid: row.imp_uid,
    merchant_uid: row.merchant_uid,
    pay_method: row.pay_method,
    channel: 'pc',
    pg_provider: row.pg_provider,
    pg_tid: row.pg_tid,
    pg_id: row.pg_id,
    escrow: Boolean(row.escrow),
    amount: Number(row.amount),
    cancel_amount: Number(row.cancel_amount),
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
    cancel_history: JSON.parse(row.cancel_history) as PaymentCancel[],
    cancel_reason: row.cancel_reason,
    vbank_code: vbank ? VBANK.code : null,
    vbank_name: vbank ? VBANK.name : null,
    vbank_num: row.vbank_num,
    vbank_holder: row.vbank_holder,
    vbank_date: Number(row.vbank_date),
    vbank_issued_at: Number(row.vbank_issued_at),
  };
}
