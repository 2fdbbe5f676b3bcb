/**
 * `POST /payments/cancel`, pure: reading its body (JSON or form, numbers as numeric strings,
 * booleans as "true"/"false") and judging a cancel against the payment, in the contract's order.
 */
import type { PaymentRow } from '../db/schema.js';
import { messages } from './messages.js';

const say = messages.cancel;

export interface CancelRequest {
  impUid: string | undefined;
  merchantUid: string | undefined;
  /** Undefined: the whole balance (missing, null or 0). */
  amount: number | undefined;
  taxFree: number | undefined;
  vatAmount: number | undefined;
  /** Undefined: not checked. */
  checksum: number | undefined;
  reason: string;
  enableWebhook: boolean;
}

/** The largest amount a cancel may name: every engine stores it exactly. */
const MAX_AMOUNT = Number.MAX_SAFE_INTEGER;

/** A whole number of 0 or more, as a JSON number or its digits; undefined when not given (null, ""). */
function readNumber(body: Record<string, unknown>, field: string): number | undefined | Error {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+\s*$/.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_AMOUNT) return new Error(say.notNumber(field));
  return n;
}

function readText(body: Record<string, unknown>, field: string): string | undefined | Error {
  const value = body[field];
  if (value === undefined || value === null || value === '') return undefined;
  return typeof value === 'string' ? value : new Error(say.notText(field));
}

function readBoolean(body: Record<string, unknown>, field: string): boolean | Error {
  const value = body[field];
  if (value === undefined || value === null || value === '' || value === false || value === 'false')
    return false;
  if (value === true || value === 'true') return true;
  return new Error(say.notBoolean(field));
}

/**
 * The cancel asked for, or the 400 problem of its body (check 3 and the types of the other
 * fields). Unknown fields are ignored: the Java client always sends `escrow_confirmed`, forms
 * send `extra[requester]`.
 */
export function readCancelRequest(body: Record<string, unknown>): CancelRequest | { problem: string } {
  const amount = readNumber(body, 'amount');
  const checksum = readNumber(body, 'checksum');
  const taxFree = readNumber(body, 'tax_free');
  const vatAmount = readNumber(body, 'vat_amount');
  const impUid = readText(body, 'imp_uid');
  const merchantUid = readText(body, 'merchant_uid');
  const reason = readText(body, 'reason');
  const enableWebhook = readBoolean(body, 'enable_webhook');
  const retainPromotion = readBoolean(body, 'retain_promotion');
  for (const read of [
    amount,
    checksum,
    taxFree,
    vatAmount,
    impUid,
    merchantUid,
    reason,
    enableWebhook,
    retainPromotion,
  ]) {
    if (read instanceof Error) return { problem: read.message };
  }
  return {
    impUid: impUid as string | undefined,
    merchantUid: merchantUid as string | undefined,
    amount: amount === 0 ? undefined : (amount as number | undefined),
    taxFree: taxFree as number | undefined,
    vatAmount: vatAmount as number | undefined,
    checksum: checksum as number | undefined,
    reason: (reason as string | undefined) ?? '',
    enableWebhook: enableWebhook as boolean,
  };
}

/**
 * Checks 6 to 10 against the payment as read: the amount to cancel, or the message of the
 * refusal (HTTP 200, `code` 1).
 */
export function judgeCancel(
  payment: Pick<PaymentRow, 'status' | 'amount' | 'cancel_amount'>,
  request: Pick<CancelRequest, 'amount' | 'checksum' | 'taxFree'>,
): { amount: number } | { refusal: string } {
  if (payment.status === 'cancelled') return { refusal: say.alreadyCancelled };
  if (payment.status !== 'paid') return { refusal: messages.notPaid(payment.status) };
  const balance = Number(payment.amount) - Number(payment.cancel_amount);
  if (request.checksum !== undefined && request.checksum !== balance) {
    return { refusal: say.checksumMismatch(balance, request.checksum) };
  }
  const amount = request.amount ?? balance;
  if (amount > balance) return { refusal: say.overBalance(amount, balance) };
  if (request.taxFree !== undefined && request.taxFree > amount) {
    return { refusal: say.taxFreeOverAmount(request.taxFree, amount) };
  }
  return { amount };
}
