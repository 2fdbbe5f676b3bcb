/**
 * A receipt (a cancel or return request of a box) as baesong keeps it, and how the return
 * request routes write it: v4, or v6 in the v5 formats (the contract's decision). Pure.
 */
import type { OrderBox } from './box.js';
import { money, phone, type SheetVersion, time } from './box.js';
import type { ReceiptStatus } from './machine.js';

export type ReceiptType = 'RETURN' | 'CANCEL';

export interface ReceiptItem {
  vendorItemId: string;
  vendorItemName: string;
  sellerProductId: string;
  sellerProductName: string;
  purchaseCount: number;
  /** Units this receipt cancels or returns. */
  cancelCount: number;
  releaseStatus: 'Y' | 'N' | 'S' | 'A';
}

interface ReturnDelivery {
  deliveryCompanyCode: string;
  deliveryInvoiceNo: string;
}

export interface Reasons {
  category1: string;
  category2: string;
  reason: string;
}

export interface Receipt {
  receiptId: string;
  vendorId: string;
  orderId: string;
  paymentId: string;
  shipmentBoxId: string;
  receiptType: ReceiptType;
  status: ReceiptStatus;
  createdAtMs: number;
  modifiedAtMs: number;
  requester: { name: string; safeNumber: string; addr1: string; addr2: string; postCode: string };
  reasons: Reasons;
  reasonCode: string;
  faultByType: string;
  items: ReceiptItem[];
  /** `미처리`, `처리(출고중지)`, `처리(이미출고)`, `비대상`. */
  releaseStopStatus: string;
  returnDeliveryId: number;
  returnDeliveryDtos: ReturnDelivery[];
  completeConfirmType: 'UNDEFINED' | 'VENDOR_CONFIRM';
  completeConfirmDateMs: number | null;
  version: number;
}

export const BUYER_REASONS: Reasons = { category1: '고객변심', category2: '단순변심(사유없음)', reason: '' };
export const SELLER_CANCEL_REASONS: Reasons = {
  category1: '배송불만',
  category2: '품절',
  reason: '파트너 API 강제 취소',
};

export const cancelCountSum = (receipt: Pick<Receipt, 'items'>) =>
  receipt.items.reduce((sum, item) => sum + item.cancelCount, 0);

/** The requester of a box's receipts: its receiver. */
export const requesterOf = (box: OrderBox): Receipt['requester'] => ({
  name: box.receiver.name,
  safeNumber: box.receiver.safeNumber,
  addr1: box.receiver.addr1,
  addr2: box.receiver.addr2,
  postCode: box.receiver.postCode,
});

/** v4, or v6 in the v5 formats. */
export function receiptView(receipt: Receipt, version: 'v4' | 'v6') {
  const v: SheetVersion = version === 'v4' ? 'v4' : 'v5';
  return {
    receiptId: BigInt(receipt.receiptId),
    orderId: BigInt(receipt.orderId),
    paymentId: BigInt(receipt.paymentId),
    receiptType: receipt.receiptType,
    receiptStatus: receipt.status,
    createdAt: time(receipt.createdAtMs, v),
    modifiedAt: time(receipt.modifiedAtMs, v),
    requesterName: receipt.requester.name,
    requesterPhoneNumber: phone(receipt.requester.safeNumber, v),
    requesterRealPhoneNumber: null,
    requesterAddress: receipt.requester.addr1,
    requesterAddressDetail: receipt.requester.addr2,
    requesterZipCode: receipt.requester.postCode,
    cancelReasonCategory1: receipt.reasons.category1,
    cancelReasonCategory2: receipt.reasons.category2,
    cancelReason: receipt.reasons.reason,
    cancelCountSum: cancelCountSum(receipt),
    returnDeliveryId: receipt.returnDeliveryId,
    returnDeliveryType: receipt.returnDeliveryId ? '연동택배' : '',
    releaseStopStatus: receipt.releaseStopStatus,
    enclosePrice: money(0, v),
    faultByType: receipt.faultByType,
    preRefund: false,
    completeConfirmType: receipt.completeConfirmType,
    completeConfirmDate: time(receipt.completeConfirmDateMs, v),
    reasonCode: receipt.reasonCode,
    reasonCodeText: receipt.reasons.category2,
    returnShippingCharge: money(0, v),
    returnItems: receipt.items.map((item) => ({
      vendorItemPackageId: 0,
      vendorItemPackageName: '',
      vendorItemId: BigInt(item.vendorItemId),
      vendorItemName: item.vendorItemName,
      purchaseCount: item.purchaseCount,
      cancelCount: item.cancelCount,
      shipmentBoxId: BigInt(receipt.shipmentBoxId),
      sellerProductId: BigInt(item.sellerProductId),
      sellerProductName: item.sellerProductName,
      releaseStatus: item.releaseStatus,
      cancelCompleteUser: receipt.status === 'RETURNS_COMPLETED' ? 'VENDOR' : '',
    })),
    returnDeliveryDtos: receipt.returnDeliveryDtos,
  };
}
