/**
 * Schemas of baesong's own sandbox API. This module imports nothing but TypeBox and the
 * PortOne schemas (which import nothing but TypeBox).
 */
import { type Static, Type } from '@sinclair/typebox';
import { PaymentwallDeliveryRecord } from '../portone/schemas.js';

export const SandboxError = Type.Object({ error: Type.String() });

export const NewMerchantBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    imp_key: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    imp_secret: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type NewMerchantBody = Static<typeof NewMerchantBody>;

export const SandboxMerchant = Type.Object({
  merchant_id: Type.String(),
  name: Type.String(),
  imp_key: Type.String(),
  imp_secret: Type.String({ description: 'shown once: only its hash is stored' }),
});
export type SandboxMerchant = Static<typeof SandboxMerchant>;

const OptionalText = Type.Optional(Type.String({ maxLength: 200 }));

export const NewPaymentBody = Type.Object(
  {
    imp_key: Type.String({ minLength: 1, description: 'the owning merchant' }),
    pg_provider: Type.String({
      minLength: 1,
      maxLength: 40,
      description: 'e.g. html5_inicis, kcp, daou, paymentwall, tosspayments',
    }),
    escrow: Type.Optional(Type.Boolean({ default: false })),
    status: Type.Optional(
      Type.Union(
        [Type.Literal('ready'), Type.Literal('paid'), Type.Literal('cancelled'), Type.Literal('failed')],
        {
          default: 'paid',
        },
      ),
    ),
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, default: 1000 })),
    merchant_uid: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    name: OptionalText,
    buyer_name: OptionalText,
    buyer_email: OptionalText,
    buyer_tel: OptionalText,
    buyer_addr: OptionalText,
    buyer_postcode: OptionalText,
  },
  { additionalProperties: false },
);
export type NewPaymentBody = Static<typeof NewPaymentBody>;

export const ImpUidParams = Type.Object({ imp_uid: Type.String() });

export const PaymentDeliveries = Type.Object({
  escrow: Type.Union([
    Type.Null(),
    Type.Object({
      sender: Type.Record(Type.String(), Type.Unknown()),
      receiver: Type.Record(Type.String(), Type.Unknown()),
      logis: Type.Record(Type.String(), Type.Unknown()),
      applied_at: Type.Integer(),
    }),
  ]),
  paymentwall: Type.Array(PaymentwallDeliveryRecord, {
    description: 'every accepted Paymentwall delivery call, oldest first',
  }),
});
export type PaymentDeliveries = Static<typeof PaymentDeliveries>;

export const ResetResult = Type.Object({ reset: Type.Literal(true) });

export const ReturnCourier = Type.Union(
  ['HYUNDAI', 'KGB', 'EPOST', 'HANJIN', 'CJGLS', 'ILYANG'].map((code) => Type.Literal(code)),
  { description: 'a courier that takes return shipping' },
);

export const VendorContract = Type.Object(
  {
    deliverCode: ReturnCourier,
    contractNumber: Type.String({ pattern: '^[0-9]{1,20}$', description: '1 to 20 digits' }),
    contractCustomerNumber: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: 'needed by EPOST return centers' }),
    ),
    confirmed: Type.Optional(
      Type.Boolean({
        default: true,
        description: 'false: centers on it are created with contract confirmation failed',
      }),
    ),
  },
  { additionalProperties: false },
);

export const NewVendorBody = Type.Object(
  {
    vendorId: Type.Optional(
      Type.String({ pattern: '^A[0-9]{8}$', description: 'A + 8 digits; generated when left out' }),
    ),
    userIds: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
        minItems: 1,
        maxItems: 100,
        description: 'WING login IDs; default ["wing-user"]',
      }),
    ),
    contracts: Type.Optional(
      Type.Array(VendorContract, {
        maxItems: 100,
        description:
          'courier contracts for return centers; left out, any contract number of 1 to 20 digits is accepted',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewVendorBody = Static<typeof NewVendorBody>;

export const SandboxVendor = Type.Object({
  vendorId: Type.String(),
  accessKey: Type.String({ format: 'uuid' }),
  secretKey: Type.String({ pattern: '^[0-9a-f]{40}$' }),
  userIds: Type.Array(Type.String()),
  contracts: Type.Union([Type.Array(VendorContract), Type.Null()], {
    description: 'null when none were given: any contract number is accepted, as confirmed',
  }),
});
export type SandboxVendor = Static<typeof SandboxVendor>;

// The request journal (spec/sandbox.md, section 1).

export const JournalEntry = Type.Object({
  id: Type.String({ description: 'opaque, unique in the database' }),
  at: Type.String({ description: 'when the request arrived, by the sandbox clock (ISO 8601 UTC, ms)' }),
  platform: Type.Union([Type.Literal('portone'), Type.Literal('coupang')]),
  method: Type.String(),
  path: Type.String(),
  query: Type.String({ description: 'the query string exactly as sent, without `?`' }),
  route: Type.Union([Type.String(), Type.Null()], {
    description: '`METHOD template`, aliases as the path they stand for; null when no route matched',
  }),
  tenant: Type.Union([
    Type.Object({ merchant: Type.String() }),
    Type.Object({ vendor: Type.String() }),
    Type.Null(),
  ]),
  request: Type.Object({
    headers: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'lowercase names; authorization and x-imptokenheader redacted (a CEA header keeps all but its signature)',
    }),
    body: Type.Unknown({
      description:
        'JSON as its value, a form as an object, none as null, other bodies as text; over 65,536 bytes {"truncated": true, "bytes": n}',
    }),
  }),
  response: Type.Union([Type.Object({ status: Type.Integer(), body: Type.Unknown() }), Type.Null()], {
    description: 'null when a fault dropped the request or left it hanging',
  }),
  durationMs: Type.Number(),
  fault: Type.Union([Type.String(), Type.Null()], {
    description: 'the id of the fault that shaped the answer',
  }),
});

const JournalFilters = {
  platform: Type.Optional(Type.Union([Type.Literal('portone'), Type.Literal('coupang')])),
  method: Type.Optional(Type.String()),
  route: Type.Optional(Type.String({ description: 'exact, e.g. `POST /escrows/logis/{imp_uid}`' })),
  path: Type.Optional(Type.String({ description: 'exact' })),
  status: Type.Optional(
    Type.String({ description: 'a status (`409`) or a class: `2xx`, `3xx`, `4xx`, `5xx`' }),
  ),
  merchant: Type.Optional(Type.String({ description: 'imp_key' })),
  vendor: Type.Optional(Type.String({ description: 'vendorId' })),
  since: Type.Optional(Type.String({ description: 'ISO 8601 instant, inclusive, by `at`' })),
  fault: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
};

export const JournalCountQuery = Type.Object(JournalFilters, { additionalProperties: false });

export const JournalListQuery = Type.Object(
  {
    ...JournalFilters,
    order: Type.Optional(Type.Union([Type.Literal('desc'), Type.Literal('asc')], { default: 'desc' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    cursor: Type.Optional(Type.String({ description: '`next` of the previous page, with the same filters' })),
  },
  { additionalProperties: false },
);

export const JournalDeleteQuery = Type.Object(
  { merchant: JournalFilters.merchant, vendor: JournalFilters.vendor },
  { additionalProperties: false },
);

export const JournalList = Type.Object({
  requests: Type.Array(JournalEntry),
  next: Type.Union([Type.String(), Type.Null()]),
});

export const JournalCount = Type.Object({ count: Type.Integer() });

export const Deleted = Type.Object({ deleted: Type.Integer() });

export const IdParams = Type.Object({ id: Type.String() });

// Faults and latency (spec/sandbox.md, section 2).

export const FaultMatch = Type.Object(
  {
    platform: Type.Optional(Type.Union([Type.Literal('portone'), Type.Literal('coupang')])),
    method: Type.Optional(Type.String()),
    route: Type.Optional(Type.String()),
    path: Type.Optional(Type.String()),
    merchant: Type.Optional(Type.String()),
    vendor: Type.Optional(Type.String()),
  },
  {
    additionalProperties: false,
    description: 'all given keys combined with AND; {} matches every platform request',
  },
);

const FaultFields = {
  match: Type.Optional(FaultMatch),
  action: Type.Union([
    Type.Literal('status'),
    Type.Literal('delay'),
    Type.Literal('drop'),
    Type.Literal('hang'),
  ]),
  status: Type.Optional(Type.Integer({ minimum: 400, maximum: 599, description: 'action status' })),
  body: Type.Optional(Type.Unknown({ description: 'action status: the answer instead of the default' })),
  headers: Type.Optional(
    Type.Record(Type.String(), Type.String(), { description: 'action status: headers of the answer' }),
  ),
  delayMs: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 300_000,
      description: 'delay: 1 to 60,000; hang: default 30,000, at most 300,000',
    }),
  ),
  when: Type.Optional(
    Type.Union([Type.Literal('before'), Type.Literal('after')], {
      description: 'status and drop; default before',
    }),
  ),
  times: Type.Optional(
    Type.Integer({ minimum: 1, description: 'then the fault is gone; default until deleted' }),
  ),
  probability: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1 })),
};

export const NewFaultBody = Type.Object(FaultFields, { additionalProperties: false });

export const Fault = Type.Object({
  id: Type.String(),
  ...FaultFields,
  match: FaultMatch,
  probability: Type.Number(),
  remaining: Type.Union([Type.Integer(), Type.Null()], { description: 'times left; null: until deleted' }),
  hits: Type.Integer(),
  createdAt: Type.String(),
});

export const FaultList = Type.Object({ faults: Type.Array(Fault) });

export const DeletedOne = Type.Object({ deleted: Type.Literal(1) });
