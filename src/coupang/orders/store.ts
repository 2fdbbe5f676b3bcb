/**
 * Order boxes and receipts in the database. Every change is a conditional update on the version
 * the change was judged on (`version`): of concurrent actions on one box or receipt exactly one
 * lands, the others read the winner's state and are judged again (`judgedAgain`), so they get
 * the wrong-state answer of the state they now find.
 */
import type { Kysely, Transaction } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import type { CoupangOrderBoxesTable, CoupangOrderReceiptsTable, Tables } from '../../db/schema.js';
import { nextValue, nextValues, SEQUENCES } from '../../db/sequences.js';
import { isOpen, type OrderBox } from './box.js';
import type { BoxStatus, ReceiptStatus } from './machine.js';
import type { Receipt, ReceiptType } from './receipt.js';

type Reader = Kysely<Tables>;

/** Thrown when a conditional update found the row changed since it was read. */
class LostRace extends Error {
  constructor() {
    super('the row changed since it was read');
  }
}

const RACE_ATTEMPTS = 20;

/**
 * Runs `attempt` (which reads, judges and writes conditionally) again while it loses to a
 * concurrent change: each run reads the state the last winner left.
 */
export async function judgedAgain<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof LostRace) || i >= RACE_ATTEMPTS) throw err;
    }
  }
}

function boxRow(box: OrderBox): Omit<CoupangOrderBoxesTable, 'version'> {
  return {
    shipment_box_id: box.shipmentBoxId,
    vendor_id: box.vendorId,
    order_id: box.orderId,
    status: box.status,
    open: isOpen(box) ? 1 : 0,
    paid_at_ms: box.paidAtMs,
    invoice_company: box.invoice?.deliveryCompanyCode ?? null,
    invoice_number: box.invoice?.invoiceNumber ?? null,
    invoice_uploaded_at_ms: box.invoice?.uploadedAtMs ?? null,
    sheet: JSON.stringify({ ...box, version: undefined }),
  };
}

function boxOf(row: Pick<CoupangOrderBoxesTable, 'sheet' | 'status' | 'version'>): OrderBox {
  const box = JSON.parse(row.sheet) as OrderBox;
  return { ...box, status: row.status as BoxStatus, version: Number(row.version) };
}

function receiptRow(receipt: Receipt): Omit<CoupangOrderReceiptsTable, 'version'> {
  return {
    receipt_id: receipt.receiptId,
    vendor_id: receipt.vendorId,
    shipment_box_id: receipt.shipmentBoxId,
    order_id: receipt.orderId,
    receipt_type: receipt.receiptType,
    status: receipt.status,
    created_at_ms: receipt.createdAtMs,
    receipt: JSON.stringify({ ...receipt, version: undefined }),
  };
}

function receiptOf(row: Pick<CoupangOrderReceiptsTable, 'receipt' | 'status' | 'version'>): Receipt {
  const receipt = JSON.parse(row.receipt) as Receipt;
  return { ...receipt, status: row.status as ReceiptStatus, version: Number(row.version) };
}

const ORDER_SEQUENCES = {
  boxes: SEQUENCES.orderBoxes,
  items: SEQUENCES.orderItems,
  products: SEQUENCES.orderProducts,
  orders: SEQUENCES.orderOrders,
  receipts: SEQUENCES.orderReceipts,
};
type NumberedKind = keyof typeof ORDER_SEQUENCES;

/** The number of a new row of a kind. */
export function drawNumber(db: Reader, kind: NumberedKind): Promise<number> {
  return nextValue(db, ORDER_SEQUENCES[kind]);
}

/** Numbers for `count` new rows of a kind, ascending (not necessarily consecutive). */
export function drawNumbers(db: Reader, kind: NumberedKind, count: number): Promise<number[]> {
  return nextValues(db, ORDER_SEQUENCES[kind], count);
}

export async function insertBox(trx: Transaction<Tables>, box: OrderBox): Promise<void> {
  await trx
    .insertInto('coupang_order_boxes')
    .values({ ...boxRow(box), version: box.version })
    .execute();
}

/** Writes `box` over the row if it is still at `box.version`; throws `LostRace` when it is not. */
export async function saveBox(db: Reader, box: OrderBox): Promise<OrderBox> {
  const result = await db
    .updateTable('coupang_order_boxes')
    .set({ ...boxRow(box), version: box.version + 1 })
    .where('shipment_box_id', '=', box.shipmentBoxId)
    .where('version', '=', box.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LostRace();
  return { ...box, version: box.version + 1 };
}

export async function findBox(
  db: Db,
  vendorId: string,
  shipmentBoxId: string,
): Promise<OrderBox | undefined> {
  const row = await db
    .selectFrom('coupang_order_boxes')
    .select(['sheet', 'status', 'version'])
    .where('shipment_box_id', '=', shipmentBoxId)
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  return row && boxOf(row);
}

/** The boxes of an order, by id. */
export async function findOrderBoxes(db: Db, vendorId: string, orderId: string): Promise<OrderBox[]> {
  const rows = await db
    .selectFrom('coupang_order_boxes')
    .select(['sheet', 'status', 'version'])
    .where('vendor_id', '=', vendorId)
    .where('order_id', '=', orderId)
    .orderBy('shipment_box_id')
    .execute();
  return rows.map(boxOf);
}

export interface BoxPageRequest {
  vendorId: string;
  status: BoxStatus;
  /** Paid at or after, before (epoch milliseconds). */
  fromMs: number;
  untilMs: number;
  /** Ids after this one (an 18-digit id's text). */
  afterId: string;
  /** At most this many; undefined: all. */
  limit?: number;
}

/** Open boxes of a status paid in a span, by ascending id after the token: one range of `coupang_order_boxes_list`. */
export async function listBoxes(db: Db, page: BoxPageRequest): Promise<OrderBox[]> {
  let query = db
    .selectFrom('coupang_order_boxes')
    .select(['sheet', 'status', 'version'])
    .where('vendor_id', '=', page.vendorId)
    .where('status', '=', page.status)
    .where('shipment_box_id', '>', page.afterId)
    .where('open', '=', 1)
    .where('paid_at_ms', '>=', page.fromMs)
    .where('paid_at_ms', '<', page.untilMs)
    .orderBy('shipment_box_id');
  if (page.limit !== undefined) query = query.limit(page.limit);
  return (await query.execute()).map(boxOf);
}

/** Boxes of the vendor but `except` holding this invoice, uploaded after `sinceMs`. */
export async function boxesWithInvoice(
  db: Db,
  p: { vendorId: string; company: string; invoiceNumber: string; except: string; sinceMs: number },
): Promise<OrderBox[]> {
  const rows = await db
    .selectFrom('coupang_order_boxes')
    .select(['sheet', 'status', 'version'])
    .where('vendor_id', '=', p.vendorId)
    .where('invoice_company', '=', p.company)
    .where('invoice_number', '=', p.invoiceNumber)
    .where('shipment_box_id', '!=', p.except)
    .where('invoice_uploaded_at_ms', '>', p.sinceMs)
    .execute();
  return rows.map(boxOf);
}

export async function insertReceipt(trx: Transaction<Tables>, receipt: Receipt): Promise<void> {
  await trx
    .insertInto('coupang_order_receipts')
    .values({ ...receiptRow(receipt), version: receipt.version })
    .execute();
}

export async function saveReceipt(db: Reader, receipt: Receipt): Promise<Receipt> {
  const result = await db
    .updateTable('coupang_order_receipts')
    .set({ ...receiptRow(receipt), version: receipt.version + 1 })
    .where('receipt_id', '=', receipt.receiptId)
    .where('version', '=', receipt.version)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LostRace();
  return { ...receipt, version: receipt.version + 1 };
}

export async function findReceipt(db: Db, vendorId: string, receiptId: string): Promise<Receipt | undefined> {
  const row = await db
    .selectFrom('coupang_order_receipts')
    .select(['receipt', 'status', 'version'])
    .where('receipt_id', '=', receiptId)
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  return row && receiptOf(row);
}

export interface ReceiptPageRequest {
  vendorId: string;
  type: ReceiptType;
  statuses?: ReceiptStatus[];
  orderId?: string;
  fromMs: number;
  untilMs: number;
  afterId: string;
  limit?: number;
}

/** Receipts of a type created in a span, by ascending id after the token. */
export async function listReceipts(db: Db, page: ReceiptPageRequest): Promise<Receipt[]> {
  let query = db
    .selectFrom('coupang_order_receipts')
    .select(['receipt', 'status', 'version'])
    .where('vendor_id', '=', page.vendorId)
    .where('receipt_type', '=', page.type)
    .where('receipt_id', '>', page.afterId)
    .where('created_at_ms', '>=', page.fromMs)
    .where('created_at_ms', '<', page.untilMs)
    .orderBy('receipt_id');
  if (page.statuses) query = query.where('status', 'in', page.statuses);
  if (page.orderId !== undefined) query = query.where('order_id', '=', page.orderId);
  if (page.limit !== undefined) query = query.limit(page.limit);
  return (await query.execute()).map(receiptOf);
}

/** The sandbox's listings: newest first, after a cursor (an id), optionally of one status. */
export async function sandboxBoxes(
  ctx: AppContext,
  p: { vendorId: string; status?: string; before?: string; limit: number },
): Promise<OrderBox[]> {
  let query = ctx.db
    .selectFrom('coupang_order_boxes')
    .select(['sheet', 'status', 'version'])
    .where('vendor_id', '=', p.vendorId)
    .orderBy('shipment_box_id', 'desc')
    .limit(p.limit);
  if (p.status !== undefined) query = query.where('status', '=', p.status);
  if (p.before !== undefined) query = query.where('shipment_box_id', '<', p.before);
  return (await query.execute()).map(boxOf);
}

export async function sandboxReceipts(
  ctx: AppContext,
  p: { vendorId: string; status?: string; before?: string; limit: number },
): Promise<Receipt[]> {
  let query = ctx.db
    .selectFrom('coupang_order_receipts')
    .select(['receipt', 'status', 'version'])
    .where('vendor_id', '=', p.vendorId)
    .orderBy('receipt_id', 'desc')
    .limit(p.limit);
  if (p.status !== undefined) query = query.where('status', '=', p.status);
  if (p.before !== undefined) query = query.where('receipt_id', '<', p.before);
  return (await query.execute()).map(receiptOf);
}
