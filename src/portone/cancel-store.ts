import { randomBytes } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { Db } from '../db/index.js';
import type { PaymentRow } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { type CancelRequest, judgeCancel } from './cancel-rules.js';
import { messages } from './messages.js';
import { newPgTid, toPayment } from './payments.js';
import type { Payment, PaymentCancel } from './schemas.js';
import { queueWebhook, webhookTarget } from './webhooks/outbox.js';

/** Whose cancel it is: a merchant's API call (its payments only), or the sandbox console's (any payment). */
export type Canceller = { kind: 'api'; merchantId: string } | { kind: 'console' };

export type CancelOutcome = { payment: Payment } | { refusal: string };

async function readPayment(
  ctx: AppContext,
  who: Canceller,
  request: Pick<CancelRequest, 'impUid' | 'merchantUid'>,
): Promise<(PaymentRow & { imp_key: string }) | undefined> {
  // imp_uid decides when given; merchant_uid is then not looked at (the cancel guide).
  const byImpUid = request.impUid !== undefined;
  const key = byImpUid ? request.impUid : request.merchantUid;
  if (key === undefined || !isStorableText(key)) return undefined;
  let query = ctx.db
    .selectFrom('payments')
    .innerJoin('merchants', 'merchants.merchant_id', 'payments.merchant_id')
    .selectAll('payments')
    .select('merchants.imp_key')
    .where(byImpUid ? 'payments.imp_uid' : 'payments.merchant_uid', '=', key);
  if (who.kind === 'api') query = query.where('payments.merchant_id', '=', who.merchantId);
  return query.executeTakeFirst();
}

/**
 * Cancels all or part of a payment's balance. The payment is read, judged (checks 5 to 10), and
 * changed by one update that holds only if its cancelled sum is still the one judged: a
 * concurrent cancel that got there first makes it change nothing, and the cancel is judged again
 * on the payment as that left it. So concurrent cancels never take more than the amount, and of
 * several with one checksum exactly one passes, on either engine and across instances. The
 * webhook, where one is due, is queued in the same transaction.
 */
export async function cancelPayment(
  ctx: AppContext,
  who: Canceller,
  request: CancelRequest,
): Promise<CancelOutcome> {
  // Each round that changes nothing lost to a cancel that changed the payment, which can happen
  // only so often before the balance is spent: the loop ends.
  for (;;) {
    const row = await readPayment(ctx, who, request);
    if (!row) return { refusal: messages.cancel.notFound };
    const verdict = judgeCancel(row, request);
    if ('refusal' in verdict) return verdict;

    const nowMs = ctx.clock.of({ merchant: row.imp_key }).nowMs();
    const seenCancelled = Number(row.cancel_amount);
    const cancelled = seenCancelled + verdict.amount;
    const entry: PaymentCancel = {
      pg_tid: newPgTid(),
      amount: verdict.amount,
      cancelled_at: Math.floor(nowMs / 1000),
      reason: request.reason,
      cancellation_id: randomBytes(12).toString('hex'),
      receipt_url: null,
    };
    // The console's cancel always notifies; an API cancel only when asked, and only for a payment
    // whose payment was notified ("결제 시 웹훅을 사용한 결제건에 한합니다").
    const notifies = who.kind === 'console' || (request.enableWebhook && Boolean(row.notified));
    // Holds only if the payment is as judged; undefined when a concurrent cancel changed it first.
    const update = (db: Db) =>
      db
        .updateTable('payments')
        .set({
          cancel_amount: cancelled,
          status: cancelled >= Number(row.amount) ? 'cancelled' : 'paid',
          cancelled_at: entry.cancelled_at,
          cancel_reason: entry.reason,
          cancel_history: JSON.stringify([...(JSON.parse(row.cancel_history) as PaymentCancel[]), entry]),
        })
        .where('imp_uid', '=', row.imp_uid)
        .where('status', '=', 'paid')
        .where('cancel_amount', '=', seenCancelled)
        .returningAll()
        .executeTakeFirst();
    // A cancel that cannot notify is the update alone: one statement, no BEGIN and COMMIT around it.
    if (!notifies) {
      const updated = await ctx.writes.statement(update);
      if (!updated) continue;
      return { payment: toPayment(updated) };
    }
    const done = await ctx.writes.transaction(async (trx) => {
      const updated = await update(trx);
      if (!updated) return undefined;
      const target = await webhookTarget(trx, row.merchant_id, row.notice_url);
      if (target) {
        const fields = {
          imp_uid: row.imp_uid,
          merchant_uid: row.merchant_uid,
          status: 'cancelled',
          cancellation_id: entry.cancellation_id,
        };
        await queueWebhook(trx, { merchantId: row.merchant_id, impKey: row.imp_key, target, fields, nowMs });
      }
      return { payment: toPayment(updated), queued: target !== undefined };
    });
    if (!done) continue;
    if (done.queued) ctx.webhooks?.wake();
    return { payment: done.payment };
  }
}
