/**
 * Seller cancel's checks (pure), in the 2019 doc's order: the body's fields, then the order and
 * its box. The first broken rule is the answer (400, the failure envelope).
 */
import { fail, type RuleResult } from '../values.js';
import { type OrderBox, unitsLeft } from './box.js';
import { readCount, readId } from './ids.js';
import { boxTransition } from './machine.js';
import { cancelMessages as c, orderMessages as m } from './messages.js';
import { isOpen } from './box.js';

export interface CancelRequest {
  orderId: string;
  /** Units asked per vendorItemId, repeated ids summed, in the order first asked. */
  counts: Map<string, number>;
}

const MIDDLE_CODES = ['CCTTER', 'CCPNER', 'CCPRER'];
const absent = (v: unknown) => v === undefined || v === null || v === '';

/** Rules 1–9: the body alone, with the path's vendorId and the vendor's WING users. */
export function checkCancelBody(
  body: Record<string, unknown>,
  vendor: { vendorId: string; userIds: readonly string[] },
): RuleResult<CancelRequest> {
  const orderId = readId(body.orderId);
  if (!orderId.ok && orderId.problem === 'fraction') return fail(m.idFraction('orderId'));
  if (!orderId.ok || orderId.id === '0') return fail(c.orderId);
  const itemIds = body.vendorItemIds;
  if (!Array.isArray(itemIds) || itemIds.length === 0) return fail(c.vendorItemIds);
  const counts = body.receiptCounts;
  if (!Array.isArray(counts) || counts.length === 0) return fail(c.receiptCounts);
  if (itemIds.length !== counts.length) return fail(c.lengths);
  const read = counts.map(readCount);
  if (read.some((n) => n === undefined || n <= 0)) return fail(c.receiptCounts);
  if (absent(body.bigCancelCode)) return fail(c.bigCancelCodeMissing);
  if (body.bigCancelCode !== 'CANERR') return fail(c.bigCancelCode);
  if (absent(body.middleCancelCode)) return fail(c.middleCancelCodeMissing);
  if (typeof body.middleCancelCode !== 'string' || !MIDDLE_CODES.includes(body.middleCancelCode))
    return fail(c.middleCancelCode);
  if (body.vendorId !== vendor.vendorId) return fail(c.vendorId);
  if (typeof body.userId !== 'string' || !vendor.userIds.includes(body.userId)) return fail(c.userId);
  const asked = new Map<string, number>();
  for (const [i, raw] of itemIds.entries()) {
    const id = readId(raw);
    // An id that cannot be one is an item the order does not have.
    const key = id.ok ? id.id : String(raw);
    asked.set(key, (asked.get(key) ?? 0) + (read[i] as number));
  }
  return { ok: true, value: { orderId: orderId.id, counts: asked } };
}

export interface CancelPlan {
  box: OrderBox;
  /** Units to cancel, per item. */
  done: Map<string, number>;
  /** Items asked for more than is left, beside valid ones (`INSTRUCT` only). */
  failed: string[];
}

/** Rules 10–15: against the order's boxes. */
export function planCancel(
  request: CancelRequest,
  pathOrderId: string,
  boxes: OrderBox[],
): RuleResult<CancelPlan> {
  if (boxes.length === 0 || request.orderId !== pathOrderId) return fail(c.orderUnknown);
  const boxOf = new Map<string, OrderBox>();
  for (const id of request.counts.keys()) {
    const box = boxes.find((b) => b.items.some((item) => item.vendorItemId === id));
    if (!box) return fail(c.itemUnknown(id));
    boxOf.set(id, box);
  }
  const targets = new Set(boxOf.values());
  if (targets.size > 1) return fail(c.twoBoxes);
  const box = [...targets][0] as OrderBox;
  if (!boxTransition('sellerCancel', box.status, isOpen(box)).ok) return fail(c.wrongState);
  const left = new Map(box.items.map((item) => [item.vendorItemId, unitsLeft(item)]));
  const over = [...request.counts].filter(([id, n]) => n > (left.get(id) ?? 0)).map(([id]) => id);
  if (box.status === 'ACCEPT') {
    // A paid order is cancelled whole: every unit left of every item, no more, no less.
    const whole = box.items.every(
      (item) => unitsLeft(item) === 0 || request.counts.get(item.vendorItemId) === unitsLeft(item),
    );
    if (!whole && over.length < request.counts.size) return fail(c.partial);
  }
  if (over.length === request.counts.size) return fail(c.overCount);
  const done = new Map([...request.counts].filter(([id]) => !over.includes(id)));
  return { ok: true, value: { box, done, failed: over } };
}
