/**
 * Every message PortOne documents, written exactly as `spec/portone.md` prints it.
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
} as const;
