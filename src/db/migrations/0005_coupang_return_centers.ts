import type { Kysely } from 'kysely';

/**
 * Coupang return shipping centers. A vendor's center names are unique, and so are its
 * addresses (returnAddress + returnAddressDetail, one row per distinct address of a center):
 * unique indexes settle duplicates, concurrent twins included.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('coupang_return_centers')
    .addColumn('center_code', 'bigint', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) =>
      c.notNull().references('coupang_vendors.vendor_id').onDelete('cascade'),
    )
    .addColumn('shipping_place_name', 'text', (c) => c.notNull())
    .addColumn('deliver_code', 'text', (c) => c.notNull())
    .addColumn('deliver_name', 'text', (c) => c.notNull())
    .addColumn('contract_number', 'text', (c) => c.notNull())
    .addColumn('contract_customer_number', 'text', (c) => c.notNull())
    .addColumn('goodsflow_status', 'text', (c) => c.notNull())
    .addColumn('error_message', 'text', (c) => c.notNull())
    .addColumn('fees', 'text', (c) => c.notNull())
    .addColumn('usable', 'integer', (c) => c.notNull())
    .addColumn('place_addresses', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('coupang_return_centers_name')
    .on('coupang_return_centers')
    .columns(['vendor_id', 'shipping_place_name'])
    .unique()
    .execute();

  await db.schema
    .createTable('coupang_return_address_keys')
    .addColumn('vendor_id', 'text', (c) => c.notNull())
    .addColumn('return_address', 'text', (c) => c.notNull())
    .addColumn('return_address_detail', 'text', (c) => c.notNull())
    .addColumn('center_code', 'bigint', (c) =>
      c.notNull().references('coupang_return_centers.center_code').onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('coupang_return_address_keys_address')
    .on('coupang_return_address_keys')
    .columns(['vendor_id', 'return_address', 'return_address_detail'])
    .unique()
    .execute();
  await db.schema
    .createIndex('coupang_return_address_keys_center')
    .on('coupang_return_address_keys')
    .column('center_code')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('coupang_return_address_keys').execute();
  await db.schema.dropTable('coupang_return_centers').execute();
}
