/**
 * A journal entry as a `curl` command that sends it again. The journal never holds secrets
 * (`[redacted]`), so they come back as placeholders to fill in: `<access_token>`, `<imp_secret>`,
 * `<signature>` (a Coupang signature must be made afresh anyway: it covers the time).
 */
import type { JournalEntry } from '../../src/sandbox/control-schemas.js';

const REDACTED = '[redacted]';

/** Headers curl or the connection sets by itself, or that would be wrong on a replay. */
const LEFT_OUT = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'accept-encoding',
  'expect',
  'user-agent',
  'accept-language',
  'origin',
  'referer',
]);

/** One word for a POSIX shell: single-quoted, with any `'` closed, escaped and reopened. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

function headerValue(name: string, value: string): string {
  if (name === 'authorization' && value.startsWith('CEA ')) return value.replace(REDACTED, '<signature>');
  if (value !== REDACTED) return value;
  if (name === 'authorization') return 'Bearer <access_token>';
  if (name === 'x-imptokenheader') return '<access_token>';
  return `<${name}>`;
}

/** Puts placeholders where the journal redacted a value of the body. */
function bodyValue(value: unknown, key?: string): unknown {
  if (value === REDACTED) return `<${key ?? 'secret'}>`;
  if (Array.isArray(value)) return value.map((v) => bodyValue(v, key));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bodyValue(v, k)]));
  return value;
}

function isTruncated(body: unknown): body is { truncated: true; bytes: number } {
  return typeof body === 'object' && body !== null && (body as { truncated?: unknown }).truncated === true;
}

/** The body as it was sent: JSON as JSON, a form as a form, text as text; undefined when none. */
function bodyText(entry: JournalEntry): string | undefined {
  const body = entry.request.body;
  if (body === null || body === undefined) return undefined;
  if (isTruncated(body)) return `<the body of ${body.bytes} bytes: too large for the journal>`;
  if (typeof body === 'string') return body;
  const type = entry.request.headers['content-type'] ?? '';
  const filled = bodyValue(body) as Record<string, unknown>;
  if (type.startsWith('application/x-www-form-urlencoded') && !Array.isArray(filled)) {
    // The recorded fields are text; placeholders are left readable rather than percent-encoded.
    return Object.entries(filled)
      .map(
        ([k, v]) =>
          `${encodeURIComponent(k)}=${String(v).startsWith('<') ? String(v) : encodeURIComponent(String(v))}`,
      )
      .join('&');
  }
  return JSON.stringify(filled);
}

/** `curl …` that sends `entry` to `baseUrl` again. */
export function curlCommand(entry: JournalEntry, baseUrl: string): string {
  const url = `${baseUrl.replace(/\/+$/, '')}${entry.path}${entry.query ? `?${entry.query}` : ''}`;
  const parts = ['curl', '-X', entry.method, shellQuote(url)];
  for (const [name, value] of Object.entries(entry.request.headers)) {
    if (LEFT_OUT.has(name) || name.startsWith('sec-fetch-')) continue;
    parts.push('-H', shellQuote(`${name}: ${headerValue(name, value)}`));
  }
  const body = bodyText(entry);
  if (body !== undefined) parts.push('--data-raw', shellQuote(body));
  return parts.join(' ');
}
