import type { BodyProblem } from '../http/body.js';
import { normalizeCourier } from './couriers.js';
import { messages } from './messages.js';
import type { EscrowLogisInput, EscrowReceiver, EscrowSender } from './schemas.js';

/** The PGs whose escrow delivery registration PortOne supports, by `pg_provider`. */
export const ESCROW_PGS = ['html5_inicis', 'kcp', 'daou'] as const;
export type EscrowPg = (typeof ESCROW_PGS)[number];

export function isEscrowPg(pg: string): pg is EscrowPg {
  return (ESCROW_PGS as readonly string[]).includes(pg);
}

type Part = 'sender' | 'receiver' | 'logis';

/** The fields of each object, in the order problems are reported. */
const FIELDS: Record<Part, readonly string[]> = {
  sender: ['name', 'tel', 'addr', 'postcode', 'relationship'],
  receiver: ['name', 'tel', 'addr', 'postcode'],
  logis: ['company', 'invoice', 'sent_at', 'receiving_at', 'address'],
};

/** Required fields by PG (README, PortOne escrow). */
const REQUIRED: Record<EscrowPg, Record<Part, readonly string[]>> = {
  html5_inicis: {
    sender: ['name', 'tel', 'addr', 'postcode'],
    receiver: ['name', 'tel', 'addr', 'postcode'],
    logis: ['company', 'invoice', 'sent_at'],
  },
  kcp: { sender: [], receiver: [], logis: ['company', 'invoice', 'sent_at'] },
  daou: {
    sender: ['relationship'],
    receiver: [],
    logis: ['company', 'invoice', 'sent_at', 'receiving_at', 'address'],
  },
};

/** The latest second `sent_at` may name: 9999-12-31T23:59:59Z, so it fits every column. */
const MAX_UNIX_SECONDS = 253402300799;

/** A delivery that passed every rule, with the courier code normalised. */
export interface EscrowDelivery {
  sender: EscrowSender;
  receiver: EscrowReceiver;
  logis: EscrowLogisInput & { company: string; invoice: string; sent_at: number };
}

export type EscrowCheck = { ok: true; delivery: EscrowDelivery } | { ok: false; problems: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True for a real calendar date written as YYYYMMDD. */
export function isRealDate(yyyymmdd: string): boolean {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(yyyymmdd);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * Checks an escrow delivery body for the payment's PG. Types are strict: nothing is
 * coerced. Returns every problem, each beginning with the field's path, or the delivery.
 * `unreadable` is the body parser's complaint, when the body could not be read at all.
 */
export function checkEscrowDelivery(
  pg: EscrowPg,
  body: unknown,
  unreadable: BodyProblem | null = null,
): EscrowCheck {
  // Malformed JSON is simply not a JSON object; a foreign content type is named, so the client sees why.
  if (unreadable?.kind === 'media-type') {
    return { ok: false, problems: [`body must be a JSON object (${unreadable.message})`] };
  }
  // A JSON object, but with text no engine stores alike (`db/text.ts`): said as such, naming the field.
  if (unreadable?.kind === 'unstorable') {
    return { ok: false, problems: [`body ${unreadable.reason}`] };
  }
  // Past what a body may hold (`http/json-scan.ts`): the limit is named.
  if (unreadable?.kind === 'limit') {
    return { ok: false, problems: [unreadable.reason] };
  }
  if (unreadable || !isPlainObject(body)) return { ok: false, problems: ['body must be a JSON object'] };
  const problems: string[] = [];
  const parts: Partial<Record<Part, Record<string, string | number>>> = {};

  for (const part of ['sender', 'receiver', 'logis'] as const) {
    const value = body[part];
    if (value === undefined) {
      problems.push(`${part} is required`);
      continue;
    }
    if (!isPlainObject(value)) {
      problems.push(`${part} must be an object`);
      continue;
    }
    const required = REQUIRED[pg][part];
    const kept: Record<string, string | number> = {};
    for (const field of FIELDS[part]) {
      const path = `${part}.${field}`;
      const v = value[field];
      const isRequired = required.includes(field);
      if (v === undefined) {
        if (isRequired) problems.push(`${path} is required`);
        continue;
      }
      if (field === 'sent_at') {
        if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > MAX_UNIX_SECONDS) {
          problems.push(`${path} must be a positive integer`);
        } else kept[field] = v;
        continue;
      }
      if (typeof v !== 'string') {
        problems.push(`${path} must be a string`);
        continue;
      }
      if (v === '') {
        if (isRequired) problems.push(`${path} is required`);
        continue;
      }
      if (field === 'receiving_at' && !isRealDate(v)) {
        problems.push(`${path} must be a real date in YYYYMMDD form`);
        continue;
      }
      kept[field] = v;
    }
    parts[part] = kept;
  }

  if (problems.length > 0) return { ok: false, problems };
  const logis = parts.logis as EscrowDelivery['logis'];
  return {
    ok: true,
    delivery: {
      sender: parts.sender as EscrowSender,
      receiver: parts.receiver as EscrowReceiver,
      logis: { ...logis, company: normalizeCourier(logis.company) },
    },
  };
}

/** What the escrow checks need to know of the payment (a stored row or the client's payment). */
export interface EscrowPaymentFacts {
  pg_provider: string;
  escrow: boolean | number;
  status: string;
}

/** The body of a POST or PUT, with what the body parser could not read (`http/body.ts`). */
export interface EscrowBodyInput {
  body: unknown;
  unreadable?: BodyProblem | null;
}

export type EscrowRequestCheck =
  { ok: true; delivery: EscrowDelivery | undefined } | { ok: false; status: 400 | 409; message: string };

/**
 * The documented order of checks of `/escrows/logis/{imp_uid}` once its payment is found: the
 * PG, the body (POST and PUT only: `input` undefined for GET), the escrow flag, the payment's
 * status. The route and `import-invoices --dry-run` both ask this function, so they cannot
 * drift apart.
 */
export function checkEscrowRequest(
  payment: EscrowPaymentFacts,
  input: EscrowBodyInput | undefined,
): EscrowRequestCheck {
  const pg = payment.pg_provider;
  if (!isEscrowPg(pg)) return { ok: false, status: 400, message: messages.escrowUnsupportedPg(pg) };
  let delivery: EscrowDelivery | undefined;
  if (input) {
    const checked = checkEscrowDelivery(pg, input.body, input.unreadable ?? null);
    if (!checked.ok) return { ok: false, status: 400, message: messages.escrowInvalid(checked.problems) };
    delivery = checked.delivery;
  }
  if (!payment.escrow) return { ok: false, status: 409, message: messages.notEscrow };
  if (payment.status !== 'paid') return { ok: false, status: 409, message: messages.notPaid(payment.status) };
  return { ok: true, delivery };
}
