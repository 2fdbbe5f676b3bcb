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

const VendorContract = Type.Object(
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

export const SandboxClockReading = Type.Object({
  now: Type.String({
    format: 'date-time',
    description: 'the clock’s instant, ISO 8601 UTC with milliseconds',
  }),
  offsetMs: Type.Integer({
    description:
      'global clock: now minus real time; with merchant or vendor: that tenant’s own offset, added to the global clock',
  }),
  frozen: Type.Boolean({
    description: 'whether the global clock stands still (tenants’ clocks stand with it)',
  }),
});
export type SandboxClockReading = Static<typeof SandboxClockReading>;

export const ClockQuery = Type.Object(
  {
    merchant: Type.Optional(Type.String({ description: 'a merchant’s imp_key: its own clock' })),
    vendor: Type.Optional(Type.String({ description: 'a Coupang vendorId: its own clock' })),
  },
  { additionalProperties: false },
);

export const ClockChangeBody = Type.Object(
  {
    advanceSeconds: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 315_360_000,
        description: 'moves the clock forward; may be fractional (kept to the millisecond)',
      }),
    ),
    freeze: Type.Optional(
      Type.Boolean({
        description: 'true: now stands still; false: it runs on from where it stood. Global only.',
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
