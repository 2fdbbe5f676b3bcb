import type { Kysely } from 'kysely';

/** Escrow delivery info: at most one per payment, which the primary key enforces. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('escrow_deliveries')
    .addColumn('imp_uid', 'text', (c) => c.primaryKey().references('payments.imp_uid').onDelete('cascade'))
    .addColumn('sender', 'text', (c) => c.notNull())
    .addColumn('receiver', 'text', (c) => c.notNull())
    .addColumn('logis', 'text', (c) => c.notNull())
    .addColumn('company', 'text', (c) => c.notNull())
    .addColumn('invoice', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'bigint', (c) => c.notNull())
    .addColumn('applied_at', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('escrow_deliveries').execute();
}
