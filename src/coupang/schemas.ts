/**
 * Coupang Open API request and response schemas. This module imports nothing but TypeBox and lists
 * of values, so the typed client can take its types without loading server code. Request bodies are
 * checked by the rules of `places.ts` and `outbound-rules.ts` (exact messages, documented
 * order); these schemas document them.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { KnownString } from '../http/schemas.js';
import { COURIER_CODES } from './couriers.js';

/** The gateway's error body (authentication, rate limit, unknown routes). */
export const GatewayErrorBody = Type.Object({
  code: Type.Literal('ERROR'),
  message: Type.String(),
  transactionId: Type.String({ format: 'uuid' }),
});
export type GatewayErrorBody = Static<typeof GatewayErrorBody>;

/** `{code, message, data}` around a success; `code` is the HTTP status as a number. */
export const PlaceEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    code: Type.Integer({ examples: [200] }),
    message: Type.String({ examples: ['SUCCESS'] }),
    data,
  });

export const PlaceErrorBody = Type.Object({
  code: Type.Integer({ description: 'the HTTP status' }),
  message: Type.String(),
  data: Type.Null(),
});
export type PlaceErrorBody = Static<typeof PlaceErrorBody>;

export const PlaceResult = Type.Object({
  resultCode: Type.Literal('SUCCESS'),
  resultMessage: Type.String({ description: 'the new code, or `Modify successfully`' }),
});
export type PlaceResult = Static<typeof PlaceResult>;

/** Where the API takes a string, it takes a number too, as its digits. */
const Text = (options: { description?: string; maxLength?: number } = {}) =>
  Type.Union(
    [Type.String(options), Type.Number()],
    options.description ? { description: options.description } : {},
  );
/** Where it takes a number or a boolean, it takes it as a string too (`"2500"`, `"true"`). */
const NumberLike = (description: string) => Type.Union([Type.Number(), Type.String()], { description });
const BooleanLike = (description: string) =>
  Type.Union([Type.Boolean(), Type.Literal('true'), Type.Literal('false')], { description });

export const VendorIdParams = Type.Object({
  vendorId: Type.String({
    pattern: '^A[0-9]{8}$',
    description: 'the vendor of the access key, e.g. A00012345',
  }),
});

export const OutboundPlaceParams = Type.Object({
  vendorId: VendorIdParams.properties.vendorId,
  outboundShippingPlaceCode: Type.String({ pattern: '^[0-9]+$' }),
});

const PlaceAddressInput = Type.Object({
  addressType: Type.Union([Type.Literal('JIBUN'), Type.Literal('ROADNAME'), Type.Literal('OVERSEA')], {
    description: 'a ROADNAME address needs a JIBUN one beside it; OVERSEA only for global places',
  }),
  countryCode: Type.Optional(Type.String({ minLength: 2, maxLength: 2, default: 'KR' })),
  companyContactNumber: Text({ description: '9 to 13 digits and dashes, e.g. 02-1234-5678' }),
  phoneNumber2: Type.Optional(Text({ description: 'same format, optional' })),
  returnZipCode: Text({ description: '5 or 6 digits' }),
  returnAddress: Text({ maxLength: 150 }),
  returnAddressDetail: Type.Optional(Text({ maxLength: 200, description: 'empty when left out' })),
});

const RemoteInfoInput = Type.Object({
  remoteInfoId: Type.Optional(
    NumberLike('update only: the entry of this place to change; leave out to add an entry'),
  ),
  deliveryCode: Type.Optional(
    KnownString(COURIER_CODES, { description: 'Coupang courier code; required for a new entry' }),
  ),
  jeju: Type.Optional(NumberLike('Jeju fee (won): 0, or 1000-20000 in steps of 100 (EPOST: 100-400)')),
  notJeju: Type.Optional(NumberLike('other remote areas (won), same range')),
  usable: Type.Optional(BooleanLike('false switches the entry off; default true')),
});

const outboundPlaceFields = {
  vendorId: Type.String({ description: 'must be the access key’s vendor' }),
  userId: Text({ description: 'a WING login ID of the vendor' }),
  shippingPlaceName: Text({ maxLength: 50, description: 'unique among the vendor’s outbound places' }),
  usable: Type.Optional(BooleanLike('default true (on update: unchanged)')),
  global: Type.Optional(BooleanLike('default false; cannot change once created')),
  placeAddresses: Type.Array(PlaceAddressInput, {
    minItems: 1,
    description: 'no address (returnAddress + returnAddressDetail) may belong to another place of the vendor',
  }),
  remoteInfos: Type.Optional(Type.Array(RemoteInfoInput)),
};

export const OutboundPlaceBody = Type.Object(outboundPlaceFields);
export type OutboundPlaceBody = Static<typeof OutboundPlaceBody>;

export const OutboundPlaceUpdateBody = Type.Object({
  ...outboundPlaceFields,
  outboundShippingPlaceCode: Type.Optional(NumberLike('when given, must equal the path’s')),
});
export type OutboundPlaceUpdateBody = Static<typeof OutboundPlaceUpdateBody>;

export const OutboundQuery = Type.Object({
  pageNum: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  placeCodes: Type.Optional(
    Type.String({ description: 'comma-separated codes: these places only, all on one page' }),
  ),
  placeNames: Type.Optional(
    Type.String({ description: 'comma-separated exact names: these places only, all on one page' }),
  ),
});

const OutboundAddress = Type.Object({
  addressType: Type.Union([Type.Literal('JIBUN'), Type.Literal('ROADNAME'), Type.Literal('OVERSEA')]),
  countryCode: Type.String(),
  companyContactNumber: Type.String(),
  phoneNumber2: Type.Optional(Type.String()),
  returnZipCode: Type.String(),
  returnAddress: Type.String(),
  returnAddressDetail: Type.String(),
});

const RemoteInfo = Type.Object({
  remoteInfoId: Type.Integer(),
  deliveryCode: KnownString(COURIER_CODES),
  jeju: Type.Number(),
  notJeju: Type.Number(),
  usable: Type.Boolean(),
});

export const OutboundPlace = Type.Object({
  outboundShippingPlaceCode: Type.Integer(),
  shippingPlaceName: Type.String(),
  createDate: Type.String({ description: 'yyyy/MM/dd, Korea Standard Time', examples: ['2026/11/23'] }),
  placeAddresses: Type.Array(OutboundAddress),
  remoteInfos: Type.Array(RemoteInfo, { description: 'switched-off entries included, oldest first' }),
  usable: Type.Boolean(),
});
export type OutboundPlace = Static<typeof OutboundPlace>;

const Pagination = Type.Object({
  currentPage: Type.Integer(),
  totalPages: Type.Integer(),
  totalElements: Type.Integer(),
  countPerPage: Type.Integer(),
});

/** The outbound query answers without an envelope. */
export const OutboundPlacePage = Type.Object({
  content: Type.Array(OutboundPlace),
  pagination: Pagination,
});
export type OutboundPlacePage = Static<typeof OutboundPlacePage>;

export const ReturnCenterParams = Type.Object({
  vendorId: VendorIdParams.properties.vendorId,
  returnCenterCode: Type.String({ pattern: '^[0-9]+$', examples: ['1100000001'] }),
});

const ReturnAddressInput = Type.Object({
  addressType: Type.Union([Type.Literal('JIBUN'), Type.Literal('ROADNAME')], {
    description: 'a ROADNAME address needs a JIBUN one beside it',
  }),
  companyContactNumber: Text({ description: '9 to 13 digits and dashes, e.g. 02-1234-5678' }),
  phoneNumber2: Type.Optional(Text({ description: 'same format, optional' })),
  returnZipCode: Text({ description: '5 or 6 digits' }),
  returnAddress: Text({ maxLength: 150 }),
  returnAddressDetail: Type.Optional(Text({ maxLength: 200, description: 'empty when left out' })),
});

const fee = (description: string) => NumberLike(`${description} (won): a whole number greater than 0`);

/** The twelve fees, each for a parcel of up to 5, 10 and 20 kg. */
const returnFees = {
  vendorCreditFee05kg: fee('seller credit, 5 kg'),
  vendorCreditFee10kg: fee('seller credit, 10 kg'),
  vendorCreditFee20kg: fee('seller credit, 20 kg'),
  vendorCashFee05kg: fee('seller cash, 5 kg'),
  vendorCashFee10kg: fee('seller cash, 10 kg'),
  vendorCashFee20kg: fee('seller cash, 20 kg'),
  consumerCashFee05kg: fee('buyer cash on arrival, 5 kg'),
  consumerCashFee10kg: fee('buyer cash on arrival, 10 kg'),
  consumerCashFee20kg: fee('buyer cash on arrival, 20 kg'),
  returnFee05kg: fee('return, 5 kg'),
  returnFee10kg: fee('return, 10 kg'),
  returnFee20kg: fee('return, 20 kg'),
};

const returnCourier = Type.Union(
  ['HYUNDAI', 'KGB', 'EPOST', 'HANJIN', 'CJGLS', 'ILYANG'].map((code) => Type.Literal(code)),
  { description: 'only these couriers take return shipping' },
);

const GoodsflowInput = Type.Object({
  deliverCode: returnCourier,
  deliverName: Type.Optional(Type.String({ description: 'default: the courier’s Korean name' })),
  contractNumber: Text({ description: 'a courier contract of the vendor (`POST /sandbox/vendors`)' }),
  contractCustomerNumber: Type.Optional(Text({ description: 'the vendor code: required for EPOST' })),
  ...returnFees,
});

export const ReturnCenterBody = Type.Object({
  vendorId: Type.String({ description: 'must be the access key’s vendor' }),
  userId: Text({ description: 'a WING login ID of the vendor' }),
  shippingPlaceName: Text({ maxLength: 50, description: 'unique among the vendor’s return centers' }),
  usable: Type.Optional(BooleanLike('default true')),
  goodsflowInfoOpenApiDto: GoodsflowInput,
  placeAddresses: Type.Array(ReturnAddressInput, {
    minItems: 1,
    description:
      'no address (returnAddress + returnAddressDetail) may belong to another center of the vendor',
  }),
});
export type ReturnCenterBody = Static<typeof ReturnCenterBody>;

const GoodsflowUpdate = Type.Partial(GoodsflowInput, {
  description:
    'the fees to change; deliverCode, contractNumber and contractCustomerNumber cannot change (given, they must be the stored ones)',
});

export const ReturnCenterUpdateBody = Type.Object({
  vendorId: Type.String({ description: 'must be the access key’s vendor' }),
  returnCenterCode: NumberLike('must equal the path’s'),
  userId: Text({ description: 'a WING login ID of the vendor' }),
  shippingPlaceName: Type.Optional(
    Type.Union([Text({ maxLength: 50 }), Type.Null()], { description: 'left out or null: unchanged' }),
  ),
  usable: Type.Optional(BooleanLike('left out: unchanged')),
  placeAddresses: Type.Optional(
    Type.Array(ReturnAddressInput, {
      minItems: 1,
      description: 'replaces the addresses; left out: unchanged',
    }),
  ),
  goodsflowInfoDto: Type.Optional(GoodsflowUpdate),
  goodsflowInfoOpenApiDto: Type.Optional(
    Type.Partial(GoodsflowInput, { description: 'taken when goodsflowInfoDto is left out' }),
  ),
});
export type ReturnCenterUpdateBody = Static<typeof ReturnCenterUpdateBody>;

export const ReturnCentersQuery = Type.Object({
  pageNum: Type.Optional(Type.Integer({ minimum: 1, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
});

export const CenterCodesQuery = Type.Object({
  returnCenterCodes: Type.String({
    description: 'comma-separated return center codes, at most 100',
    examples: ['1100000001,1100000002'],
  }),
});

const ReturnAddress = Type.Object({
  addressType: Type.Union([Type.Literal('JIBUN'), Type.Literal('ROADNAME')]),
  countryCode: Type.Literal('KR'),
  companyContactNumber: Type.String(),
  phoneNumber2: Type.Optional(Type.String()),
  returnZipCode: Type.String(),
  returnAddress: Type.String(),
  returnAddressDetail: Type.String(),
});

const feeOut = Type.Integer();
const noFee = Type.Null({ description: 'not offered' });

export const ReturnCenter = Type.Object({
  vendorId: Type.String(),
  returnCenterCode: Type.String({ description: '10 digits starting 1100', examples: ['1100000001'] }),
  shippingPlaceName: Type.String(),
  deliverCode: Type.String(),
  deliverName: Type.String(),
  goodsflowStatus: Type.Union([Type.Literal('승인'), Type.Literal('승인불가')], {
    description: '승인: contract confirmed; 승인불가: contract confirmation failed',
  }),
  errorMessage: Type.String({ description: 'empty, or why the contract was not confirmed' }),
  createdAt: Type.Integer({ description: 'epoch milliseconds' }),
  vendorCreditFee02kg: noFee,
  vendorCreditFee05kg: feeOut,
  vendorCreditFee10kg: feeOut,
  vendorCreditFee20kg: feeOut,
  vendorCashFee02kg: noFee,
  vendorCashFee05kg: feeOut,
  vendorCashFee10kg: feeOut,
  vendorCashFee20kg: feeOut,
  consumerCashFee02kg: noFee,
  consumerCashFee05kg: feeOut,
  consumerCashFee10kg: feeOut,
  consumerCashFee20kg: feeOut,
  returnFee02kg: noFee,
  returnFee05kg: feeOut,
  returnFee10kg: feeOut,
  returnFee20kg: feeOut,
  usable: Type.Boolean(),
  placeAddresses: Type.Array(ReturnAddress),
});
export type ReturnCenter = Static<typeof ReturnCenter>;

export const ReturnCenterPage = Type.Object({
  content: Type.Array(ReturnCenter, { description: 'oldest first' }),
  pagination: Pagination,
});
export type ReturnCenterPage = Static<typeof ReturnCenterPage>;

/** The lookup by codes answers the centers found, in the order asked. */
export const ReturnCenterList = Type.Array(ReturnCenter);
