import type { Kysely } from 'kysely';

/** Merchants, their tokens and their payments. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('merchants')
    .addColumn('merchant_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('imp_key', 'text', (c) => c.notNull().unique())
    .addColumn('imp_secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tokens')
    .addColumn('merchant_id', 'text', (c) =>
      c.primaryKey().references('merchants.merchant_id').onDelete('cascade'),
    )
    .addColumn('access_token', 'text', (c) => c.notNull().unique())
    .addColumn('expired_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('imp_uid', 'text', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) =>
      c.notNull().references('merchants.merchant_id').onDelete('cascade'),
    )
    .addColumn('merchant_uid', 'text', (c) => c.notNull())
    .addColumn('pg_provider', 'text', (c) => c.notNull())
    .addColumn('pg_tid', 'text', (c) => c.notNull())
    .addColumn('pg_id', 'text', (c) => c.notNull())
    .addColumn('escrow', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('buyer_name', 'text')
    .addColumn('buyer_email', 'text')
    .addColumn('buyer_tel', 'text')
    .addColumn('buyer_addr', 'text')
    .addColumn('buyer_postcode', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('paid_at', 'bigint', (c) => c.notNull())
    .addColumn('failed_at', 'bigint', (c) => c.notNull())
    .addColumn('cancelled_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('payments_merchant_uid_unique', ['merchant_id', 'merchant_uid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payments').execute();
  await db.schema.dropTable('tokens').execute();
  await db.schema.dropTable('merchants').execute();
}
