/**
 * The invoice upload and update rules (pure): how a body's invoices are read, and how one box is
 * judged against its invoices, the contract's table rows 1–11 in order, first match.
 */
import { isCourierCode } from '../couriers.js';
import { isPlainObject } from '../values.js';
import { isOpen, itemCanceled, type OrderBox } from './box.js';
import { readId } from './ids.js';
import { boxTransition } from './machine.js';
import { orderMessages as m, resultMessages as r } from './messages.js';

export interface InvoiceLine {
  shipmentBoxId: string;
  orderId: string;
  vendorItemId: string;
  deliveryCompanyCode: string;
  invoiceNumber: string;
  split: boolean;
}

const DTOS = 'orderSheetInvoiceApplyDtos';

/** `true`/`false` as booleans or text in any case; absent is false. */
function readFlag(value: unknown): boolean | undefined {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  return undefined;
}

/**
 * The invoices of a body, each field read, or the 400 naming the first bad field. A courier
 * code that is no current one is not judged here: it fails the whole call with a 500 after.
 */
export function readInvoiceLines(
  body: Record<string, unknown>,
): { ok: true; lines: InvoiceLine[] } | { ok: false; message: string } {
  const dtos = body[DTOS];
  if (!Array.isArray(dtos) || dtos.length === 0) return { ok: false, message: m.invoiceDtosEmpty };
  const lines: InvoiceLine[] = [];
  for (const [i, dto] of dtos.entries()) {
    const name = (field: string) => `${DTOS}[${i}].${field}`;
    if (!isPlainObject(dto)) return { ok: false, message: m.field(`${DTOS}[${i}]`) };
    const ids: Record<'shipmentBoxId' | 'orderId' | 'vendorItemId', string> = {
      shipmentBoxId: '',
      orderId: '',
      vendorItemId: '',
    };
    for (const field of ['shipmentBoxId', 'orderId', 'vendorItemId'] as const) {
      const read = readId(dto[field]);
      if (!read.ok)
        return {
          ok: false,
          message: read.problem === 'fraction' ? m.idFraction(name(field)) : m.field(name(field)),
        };
      ids[field] = read.id;
    }
    const courier = dto.deliveryCompanyCode;
    if (typeof courier !== 'string' || courier === '')
      return { ok: false, message: m.field(name('deliveryCompanyCode')) };
    const number = dto.invoiceNumber;
    let invoiceNumber: string;
    if (typeof number === 'string') invoiceNumber = number;
    else if (
      (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) ||
      (typeof number === 'bigint' && number >= 0n)
    )
      invoiceNumber = number.toString();
    else return { ok: false, message: m.field(name('invoiceNumber')) };
    const splitShipping = readFlag(dto.splitShipping);
    if (splitShipping === undefined) return { ok: false, message: m.field(name('splitShipping')) };
    const preSplitShipped = readFlag(dto.preSplitShipped);
    if (preSplitShipped === undefined) return { ok: false, message: m.field(name('preSplitShipped')) };
    lines.push({
      ...ids,
      deliveryCompanyCode: courier,
      invoiceNumber,
      split: splitShipping || preSplitShipped,
    });
  }
  return { ok: true, lines };
}

/** True when every courier code of the call is a current one; else the call answers 500 `internal exception`. */
export const knownCouriers = (lines: InvoiceLine[]) =>
  lines.every((l) => isCourierCode(l.deliveryCompanyCode));

/** The invoices of one box, in the order sent: the box's results come in the order of its first. */
export function groupByBox(lines: InvoiceLine[]): Map<string, InvoiceLine[]> {
  const groups = new Map<string, InvoiceLine[]>();
  for (const line of lines) {
    const group = groups.get(line.shipmentBoxId) ?? [];
    group.push(line);
    groups.set(line.shipmentBoxId, group);
  }
  return groups;
}

export interface BoxResult {
  succeed: boolean;
  resultCode: string;
  retryRequired: boolean;
  resultMessage: string | null;
}

const refused = (resultCode: string, retryRequired: boolean, resultMessage: string): BoxResult => ({
  succeed: false,
  resultCode,
  retryRequired,
  resultMessage,
});

export const INVOICE_OK: BoxResult = {
  succeed: true,
  resultCode: 'OK',
  retryRequired: false,
  resultMessage: null,
};

const INVOICE_NUMBER = /^[A-Za-z0-9-]{1,30}$/;
/** How long an invoice number stays taken by another receiver: six months (contract decision). */
export const REUPLOAD_WINDOW_MS = 184 * 86_400_000;

export type InvoiceAction = 'uploadInvoice' | 'updateInvoice';

/**
 * Judges one box's invoices, rows 1–10 of the contract's table (row 11 needs the other boxes:
 * `reuploadRefused`). Undefined: the box may take the invoice.
 */
export function judgeInvoice(
  action: InvoiceAction,
  box: OrderBox | undefined,
  lines: InvoiceLine[],
): BoxResult | undefined {
  const first = lines[0] as InvoiceLine;
  if (!box || lines.some((l) => l.orderId !== box.orderId))
    return refused('NOT_FOUND_SHIPMENT_BOX', false, r.notFound(first.shipmentBoxId));
  if (!isOpen(box)) return refused('ORDER_DELIVERY_CANCELED', false, r.canceled);
  const open = box.items.filter((item) => !itemCanceled(item));
  const held = open.reduce((n, item) => n + item.holdCountForCancel, 0);
  if (held > 0) {
    const left = open.reduce((n, item) => n + item.shippingCount - item.cancelCount, 0);
    return held >= left
      ? refused('ORDER_DELIVERY_CANCELED', false, r.stopRequested)
      : refused('ORDER_DELIVERY_PARTIAL_STOP_REQUESTED', true, r.stopRequested);
  }
  if (!boxTransition(action, box.status, true).ok)
    return refused('INVALID_STATUS', false, r.invalidDeliveryStatus(box.shipmentBoxId, box.orderId));
  if (lines.some((l) => l.split)) {
    if (lines.some((l) => l.deliveryCompanyCode === 'DIRECT'))
      return refused('NOT_ALLOW_VENDOR_DIRECT', false, r.directNotSplit);
    if (box.items.length === 1)
      return refused('NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM', false, r.oneItemNotSplit);
    if (action === 'updateInvoice')
      return refused('NOT_ALLOW_SEPARATE_AFTER_NORMAL_DELIVERY', false, r.splitAfterNormal);
    return refused('UNDEFINED_ERROR_OCCUR', false, r.unknownError);
  }
  const sent = new Set(lines.map((l) => l.vendorItemId));
  const inBox = new Set(box.items.map((item) => item.vendorItemId));
  if (open.some((item) => !sent.has(item.vendorItemId)) || [...sent].some((id) => !inBox.has(id)))
    return refused('NOT_FOUND_VENDOR_ITEM', false, r.missingItem);
  if (
    lines.some(
      (l) => l.deliveryCompanyCode !== first.deliveryCompanyCode || l.invoiceNumber !== first.invoiceNumber,
    ) ||
    !INVOICE_NUMBER.test(first.invoiceNumber)
  )
    return refused('INVALID_INVOICE_NUMBER', true, r.invalidInvoice);
  return undefined;
}

/** Row 11: the number is another receiver's, on a box of the vendor uploaded in the window (never for `DIRECT`). */
export function reuploadRefused(box: OrderBox, line: InvoiceLine, others: OrderBox[]): BoxResult | undefined {
  if (line.deliveryCompanyCode === 'DIRECT') return undefined;
  const same = (o: OrderBox) =>
    o.receiver.name === box.receiver.name &&
    o.receiver.addr1 === box.receiver.addr1 &&
    o.receiver.addr2 === box.receiver.addr2;
  return others.some((o) => !same(o))
    ? refused('NOT_ALLOW_INVOICE_NUMBER_RE_UPLOAD', false, r.reupload)
    : undefined;
}

/** `responseCode` of a batch: 0 all succeeded, 1 some, 99 none. */
export function batchCode(results: { succeed: boolean }[]): 0 | 1 | 99 {
  const succeeded = results.filter((x) => x.succeed).length;
  if (succeeded === results.length) return 0;
  return succeeded === 0 ? 99 : 1;
}
