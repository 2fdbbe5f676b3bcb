/**
 * Schemas of baesong's own sandbox API. This module imports nothing but TypeBox and the
 * platforms' schemas (which import nothing but TypeBox).
 */
import { type Static, Type } from '@sinclair/typebox';
import { OrderSheetV4, ReceiptV4 } from '../coupang/orders/schemas.js';
import { OutboundPlace, ReturnCenter } from '../coupang/schemas.js';
import { KnownString } from '../http/schemas.js';
import { ESCROW_PGS } from '../portone/escrow-rules.js';
import { Payment, PaymentwallDeliveryRecord } from '../portone/schemas.js';

export const SandboxError = Type.Object({ error: Type.String() });

/** The failures a sandbox route may answer, each `{"error": message}` naming the problem. */
export const sandboxErrors = { 400: SandboxError, 401: SandboxError, 404: SandboxError };

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
    pg_provider: KnownString([...ESCROW_PGS, 'paymentwall', 'tosspayments'], {
      minLength: 1,
      maxLength: 40,
      description: 'any PG; the escrow routes serve html5_inicis, kcp and daou',
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
    pay_method: Type.Optional(
      Type.Union([Type.Literal('card'), Type.Literal('vbank')], {
        default: 'card',
        description: 'vbank: a virtual account, issued while ready and deposited by /paid',
      }),
    ),
    notice_url: Type.Optional(
      Type.String({
        maxLength: 2048,
        description:
          "the payment's webhook URL (absolute http or https), which wins over the merchant's setting",
      }),
    ),
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

// ── Tenants, listings ─────────────────────────────────────────────────

/** A `next` of a listing: pass it back as `cursor` for the following page; null on the last. */
const NextCursor = Type.Union([Type.String(), Type.Null()], {
  description: 'the cursor of the following page (pass it as `cursor`), or null on the last page',
});

/** `limit` and `cursor` of the listings that page. */
const pageParams = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String({ description: 'the `next` of the page before' })),
};

export const DeletedTenant = Type.Object({ deleted: Type.Literal(true) });

export const MerchantSummary = Type.Object({
  merchant_id: Type.String(),
  name: Type.String(),
  imp_key: Type.String(),
  payments: Type.Integer({ description: 'how many payments it has' }),
});
export type MerchantSummary = Static<typeof MerchantSummary>;

export const MerchantList = Type.Object({
  merchants: Type.Array(MerchantSummary, { description: 'oldest first; never a secret' }),
});
export type MerchantList = Static<typeof MerchantList>;

export const ImpKeyParams = Type.Object({ imp_key: Type.String() });

export const PaymentListQuery = Type.Object(
  { imp_key: Type.Optional(Type.String({ description: "only this merchant's payments" })), ...pageParams },
  { additionalProperties: false },
);
export type PaymentListQuery = Static<typeof PaymentListQuery>;

/** The escrow delivery as `/sandbox/payments/{imp_uid}/deliveries` shows it. */
const StoredEscrowDelivery = PaymentDeliveries.properties.escrow;

export const PaymentSummary = Type.Composite([
  Payment,
  Type.Object({
    notice_url: Type.Union([Type.String(), Type.Null()], {
      description:
        "the payment's own webhook URL (the sandbox's view only: PortOne's object has no such field)",
    }),
    escrow_delivery: StoredEscrowDelivery,
    paymentwall_deliveries: Type.Integer({ description: 'how many Paymentwall delivery calls it has' }),
  }),
]);
export type PaymentSummary = Static<typeof PaymentSummary>;

export const PaymentList = Type.Object({
  payments: Type.Array(PaymentSummary, { description: 'newest first (started_at, then imp_uid)' }),
  next: NextCursor,
});
export type PaymentList = Static<typeof PaymentList>;

export const VendorSummary = Type.Object({
  vendorId: Type.String(),
  accessKey: Type.String(),
  userIds: Type.Array(Type.String()),
  contracts: SandboxVendor.properties.contracts,
  outboundPlaces: Type.Integer(),
  returnCenters: Type.Integer(),
});
export type VendorSummary = Static<typeof VendorSummary>;

export const VendorList = Type.Object({
  vendors: Type.Array(VendorSummary, { description: 'oldest first; never the secret key' }),
});
export type VendorList = Static<typeof VendorList>;

export const SandboxVendorParams = Type.Object({ vendorId: Type.String() });

export const PlaceListQuery = Type.Object(pageParams, { additionalProperties: false });
export type PlaceListQuery = Static<typeof PlaceListQuery>;

export const OutboundPlaceListing = Type.Object({
  content: Type.Array(OutboundPlace, { description: 'as the Coupang query shows them, oldest first' }),
  next: NextCursor,
});
export type OutboundPlaceListing = Static<typeof OutboundPlaceListing>;

export const ReturnCenterListing = Type.Object({
  content: Type.Array(ReturnCenter, { description: 'as the Coupang reads show them, oldest first' }),
  next: NextCursor,
});
export type ReturnCenterListing = Static<typeof ReturnCenterListing>;

export const DeletedOne = Type.Object({ deleted: Type.Literal(1) });

/** `POST /sandbox/payments/{imp_uid}/cancel`: the console's cancel, by the rules of `POST /payments/cancel`. */
export const ConsoleCancelBody = Type.Object({
  amount: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String(), Type.Null()])),
  reason: Type.Optional(Type.String()),
  checksum: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String(), Type.Null()])),
});

const TimeoutMs = (description: string) =>
  Type.Optional(Type.Integer({ minimum: 100, maximum: 60_000, description }));

export const WebhookSettingBody = Type.Object(
  {
    url: Type.String({ maxLength: 2048, description: 'absolute http or https URL' }),
    contentType: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('form')], { default: 'json' })),
    retry: Type.Optional(
      Type.Boolean({
        default: false,
        description:
          'true: a 5xx or no answer is tried again, up to 5 more times, 60 s apart by the sandbox clock',
      }),
    ),
    timeouts: Type.Optional(
      Type.Object(
        {
          connectMs: TimeoutMs('default 10000'),
          readMs: TimeoutMs('default 30000'),
          retryTotalMs: TimeoutMs('a retry in all; default 15000'),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type WebhookSettingBody = Static<typeof WebhookSettingBody>;

export const WebhookSetting = Type.Object({
  url: Type.String(),
  contentType: Type.Union([Type.Literal('json'), Type.Literal('form')]),
  retry: Type.Boolean(),
  timeouts: Type.Object({ connectMs: Type.Integer(), readMs: Type.Integer(), retryTotalMs: Type.Integer() }),
});
export type WebhookSetting = Static<typeof WebhookSetting>;

const WebhookAttempt = Type.Object({
  at: Type.String({ description: "ISO 8601, by the merchant's sandbox clock" }),
  status: Type.Union([Type.Integer(), Type.Null()], { description: 'the HTTP status answered, or null' }),
  durationMs: Type.Number(),
  error: Type.Union([Type.String(), Type.Null()], {
    description:
      '`<kind>: <detail>`, kind refused, timeout, reset, dns or tls; null when an HTTP answer came',
  }),
});

export const WebhookRecord = Type.Object({
  id: Type.String(),
  imp_key: Type.String(),
  imp_uid: Type.String(),
  merchant_uid: Type.String(),
  status: Type.String({ description: 'the status sent: ready, paid or cancelled' }),
  url: Type.String(),
  contentType: Type.Union([Type.Literal('json'), Type.Literal('form')]),
  body: Type.Record(Type.String(), Type.String(), { description: 'the fields sent' }),
  state: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  createdAt: Type.String(),
  nextAttemptAt: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Array(WebhookAttempt, { description: 'oldest first' }),
});
export type WebhookRecord = Static<typeof WebhookRecord>;

export const WebhookListQuery = Type.Object(
  {
    imp_key: Type.Optional(Type.String()),
    imp_uid: Type.Optional(Type.String()),
    state: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
    ),
    ...pageParams,
  },
  { additionalProperties: false },
);
export type WebhookListQuery = Static<typeof WebhookListQuery>;

export const WebhookList = Type.Object({
  webhooks: Type.Array(WebhookRecord, { description: 'newest first' }),
  next: NextCursor,
});
export type WebhookList = Static<typeof WebhookList>;

export const WebhookIdParams = Type.Object({ id: Type.String() });

const Count = (max: number, description?: string) =>
  Type.Integer({ minimum: 1, maximum: max, ...(description ? { description } : {}) });
const ItemId = Type.Union([Type.String({ pattern: '^\\d{1,19}$' }), Type.Integer({ minimum: 1 })]);
const Won = Type.Integer({ minimum: 0, maximum: 1_000_000_000 });
const Name = Type.String({ maxLength: 200 });

export const NewOrderBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          vendorItemId: Type.Optional(ItemId),
          vendorItemName: Type.Optional(Name),
          sellerProductId: Type.Optional(ItemId),
          sellerProductName: Type.Optional(Name),
          sellerProductItemName: Type.Optional(Name),
          shippingCount: Type.Optional(Count(999, 'units ordered, default 1')),
          salesPrice: Type.Optional(Won),
          discountPrice: Type.Optional(Won),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
    orderer: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Name),
          email: Type.Optional(Name),
          safeNumber: Type.Optional(Name),
          ordererNumber: Type.Optional(Type.Union([Name, Type.Null()])),
        },
        { additionalProperties: false },
      ),
    ),
    receiver: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Name),
          safeNumber: Type.Optional(Name),
          receiverNumber: Type.Optional(Type.Union([Name, Type.Null()])),
          addr1: Type.Optional(Name),
          addr2: Type.Optional(Name),
          postCode: Type.Optional(Name),
        },
        { additionalProperties: false },
      ),
    ),
    shippingPrice: Type.Optional(Won),
    remotePrice: Type.Optional(Won),
    remoteArea: Type.Optional(Type.Boolean()),
    parcelPrintMessage: Type.Optional(Name),
    orderId: Type.Optional(
      Type.Union([Type.String({ pattern: '^\\d{1,19}$' }), Type.Integer({ minimum: 1 })], {
        description: 'an order of this vendor: the new box joins it, its orderer and receiver copied',
      }),
    ),
  },
  { additionalProperties: false },
);
export type NewOrderBody = Static<typeof NewOrderBody>;

export const ReceiverChangeBody = Type.Object(
  {
    name: Type.Optional(Name),
    safeNumber: Type.Optional(Name),
    addr1: Type.Optional(Name),
    addr2: Type.Optional(Name),
    postCode: Type.Optional(Name),
  },
  { additionalProperties: false },
);
export type ReceiverChangeBody = Static<typeof ReceiverChangeBody>;

const UnitRequests = Type.Array(
  Type.Object({ vendorItemId: ItemId, count: Count(999) }, { additionalProperties: false }),
  { minItems: 1, maxItems: 20, description: 'default: every unit left' },
);

export const BuyerCancelBody = Type.Object(
  { items: Type.Optional(UnitRequests), reason: Type.Optional(Name) },
  { additionalProperties: false },
);
export type BuyerCancelBody = Static<typeof BuyerCancelBody>;

export const BuyerReturnBody = Type.Object(
  {
    items: Type.Optional(UnitRequests),
    reason: Type.Optional(Name),
    faultByType: Type.Optional(Type.String({ maxLength: 40, examples: ['CUSTOMER', 'VENDOR'] })),
    reasonCode: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type BuyerReturnBody = Static<typeof BuyerReturnBody>;

export const AdvanceBody = Type.Object(
  { to: Type.Optional(Type.String({ description: '`DELIVERING` or `FINAL_DELIVERY`; default the next' })) },
  { additionalProperties: false },
);
export type AdvanceBody = Static<typeof AdvanceBody>;

export const PickupBody = Type.Object(
  {
    deliveryCompanyCode: Type.Optional(Type.String({ maxLength: 40, default: 'CJGLS' })),
    invoiceNumber: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9-]{1,30}$', description: 'default 12 digits' }),
    ),
  },
  { additionalProperties: false },
);
export type PickupBody = Static<typeof PickupBody>;

export const SandboxBoxParams = Type.Object({
  vendorId: Type.String(),
  shipmentBoxId: Type.String({ pattern: '^\\d{1,19}$' }),
});
export const SandboxReceiptParams = Type.Object({
  vendorId: Type.String(),
  receiptId: Type.String({ pattern: '^\\d{1,19}$' }),
});

export const SandboxListQuery = Type.Object({
  status: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String({ description: '1 to 1000, default 100' })),
  cursor: Type.Optional(Type.String()),
});

export const OrderListing = Type.Object({
  orders: Type.Array(OrderSheetV4),
  next: Type.Union([Type.String(), Type.Null()]),
});
export const ReceiptListing = Type.Object({
  receipts: Type.Array(ReceiptV4),
  next: Type.Union([Type.String(), Type.Null()]),
});
