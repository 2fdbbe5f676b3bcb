/**
 * What the sandbox's paged listings share: their query parameters, checked with messages that
 * name the parameter, and their cursors, opaque strings that carry where the next page starts.
 */
import { ApiError } from '../http/api-error.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;

/**
 * The query's parameters as single strings; a parameter the route does not take, or one given
 * twice, is a 400 naming it.
 */
export function queryParams(query: unknown, allowed: readonly string[]): Record<string, string | undefined> {
  const params: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (!allowed.includes(name)) throw new ApiError(400, `unknown query parameter: ${name}`);
    if (typeof value !== 'string') throw new ApiError(400, `${name} must be given once`);
    params[name] = value;
  }
  return params;
}

/** `limit`: a whole number from 1 to 1000, default 100. */
export function limitParam(value: string | undefined): number {
  if (value === undefined) return DEFAULT_LIMIT;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new ApiError(400, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

const CURSOR_ERROR = 'cursor must be the next of an earlier page of this listing';

/** A cursor for the page after the item whose position is `values`. */
export function encodeCursor(kind: string, values: ReadonlyArray<string | number>): string {
  return Buffer.from(JSON.stringify([kind, ...values]), 'utf8').toString('base64url');
}

/**
 * The position a cursor of this listing (`kind`) carries, each value of the type `shape` gives;
 * any other text is a 400.
 */
export function decodeCursor<const T extends ReadonlyArray<'string' | 'number'>>(
  kind: string,
  cursor: string,
  shape: T,
): { [K in keyof T]: T[K] extends 'number' ? number : string } {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(400, CURSOR_ERROR);
  }
  if (!Array.isArray(decoded) || decoded.length !== shape.length + 1 || decoded[0] !== kind) {
    throw new ApiError(400, CURSOR_ERROR);
  }
  const values = decoded.slice(1);
  const fits = values.every((v, i) =>
    shape[i] === 'number' ? Number.isSafeInteger(v) : typeof v === 'string' && !v.includes('\u0000'),
  );
  if (!fits) throw new ApiError(400, CURSOR_ERROR);
  return values as { [K in keyof T]: T[K] extends 'number' ? number : string };
}

/**
 * A page of at most `limit` items from `rows`, read with one more than `limit` to know whether
 * another page follows, and the cursor of that page.
 */
export function page<T>(
  rows: T[],
  limit: number,
  cursorOf: (last: T) => string,
): { items: T[]; next: string | null } {
  if (rows.length <= limit) return { items: rows, next: null };
  const items = rows.slice(0, limit);
  return { items, next: cursorOf(items[items.length - 1] as T) };
}
