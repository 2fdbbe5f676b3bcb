import { sql } from 'kysely';
import type { AppContext } from '../context.js';
import type { Db } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import { retryingRaces } from '../db/retry.js';
import { type PaymentwallDelivery, statusRank } from './paymentwall-rules.js';
import type { PaymentwallDeliveryRecord } from './schemas.js';

export type Recorded = { accepted: true } | { accepted: false; lastStatus: string };

/** How many times a call is tried in all while it loses the race for its payment's next number. */
const MAX_ATTEMPTS = 50;

/**
 * Appends a call to its payment's history unless its status goes back: numbered after the
 * payment's latest call, and inserted only when no call of the payment has a later status.
 * Both questions are index probes (the primary key for the latest number, the status index for
 * a later status), so a call costs the same however long the history has grown. Compiled once:
 * it runs on every accepted call.
 */
const appendDelivery = prepareQuery(
  (db: Db, p: { impUid: string; status: string; rank: number; fields: string; receivedAt: number }) => {
    const lastSeq = db
      .selectFrom('paymentwall_deliveries')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('imp_uid', '=', p.impUid);
    const later = db
      .selectFrom('paymentwall_deliveries')
      .select('seq')
      .where('imp_uid', '=', p.impUid)
      .where('status_rank', '>', p.rank);
    return db
      .insertInto('paymentwall_deliveries')
      .columns(['imp_uid', 'seq', 'status', 'status_rank', 'fields', 'received_at'])
      .expression(
        db
          .selectNoFrom((eb) => [
            // Typed parameters, so every engine knows the type of a value in a select list.
            eb.cast<string>(eb.val(p.impUid), 'text').as('imp_uid'),
            sql<number>`coalesce(${lastSeq}, 0) + 1`.as('seq'),
            eb.cast<string>(eb.val(p.status), 'text').as('status'),
            eb.cast<number>(eb.val(p.rank), 'integer').as('status_rank'),
            eb.cast<string>(eb.val(p.fields), 'text').as('fields'),
            eb.cast<number>(eb.val(p.receivedAt), 'bigint').as('received_at'),
          ])
          .where((eb) => eb.not(eb.exists(later))),
      );
  },
);

/**
 * Appends the delivery to its payment's history unless its status goes back from the
 * payment's last accepted one, in one statement (appendDelivery). Two concurrent calls for
 * one payment (on one instance or many sharing a database) take the same number, so the
 * primary key lets only one in; the other is checked again against the history that now
 * includes the winner.
 */
export async function recordPaymentwallDelivery(
  ctx: AppContext,
  delivery: PaymentwallDelivery,
  receivedAt: number,
): Promise<Recorded> {
  const impUid = delivery.imp_uid;
  const call = {
    impUid,
    status: delivery.status,
    rank: statusRank(delivery.status),
    fields: JSON.stringify(delivery),
    receivedAt,
  };
  return retryingRaces(
    async (): Promise<Recorded> => {
      const result = await ctx.writes.statement((db) => appendDelivery.execute(db, call));
      if (Number(result.numAffectedRows ?? 0) > 0) return { accepted: true };
      return { accepted: false, lastStatus: await lastStatus(ctx, impUid) };
    },
    { attempts: MAX_ATTEMPTS },
  );
}

async function lastStatus(ctx: AppContext, impUid: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('paymentwall_deliveries')
    .select('status')
    .where('imp_uid', '=', impUid)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row.status;
}

/** Every accepted delivery call of the payment, oldest first, as the sandbox shows them. */
export async function paymentwallHistory(
  ctx: AppContext,
  impUid: string,
): Promise<PaymentwallDeliveryRecord[]> {
  const rows = await ctx.db
    .selectFrom('paymentwall_deliveries')
    .select(['fields', 'received_at'])
    .where('imp_uid', '=', impUid)
    .orderBy('seq', 'asc')
    .execute();
  return rows.map((row) => ({ ...JSON.parse(row.fields), received_at: Number(row.received_at) }));
}
