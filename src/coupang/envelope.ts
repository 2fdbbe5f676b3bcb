import { randomUUID } from 'node:crypto';

/** The API gateway's error body: authentication, rate limit, unknown routes. */
export interface GatewayError {
  code: 'ERROR';
  message: string;
  transactionId: string;
}

export function gatewayError(message: string): GatewayError {
  return { code: 'ERROR', message, transactionId: randomUUID() };
}

/** The shipping-place APIs' envelope; `code` is the HTTP status, as a JSON number. */
export interface PlaceEnvelope<T> {
  code: number;
  message: string;
  data: T;
}

export function placeSuccess<T>(data: T): PlaceEnvelope<T> {
  return { code: 200, message: 'SUCCESS', data };
}

export function placeFailure(status: number, message: string): PlaceEnvelope<null> {
  return { code: status, message, data: null };
}
