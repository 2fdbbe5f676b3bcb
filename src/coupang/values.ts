/**
 * How the Coupang APIs read the values of a JSON body: text, numbers and booleans also sent as
 * strings, as Coupang's own examples send them, and the result of a rule. Shared by every
 * Coupang rule module.
 */

export type RuleResult<T> = { ok: true; value: T } | { ok: false; message: string };

export const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

/** A value of the wrong JSON type where text, a number or a boolean is meant. */
export const WRONG_TYPE: unique symbol = Symbol('wrong type');
export type WrongType = typeof WRONG_TYPE;

/** Text where text is meant: a string as it is, a number as its digits (`10516` → `"10516"`). */
export function readText(value: unknown): string | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return WRONG_TYPE;
}

/** A boolean, also sent as the string `"true"` or `"false"`. */
export function readBoolean(value: unknown): boolean | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return WRONG_TYPE;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A number, also sent as a decimal string (`"2500"`). */
export function readNumber(value: unknown): number | undefined | WrongType {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && DECIMAL.test(value)) return Number(value);
  return WRONG_TYPE;
}

/**
 * A value of the wrong type as a message shows it: its JSON text. A value nested deeper than
 * JSON.stringify can go (a 1 MiB body holds 100,000 levels) is named by its kind instead.
 */
export function shownValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '(a deeply nested array)' : '(a deeply nested object)';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * True when any value anywhere in the body is JSON `null`. Walks with a list rather than by
 * recursion: a body of 1 MiB can nest 100,000 levels deep, past the call stack.
 */
export function containsNull(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const v = pending.pop();
    if (v === null) return true;
    // One by one: spreading a list of 500,000 items into push() overflows the stack too.
    if (Array.isArray(v)) for (const item of v) pending.push(item);
    else if (isPlainObject(v)) for (const item of Object.values(v)) pending.push(item);
  }
  return false;
}
