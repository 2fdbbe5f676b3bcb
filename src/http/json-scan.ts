/**
 * One pass over a JSON body's text, before any parser builds it, that bounds what the parse will
 * cost and finds the text no engine stores alike (`db/text.ts`), naming where it is.
 *
 * 1 MiB of `{},{},…` is some 350,000 objects: parsing them holds the event loop 60–120 ms, and
 * every later walk as much again. So a body may nest arrays and objects at most
 * `MAX_JSON_DEPTH` levels and hold at most `MAX_JSON_VALUES` values (objects, arrays, strings,
 * numbers, `true`, `false`, `null`; keys are not counted), far above any documented body (a batch
 * of 50 invoice rows is some 450 values) and far below what 1 MiB allows. The scan stops at the
 * first value past a limit, so refusing costs less than accepting.
 *
 * Strings are skipped with `indexOf` (native), looking only at their escapes: `\u0000`, and a
 * `\uD800`–`\uDFFF` escape that is not half of a pair, are the only ways NUL and lone surrogates
 * reach a JSON string. The body's bytes were decoded as UTF-8, which turns anything invalid into
 * U+FFFD, and JSON forbids a raw control character in a string.
 *
 * The scan does not judge the syntax: what it cannot make sense of it passes over, and the parser
 * that follows refuses it.
 */
import { type UnstorableText, UNSTORABLE_TEXT } from '../db/text.js';

/** Deep enough for a fault's `body` of 1,000 levels in its request (`sandbox/control/faults.ts`). */
export const MAX_JSON_DEPTH = 1_024;
export const MAX_JSON_VALUES = 10_000;

export const TOO_DEEP = `arrays and objects may nest at most ${MAX_JSON_DEPTH} levels deep`;
export const TOO_MANY_VALUES = `a body may hold at most ${MAX_JSON_VALUES} values`;

export type JsonTextProblem =
  /** Past a limit: the message names it. */
  | { kind: 'limit'; message: string }
  /** Text no engine stores alike; `reason` says what and where, e.g. `… (at invoices[3].invoiceNumber)`. */
  | { kind: 'text'; rule: UnstorableText; reason: string };

const OBJECT = 1;
const ARRAY = 2;
/** Keys longer than this are shortened where a path names them. */
const SHOWN_KEY_LENGTH = 64;

/** The value of the four hex digits at `at`, or -1 when they are not four hex digits. */
function hex4(text: string, at: number): number {
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const c = text.charCodeAt(i);
    const digit =
      c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** True for the characters a number or a literal (`true`, `false`, `null`) is made of. */
function isScalarChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 46 || c === 43 || c === 45
  );
}

// Per level (1 = the outermost array or object): its kind, the index of the current element of
// an array, and where the current key of an object is in the text, for naming a field. Allocated
// once, not per body: a scan runs to its end without yielding, so scans never share them, and
// each level's entries are written when the scan enters it, before anything reads them.
const kinds = new Uint8Array(MAX_JSON_DEPTH + 1);
const indexes = new Int32Array(MAX_JSON_DEPTH + 1);
const keyStarts = new Int32Array(MAX_JSON_DEPTH + 1);
const keyEnds = new Int32Array(MAX_JSON_DEPTH + 1);

/** Scans `text`; returns the first problem, or null when the body may be parsed. */
export function scanJson(text: string): JsonTextProblem | null {
  let depth = 0;
  let values = 0;
  let expectKey = false;
  // The next backslash at or after the scan, found once and reused: looking it up again for
  // each string would read the rest of the text each time.
  let nextBackslash = -1;
  const length = text.length;
  let i = 0;

  /** Where the scan is, as a path: `invoices[3].invoiceNumber`, `a key of sender`, `the body`. */
  const where = (inKey: boolean): string => {
    let path = '';
    for (let level = 1; level <= depth; level++) {
      if (kinds[level] === ARRAY) path += `[${indexes[level]}]`;
      else if (!(inKey && level === depth))
        path += shownKey(text, keyStarts[level]!, keyEnds[level]!, path === '');
    }
    const at = path === '' ? 'the body' : path;
    return inKey ? `a key of ${at}` : at;
  };
  const textProblem = (rule: UnstorableText, inKey: boolean): JsonTextProblem => ({
    kind: 'text',
    rule,
    reason: `${UNSTORABLE_TEXT[rule]} (at ${where(inKey)})`,
  });

  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      const inKey = expectKey && kinds[depth] === OBJECT;
      if (!inKey && ++values > MAX_JSON_VALUES) return { kind: 'limit', message: TOO_MANY_VALUES };
      const start = i + 1;
      let at = start;
      let end: number;
      for (;;) {
        end = text.indexOf('"', at);
        if (end === -1) return null; // unterminated: the parser says so
        if (nextBackslash !== Infinity && nextBackslash < at) {
          nextBackslash = text.indexOf('\\', at);
          if (nextBackslash === -1) nextBackslash = Infinity;
        }
        if (nextBackslash > end) break;
        // An escape before the closing quote: `\"` does not close the string.
        const escaped = text.charCodeAt(nextBackslash + 1);
        at = nextBackslash + 2;
        if (escaped === 117 /* u */) {
          const unit = hex4(text, nextBackslash + 2);
          at = nextBackslash + 6;
          if (unit === 0) return textProblem('nul', inKey);
          if (unit >= 0xd800 && unit <= 0xdbff) {
            const low =
              text.charCodeAt(at) === 92 && text.charCodeAt(at + 1) === 117 ? hex4(text, at + 2) : -1;
            if (low < 0xdc00 || low > 0xdfff) return textProblem('lone-surrogate', inKey);
            at += 6;
          } else if (unit >= 0xdc00 && unit <= 0xdfff) return textProblem('lone-surrogate', inKey);
        }
      }
      if (inKey) {
        keyStarts[depth] = start;
        keyEnds[depth] = end;
      }
      i = end + 1;
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++values > MAX_JSON_VALUES) return { kind: 'limit', message: TOO_MANY_VALUES };
      if (++depth > MAX_JSON_DEPTH) return { kind: 'limit', message: TOO_DEEP };
      kinds[depth] = c === 123 ? OBJECT : ARRAY;
      indexes[depth] = 0;
      keyStarts[depth] = 0;
      keyEnds[depth] = 0;
      expectKey = c === 123;
      i++;
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      if (depth > 0) depth--;
      expectKey = false;
      i++;
    } else if (c === 44 /* , */) {
      if (kinds[depth] === ARRAY) indexes[depth]!++;
      else expectKey = true;
      i++;
    } else if (c === 58 /* : */) {
      expectKey = false;
      i++;
    } else if (isScalarChar(c)) {
      if (++values > MAX_JSON_VALUES) return { kind: 'limit', message: TOO_MANY_VALUES };
      do i++;
      while (i < length && isScalarChar(text.charCodeAt(i)));
    } else i++; // whitespace, or something the parser will refuse
  }
  return null;
}

/** A key as a path shows it: `.name`, or `["a key"]` when it is not a plain name; long ones shortened. */
function shownKey(text: string, start: number, end: number, first: boolean): string {
  let key: string;
  try {
    key = JSON.parse(`"${text.slice(start, end)}"`) as string;
  } catch {
    key = text.slice(start, end);
  }
  if (key.length > SHOWN_KEY_LENGTH) key = `${key.slice(0, SHOWN_KEY_LENGTH)}…`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}
