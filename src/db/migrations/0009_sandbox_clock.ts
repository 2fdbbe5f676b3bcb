import type { Kysely } from 'kysely';

/**
 * The sandbox clock (README, The sandbox clock): the global clock's row (`kind` `global`, `tenant`
 * empty) and one row per tenant with an offset of its own (`merchant` by imp_key, `vendor` by
 * vendorId). No row: real time, or no offset.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sandbox_clock')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tenant', 'text', (c) => c.notNull())
    .addColumn('offset_ms', 'bigint', (c) => c.notNull())
    .addColumn('frozen_at_ms', 'bigint')
    .addPrimaryKeyConstraint('sandbox_clock_pk', ['kind', 'tenant'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sandbox_clock').execute();
}
