/** PortOne V1's envelope: `{code, message, response}` on every route, errors included. */
export interface Envelope<T> {
  code: number;
  message: string | null;
  response: T;
}

export function ok<T>(response: T): Envelope<T> {
  return { code: 0, message: null, response };
}

export function failure<T = null>(message: string, response: T = null as T): Envelope<T> {
  return { code: -1, message, response };
}

/**
 * A business failure answered with HTTP 200 and `code` 1, as PortOne refuses a cancel or a repeated
 * prepare ("응답 코드가 200이라도 응답 body의 code가 0이 아니면 환불에 실패", the cancel guide).
 */
export function refused(message: string): Envelope<null> {
  return { code: 1, message, response: null };
}
