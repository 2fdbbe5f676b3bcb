import type { Kysely } from 'kysely';

/**
 * Every accepted Paymentwall delivery call, numbered per payment. The primary key on
 * (imp_uid, seq) makes concurrent calls for one payment collide, so the check that a status
 * never goes backwards is settled by the database (see `src/portone/paymentwall.ts`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('paymentwall_deliveries')
    .addColumn('imp_uid', 'text', (c) => c.notNull().references('payments.imp_uid').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_rank', 'integer', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('paymentwall_deliveries_pk', ['imp_uid', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('paymentwall_deliveries').execute();
}
