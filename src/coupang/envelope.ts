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
