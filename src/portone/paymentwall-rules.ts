import { messages } from './messages.js';

const say = messages.paymentwall;

const PAYMENTWALL_TYPES = ['physical', 'digital'] as const;
export const PAYMENTWALL_STATUSES = ['order_placed', 'order_shipped', 'delivering', 'delivered'] as const;
const PAYMENTWALL_REFUNDABLE = ['yes', 'no'] as const;

export type PaymentwallStatus = (typeof PAYMENTWALL_STATUSES)[number];

/** A status's place in the delivery's progress: a status may follow only one of the same or a lower rank. */
export function statusRank(status: PaymentwallStatus): number {
  return PAYMENTWALL_STATUSES.indexOf(status);
}

/** The latest second a timestamp may name: 9999-12-31T23:59:59Z, so it fits every column and date type. */
const MAX_UNIX_SECONDS = 253402300799;

type Requirement = 'always' | 'physical' | 'optional';

type Field =
  | { name: string; kind: 'text'; required: Requirement; max?: number }
  | { name: string; kind: 'email'; required: Requirement; max: number }
  | { name: string; kind: 'enum'; required: Requirement; values: readonly string[] }
  | { name: string; kind: 'timestamp'; required: Requirement };

const address = (part: string): Field => ({
  name: `shipping_address_${part}`,
  kind: 'text',
  required: 'physical',
  max: 40,
});

/** The documented fields, in the order of PortOne's table: problems are reported in this order. */
const FIELDS: readonly Field[] = [
  { name: 'imp_uid', kind: 'text', required: 'always' },
  { name: 'merchant_uid', kind: 'text', required: 'always', max: 40 },
  { name: 'type', kind: 'enum', required: 'always', values: PAYMENTWALL_TYPES },
  { name: 'status', kind: 'enum', required: 'always', values: PAYMENTWALL_STATUSES },
  { name: 'estimated_delivery_datetime', kind: 'timestamp', required: 'always' },
  { name: 'estimated_update_datetime', kind: 'timestamp', required: 'always' },
  { name: 'refundable', kind: 'enum', required: 'always', values: PAYMENTWALL_REFUNDABLE },
  { name: 'shipping_address_email', kind: 'email', required: 'always', max: 50 },
  { name: 'carrier_tracking_id', kind: 'text', required: 'physical', max: 64 },
  { name: 'carrier_type', kind: 'text', required: 'physical', max: 64 },
  address('country'),
  address('city'),
  address('zip'),
  address('state'),
  address('street'),
  address('phone'),
  address('firstname'),
  address('lastname'),
  { name: 'reason', kind: 'text', required: 'optional', max: 64 },
  { name: 'details', kind: 'text', required: 'optional', max: 400 },
];

/** The 50 states and DC: USPS code → full English name. */
const US_STATES: Record<string, string> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
};

/** Every accepted spelling, upper-cased: codes and names match in any letter case. */
const US_STATE_KEYS = new Set(
  Object.entries(US_STATES).flatMap(([code, name]) => [code, name.toUpperCase()]),
);

export function isUsState(value: string): boolean {
  return US_STATE_KEYS.has(value.toUpperCase());
}

export function isUsa(country: string): boolean {
  const upper = country.toUpperCase();
  return upper === 'US' || upper === 'USA';
}

/**
 * An e-mail address as browsers check `<input type=email>` (the WHATWG rule), with a dot
 * required in the domain: a delivery confirmation goes to a reachable address.
 */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

/** A delivery that passed every rule: the fields given, normalised, in the table's order. */
export type PaymentwallDelivery = Record<string, string | number> & {
  imp_uid: string;
  merchant_uid: string;
  type: (typeof PAYMENTWALL_TYPES)[number];
  status: PaymentwallStatus;
  estimated_delivery_datetime: number;
  estimated_update_datetime: number;
};

/** What the rules need to know of the payment `imp_uid` names, when it is known. */
export interface PaymentwallPaymentFacts {
  pg_provider: string;
  merchant_uid: string;
}

export type PaymentwallCheck =
  { ok: true; delivery: PaymentwallDelivery } | { ok: false; problems: string[] };

/**
 * A value that counts as not given: absent, JSON null, or empty (forms send empty fields for
 * inputs left blank).
 */
function isBlank(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/**
 * A field's value as text. Strings are taken as they are; a JSON number is taken as the text
 * a form would carry for it, since the body may come either way. Anything else is not text.
 */
function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A positive integer of UNIX seconds, given as a JSON integer or a string of digits. */
function asTimestamp(v: unknown): number | undefined {
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^[0-9]{1,15}$/.test(v)) n = Number(v);
  else return undefined;
  return Number.isInteger(n) && n > 0 && n <= MAX_UNIX_SECONDS ? n : undefined;
}

/**
 * The `imp_uid` the body names, for looking the payment up before the field rules run
 * (an unknown payment is answered first), or undefined when none usable is given.
 */
export function givenImpUid(body: Record<string, unknown>): string | undefined {
  const v = body.imp_uid;
  if (isBlank(v)) return undefined;
  return asText(v);
}

/**
 * Checks a Paymentwall delivery body: every documented field rule, then, when the
 * payment is known, that it is a Paymentwall payment and that `merchant_uid` is its own.
 * Returns every problem, one sentence each in the table's order, or the normalised delivery.
 */
export function checkPaymentwallDelivery(
  body: Record<string, unknown>,
  payment?: PaymentwallPaymentFacts,
): PaymentwallCheck {
  const problems: string[] = [];
  const kept: Record<string, string | number> = {};

  // Physical-only requirements follow from a valid `type` alone: an invalid one reports only itself.
  const physical = body.type === 'physical';

  for (const field of FIELDS) {
    const raw = body[field.name];
    if (isBlank(raw)) {
      if (field.required === 'always') problems.push(say.required(field.name));
      else if (field.required === 'physical' && physical) problems.push(say.requiredWhenPhysical(field.name));
      continue;
    }
    let problem = fieldProblem(field, raw, kept);
    if (!problem && physical && field.name === 'shipping_address_state') problem = stateProblem(kept);
    if (problem) problems.push(problem);
  }

  if (payment) {
    if (payment.pg_provider !== 'paymentwall') problems.push(say.notPaymentwall(payment.pg_provider));
    // Compared only when merchant_uid passed its own rules: a missing or overlong one is reported once.
    if (typeof kept.merchant_uid === 'string' && kept.merchant_uid !== payment.merchant_uid) {
      problems.push(say.merchantUidMismatch);
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, delivery: kept as PaymentwallDelivery };
}

/** The first rule a given value breaks, or undefined after keeping the normalised value. */
function fieldProblem(field: Field, raw: unknown, kept: Record<string, string | number>): string | undefined {
  if (field.kind === 'timestamp') {
    const n = asTimestamp(raw);
    if (n === undefined) return say.notTimestamp(field.name);
    kept[field.name] = n;
    return undefined;
  }
  if (field.kind === 'enum') {
    if (typeof raw !== 'string' || !field.values.includes(raw)) return say.notOneOf(field.name, field.values);
    kept[field.name] = raw;
    return undefined;
  }
  const text = asText(raw);
  if (text === undefined) return say.notText(field.name);
  if (field.max !== undefined && text.length > field.max) return say.tooLong(field.name, field.max);
  if (field.kind === 'email' && !isEmail(text)) return say.notEmail(field.name);
  kept[field.name] = text;
  return undefined;
}

/**
 * `shipping_address_state` of a physical order: `N/A` outside the USA, a state or DC inside.
 * Judged only when both the country (checked before it) and the state passed their own rules.
 */
function stateProblem(kept: Record<string, string | number>): string | undefined {
  const country = kept.shipping_address_country;
  const state = kept.shipping_address_state;
  if (typeof country !== 'string' || typeof state !== 'string') return undefined;
  if (isUsa(country)) return isUsState(state) ? undefined : say.stateNotUs;
  return state.toUpperCase() === 'N/A' ? undefined : say.stateNotApplicable;
}
