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
