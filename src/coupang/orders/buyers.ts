/**
 * What the sandbox plays of Coupang's buyers and couriers: orders placed, a receiver changed,
 * cancels and returns asked for, deliveries advanced, returns picked up. Each is judged by the
 * status machines (`machine.ts`) and answers the sandbox's statuses: 400 naming a field, 404
 * unknown, 409 wrong state.
 */
import { randomInt } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { isCourierCode } from '../couriers.js';
import { isOpen, type OrderBox, type OrderItem, type Orderer, type Receiver, unitsLeft } from './box.js';
import {
  orderIdOf,
  paymentIdOf,
  receiptIdOf,
  sellerProductIdOf,
  shipmentBoxIdOf,
  vendorItemIdOf,
} from './ids.js';
import { type BoxAction, type BoxStatus, boxTransition, isBoxStatus, receiptTransition } from './machine.js';
import { BUYER_REASONS, type Receipt, type ReceiptItem, requesterOf } from './receipt.js';
import { moved } from './shipments.js';
import {
  drawNumber,
  drawNumbers,
  findBox,
  findOrderBoxes,
  findReceipt,
  insertBox,
  insertReceipt,
  judgedAgain,
  saveBox,
  saveReceipt,
} from './store.js';

interface NewItem {
  vendorItemId?: string | number;
  vendorItemName?: string;
  sellerProductId?: string | number;
  sellerProductName?: string;
  sellerProductItemName?: string;
  shippingCount?: number;
  salesPrice?: number;
  discountPrice?: number;
}

export interface NewOrder {
  items: NewItem[];
  orderer?: Partial<Orderer>;
  receiver?: Partial<Receiver>;
  shippingPrice?: number;
  remotePrice?: number;
  remoteArea?: boolean;
  parcelPrintMessage?: string;
  orderId?: string | number;
}

const DEFAULT_ORDERER: Orderer = {
  name: '구매자',
  email: '',
  safeNumber: '0502-0000-0000',
  ordererNumber: null,
};
const DEFAULT_RECEIVER: Receiver = {
  name: '수취인',
  safeNumber: '0502-0000-0001',
  receiverNumber: null,
  addr1: '서울특별시 송파구 송파대로 570',
  addr2: '101호',
  postCode: '05510',
};

const ITEM_ID = /^\d{1,19}$/;
const conflict = (box: OrderBox, action: string) =>
  new ApiError(
    409,
    `the box ${box.shipmentBoxId} is ${isOpen(box) ? box.status : 'closed'}: ${action} is not possible`,
  );
const unknownBox = (id: string) => new ApiError(404, `unknown shipmentBoxId: ${id}`);

/** `POST /sandbox/vendors/{vendorId}/orders`: a new box, `ACCEPT`, of a new order or of `orderId`. */
export async function placeOrder(
  ctx: AppContext,
  vendorId: string,
  order: NewOrder,
  nowMs: number,
): Promise<OrderBox> {
  const seen = new Set<string>();
  for (const [i, item] of order.items.entries()) {
    if (item.vendorItemId === undefined) continue;
    const id = String(item.vendorItemId);
    if (!ITEM_ID.test(id)) throw new ApiError(400, `items[${i}].vendorItemId must be 1 to 19 digits`);
    if (seen.has(id)) throw new ApiError(400, `items[${i}].vendorItemId repeats ${id}`);
    seen.add(id);
  }
  const orderId = order.orderId === undefined ? undefined : String(order.orderId);
  const sibling = orderId === undefined ? undefined : (await findOrderBoxes(ctx.db, vendorId, orderId))[0];
  if (orderId !== undefined && !sibling) throw new ApiError(404, `unknown orderId: ${orderId}`);
  return ctx.writes.transaction(async (trx) => {
    const boxNumber = await drawNumber(trx, 'boxes');
    const itemNumbers = await drawNumbers(trx, 'items', order.items.length);
    const productNumbers = await drawNumbers(trx, 'products', order.items.length);
    const items: OrderItem[] = order.items.map((item, i) => ({
      vendorItemId:
        item.vendorItemId === undefined
          ? vendorItemIdOf(itemNumbers[i] as number)
          : BigInt(item.vendorItemId).toString(),
      vendorItemName: item.vendorItemName ?? `상품 ${i + 1}`,
      sellerProductId:
        item.sellerProductId === undefined
          ? sellerProductIdOf(productNumbers[i] as number)
          : BigInt(item.sellerProductId).toString(),
      sellerProductName: item.sellerProductName ?? `판매상품 ${i + 1}`,
      sellerProductItemName: item.sellerProductItemName ?? '기본',
      shippingCount: item.shippingCount ?? 1,
      salesPrice: item.salesPrice ?? 10000,
      discountPrice: item.discountPrice ?? 0,
      cancelCount: 0,
      holdCountForCancel: 0,
      returningCount: 0,
    }));
    const box: OrderBox = {
      shipmentBoxId: shipmentBoxIdOf(boxNumber),
      orderId: sibling?.orderId ?? orderIdOf(await drawNumber(trx, 'orders')),
      vendorId,
      status: 'ACCEPT',
      paidAtMs: nowMs,
      orderer: sibling?.orderer ?? { ...DEFAULT_ORDERER, ...order.orderer },
      receiver: sibling?.receiver ?? { ...DEFAULT_RECEIVER, ...order.receiver },
      shippingPrice: order.shippingPrice ?? 0,
      remotePrice: order.remotePrice ?? 0,
      remoteArea: order.remoteArea ?? false,
      parcelPrintMessage: order.parcelPrintMessage ?? '',
      items,
      invoice: null,
      deliveredAtMs: null,
      history: [{ status: 'ACCEPT', atMs: nowMs }],
      version: 1,
    };
    await insertBox(trx, box);
    return box;
  });
}

/** Runs a buyer's or courier's action on a box: found (404), allowed by the table (409), written conditionally. */
async function onBox<T>(
  ctx: AppContext,
  vendorId: string,
  shipmentBoxId: string,
  action: BoxAction,
  act: (box: OrderBox) => Promise<T>,
): Promise<T> {
  return judgedAgain(async () => {
    const box = await findBox(ctx.db, vendorId, shipmentBoxId);
    if (!box) throw unknownBox(shipmentBoxId);
    if (!boxTransition(action, box.status, isOpen(box)).ok) throw conflict(box, action);
    return act(box);
  });
}

/** `PUT …/receiver`: in `ACCEPT` only (the buyer may change the address before the seller prepares). */
export function changeReceiver(
  ctx: AppContext,
  vendorId: string,
  shipmentBoxId: string,
  change: Partial<Pick<Receiver, 'name' | 'safeNumber' | 'addr1' | 'addr2' | 'postCode'>>,
): Promise<OrderBox> {
  return onBox(ctx, vendorId, shipmentBoxId, 'changeReceiver', (box) =>
    ctx.writes.statement((db) => saveBox(db, { ...box, receiver: { ...box.receiver, ...change } })),
  );
}

export interface UnitRequest {
  vendorItemId: string | number;
  count: number;
}

/** The units asked for, each within what is left of its item (400 naming `count` or `vendorItemId`); default all left. */
function unitsAsked(box: OrderBox, asked: UnitRequest[] | undefined): Map<string, number> {
  const counts = new Map<string, number>();
  if (asked === undefined) {
    for (const item of box.items) if (unitsLeft(item) > 0) counts.set(item.vendorItemId, unitsLeft(item));
  }
  for (const [i, request] of (asked ?? []).entries()) {
    const id = String(request.vendorItemId);
    const item = box.items.find((it) => it.vendorItemId === id);
    if (!item) throw new ApiError(400, `items[${i}].vendorItemId ${id} is not an item of the box`);
    const total = (counts.get(id) ?? 0) + request.count;
    if (total > unitsLeft(item))
      throw new ApiError(400, `items[${i}].count is more than the ${unitsLeft(item)} units left`);
    counts.set(id, total);
  }
  if ([...counts.values()].every((n) => n === 0))
    throw new ApiError(400, 'count: no unit of the box is left to ask for');
  return counts;
}

/** A new receipt's fields common to every kind, the items those of `counts`. */
export function newReceipt(
  box: OrderBox,
  receiptId: string,
  counts: Map<string, number>,
  nowMs: number,
  rest: Pick<Receipt, 'receiptType' | 'status' | 'releaseStopStatus' | 'reasons'> & Partial<Receipt>,
): Receipt {
  const items: ReceiptItem[] = box.items
    .filter((item) => (counts.get(item.vendorItemId) ?? 0) > 0)
    .map((item) => ({
      vendorItemId: item.vendorItemId,
      vendorItemName: item.vendorItemName,
      sellerProductId: item.sellerProductId,
      sellerProductName: item.sellerProductName,
      purchaseCount: item.shippingCount,
      cancelCount: counts.get(item.vendorItemId) ?? 0,
      releaseStatus: box.status === 'ACCEPT' || box.status === 'INSTRUCT' ? 'N' : 'Y',
    }));
  return {
    receiptId,
    vendorId: box.vendorId,
    orderId: box.orderId,
    paymentId: paymentIdOf(box.orderId),
    shipmentBoxId: box.shipmentBoxId,
    createdAtMs: nowMs,
    modifiedAtMs: nowMs,
    requester: requesterOf(box),
    reasonCode: '',
    faultByType: 'CUSTOMER',
    items,
    returnDeliveryId: 0,
    returnDeliveryDtos: [],
    completeConfirmType: 'UNDEFINED',
    completeConfirmDateMs: null,
    version: 1,
    ...rest,
  };
}

/** The box with `counts` added to a per-item counter. */
export function counted(
  box: OrderBox,
  counts: Map<string, number>,
  field: 'cancelCount' | 'holdCountForCancel' | 'returningCount',
): OrderBox {
  return {
    ...box,
    items: box.items.map((item) => ({
      ...item,
      [field]: item[field] + (counts.get(item.vendorItemId) ?? 0),
    })),
  };
}

/**
 * `POST …/buyer-cancel`: in `ACCEPT` a `CANCEL` receipt, born completed, the units cancelled; in
 * `INSTRUCT` a stop-shipment request (`RETURN`, `RELEASE_STOP_UNCHECKED`), the units held.
 */
export function buyerCancel(
  ctx: AppContext,
  vendorId: string,
  shipmentBoxId: string,
  request: { items?: UnitRequest[]; reason?: string },
  nowMs: number,
): Promise<Receipt> {
  return onBox(ctx, vendorId, shipmentBoxId, 'buyerCancel', (box) => {
    const counts = unitsAsked(box, request.items);
    const reasons = { ...BUYER_REASONS, reason: request.reason ?? '' };
    return ctx.writes.transaction(async (trx) => {
      const receiptId = receiptIdOf(await drawNumber(trx, 'receipts'));
      const accepted = box.status === 'ACCEPT';
      const receipt = newReceipt(box, receiptId, counts, nowMs, {
        receiptType: accepted ? 'CANCEL' : 'RETURN',
        status: accepted ? 'RETURNS_COMPLETED' : 'RELEASE_STOP_UNCHECKED',
        releaseStopStatus: accepted ? '비대상' : '미처리',
        reasons,
      });
      await saveBox(trx, counted(box, counts, accepted ? 'cancelCount' : 'holdCountForCancel'));
      await insertReceipt(trx, receipt);
      return receipt;
    });
  });
}

/** `POST …/return`: after delivery, a return request waiting for the courier and the seller. */
export function buyerReturn(
  ctx: AppContext,
  vendorId: string,
  shipmentBoxId: string,
  request: { items?: UnitRequest[]; reason?: string; faultByType?: string; reasonCode?: string },
  nowMs: number,
): Promise<Receipt> {
  return onBox(ctx, vendorId, shipmentBoxId, 'buyerReturn', (box) => {
    const counts = unitsAsked(box, request.items);
    return ctx.writes.transaction(async (trx) => {
      const number = await drawNumber(trx, 'receipts');
      const receipt = newReceipt(box, receiptIdOf(number), counts, nowMs, {
        receiptType: 'RETURN',
        status: 'RETURNS_UNCHECKED',
        releaseStopStatus: '비대상',
        reasons: { ...BUYER_REASONS, reason: request.reason ?? '' },
        reasonCode: request.reasonCode ?? 'CHANGEMIND',
        faultByType: request.faultByType ?? 'CUSTOMER',
        returnDeliveryId: 500_000_000 + number,
      });
      await saveBox(trx, counted(box, counts, 'returningCount'));
      await insertReceipt(trx, receipt);
      return receipt;
    });
  });
}

/** `POST …/advance`: the courier moves a tracked box on (`to`, default the next status); `deliveredDate` on arrival. */
export function advance(
  ctx: AppContext,
  vendorId: string,
  shipmentBoxId: string,
  to: string | undefined,
  nowMs: number,
) {
  if (to !== undefined && !isBoxStatus(to))
    throw new ApiError(400, `to must be DELIVERING or FINAL_DELIVERY, not ${to}`);
  return onBox(ctx, vendorId, shipmentBoxId, 'advance', async (box) => {
    const step = boxTransition('advance', box.status, true, to as BoxStatus | undefined);
    if (!step.ok) throw conflict(box, `advance to ${to}`);
    const next = moved(box, step.to, nowMs);
    if (step.to === 'FINAL_DELIVERY') next.deliveredAtMs = nowMs;
    return ctx.writes.statement((db) => saveBox(db, next));
  });
}

/** `POST /sandbox/vendors/{vendorId}/receipts/{receiptId}/pickup`: the courier picks a return up. */
export function pickup(
  ctx: AppContext,
  vendorId: string,
  receiptId: string,
  request: { deliveryCompanyCode?: string; invoiceNumber?: string },
  nowMs: number,
): Promise<Receipt> {
  const company = request.deliveryCompanyCode ?? 'CJGLS';
  if (!isCourierCode(company))
    throw new ApiError(400, `deliveryCompanyCode ${company} is not a Coupang courier code`);
  return judgedAgain(async () => {
    const receipt = await findReceipt(ctx.db, vendorId, receiptId);
    if (!receipt) throw new ApiError(404, `unknown receiptId: ${receiptId}`);
    if (receipt.receiptType !== 'RETURN' || !receiptTransition('pickup', receipt.status).ok)
      throw new ApiError(409, `the receipt ${receiptId} is ${receipt.status}: pickup is not possible`);
    const invoiceNumber =
      request.invoiceNumber ??
      String(randomInt(100_000, 1_000_000)).padStart(6, '0') + String(randomInt(100_000, 1_000_000));
    return ctx.writes.statement((db) =>
      saveReceipt(db, {
        ...receipt,
        modifiedAtMs: nowMs,
        returnDeliveryDtos: [
          ...receipt.returnDeliveryDtos,
          { deliveryCompanyCode: company, deliveryInvoiceNo: invoiceNumber },
        ],
      }),
    );
  });
}
