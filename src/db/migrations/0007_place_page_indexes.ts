import type { Kysely } from 'kysely';

/**
 * The outbound query and the return center list answer a vendor's places a page at a time,
 * oldest (lowest code) first. With these indexes a page is a range of the index; without them,
 * every page sorted all of the vendor's places first, slower with each place a vendor added.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('coupang_outbound_places_vendor_code')
    .on('coupang_outbound_places')
    .columns(['vendor_id', 'place_code'])
    .execute();
  await db.schema
    .createIndex('coupang_return_centers_vendor_code')
    .on('coupang_return_centers')
    .columns(['vendor_id', 'center_code'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('coupang_return_centers_vendor_code').execute();
  await db.schema.dropIndex('coupang_outbound_places_vendor_code').execute();
}
