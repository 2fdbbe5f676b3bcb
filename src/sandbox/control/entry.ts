/**
 * What the journal records of a request and its answer (spec/sandbox.md, section 1): secrets
 * redacted, large bodies replaced by their size. Pure functions of what the request carried.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { JournalTable } from '../../db/schema.js';

/** A journal row before the database gives it an id. */
export type JournalDraft = Omit<JournalTable, 'id'>;

export const REDACTED = '[redacted]';

/** Bodies larger than this are recorded as `{"truncated": true, "bytes": n}`. */
export const MAX_RECORDED_BYTES = 65_536;

/** The route whose body carries `imp_secret` and whose answer carries `access_token`. */
export const GET_TOKEN_ROUTE = 'POST /users/getToken';

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
export function redactAuthorization(value: string): string {
  if (!value.startsWith('CEA ')) return REDACTED;
  return value.replace(/signature\s*=\s*[^,]*/gi, `signature=${REDACTED}`);
}

/** The request's headers as JSON text, names lowercase (as Node gives them), secrets redacted. */
export function recordedHeaders(headers: IncomingHttpHeaders): string {
  const out: IncomingHttpHeaders = { ...headers };
  if (typeof out.authorization === 'string') out.authorization = redactAuthorization(out.authorization);
  if (out['x-imptokenheader'] !== undefined) out['x-imptokenheader'] = REDACTED;
  return JSON.stringify(out);
}

function withoutField(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !(field in value)) return value;
  return { ...(value as Record<string, unknown>), [field]: REDACTED };
}

/** `imp_secret` in text that could not be parsed (a malformed JSON or form body). */
function redactSecretText(text: string): string {
  return text
    .replace(/("imp_secret"\s*:\s*)"(?:[^"\\]|\\.)*"?/g, `$1"${REDACTED}"`)
    .replace(/(^|&)(imp_secret=)[^&]*/g, `$1$2${REDACTED}`);
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
  if (secretBearing) return JSON.stringify(withoutField(parsed, 'imp_secret'));
  return isJson ? raw : JSON.stringify(parsed);
}

/** The answer's body as JSON text (the JSON that was sent), or null when it had none. */
export function recordedResponseBody(payload: unknown, isJson: boolean, route: string | null): string | null {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return null;
  if (payload.length === 0) return null;
  const bytes = byteSize(payload);
  if (bytes > MAX_RECORDED_BYTES) return truncated(bytes);
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (!isJson) return JSON.stringify(text);
  if (route === GET_TOKEN_ROUTE) {
    const body = JSON.parse(text) as { response?: unknown };
    if (body && typeof body === 'object' && body.response) {
      return JSON.stringify({ ...body, response: withoutField(body.response, 'access_token') });
    }
  }
  return text;
}
