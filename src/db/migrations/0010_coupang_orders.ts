import type { Kysely } from 'kysely';

/**
 * Coupang order boxes (shipment boxes) and receipts (cancel and return requests). Ids are
 * fixed-width digit text (`shipmentBoxId` 18 digits, `orderId` 14, `receiptId` 9): above 2^53 no
 * engine's number type reads back exact everywhere, and at one width text sorts as the numbers do.
 * What the routes filter on is a column; the rest of a box or receipt is JSON text. `version`
 * counts a row's writes: every change is a conditional update on the version it read, so of two
 * concurrent actions on one box only one lands.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('coupang_order_boxes')
    .addColumn('shipment_box_id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) =>
      c.notNull().references('coupang_vendors.vendor_id').onDelete('cascade'),
    )
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('open', 'integer', (c) => c.notNull())
    .addColumn('paid_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('invoice_company', 'text')
    .addColumn('invoice_number', 'text')
    .addColumn('invoice_uploaded_at_ms', 'bigint')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('sheet', 'text', (c) => c.notNull())
    .execute();
  // The order sheet list: a vendor's boxes of one status, by id, from the page token on.
  await db.schema
    .createIndex('coupang_order_boxes_list')
    .on('coupang_order_boxes')
    .columns(['vendor_id', 'status', 'shipment_box_id'])
    .execute();
  await db.schema
    .createIndex('coupang_order_boxes_order')
    .on('coupang_order_boxes')
    .columns(['vendor_id', 'order_id'])
    .execute();
  // An invoice number already uploaded on another box of the vendor.
  await db.schema
    .createIndex('coupang_order_boxes_invoice')
    .on('coupang_order_boxes')
    .columns(['vendor_id', 'invoice_company', 'invoice_number'])
    .execute();

  await db.schema
    .createTable('coupang_order_receipts')
    .addColumn('receipt_id', 'text', (c) => c.primaryKey())
    .addColumn('vendor_id', 'text', (c) =>
      c.notNull().references('coupang_vendors.vendor_id').onDelete('cascade'),
    )
    .addColumn('shipment_box_id', 'text', (c) =>
      c.notNull().references('coupang_order_boxes.shipment_box_id').onDelete('cascade'),
    )
    .addColumn('order_id', 'text', (c) => c.notNull())
    .addColumn('receipt_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('receipt', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('coupang_order_receipts_list')
    .on('coupang_order_receipts')
    .columns(['vendor_id', 'receipt_type', 'receipt_id'])
    .execute();
  await db.schema
    .createIndex('coupang_order_receipts_box')
    .on('coupang_order_receipts')
    .column('shipment_box_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('coupang_order_receipts').execute();
  await db.schema.dropTable('coupang_order_boxes').execute();
}
