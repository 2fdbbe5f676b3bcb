/**
 * Every message the Coupang order routes answer with, spelled as the contract
 * (`coupang-orders.md`) prints it; where it asks only for a message naming a field, the wording
 * is baesong's (`docs/decisions.md`, Coupang orders). Rules and tests refer to these.
 */
export const orderMessages = {
  ok: 'OK',
  requiredParam: (name: string) => `Required String parameter '${name}' is not present`,
  dateFormat: (name: string) => `${name} format should be yyyy-MM-dd.`,
  minuteFormat: (name: string) => `${name} format should be yyyy-MM-ddTHH:mm.`,
  invalidStatus: 'Invalid status',
  maxPerPage: 'maxPerPage should be more than:1',
  nextToken: 'nextToken should be digital...',
  rangeReversed: 'createdAtFrom should not be after createdAtTo.',
  dayRange: 'endTime-startTime range should less than31.',
  minuteRange: 'endTime-startTime range should less than 0 day',
  closed: '해당 주문이 취소 또는 반품되었습니다.',
  orderUnknown: '주문 정보가 없습니다.',
  bodyNotObject: 'The request body must be a JSON object',
  /** A field of the body missing or of the wrong type. */
  field: (name: string) => `The ${name} is missing or invalid`,
  idFraction: (name: string) => `The ${name} must be a whole number, without fraction or exponent`,
  shipmentBoxIdsCount: 'The shipmentBoxIds must hold 1 to 50 shipment box ids',
  invoiceDtosEmpty: 'The orderSheetInvoiceApplyDtos must hold at least one invoice',
  internalException: 'internal exception',
} as const;

/** Acknowledgement and invoice results, box by box. */
export const resultMessages = {
  acknowledged: 'request succeeded.',
  notFound: (id: string) => `shipmentBoxId (${id}) is not found.`,
  cannotChangeStatus: '배송상태를 변경할 수 없습니다. 주문내역을 확인해주세요.',
  ackSummary: (outcome: 'All succeeded.' | 'Partial errors.' | 'All Failed.') =>
    `apply instructStatus result - ${outcome}`,
  canceled: '취소된 주문건입니다.',
  stopRequested: '출고중지 요청건입니다.',
  invalidDeliveryStatus: (shipmentBoxId: string, orderId: string) =>
    `배송진행상태가 유효하지 않습니다. [합포장번호 : ${shipmentBoxId}] [주문번호 : ${orderId}]`,
  directNotSplit: '업체직송은 분리배송 할 수 없습니다.',
  oneItemNotSplit: '상품이 한가지인 경우 분리배송 할 수 없습니다.',
  splitAfterNormal: '일반배송 접수 후 분리배송을 다시 할 수 없습니다.',
  unknownError: '알수없는 오류',
  missingItem: '합포장건 중 누락된 상품이 있습니다.',
  invalidInvoice: '송장번호가 유효하지 않습니다.',
  reupload:
    '이미 저장된 송장번호가 있어, 송장번호 등록이 불가능합니다. (동일송장번호 업로드 조건 : 수취인정보 동일)',
} as const;

/** Return and cancel requests (receipts) and their actions. */
export const receiptMessages = {
  receiptUnknown: (id: string) => `receiptId (${id}) is not found.`,
  cancelTypeStatus: 'The status is not taken with cancelType CANCEL',
  cancelType: 'The cancelType must be RETURN or CANCEL',
  orderIdOrStatus: "OrderId can't be null , if doesn't pass the parameter status",
  countMismatch: '[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다.',
  alreadyReturned: 'Product is already returned.',
  notStopRequest: (status: string) =>
    `The receipt is not a request to stop shipment. (receiptStatus: ${status})`,
  notUnchecked: (status: string) =>
    `The receipt is not in RETURNS_UNCHECKED status. (receiptStatus: ${status})`,
  noWarehouseConfirm: (status: string) =>
    `There is no history of warehouse confirmation. (receiptStatus: ${status})`,
  stopped: '출고중지완료요청이 성공하였습니다',
  alreadyShipped: '이미출고 상태변경이 성공하였습니다.',
} as const;

/** Seller cancel (`…/orders/{orderId}/cancel`), in the 2019 doc's order. */
export const cancelMessages = {
  orderId: '주문 ID를 입력해 주세요.',
  vendorItemIds: '취소할 벤더아이템 아이디 목록을 입력해주세요.',
  receiptCounts: '취소할 아이탬 개수 목록을 입력해주세요.',
  lengths: '요청한 상품 개수와 취소 개수를 확인해주세요.',
  bigCancelCodeMissing: '취소사유 대분류 코드를 입력해주세요.',
  bigCancelCode: '취소사유 대분류 코드를 확인해 주세요.',
  middleCancelCodeMissing: '취소사유 중분류 코드를 입력해주세요.',
  middleCancelCode: '취소사유 중분류 코드를 확인해 주세요.',
  vendorId: '업체 ID를 입력해주세요.',
  userId: '업체 ID에 맞는 올바른 유저 ID를 입력해주세요.',
  orderUnknown: '주문 정보가 없습니다.',
  itemUnknown: (vendorItemId: string) => `주문정보가 없습니다.[${vendorItemId}]`,
  twoBoxes: '취소요청 중 오류가 발생하였습니다.',
  wrongState: '해당 벤더아이템이 결제완료/상품지시 중 상태가 아닙니다.',
  partial: '부분 취소는 불가능합니다.',
  overCount: '취소 가능한 개수보다 요청한 개수가 더 많습니다.',
  itemOverCount: (requestId: string, vendorItemId: string) =>
    `[요청번호] ${requestId} \r\n[${vendorItemId}]<= 취소 가능한 개수보다 요청한 개수가 더 많습니다.`,
} as const;
