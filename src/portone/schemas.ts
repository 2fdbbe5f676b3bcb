/**
 * PortOne V1 request and response schemas. This module imports nothing but TypeBox,
 * so the typed client can take its types without loading server code.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

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

export const Payment = Type.Object({
  imp_uid: Type.String({ pattern: '^imp_[0-9]{12}$' }),
  merchant_uid: Type.String(),
  pay_method: Type.String(),
  channel: Type.String(),
  pg_provider: Type.String(),
  pg_tid: Type.String(),
  pg_id: Type.String(),
  escrow: Type.Boolean(),
  amount: Type.Integer(),
  cancel_amount: Type.Integer(),
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
  cancelled_at: Type.Integer(),
});
export type Payment = Static<typeof Payment>;

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
  company: Type.String({ description: 'courier code; unknown codes are stored as ETC' }),
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
  company: Type.String(),
  invoice: Type.String(),
  sent_at: Type.Integer(),
  applied_at: Type.Integer({ description: 'server time of the registration or latest change, UNIX seconds' }),
});
export type EscrowLogis = Static<typeof EscrowLogis>;
