/**
 * Coupang's "CEA" HMAC signatures: signing (what a client does) and checking (what the
 * gateway does). This module imports only node:crypto, so a client can use the signer
 * without loading any server code.
 *
 *   Authorization: CEA algorithm=HmacSHA256, access-key=<key>, signed-date=<yyMMdd'T'HHmmss'Z'>, signature=<hex>
 *
 * The signature is the lowercase hex HMAC-SHA256, keyed by the secret key, of
 * `signed-date + METHOD + path + query`, where the query is the query string exactly as sent
 * (still URL-encoded) without its `?`. The body is not signed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const HMAC_ALGORITHM = 'HmacSHA256';

const SIGNED_DATE = /^(\d{2})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const two = (n: number) => String(n).padStart(2, '0');

/** `yyMMdd'T'HHmmss'Z'` in UTC, as the signed-date part carries it. */
export function formatSignedDate(epochMs: number): string {
  const d = new Date(epochMs);
  return (
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    'T' +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    'Z'
  );
}

/** The instant a signed-date names (epoch milliseconds), or undefined when it is not a real UTC time of that form. */
export function parseSignedDate(value: string): number | undefined {
  const m = SIGNED_DATE.exec(value);
  if (!m) return undefined;
  const [yy, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(2000 + yy, mo - 1, d, h, mi, s);
  // Date.UTC rolls over (month 13, day 32, hour 24): a real time reads back the same.
  return formatSignedDate(ms) === value ? ms : undefined;
}

/** Splits a request target (`/path?query`) into the path and the raw query, without its `?`. */
export function splitRequestTarget(url: string): { path: string; query: string } {
  const q = url.indexOf('?');
  return q === -1 ? { path: url, query: '' } : { path: url.slice(0, q), query: url.slice(q + 1) };
}

/** The hex signature of one request. `url` is the path and query exactly as they will be sent. */
export function computeSignature(secretKey: string, signedDate: string, method: string, url: string): string {
  const { path, query } = splitRequestTarget(url);
  return createHmac('sha256', secretKey)
    .update(signedDate + method.toUpperCase() + path + query, 'utf8')
    .digest('hex');
}

export interface SignOptions {
  accessKey: string;
  secretKey: string;
  method: string;
  /** Path and query string as they will be sent, e.g. `/v2/providers/...?pageNum=1`. */
  url: string;
  /** The signing time, epoch milliseconds (the caller's clock). */
  signedAtMs: number;
  /** Between the parts; Coupang's own samples use both. Default `', '`. */
  separator?: ', ' | ',';
}

/** The value of the `Authorization` header for one request. */
export function authorization(options: SignOptions): string {
  const signedDate = formatSignedDate(options.signedAtMs);
  const signature = computeSignature(options.secretKey, signedDate, options.method, options.url);
  return [
    `CEA algorithm=${HMAC_ALGORITHM}`,
    `access-key=${options.accessKey}`,
    `signed-date=${signedDate}`,
    `signature=${signature}`,
  ].join(options.separator ?? ', ');
}

/** The parts of a well-formed CEA header. */
export interface CeaCredentials {
  accessKey: string;
  signedDate: string;
  /** The instant of `signedDate`, epoch milliseconds. */
  signedAtMs: number;
  signature: string;
}

export type ParsedAuthorization =
  | { ok: true; credentials: CeaCredentials }
  /** `not-cea`: no header, or not a CEA one; `format`: a CEA header with a part missing or malformed. */
  | { ok: false; reason: 'not-cea' | 'format' };

const PART_NAMES = ['algorithm', 'access-key', 'signed-date', 'signature'] as const;

/** Reads an `Authorization` header: each of the four parts exactly once, separated by `,` or `, `. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization {
  if (header === undefined || !header.startsWith('CEA ')) return { ok: false, reason: 'not-cea' };
  const parts = new Map<string, string>();
  for (const raw of header.slice(4).split(',')) {
    const part = raw.trim();
    const eq = part.indexOf('=');
    if (eq <= 0) return { ok: false, reason: 'format' };
    const name = part.slice(0, eq);
    if (!(PART_NAMES as readonly string[]).includes(name) || parts.has(name)) {
      return { ok: false, reason: 'format' };
    }
    parts.set(name, part.slice(eq + 1));
  }
  const accessKey = parts.get('access-key');
  const signedDate = parts.get('signed-date');
  const signature = parts.get('signature');
  if (parts.get('algorithm') !== HMAC_ALGORITHM || !accessKey || !signedDate || !signature) {
    return { ok: false, reason: 'format' };
  }
  const signedAtMs = parseSignedDate(signedDate);
  if (signedAtMs === undefined || !/^[0-9a-fA-F]+$/.test(signature)) return { ok: false, reason: 'format' };
  return { ok: true, credentials: { accessKey, signedDate, signedAtMs, signature } };
}

/** True when the signature is the one `secretKey` gives for this request; compared in constant time. */
export function signatureMatches(
  secretKey: string,
  credentials: CeaCredentials,
  method: string,
  url: string,
): boolean {
  const expected = Buffer.from(computeSignature(secretKey, credentials.signedDate, method, url), 'utf8');
  const given = Buffer.from(credentials.signature, 'utf8');
  // Lengths are public (every valid signature is 64 characters); the contents are compared in constant time.
  return expected.length === given.length && timingSafeEqual(expected, given);
}
