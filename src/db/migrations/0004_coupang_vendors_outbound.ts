import { type Kysely, sql } from 'kysely';

/**
 * Coupang vendors with their keys and contracts, outbound shipping places, and the named
 * sequences that number places and their remote-area fees. Uniqueness of a vendor's place
 * names and addresses, and of a place's switched-on couriers, is left to unique indexes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sequences')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('last_value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('coupang_vendors')
    .addColumn('vendor_id', 'text', (c) => c.primaryKey())
    .addColumn('access_key', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addColumn('user_ids', 'text', (c) => c.notNull())
    .addColumn('contracts_on_file', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('coupang_vendor_contracts')
    .addColumn('vendor_id', 'text', (c) =>
      c.notNull().references('coupang_vendors.vendor_id').onDelete('cascade'),
    )
    .addColumn('deliver_code', 'text', (c) => c.notNull())
    .addColumn('contract_number', 'text', (c) => c.notNull())
    .addColumn('contract_customer_number', 'text')
    .addColumn('confirmed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('coupang_vendor_contracts_pk', ['vendor_id', 'deliver_code', 'contract_number'])
    .execute();

  await db.schema
    .createTable('coupang_outbound_places')
    .addColumn('place_code', 'bigint', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) =>
      c.notNull().references('coupang_vendors.vendor_id').onDelete('cascade'),
    )
    .addColumn('shipping_place_name', 'text', (c) => c.notNull())
    .addColumn('usable', 'integer', (c) => c.notNull())
    .addColumn('global', 'integer', (c) => c.notNull())
    .addColumn('place_addresses', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('coupang_outbound_places_name')
    .on('coupang_outbound_places')
    .columns(['vendor_id', 'shipping_place_name'])
    .unique()
    .execute();

  await db.schema
    .createTable('coupang_outbound_address_keys')
    .addColumn('vendor_id', 'text', (c) => c.notNull())
    .addColumn('return_address', 'text', (c) => c.notNull())
    .addColumn('return_address_detail', 'text', (c) => c.notNull())
    .addColumn('place_code', 'bigint', (c) =>
      c.notNull().references('coupang_outbound_places.place_code').onDelete('cascade'),
    )
    .execute();
  await db.schema
    .createIndex('coupang_outbound_address_keys_address')
    .on('coupang_outbound_address_keys')
    .columns(['vendor_id', 'return_address', 'return_address_detail'])
    .unique()
    .execute();
  await db.schema
    .createIndex('coupang_outbound_address_keys_place')
    .on('coupang_outbound_address_keys')
    .column('place_code')
    .execute();

  await db.schema
    .createTable('coupang_outbound_remote_infos')
    .addColumn('remote_info_id', 'bigint', (c) => c.primaryKey())
    .addColumn('place_code', 'bigint', (c) =>
      c.notNull().references('coupang_outbound_places.place_code').onDelete('cascade'),
    )
    .addColumn('delivery_code', 'text', (c) => c.notNull())
    .addColumn('jeju', 'integer', (c) => c.notNull())
    .addColumn('not_jeju', 'integer', (c) => c.notNull())
    .addColumn('usable', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('coupang_outbound_remote_infos_place')
    .on('coupang_outbound_remote_infos')
    .column('place_code')
    .execute();
  // A courier may stand once among a place's switched-on entries; switched-off ones are history.
  await db.schema
    .createIndex('coupang_outbound_remote_infos_courier')
    .on('coupang_outbound_remote_infos')
    .columns(['place_code', 'delivery_code'])
    .unique()
    .where(sql<boolean>`usable = 1`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('coupang_outbound_remote_infos').execute();
  await db.schema.dropTable('coupang_outbound_address_keys').execute();
  await db.schema.dropTable('coupang_outbound_places').execute();
  await db.schema.dropTable('coupang_vendor_contracts').execute();
  await db.schema.dropTable('coupang_vendors').execute();
  await db.schema.dropTable('sequences').execute();
}
