/**
 * An order box (Coupang's shipment box) as baesong keeps it, and how the order sheet routes write
 * it: v4 (numbers, `yyyy-MM-ddTHH:mm:ss`, `0502-…`) or v5 (money objects, microseconds with
 * `+09:00`, E.164), the contract's "Versions" table. Pure: no database, no clock.
 */
import { type KstTimeFormat, kstTime } from '../kst.js';
import type { BoxStatus } from './machine.js';

export interface Orderer {
  name: string;
  email: string;
  safeNumber: string;
  ordererNumber: string | null;
}

export interface Receiver {
  name: string;
  safeNumber: string;
  receiverNumber: string | null;
  addr1: string;
  addr2: string;
  postCode: string;
}

export interface OrderItem {
  vendorItemId: string;
  vendorItemName: string;
  sellerProductId: string;
  sellerProductName: string;
  sellerProductItemName: string;
  shippingCount: number;
  salesPrice: number;
  discountPrice: number;
  /** Units cancelled or returned. */
  cancelCount: number;
  /** Units held by an open stop-shipment request. */
  holdCountForCancel: number;
  /** Units of a return not yet approved (not shown: Coupang's sheet has no field for them). */
  returningCount: number;
}

interface Invoice {
  deliveryCompanyCode: string;
  invoiceNumber: string;
  uploadedAtMs: number;
}

interface HistoryEntry {
  status: BoxStatus;
  atMs: number;
}

export interface OrderBox {
  shipmentBoxId: string;
  orderId: string;
  vendorId: string;
  status: BoxStatus;
  paidAtMs: number;
  orderer: Orderer;
  receiver: Receiver;
  shippingPrice: number;
  remotePrice: number;
  remoteArea: boolean;
  parcelPrintMessage: string;
  items: OrderItem[];
  invoice: Invoice | null;
  deliveredAtMs: number | null;
  /** Oldest first, one entry per status entered. */
  history: HistoryEntry[];
  /** The row's write count, which a change is conditional on. */
  version: number;
}

/** Units of an item neither cancelled nor held by a stop or return request. */
export const unitsLeft = (item: OrderItem) =>
  item.shippingCount - item.cancelCount - item.holdCountForCancel - item.returningCount;

export const itemCanceled = (item: OrderItem) => item.cancelCount >= item.shippingCount;

/** Closed once every unit is cancelled or returned: in no list, its lookups refused. */
export const isOpen = (box: Pick<OrderBox, 'items'>) => !box.items.every(itemCanceled);

const STATUS_DESCRIPTIONS: Record<BoxStatus, string> = {
  ACCEPT: '결제완료',
  INSTRUCT: '상품준비중',
  DEPARTURE: '배송지시',
  DELIVERING: '배송중',
  FINAL_DELIVERY: '배송완료',
  NONE_TRACKING: '업체 직접 배송(배송 연동 미적용), 추적불가',
};

export type SheetVersion = 'v4' | 'v5';

/** A phone number as v4 writes it (`0502-1234-5678`) or E.164 for v5 (`+8250212345678`). */
export function phone(value: string, version: SheetVersion): string {
  if (version === 'v4' || value === '') return value;
  const digits = value.replace(/\D/g, '');
  return digits.startsWith('0') ? `+82${digits.slice(1)}` : `+${digits}`;
}

export function money(units: number, version: SheetVersion): number | MoneyObject {
  return version === 'v4' ? units : { currencyCode: 'KRW', units, nanos: 0 };
}

export interface MoneyObject {
  currencyCode: 'KRW';
  units: number;
  nanos: 0;
}

/** An instant as the version writes it; `""` when not reached. */
export function time(ms: number | null, version: SheetVersion, v4Format: KstTimeFormat = 'v4'): string {
  if (ms === null) return '';
  return kstTime(ms, version === 'v4' ? v4Format : 'v5');
}

const ESTIMATED_SHIPPING_DAYS = 2;

/** The order sheet of a box, in the version's serialisation; ids as `bigint`, written as bare JSON integers. */
export function orderSheet(
  box: OrderBox,
  version: SheetVersion,
  deliveryCompanyName: (code: string) => string,
) {
  const uploadedAt = box.invoice ? time(box.invoice.uploadedAtMs, version) : '';
  const estimated = kstTime(box.paidAtMs + ESTIMATED_SHIPPING_DAYS * 86_400_000, 'v4').slice(0, 10);
  return {
    shipmentBoxId: BigInt(box.shipmentBoxId),
    orderId: BigInt(box.orderId),
    orderedAt: time(box.paidAtMs, version),
    orderer: { ...box.orderer, safeNumber: phone(box.orderer.safeNumber, version) },
    paidAt: time(box.paidAtMs, version),
    status: box.status,
    shippingPrice: money(box.shippingPrice, version),
    remotePrice: money(box.remotePrice, version),
    remoteArea: box.remoteArea,
    parcelPrintMessage: box.parcelPrintMessage,
    splitShipping: false,
    ableSplitShipping: false,
    receiver: { ...box.receiver, safeNumber: phone(box.receiver.safeNumber, version) },
    orderItems: box.items.map((item) => ({
      vendorItemPackageId: 0,
      vendorItemPackageName: '',
      productId: 0,
      vendorItemId: BigInt(item.vendorItemId),
      vendorItemName: item.vendorItemName,
      shippingCount: item.shippingCount,
      salesPrice: money(item.salesPrice, version),
      orderPrice: money(item.salesPrice * item.shippingCount, version),
      discountPrice: money(item.discountPrice, version),
      ...(version === 'v5'
        ? {
            instantCouponDiscount: money(0, version),
            downloadableCouponDiscount: money(0, version),
            coupangDiscount: money(0, version),
          }
        : {}),
      externalVendorSkuCode: '',
      etcInfoHeader: null,
      etcInfoValue: null,
      etcInfoValues: null,
      sellerProductId: BigInt(item.sellerProductId),
      sellerProductName: item.sellerProductName,
      sellerProductItemName: item.sellerProductItemName,
      firstSellerProductItemName: item.sellerProductItemName,
      cancelCount: item.cancelCount,
      holdCountForCancel: item.holdCountForCancel,
      estimatedShippingDate: estimated,
      plannedShippingDate: '',
      invoiceNumberUploadDate: uploadedAt,
      extraMessage: '',
      pricingBadge: false,
      usedProduct: false,
      confirmDate: '',
      deliveryChargeTypeName: box.shippingPrice > 0 ? '유료' : '무료',
      canceled: itemCanceled(item),
    })),
    overseaShippingInfoDto: { personalCustomsClearanceCode: '', ordererSsn: '', ordererPhoneNumber: '' },
    deliveryCompanyName: box.invoice ? deliveryCompanyName(box.invoice.deliveryCompanyCode) : '',
    invoiceNumber: box.invoice?.invoiceNumber ?? '',
    inTrasitDateTime: box.invoice ? time(box.invoice.uploadedAtMs, version, 'v4-space') : '',
    deliveredDate: time(box.deliveredAtMs, version, 'v4-space'),
    refer: '안드로이드앱',
    shipmentType: 'THIRD_PARTY',
    ...(version === 'v5' ? { isCod: false } : {}),
  };
}

/** The box's history, newest first. */
export function historyOf(box: OrderBox, version: SheetVersion) {
  return {
    shipmentBoxId: BigInt(box.shipmentBoxId),
    details: [...box.history].reverse().map((h) => ({
      deliveryStatus: h.status,
      deliveryStatusDesc: STATUS_DESCRIPTIONS[h.status],
      updatedAt: time(h.atMs, version),
    })),
  };
}
