/**
 * What the journal records of a request and its answer (README, Testing the hard cases): secrets
 * redacted, large bodies replaced by their size. Pure functions of what the request carried.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JournalTable } from '../../db/schema.js';

/** A journal row before the database gives it an id. */
export type JournalDraft = Omit<JournalTable, 'id'>;

const REDACTED = '[redacted]';

/** Bodies larger than this are recorded as `{"truncated": true, "bytes": n}`. */
const MAX_RECORDED_BYTES = 65_536;

/** The route whose body carries `imp_secret` and whose answer carries `access_token`. */
const GET_TOKEN_ROUTE = 'POST /users/getToken';

/** The start of getToken's answer, up to the end of the token, as the route serializes it. */
const ISSUED_TOKEN = /^(\{"code":0,"message":null,"response":\{"access_token":)"[^"\\]*"/;

/** The UTF-8 size of a body, or a size known to be within the limit without counting. */
function byteSize(raw: string | Buffer): number {
  if (Buffer.isBuffer(raw)) return raw.length;
  // A UTF-16 code unit is at most 3 bytes of UTF-8: short text needs no counting.
  return raw.length * 3 <= MAX_RECORDED_BYTES ? raw.length : Buffer.byteLength(raw);
}

function truncated(bytes: number): string {
  return JSON.stringify({ truncated: true, bytes });
}

/**
 * `Authorization`: a Coupang `CEA` header keeps its key and date, only `signature=` is redacted
 * (a test can still see which key and date its client signed with); any other value is redacted whole.
 */
function redactAuthorization(value: string): string {
  if (!value.startsWith('CEA ')) return REDACTED;
  return value.replace(/signature\s*=\s*[^,]*/gi, `signature=${REDACTED}`);
}

/** The request's headers as JSON text, names lowercase (as Node gives them), secrets redacted. */
export function recordedHeaders(headers: IncomingHttpHeaders): string {
  if (headers.authorization === undefined && headers['x-imptokenheader'] === undefined) {
    return JSON.stringify(headers);
  }
  const out: IncomingHttpHeaders = { ...headers };
  if (typeof out.authorization === 'string') out.authorization = redactAuthorization(out.authorization);
  if (out['x-imptokenheader'] !== undefined) out['x-imptokenheader'] = REDACTED;
  return JSON.stringify(out);
}

/** A flat object (a form's fields, an answer's `response`) with `field` redacted. */
function withoutField(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !(field in value)) return value;
  return { ...(value as Record<string, unknown>), [field]: REDACTED };
}

/** `imp_secret` in JSON or form text, parsed or not: every value under that name is replaced. */
function redactSecretText(text: string): string {
  return text
    .replace(/("imp_secret"\s*:\s*)(?:"(?:[^"\\]|\\.)*"?|[^,}\]\s]+)/g, `$1"${REDACTED}"`)
    .replace(/(^|&)(imp_secret=)[^&]*/g, `$1$2${REDACTED}`);
}

/** Deeper JSON is recorded as its text: the reads serialize entries, recursively. */
const MAX_RECORDED_DEPTH = 1_000;

/** True when JSON text nests arrays and objects deeper than `limit` (strings are skipped). */
function nestsDeeperThan(text: string, limit: number): boolean {
  // Each level takes at least one character: short text cannot be deep.
  if (text.length <= limit) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

/**
 * The request body as JSON text of what the entry shows: a JSON body as its JSON value (the text
 * as sent), a form as an object of its fields, no body as null, anything else as its text.
 */
export function recordedRequestBody(
  raw: string | Buffer | null,
  parsed: unknown,
  readable: boolean,
  isJson: boolean,
  route: string | null,
): string | null {
  if (raw === null) return null;
  const bytes = byteSize(raw);
  if (bytes > MAX_RECORDED_BYTES) return truncated(bytes);
  const secretBearing = route === GET_TOKEN_ROUTE;
  if (!readable || typeof raw !== 'string') {
    const text = typeof raw === 'string' ? raw : raw.toString('utf8');
    return JSON.stringify(secretBearing ? redactSecretText(text) : text);
  }
  if (!isJson) return JSON.stringify(secretBearing ? withoutField(parsed, 'imp_secret') : parsed);
  if (nestsDeeperThan(raw, MAX_RECORDED_DEPTH))
    return JSON.stringify(secretBearing ? redactSecretText(raw) : raw);
  // A parsed body is redacted as a value: rewriting its text could break it (a secret sent as an
  // object or an array has no end a pattern can find).
  return secretBearing ? JSON.stringify(withoutField(parsed, 'imp_secret')) : raw;
}

/** The answer's body as JSON text (the JSON that was sent), or null when it had none. */
export function recordedResponseBody(payload: unknown, isJson: boolean, route: string | null): string | null {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return null;
  if (payload.length === 0) return null;
  const bytes = byteSize(payload);
  if (bytes > MAX_RECORDED_BYTES) return truncated(bytes);
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (!isJson || nestsDeeperThan(text, MAX_RECORDED_DEPTH)) return JSON.stringify(text);
  if (route === GET_TOKEN_ROUTE) {
    // The answer as its serializer writes it: the token is replaced in the text, without a parse.
    const issued = ISSUED_TOKEN.exec(text);
    if (issued) return `${issued[1]}"${REDACTED}"${text.slice(issued[0].length)}`;
    const body = JSON.parse(text) as { response?: unknown };
    if (body && typeof body === 'object' && body.response) {
      return JSON.stringify({ ...body, response: withoutField(body.response, 'access_token') });
    }
  }
  return text;
}
