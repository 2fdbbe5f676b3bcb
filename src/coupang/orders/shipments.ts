/**
 * The seller's shipment actions on boxes, box by box: acknowledgement and invoices. Each box is
 * judged and written on its own (a conditional update), so a box's refusal changes nothing of it
 * and of two concurrent calls on one box only one succeeds. A call's boxes are written in one
 * transaction: one commit for the batch rather than one per box.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { retryingRaces } from '../../db/retry.js';
import type { Tables } from '../../db/schema.js';
import { isOpen, type OrderBox } from './box.js';
import type { BoxStatus } from './machine.js';
import { boxTransition } from './machine.js';
import { resultMessages as r } from './messages.js';
import {
  type BoxResult,
  batchCode,
  INVOICE_OK,
  type InvoiceAction,
  type InvoiceLine,
  judgeInvoice,
  REUPLOAD_WINDOW_MS,
  reuploadRefused,
} from './invoice-rules.js';
import { boxesWithInvoice, findBox, judgedAgain, saveBox } from './store.js';

type ResultItem = BoxResult & { shipmentBoxId: bigint };

/** A box moved to `to` at `nowMs`, its history extended. */
export function moved(box: OrderBox, to: BoxStatus, nowMs: number): OrderBox {
  return to === box.status
    ? box
    : { ...box, status: to, history: [...box.history, { status: to, atMs: nowMs }] };
}

const ACK_OK: BoxResult = {
  succeed: true,
  resultCode: 'OK',
  retryRequired: false,
  resultMessage: r.acknowledged,
};
const ACK_INVALID: BoxResult = {
  succeed: false,
  resultCode: 'INVALID_STATUS',
  retryRequired: false,
  resultMessage: r.cannotChangeStatus,
};

/**
 * A call's boxes, judged and written in one transaction (`db`). PostgreSQL may end one of two
 * calls locking the same boxes in other orders (a deadlock): the call is then run again whole.
 */
function inOneTransaction<T>(ctx: AppContext, work: (db: Kysely<Tables>) => Promise<T>): Promise<T> {
  return retryingRaces(() => ctx.writes.transaction(work));
}

async function acknowledgeOne(
  db: Kysely<Tables>,
  vendorId: string,
  id: string,
  nowMs: number,
): Promise<BoxResult> {
  return judgedAgain(async () => {
    const box = await findBox(db, vendorId, id);
    if (!box)
      return {
        succeed: false,
        resultCode: 'NOT_FOUND_SHIPMENT_BOX',
        retryRequired: true,
        resultMessage: r.notFound(id),
      };
    const step = boxTransition('acknowledge', box.status, isOpen(box));
    if (!step.ok) return ACK_INVALID;
    await saveBox(db, moved(box, step.to, nowMs));
    return ACK_OK;
  });
}

/** `ordersheets/acknowledgement`: `ACCEPT` → `INSTRUCT`, one result per id in order; an id repeated in the call is refused. */
export async function acknowledge(ctx: AppContext, vendorId: string, ids: string[], nowMs: number) {
  const responseList = await inOneTransaction(ctx, async (db) => {
    const seen = new Set<string>();
    const list: ResultItem[] = [];
    for (const id of ids) {
      const result = seen.has(id) ? ACK_INVALID : await acknowledgeOne(db, vendorId, id, nowMs);
      seen.add(id);
      list.push({ shipmentBoxId: BigInt(id), ...result });
    }
    return list;
  });
  const responseCode = batchCode(responseList);
  const outcome =
    responseCode === 0 ? 'All succeeded.' : responseCode === 1 ? 'Partial errors.' : 'All Failed.';
  return {
    responseKey: randomBytes(8).readBigInt64BE(),
    responseCode,
    responseMessage: r.ackSummary(outcome),
    responseList,
  };
}

async function invoiceOne(
  db: Kysely<Tables>,
  vendorId: string,
  action: InvoiceAction,
  lines: InvoiceLine[],
  nowMs: number,
): Promise<BoxResult> {
  const first = lines[0] as InvoiceLine;
  return judgedAgain(async () => {
    const box = await findBox(db, vendorId, first.shipmentBoxId);
    const refusal = judgeInvoice(action, box, lines);
    if (refusal || !box) return refusal as BoxResult;
    const others = await boxesWithInvoice(db, {
      vendorId,
      company: first.deliveryCompanyCode,
      invoiceNumber: first.invoiceNumber,
      except: box.shipmentBoxId,
      sinceMs: nowMs - REUPLOAD_WINDOW_MS,
    });
    const taken = reuploadRefused(box, first, others);
    if (taken) return taken;
    const step = boxTransition(
      action,
      box.status,
      true,
      first.deliveryCompanyCode === 'DIRECT' ? 'NONE_TRACKING' : 'DEPARTURE',
    );
    // judgeInvoice let the status through, so the table has this move.
    if (!step.ok) throw new Error(`no ${action} from ${box.status}`);
    // One history entry per status entered: an update of a box already DEPARTURE adds none.
    const next: OrderBox = {
      ...moved(box, step.to, nowMs),
      invoice: {
        deliveryCompanyCode: first.deliveryCompanyCode,
        invoiceNumber: first.invoiceNumber,
        uploadedAtMs: nowMs,
      },
      deliveredAtMs: null,
    };
    await saveBox(db, next);
    return INVOICE_OK;
  });
}

/** `orders/invoices` and `orders/updateInvoices`: one result per box, first seen first. */
export async function applyInvoices(
  ctx: AppContext,
  vendorId: string,
  action: InvoiceAction,
  groups: Map<string, InvoiceLine[]>,
  nowMs: number,
) {
  const responseList = await inOneTransaction(ctx, async (db) => {
    const list: ResultItem[] = [];
    for (const [id, lines] of groups) {
      list.push({ shipmentBoxId: BigInt(id), ...(await invoiceOne(db, vendorId, action, lines, nowMs)) });
    }
    return list;
  });
  const responseCode = batchCode(responseList);
  const responseMessage = responseCode === 0 ? 'SUCCESS' : responseCode === 1 ? 'PARTIAL_ERROR' : 'FAILED';
  return { responseCode, responseMessage, responseList };
}
