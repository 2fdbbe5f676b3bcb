/**
 * Every message PortOne documents, written exactly as PortOne prints it (docs/contract.md).
 * Rules and tests refer to these; nothing else spells them.
 */
export const messages = {
  missingKeys: 'imp_key, imp_secret 파라메터가 누락되었습니다.',
  authFailed: '인증에 실패하였습니다. API키와 secret을 확인하세요.',
  unauthorized: 'Unauthorized',
  paymentNotFound: '존재하지 않는 결제정보입니다.',
  methodNotAllowed: 'Method Not Allowed',
  notFound: 'Not Found',
  escrowUnsupportedPg: (pg: string) => `에스크로 배송정보 등록을 지원하지 않는 PG사입니다. (${pg})`,
  escrowInvalid: (problems: readonly string[]) => `배송정보가 올바르지 않습니다: ${problems.join('; ')}`,
  notEscrow: '에스크로 결제건이 아닙니다.',
  notPaid: (status: string) => `결제완료 상태의 거래건이 아닙니다. (${status})`,
  escrowAlreadyRegistered: '이미 배송정보가 등록된 거래건입니다.',
  escrowNotRegistered: '등록된 배송정보가 존재하지 않습니다.',
  /** `GET /payments/find/{merchant_uid}/{payment_status}` with a status PortOne does not know. */
  unsupportedStatus: '지원되지 않는 상태값입니다.',
  badSorting: 'sorting must be one of -started, started, -paid, paid, -updated, updated',
  /** `GET /payments`: no payment of the ids asked for is the merchant's. */
  paymentsNotFound: '해당되는 결제건을 찾지 못하였습니다.',
  noPaymentIds: 'imp_uid[] or merchant_uid[] is required: give at least one imp_uid',
  tooManyPaymentIds: (max: number) =>
    `at most ${max} ids may be asked for at once (imp_uid and merchant_uid counted together)`,
  prepare: {
    missing: (field: string) => `${field} is required`,
    badMerchantUid: 'merchant_uid must be a string of 1 to 40 characters',
    badAmount: 'amount must be a number above 0',
    badCurrency: 'currency must be a string',
    alreadyPrepared: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
    notPrepared: '사전등록된 결제정보가 존재하지 않습니다.',
  },
  /** `POST /payments/cancel`: business failures answer HTTP 200 with `code` 1 (the cancel guide). */
  cancel: {
    notNumber: (field: string) => `${field} must be a whole number of 0 or more`,
    notBoolean: (field: string) => `${field} must be true or false`,
    notText: (field: string) => `${field} must be a string`,
    noUid: 'imp_uid 또는 merchant_uid를 지정해주셔야합니다.',
    notFound: '취소할 결제건이 존재하지 않습니다.',
    alreadyCancelled: '이미 전액취소된 주문입니다.',
    checksumMismatch: (balance: number, checksum: number) =>
      `취소 가능 잔액(${balance})과 checksum(${checksum})이 일치하지 않습니다.`,
    overBalance: (amount: number, balance: number) =>
      `취소 요청 금액(${amount})이 취소 가능 잔액(${balance})을 초과합니다.`,
    taxFreeOverAmount: (taxFree: number, amount: number) =>
      `면세금액(${taxFree})이 취소 요청 금액(${amount})을 초과합니다.`,
  },
  /**
   * `POST /paymentwall/delivery`. The contract fixes the shape, not the words: each notice is
   * one sentence that names its field literally, so a client can tell which field to fix.
   */
  paymentwall: {
    bodyNotObject: 'the body must be a JSON object or a form of fields',
    required: (field: string) => `${field} is required`,
    requiredWhenPhysical: (field: string) => `${field} is required when type is physical`,
    notText: (field: string) => `${field} must be a string`,
    tooLong: (field: string, max: number) => `${field} must be at most ${max} characters`,
    notOneOf: (field: string, values: readonly string[]) => `${field} must be ${orList(values)}`,
    notTimestamp: (field: string) =>
      `${field} must be a positive integer of UNIX seconds, before the year 10000`,
    notEmail: (field: string) => `${field} must be an e-mail address`,
    stateNotApplicable:
      'shipping_address_state must be N/A when shipping_address_country is not the USA (US or USA)',
    stateNotUs:
      'shipping_address_state must be one of the 50 US states or DC, by its two-letter code or full name, when shipping_address_country is the USA',
    notPaymentwall: (pgProvider: string) =>
      `imp_uid names a payment made with pg_provider ${pgProvider}, not paymentwall`,
    merchantUidMismatch: "merchant_uid is not the payment's own merchant_uid",
    statusBackwards: (last: string, requested: string) =>
      `배송상태를 이전 단계로 되돌릴 수 없습니다. (현재 ${last}, 요청 ${requested})`,
  },
} as const;

/** `a`, `a or b`, `a, b or c`. */
function orList(values: readonly string[]): string {
  if (values.length <= 1) return values.join('');
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
