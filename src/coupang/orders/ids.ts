/**
 * The ids of Coupang orders: how they are made, how a body's JSON carries them without losing a
 * digit, and how a request's id is read. Ids are digit strings everywhere in baesong and `bigint`
 * only where an answer writes them (a bare JSON integer, digit for digit).
 */
import { isLosslessNumber, LosslessNumber, parse } from 'lossless-json';

/**
 * JSON with numbers kept exact: whole numbers a double holds as numbers, longer ones as `bigint`,
 * any number with a fraction or exponent as its source text (`LosslessNumber`), so that a
 * rule can refuse `1.0` or `1e17` as an id while taking `2.5` nowhere an id is meant.
 */
export function parseLosslessJson(text: string): unknown {
  return parse(text, null, (digits) => {
    if (!/^-?\d+$/.test(digits)) return new LosslessNumber(digits);
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : BigInt(digits);
  });
}

export type IdReading = { ok: true; id: string } | { ok: false; problem: 'missing' | 'type' | 'fraction' };

const ID_DIGITS = /^\d{1,19}$/;

/**
 * An id of a body: a JSON integer or a digit string, the same id either way (`"0…"` too:
 * leading zeros dropped). A fraction or exponent is its own problem, as the contract names it.
 */
export function readId(value: unknown): IdReading {
  if (value === undefined || value === null) return { ok: false, problem: 'missing' };
  if (isLosslessNumber(value)) return { ok: false, problem: 'fraction' };
  let digits: string;
  if (typeof value === 'number') digits = Number.isSafeInteger(value) && value >= 0 ? String(value) : '';
  else if (typeof value === 'bigint') digits = value >= 0n ? value.toString() : '';
  else if (typeof value === 'string') digits = value.trim();
  else return { ok: false, problem: 'type' };
  if (!ID_DIGITS.test(digits)) return { ok: false, problem: 'type' };
  return { ok: true, id: BigInt(digits).toString() };
}

/** A path id: 1–19 digits, else no id at all (an unknown one). */
export function pathId(raw: string): string | undefined {
  return ID_DIGITS.test(raw) ? BigInt(raw).toString() : undefined;
}

/** A count of a body (a whole number, or its digits as a string); undefined when it is none. */
export function readCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Ids: `shipmentBoxId` 18 digits and odd (no double holds it), `orderId` and `paymentId` 14, `receiptId` 9. */
const BOX_BASE = 640_000_000_000_000_000n;
export const shipmentBoxIdOf = (n: number) => (BOX_BASE + BigInt(2 * n + 1)).toString();
export const orderIdOf = (n: number) => String(20_000_000_000_000 + n);
export const paymentIdOf = (orderId: string) => String(Number(orderId) + 10_000_000_000_000);
export const receiptIdOf = (n: number) => String(300_000_000 + n);
export const vendorItemIdOf = (n: number) => String(70_000_000_000 + n);
export const sellerProductIdOf = (n: number) => String(1_000_000_000 + n);
