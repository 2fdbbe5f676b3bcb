import type { Kysely } from 'kysely';

/**
 * Whether a Paymentwall delivery goes back from a later status is asked on every call. With
 * this index the question is one index probe, however long the payment's history; without it,
 * each call read the whole history, and a payment's calls grew slower one by one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('paymentwall_deliveries_status_rank')
    .on('paymentwall_deliveries')
    .columns(['imp_uid', 'status_rank'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('paymentwall_deliveries_status_rank').execute();
}
