/**
 * Schemas of the Coupang order routes. Imports nothing but TypeBox, so the typed client can take
 * its types without loading server code. Bodies are checked by the order rules (exact messages,
 * documented order); these schemas document them and shape the answers. Ids are JSON integers
 * of up to 19 digits, written from `bigint` digit for digit (the client reads them as strings).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';

/** An id as answers write it: a bare JSON integer, possibly above 2^53. */
const Id = (description?: string) => Type.Integer(description ? { description } : {});
/** An id as a body may send it: a JSON integer or its digits as a string. */
const IdIn = (description?: string) =>
  Type.Union([Type.Integer(), Type.String({ pattern: '^\\d{1,19}$' })], description ? { description } : {});

export const OrdersEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({ code: Type.Integer({ examples: [200] }), message: Type.String({ examples: ['OK'] }), data });

export const ListEnvelope = <T extends TSchema>(data: T) =>
  Type.Object({
    code: Type.Integer({ examples: [200] }),
    message: Type.String({ examples: ['OK'] }),
    data,
    nextToken: Type.String({ description: 'the last id of the page when more follow, else ""' }),
  });

const MoneyObject = Type.Object({
  currencyCode: Type.Literal('KRW'),
  units: Type.Integer(),
  nanos: Type.Integer(),
});
const Money = (version: 'v4' | 'v5') => (version === 'v4' ? Type.Integer() : MoneyObject);
const Time = (example: string) => Type.String({ description: `"" until reached`, examples: [example] });

const Orderer = Type.Object({
  name: Type.String(),
  email: Type.String(),
  safeNumber: Type.String(),
  ordererNumber: Type.Union([Type.String(), Type.Null()]),
});
const Receiver = Type.Object({
  name: Type.String(),
  safeNumber: Type.String(),
  receiverNumber: Type.Union([Type.String(), Type.Null()]),
  addr1: Type.String(),
  addr2: Type.String(),
  postCode: Type.String(),
});

const orderItem = (version: 'v4' | 'v5') =>
  Type.Object({
    vendorItemPackageId: Type.Integer(),
    vendorItemPackageName: Type.String(),
    productId: Type.Integer(),
    vendorItemId: Id(),
    vendorItemName: Type.String(),
    shippingCount: Type.Integer(),
    salesPrice: Money(version),
    orderPrice: Money(version),
    discountPrice: Money(version),
    ...(version === 'v5'
      ? {
          instantCouponDiscount: MoneyObject,
          downloadableCouponDiscount: MoneyObject,
          coupangDiscount: MoneyObject,
        }
      : {}),
    externalVendorSkuCode: Type.String(),
    etcInfoHeader: Type.Null(),
    etcInfoValue: Type.Null(),
    etcInfoValues: Type.Null(),
    sellerProductId: Id(),
    sellerProductName: Type.String(),
    sellerProductItemName: Type.String(),
    firstSellerProductItemName: Type.String(),
    cancelCount: Type.Integer(),
    holdCountForCancel: Type.Integer(),
    estimatedShippingDate: Type.String(),
    plannedShippingDate: Type.String(),
    invoiceNumberUploadDate: Time('2026-11-23T12:00:00'),
    extraMessage: Type.String(),
    pricingBadge: Type.Boolean(),
    usedProduct: Type.Boolean(),
    confirmDate: Type.String(),
    deliveryChargeTypeName: Type.String(),
    canceled: Type.Boolean(),
  });

const orderSheet = (version: 'v4' | 'v5') =>
  Type.Object({
    shipmentBoxId: Id('18 digits, above 2^53: read it as a string or a bigint'),
    orderId: Id(),
    orderedAt: Time(version === 'v4' ? '2026-11-23T12:00:00' : '2026-11-23T12:00:00.000000+09:00'),
    orderer: Orderer,
    paidAt: Time('2026-11-23T12:00:00'),
    status: Type.String({ examples: ['ACCEPT'] }),
    shippingPrice: Money(version),
    remotePrice: Money(version),
    remoteArea: Type.Boolean(),
    parcelPrintMessage: Type.String(),
    splitShipping: Type.Boolean(),
    ableSplitShipping: Type.Boolean(),
    receiver: Receiver,
    orderItems: Type.Array(orderItem(version)),
    overseaShippingInfoDto: Type.Object({
      personalCustomsClearanceCode: Type.String(),
      ordererSsn: Type.String(),
      ordererPhoneNumber: Type.String(),
    }),
    deliveryCompanyName: Type.String(),
    invoiceNumber: Type.String(),
    inTrasitDateTime: Time('2026-11-23 12:00:00'),
    deliveredDate: Time('2026-11-23 12:00:00'),
    refer: Type.String(),
    shipmentType: Type.String(),
    ...(version === 'v5' ? { isCod: Type.Boolean() } : {}),
  });

export const OrderSheetV4 = orderSheet('v4');
export type OrderSheetV4 = Static<typeof OrderSheetV4>;
const OrderSheetV5 = orderSheet('v5');
export type OrderSheetV5 = Static<typeof OrderSheetV5>;
export const orderSheetSchema = (version: 'v4' | 'v5') => (version === 'v4' ? OrderSheetV4 : OrderSheetV5);

export const OrderHistory = Type.Object({
  shipmentBoxId: Id(),
  details: Type.Array(
    Type.Object({
      deliveryStatus: Type.String(),
      deliveryStatusDesc: Type.String(),
      updatedAt: Type.String(),
    }),
  ),
});
export type OrderHistory = Static<typeof OrderHistory>;

export const VendorIdParams = Type.Object({ vendorId: Type.String({ examples: ['A00012345'] }) });
export const BoxParams = Type.Object({
  vendorId: Type.String(),
  shipmentBoxId: Type.String({ pattern: '^\\d{1,19}$' }),
});
export const OrderParams = Type.Object({
  vendorId: Type.String(),
  orderId: Type.String({ pattern: '^\\d{1,19}$' }),
});
export const ReceiptParams = Type.Object({
  vendorId: Type.String(),
  receiptId: Type.String({ pattern: '^\\d{1,19}$' }),
});

export const OrderSheetsQuery = Type.Object({
  createdAtFrom: Type.String({
    description: '`yyyy-MM-dd` (timeFrame: `yyyy-MM-ddTHH:mm`), optionally `+09:00`',
  }),
  createdAtTo: Type.String(),
  status: Type.String({ examples: ['ACCEPT'] }),
  maxPerPage: Type.Optional(Type.String({ description: '1–50, default 50' })),
  nextToken: Type.Optional(Type.String()),
  searchType: Type.Optional(Type.String({ description: '`timeFrame`: per minute, every match at once' })),
});
export type OrderSheetsQuery = Static<typeof OrderSheetsQuery>;

export const AcknowledgementBody = Type.Object({
  vendorId: Type.Optional(Type.String()),
  shipmentBoxIds: Type.Array(IdIn(), { minItems: 1, maxItems: 50 }),
});
export type AcknowledgementBody = Static<typeof AcknowledgementBody>;

const ResultItem = Type.Object({
  shipmentBoxId: Id(),
  succeed: Type.Boolean(),
  resultCode: Type.String(),
  retryRequired: Type.Boolean(),
  resultMessage: Type.Union([Type.String(), Type.Null()]),
});

export const AcknowledgementResult = Type.Object({
  responseKey: Type.Integer({ description: 'a random signed 64-bit integer' }),
  responseCode: Type.Integer({ description: '0 all succeeded, 1 some, 99 none' }),
  responseMessage: Type.String(),
  responseList: Type.Array(ResultItem),
});
export type AcknowledgementResult = Static<typeof AcknowledgementResult>;

export const InvoiceResult = Type.Object({
  responseCode: Type.Integer(),
  responseMessage: Type.String(),
  responseList: Type.Array(ResultItem),
});
export type InvoiceResult = Static<typeof InvoiceResult>;

const Flag = Type.Union([Type.Boolean(), Type.String({ description: '`true` or `false`, any case' })]);
const InvoiceDto = Type.Object({
  shipmentBoxId: IdIn(),
  orderId: IdIn(),
  vendorItemId: IdIn(),
  deliveryCompanyCode: Type.String({ examples: ['CJGLS'] }),
  invoiceNumber: Type.Union([Type.String(), Type.Integer()]),
  splitShipping: Flag,
  preSplitShipped: Flag,
  estimatedShippingDate: Type.String(),
});

export type InvoiceDto = Static<typeof InvoiceDto>;

export const InvoiceBody = Type.Object({
  vendorId: Type.String(),
  orderSheetInvoiceApplyDtos: Type.Array(InvoiceDto, { minItems: 1 }),
});
export type InvoiceBody = Static<typeof InvoiceBody>;

const ReturnItem = Type.Object({
  vendorItemPackageId: Type.Integer(),
  vendorItemPackageName: Type.String(),
  vendorItemId: Id(),
  vendorItemName: Type.String(),
  purchaseCount: Type.Integer(),
  cancelCount: Type.Integer(),
  shipmentBoxId: Id(),
  sellerProductId: Id(),
  sellerProductName: Type.String(),
  releaseStatus: Type.String(),
  cancelCompleteUser: Type.String(),
});

const receiptSchema = (version: 'v4' | 'v6') => {
  const money = Money(version === 'v4' ? 'v4' : 'v5');
  return Type.Object({
    receiptId: Id(),
    orderId: Id(),
    paymentId: Id(),
    receiptType: Type.String({ examples: ['RETURN'] }),
    receiptStatus: Type.String({ examples: ['RETURNS_UNCHECKED'] }),
    createdAt: Type.String(),
    modifiedAt: Type.String(),
    requesterName: Type.String(),
    requesterPhoneNumber: Type.String(),
    requesterRealPhoneNumber: Type.Null(),
    requesterAddress: Type.String(),
    requesterAddressDetail: Type.String(),
    requesterZipCode: Type.String(),
    cancelReasonCategory1: Type.String(),
    cancelReasonCategory2: Type.String(),
    cancelReason: Type.String(),
    cancelCountSum: Type.Integer(),
    returnDeliveryId: Type.Integer(),
    returnDeliveryType: Type.String(),
    releaseStopStatus: Type.String(),
    enclosePrice: money,
    faultByType: Type.String(),
    preRefund: Type.Boolean(),
    completeConfirmType: Type.String(),
    completeConfirmDate: Type.String(),
    reasonCode: Type.String(),
    reasonCodeText: Type.String(),
    returnShippingCharge: money,
    returnItems: Type.Array(ReturnItem),
    returnDeliveryDtos: Type.Array(
      Type.Object({ deliveryCompanyCode: Type.String(), deliveryInvoiceNo: Type.String() }),
    ),
  });
};
export const ReceiptV4 = receiptSchema('v4');
export type ReceiptV4 = Static<typeof ReceiptV4>;
const ReceiptV6 = receiptSchema('v6');
export const receiptSchemaOf = (version: 'v4' | 'v6') => (version === 'v4' ? ReceiptV4 : ReceiptV6);

export const ReturnRequestsQuery = Type.Object({
  createdAtFrom: Type.String(),
  createdAtTo: Type.String(),
  cancelType: Type.Optional(Type.String({ description: '`RETURN` (default) or `CANCEL`' })),
  status: Type.Optional(Type.String({ description: '`RU`, `UC`, `CC`, `PR` (RETURN only)' })),
  orderId: Type.Optional(Type.String()),
  maxPerPage: Type.Optional(Type.String()),
  nextToken: Type.Optional(Type.String()),
  searchType: Type.Optional(Type.String()),
});
export type ReturnRequestsQuery = Static<typeof ReturnRequestsQuery>;

export const StopBody = Type.Object({
  vendorId: Type.Optional(Type.String()),
  receiptId: Type.Optional(IdIn()),
  cancelCount: Type.Integer(),
});
export type StopBody = Static<typeof StopBody>;

export const CompletedShipmentBody = Type.Object({
  vendorId: Type.Optional(Type.String()),
  receiptId: Type.Optional(IdIn()),
  deliveryCompanyCode: Type.String(),
  invoiceNumber: Type.String(),
});
export type CompletedShipmentBody = Static<typeof CompletedShipmentBody>;

export const ReceiveConfirmationBody = Type.Object({
  vendorId: Type.Optional(Type.String()),
  receiptId: Type.Optional(IdIn()),
});

export const ResultData = Type.Object({ resultCode: Type.String(), resultMessage: Type.String() });
export const CompletedShipmentData = Type.Object({
  code: Type.String(),
  message: Type.String(),
  resultCode: Type.String(),
  resultMessage: Type.String(),
});

export const SellerCancelBody = Type.Object({
  orderId: IdIn(),
  vendorItemIds: Type.Array(IdIn()),
  receiptCounts: Type.Array(Type.Integer()),
  bigCancelCode: Type.String({ examples: ['CANERR'] }),
  middleCancelCode: Type.String({ examples: ['CCPNER'] }),
  vendorId: Type.String(),
  userId: Type.String(),
});
export type SellerCancelBody = Static<typeof SellerCancelBody>;

export const SellerCancelResult = Type.Object({
  code: Type.String({ description: '`SUCCESS` or `PARTIAL`' }),
  message: Type.String(),
  data: Type.Object({
    receiptMap: Type.Object({
      receiptId: Id(),
      receiptType: Type.String(),
      vendorItemIds: Type.Array(Id()),
      totalCount: Type.Integer(),
    }),
    orderId: Id(),
    failedVendorItemIds: Type.Array(Id()),
  }),
});
export type SellerCancelResult = Static<typeof SellerCancelResult>;
