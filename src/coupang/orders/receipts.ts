/**
 * The seller's answers to receipts: stop shipment (stoppedShipment, completedShipment),
 * receive confirmation and approval. Each judged by the receipt table (`machine.ts`), the receipt
 * and its box written together and conditionally: of concurrent answers one lands.
 */
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import type { OrderBox } from './box.js';
import { readCount } from './ids.js';
import { type ReceiptAction, receiptTransition } from './machine.js';
import { orderMessages as m, receiptMessages as rm } from './messages.js';
import { cancelCountSum, type Receipt } from './receipt.js';
import { findBox, findReceipt, judgedAgain, saveBox, saveReceipt } from './store.js';

/** The wrong-state answer of each seller action. */
const wrongState: Partial<Record<ReceiptAction, (status: string) => string>> = {
  stoppedShipment: rm.notStopRequest,
  completedShipment: rm.notStopRequest,
  receiveConfirmation: rm.notUnchecked,
  approval: rm.noWarehouseConfirm,
};

export type SellerReceiptAction =
  'stoppedShipment' | 'completedShipment' | 'receiveConfirmation' | 'approval';

export interface ReceiptAnswer {
  /** `cancelCount`, for the actions that take it. */
  cancelCount?: number;
  /** completedShipment's invoice. */
  delivery?: { deliveryCompanyCode: string; invoiceNumber: string };
}

/** Moves `box`'s units of `receipt` from one counter to another (held or returning to cancelled, or released). */
function settled(
  box: OrderBox,
  receipt: Receipt,
  from: 'holdCountForCancel' | 'returningCount',
  cancel: boolean,
): OrderBox {
  const counts = new Map(receipt.items.map((item) => [item.vendorItemId, item.cancelCount]));
  return {
    ...box,
    items: box.items.map((item) => {
      const n = counts.get(item.vendorItemId) ?? 0;
      return { ...item, [from]: item[from] - n, cancelCount: item.cancelCount + (cancel ? n : 0) };
    }),
  };
}

/**
 * Runs a seller's answer on a receipt: unknown → 400, already completed → 400 `Product is
 * already returned.`, another state → the action's 400, a `cancelCount` other than the
 * receipt's → 500; then the receipt and its box change together.
 */
export async function answerReceipt(
  ctx: AppContext,
  vendorId: string,
  receiptId: string,
  action: SellerReceiptAction,
  answer: ReceiptAnswer,
  nowMs: number,
): Promise<Receipt> {
  return judgedAgain(async () => {
    const receipt = await findReceipt(ctx.db, vendorId, receiptId);
    if (!receipt) throw new ApiError(400, rm.receiptUnknown(receiptId));
    const step = receiptTransition(action, receipt.status);
    if (!step.ok) {
      if (receipt.status === 'RETURNS_COMPLETED') throw new ApiError(400, rm.alreadyReturned);
      throw new ApiError(400, (wrongState[action] as (s: string) => string)(receipt.status));
    }
    if (answer.cancelCount !== undefined && answer.cancelCount !== cancelCountSum(receipt))
      throw new ApiError(500, rm.countMismatch);
    const box = await findBox(ctx.db, vendorId, receipt.shipmentBoxId);
    if (!box) throw new ApiError(400, rm.receiptUnknown(receiptId));
    let next: Receipt = { ...receipt, status: step.to, modifiedAtMs: nowMs };
    let nextBox: OrderBox | undefined;
    if (action === 'stoppedShipment') {
      next = {
        ...next,
        releaseStopStatus: '처리(출고중지)',
        completeConfirmType: 'VENDOR_CONFIRM',
        completeConfirmDateMs: nowMs,
      };
      nextBox = settled(box, receipt, 'holdCountForCancel', true);
    } else if (action === 'completedShipment' && answer.delivery) {
      // Already shipped: the units go to the buyer after all, so the hold is released uncancelled.
      next = {
        ...next,
        releaseStopStatus: '처리(이미출고)',
        completeConfirmType: 'VENDOR_CONFIRM',
        completeConfirmDateMs: nowMs,
        returnDeliveryDtos: [
          ...receipt.returnDeliveryDtos,
          {
            deliveryCompanyCode: answer.delivery.deliveryCompanyCode,
            deliveryInvoiceNo: answer.delivery.invoiceNumber,
          },
        ],
      };
      nextBox = settled(box, receipt, 'holdCountForCancel', false);
    } else if (action === 'approval') {
      next = { ...next, completeConfirmType: 'VENDOR_CONFIRM', completeConfirmDateMs: nowMs };
      nextBox = settled(box, receipt, 'returningCount', true);
    }
    return ctx.writes.transaction(async (trx) => {
      const saved = await saveReceipt(trx, next);
      if (nextBox) await saveBox(trx, nextBox);
      return saved;
    });
  });
}

/** A count of a body, or the 400 naming it. */
export function requiredCount(body: Record<string, unknown>, name: string): number {
  const count = readCount(body[name]);
  if (count === undefined) throw new ApiError(400, m.field(name));
  return count;
}
