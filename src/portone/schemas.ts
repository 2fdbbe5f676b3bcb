/**
 * PortOne V1 request and response schemas. This module imports nothing but TypeBox and lists of
 * values, so the typed client can take its types without loading server code.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { KnownString } from '../http/schemas.js';
import { COURIER_CODES } from './couriers.js';
import { ESCROW_PGS } from './escrow-rules.js';

/** `{code, message, response}` around a success response. */
export const Envelope = <T extends TSchema>(response: T) =>
  Type.Object({
    code: Type.Integer({ description: '0 on success, -1 on failure' }),
    message: Type.Union([Type.String(), Type.Null()]),
    response,
  });

export const ErrorEnvelope = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  response: Type.Null(),
});
export type ErrorEnvelope = Static<typeof ErrorEnvelope>;

export const GetTokenBody = Type.Object({
  imp_key: Type.String({ description: 'REST API key' }),
  imp_secret: Type.String({ description: 'REST API secret' }),
});
export type GetTokenBody = Static<typeof GetTokenBody>;

export const AccessToken = Type.Object({
  access_token: Type.String({ pattern: '^[0-9a-f]{40}$' }),
  now: Type.Integer({ description: 'server time, UNIX seconds' }),
  expired_at: Type.Integer({ description: 'UNIX seconds; the token is invalid from this second on' }),
});
export type AccessToken = Static<typeof AccessToken>;

export const PaymentStatus = Type.Union([
  Type.Literal('ready'),
  Type.Literal('paid'),
  Type.Literal('cancelled'),
  Type.Literal('failed'),
]);
export type PaymentStatus = Static<typeof PaymentStatus>;

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** One cancel of a payment (S-OAS `PaymentCancelAnnotation`). */
export const PaymentCancel = Type.Object({
  pg_tid: Type.String({ description: 'generated for each cancel' }),
  amount: Type.Integer(),
  cancelled_at: Type.Integer({ description: 'UNIX seconds' }),
  reason: Type.String({ description: 'as sent, or empty' }),
  cancellation_id: Type.String({ description: 'unique per cancel' }),
  receipt_url: Type.Null({ description: 'the sandbox issues no receipt' }),
});
export type PaymentCancel = Static<typeof PaymentCancel>;

export const Payment = Type.Object({
  imp_uid: Type.String({ pattern: '^imp_[0-9]{12}$' }),
  merchant_uid: Type.String(),
  pay_method: Type.String({ description: 'card or vbank' }),
  channel: Type.String(),
  pg_provider: KnownString(ESCROW_PGS),
  pg_tid: Type.String(),
  pg_id: Type.String(),
  escrow: Type.Boolean(),
  amount: Type.Integer(),
  cancel_amount: Type.Integer({ description: 'the sum cancelled; the balance is amount - cancel_amount' }),
  currency: Type.String(),
  name: NullableString,
  status: PaymentStatus,
  buyer_name: NullableString,
  buyer_email: NullableString,
  buyer_tel: NullableString,
  buyer_addr: NullableString,
  buyer_postcode: NullableString,
  started_at: Type.Integer(),
  paid_at: Type.Integer(),
  failed_at: Type.Integer(),
  cancelled_at: Type.Integer({ description: 'UNIX seconds of the latest cancel, partial or full; 0 before' }),
  cancel_history: Type.Array(PaymentCancel, { description: 'every cancel, oldest first' }),
  cancel_reason: Type.Union([Type.String(), Type.Null()], { description: "the latest cancel's reason" }),
  vbank_code: NullableString,
  vbank_name: NullableString,
  vbank_num: NullableString,
  vbank_holder: NullableString,
  vbank_date: Type.Integer({
    description: 'UNIX seconds: the deposit deadline of a virtual account; 0 otherwise',
  }),
  vbank_issued_at: Type.Integer({ description: 'UNIX seconds; 0 when not a virtual account' }),
});
export type Payment = Static<typeof Payment>;

/** `GET /payments/find/{merchant_uid}/{payment_status}`. */
export const FindParams = Type.Object({
  merchant_uid: Type.String({ description: "the shop's order number" }),
  payment_status: Type.String({
    description: 'ready, paid, failed or cancelled; `undefined` or empty: any status',
  }),
});

export const FindQuery = Type.Object({
  sorting: Type.Optional(
    Type.String({ description: '-started (default), started, -paid, paid, -updated or updated' }),
  ),
});

/** `GET /payments`: ids as `imp_uid[]=a`, `imp_uid[0]=a` or `imp_uid=a` (likewise `merchant_uid`). */
export const PaymentsQuery = Type.Object({
  'imp_uid[]': Type.Optional(Type.Array(Type.String())),
  'merchant_uid[]': Type.Optional(Type.Array(Type.String())),
});

/** Found payments in the order asked; `code` 0 with HTTP 207 when some were not found. */
export const PaymentsEnvelope = Envelope(Type.Array(Payment));

export const PrepareBody = Type.Object({
  merchant_uid: Type.String({ minLength: 1, maxLength: 40 }),
  amount: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.String()], {
    description: 'above 0; a numeric string is taken',
  }),
  currency: Type.Optional(Type.String()),
});
export type PrepareBody = Static<typeof PrepareBody>;

export const Prepared = Type.Object({
  merchant_uid: Type.String(),
  amount: Type.Number(),
  currency: Type.Union([Type.String(), Type.Null()]),
});
export type Prepared = Static<typeof Prepared>;

export const MerchantUidParams = Type.Object({ merchant_uid: Type.String() });

const NumberInput = (description: string) =>
  Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.String(), Type.Null()], { description }));
const BooleanInput = Type.Optional(Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')]));

/** `POST /payments/cancel`, JSON or form; unknown fields are ignored. */
export const CancelBody = Type.Object({
  imp_uid: Type.Optional(Type.String({ description: 'decides when given' })),
  merchant_uid: Type.Optional(Type.String()),
  amount: NumberInput('missing, null or 0: the whole balance'),
  tax_free: NumberInput('checked, not modelled'),
  vat_amount: NumberInput('checked, not modelled'),
  checksum: NumberInput('the balance the caller believes; null or missing: not checked'),
  reason: Type.Optional(Type.String()),
  refund_holder: Type.Optional(Type.String()),
  refund_bank: Type.Optional(Type.String()),
  refund_account: Type.Optional(Type.String()),
  refund_tel: Type.Optional(Type.String()),
  retain_promotion: BooleanInput,
  enable_webhook: BooleanInput,
  extra: Type.Optional(Type.Object({ requester: Type.Optional(Type.String()) })),
});
export type CancelBody = Static<typeof CancelBody>;

/**
 * An answer that is either a success (`code` 0, `response` the object) or a business failure
 * answered with HTTP 200 (`code` 1, `response` null): a cancel refused, a prepare repeated.
 */
export const OutcomeEnvelope = <T extends TSchema>(response: T) =>
  Type.Object({
    code: Type.Integer({ description: '0 on success, 1 on a refusal answered with HTTP 200' }),
    message: Type.Union([Type.String(), Type.Null()]),
    response: Type.Union([response, Type.Null()]),
  });

export const ImpUidParams = Type.Object({ imp_uid: Type.String({ description: 'PortOne transaction ID' }) });

export const EscrowSender = Type.Object({
  name: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  tel: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  addr: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  postcode: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  relationship: Type.Optional(Type.String({ description: 'required for daou, e.g. 본인' })),
});
export type EscrowSender = Static<typeof EscrowSender>;

export const EscrowReceiver = Type.Object({
  name: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  tel: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  addr: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
  postcode: Type.Optional(Type.String({ description: 'required for html5_inicis' })),
});
export type EscrowReceiver = Static<typeof EscrowReceiver>;

export const EscrowLogisInput = Type.Object({
  company: KnownString(COURIER_CODES, { description: 'courier code; unknown codes are stored as ETC' }),
  invoice: Type.String({ description: 'tracking number' }),
  sent_at: Type.Integer({ minimum: 1, description: 'UNIX seconds' }),
  receiving_at: Type.Optional(
    Type.String({ pattern: '^[0-9]{8}$', description: 'YYYYMMDD; required for daou' }),
  ),
  address: Type.Optional(Type.String({ description: 'required for daou' })),
});
export type EscrowLogisInput = Static<typeof EscrowLogisInput>;

export const EscrowDeliveryBody = Type.Object({
  sender: EscrowSender,
  receiver: EscrowReceiver,
  logis: EscrowLogisInput,
});
export type EscrowDeliveryBody = Static<typeof EscrowDeliveryBody>;

export const EscrowLogis = Type.Object({
  company: KnownString(COURIER_CODES),
  invoice: Type.String(),
  sent_at: Type.Integer(),
  applied_at: Type.Integer({ description: 'server time of the registration or latest change, UNIX seconds' }),
});
export type EscrowLogis = Static<typeof EscrowLogis>;

/** A UNIX timestamp in seconds: a JSON integer, or its digits as a string (forms carry only text). */
const UnixSecondsInput = (description: string) =>
  Type.Union([Type.Integer({ minimum: 1 }), Type.String({ pattern: '^[0-9]+$' })], { description });

const PhysicalText = (maxLength: number, description: string) =>
  Type.Optional(Type.String({ maxLength, description: `${description}; required when type is physical` }));

/** `POST /paymentwall/delivery`: flat, as JSON or as `application/x-www-form-urlencoded`. */
export const PaymentwallDeliveryBody = Type.Object({
  imp_uid: Type.String({ description: 'PortOne transaction ID of a Paymentwall payment' }),
  merchant_uid: Type.String({ maxLength: 40, description: "order ID: the payment's own merchant_uid" }),
  type: Type.Union([Type.Literal('physical'), Type.Literal('digital')], { description: 'product type' }),
  status: Type.Union(
    [
      Type.Literal('order_placed'),
      Type.Literal('order_shipped'),
      Type.Literal('delivering'),
      Type.Literal('delivered'),
    ],
    { description: "delivery status; never earlier than the payment's last accepted status" },
  ),
  estimated_delivery_datetime: UnixSecondsInput(
    'estimated delivery time, UNIX seconds (the current time will do for a digital order)',
  ),
  estimated_update_datetime: UnixSecondsInput(
    'estimated time of the next status update, UNIX seconds (the current time will do for a digital order)',
  ),
  refundable: Type.Union([Type.Literal('yes'), Type.Literal('no')]),
  shipping_address_email: Type.String({ maxLength: 50, format: 'email', description: "recipient's e-mail" }),
  carrier_tracking_id: PhysicalText(64, 'tracking number'),
  carrier_type: PhysicalText(64, 'courier name'),
  shipping_address_country: PhysicalText(40, "recipient's country"),
  shipping_address_city: PhysicalText(40, "recipient's city"),
  shipping_address_zip: PhysicalText(40, "recipient's zip code"),
  shipping_address_state: PhysicalText(
    40,
    "recipient's state: N/A outside the USA (US, USA); inside, one of the 50 states or DC by USPS code or full name, in any letter case",
  ),
  shipping_address_street: PhysicalText(40, "recipient's street"),
  shipping_address_phone: PhysicalText(40, "recipient's phone"),
  shipping_address_firstname: PhysicalText(40, "recipient's first name"),
  shipping_address_lastname: PhysicalText(40, "recipient's last name"),
  reason: Type.Optional(Type.String({ maxLength: 64 })),
  details: Type.Optional(Type.String({ maxLength: 400 })),
});
export type PaymentwallDeliveryBody = Static<typeof PaymentwallDeliveryBody>;

export const PaymentwallDeliveryAccepted = Type.Object({
  success: Type.Literal(1),
  error_code: Type.Null(),
  error: Type.Null(),
  notices: Type.Array(Type.String(), { maxItems: 0 }),
});
export type PaymentwallDeliveryAccepted = Static<typeof PaymentwallDeliveryAccepted>;

export const PaymentwallDeliveryProblems = Type.Object({
  error_code: Type.Literal(400),
  error: Type.String({ description: 'the first problem, equal to message' }),
  notices: Type.Array(Type.String(), { description: 'every problem, one sentence each, naming its field' }),
});
export type PaymentwallDeliveryProblems = Static<typeof PaymentwallDeliveryProblems>;

/** A 400 lists the broken field rules in `response`; a body that cannot be read has `response` null. */
export const PaymentwallErrorEnvelope = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  response: Type.Union([PaymentwallDeliveryProblems, Type.Null()]),
});

/** One accepted delivery call as the sandbox shows it: the fields it sent, normalised, and when. */
export const PaymentwallDeliveryRecord = Type.Object({
  ...PaymentwallDeliveryBody.properties,
  estimated_delivery_datetime: Type.Integer({ description: 'UNIX seconds' }),
  estimated_update_datetime: Type.Integer({ description: 'UNIX seconds' }),
  received_at: Type.Integer({ description: 'server time of the call, UNIX seconds' }),
});
export type PaymentwallDeliveryRecord = Static<typeof PaymentwallDeliveryRecord>;
