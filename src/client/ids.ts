/**
 * Coupang order ids as the client gives them: strings of digits. `shipmentBoxId` has 18 digits,
 * above 2^53, where a JavaScript number would change it; so the answers of the order routes are
 * read keeping every digit, and every id field (and list of ids) becomes its string. The client
 * loads no dependency (it runs in browsers too), hence this small reader rather than a library.
 */

const ID_KEYS = [
  'shipmentBoxId',
  'orderId',
  'vendorItemId',
  'sellerProductId',
  'receiptId',
  'paymentId',
  'vendorItemIds',
  'failedVendorItemIds',
  'responseKey',
] as const;
type IdKey = (typeof ID_KEYS)[number];
const ID_KEY_SET: ReadonlySet<string> = new Set(ID_KEYS);

/** `T` with every id field a string (and every list of ids a list of strings). */
export type StringIds<T> = T extends (infer U)[]
  ? StringIds<U>[]
  : T extends object
    ? { [K in keyof T]: K extends IdKey ? (T[K] extends unknown[] ? string[] : string) : StringIds<T[K]> }
    : T;

/** A JSON integer too long for a double to hold every digit of. */
const LONG_INTEGER = /-?\d{16,}(?![.eE\d])/y;

/**
 * JSON text with every integer of 16 digits or more quoted, so that JSON.parse keeps its digits.
 * Walks the text once, skipping strings (and their escapes); numbers appear only outside them.
 */
function quoteLongIntegers(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) {
      LONG_INTEGER.lastIndex = i;
      const match = LONG_INTEGER.exec(text);
      if (match && !/[\d.]/.test(text[i - 1] ?? '')) {
        out += `${text.slice(from, i)}"${match[0]}"`;
        i += match[0].length - 1;
        from = i + 1;
      }
    }
  }
  return out + text.slice(from);
}

/** JSON text with ids as digit strings, other numbers as numbers. */
export function parseWithStringIds(text: string): unknown {
  return JSON.parse(quoteLongIntegers(text), (key, value: unknown) => {
    if (!ID_KEY_SET.has(key)) return value;
    if (typeof value === 'number') return String(value);
    return Array.isArray(value) ? value.map(String) : value;
  });
}
