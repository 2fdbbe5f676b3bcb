import { messages } from './messages.js';
import type { Prepared } from './schemas.js';

const say = messages.prepare;

/**
 * The body of `POST` and `PUT /payments/prepare` (JSON or form): `merchant_uid` of 1 to 40
 * characters, `amount` a whole number above 0 (its digits as a string taken), `currency` an
 * optional string. The first problem is the 400's message, in that order.
 */
export function readPrepareBody(body: Record<string, unknown>): Prepared | { problem: string } {
  const { merchant_uid, amount, currency } = body;
  if (merchant_uid === undefined || merchant_uid === null || merchant_uid === '') {
    return { problem: say.missing('merchant_uid') };
  }
  if (typeof merchant_uid !== 'string' || merchant_uid.length > 40) return { problem: say.badMerchantUid };
  if (amount === undefined || amount === null || amount === '') return { problem: say.missing('amount') };
  const n =
    typeof amount === 'number'
      ? amount
      : typeof amount === 'string' && /^\s*\d+\s*$/.test(amount)
        ? Number(amount)
        : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) return { problem: say.badAmount };
  if (currency !== undefined && currency !== null && typeof currency !== 'string') {
    return { problem: say.badCurrency };
  }
  return { merchant_uid, amount: n, currency: currency === undefined || currency === '' ? null : currency };
}
