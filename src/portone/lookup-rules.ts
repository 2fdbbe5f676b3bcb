/**
 * How `GET /payments/find` and `GET /payments` read what they are asked, pure.
 */
import { messages } from './messages.js';
import type { PaymentStatus } from './schemas.js';

/** `sorting` of `GET /payments/find`: the column and direction the first payment is taken by. */
export const SORTINGS = {
  '-started': ['started_at', 'desc'],
  started: ['started_at', 'asc'],
  '-paid': ['paid_at', 'desc'],
  paid: ['paid_at', 'asc'],
  // No column records updates; the latest event of a payment is its cancel, else its payment.
  '-updated': ['cancelled_at', 'desc'],
  updated: ['cancelled_at', 'asc'],
} as const;
export type Sorting = keyof typeof SORTINGS;

const STATUSES: readonly string[] = ['ready', 'paid', 'failed', 'cancelled'];

/**
 * The status segment of `/payments/find/{merchant_uid}/{payment_status}`: none for an empty
 * segment and for `undefined`, which iamport-rest-client-nodejs sends when given no status.
 */
export function readFindStatus(segment: string | undefined): PaymentStatus | undefined | { problem: string } {
  if (segment === undefined || segment === '' || segment === 'undefined') return undefined;
  if (STATUSES.includes(segment)) return segment as PaymentStatus;
  return { problem: messages.unsupportedStatus };
}

export function readSorting(value: unknown): Sorting | { problem: string } {
  if (value === undefined) return '-started';
  if (typeof value === 'string' && Object.hasOwn(SORTINGS, value)) return value as Sorting;
  return { problem: messages.badSorting };
}

/** S-OAS: "최대 100개"; imp_uids and merchant_uids are counted together. */
const MAX_PAYMENT_IDS = 100;

/**
 * The ids of `GET /payments`, each kind in the order given, from the query string as sent:
 * `imp_uid[]=a` (Retrofit, axios), `imp_uid[0]=a` (Guzzle) or `imp_uid=a`, brackets raw or
 * percent-encoded, mixed at will. Other parameters are ignored.
 */
export function readPaymentIds(
  rawQuery: string,
): { impUids: string[]; merchantUids: string[] } | { problem: string } {
  const impUids: string[] = [];
  const merchantUids: string[] = [];
  for (const [key, value] of new URLSearchParams(rawQuery)) {
    const kind = /^(imp_uid|merchant_uid)(\[\d*\])?$/.exec(key)?.[1];
    if (kind === 'imp_uid') impUids.push(value);
    else if (kind === 'merchant_uid') merchantUids.push(value);
  }
  if (impUids.length + merchantUids.length === 0) return { problem: messages.noPaymentIds };
  if (impUids.length + merchantUids.length > MAX_PAYMENT_IDS) {
    return { problem: messages.tooManyPaymentIds(MAX_PAYMENT_IDS) };
  }
  return { impUids, merchantUids };
}
