/**
 * `baesong/client`: typed clients for PortOne V1 and baesong's sandbox API. It loads no
 * server code: the types below come from the server's schemas, and are erased at compile time.
 */
export type {
  AccessToken,
  EscrowDeliveryBody,
  EscrowLogis,
  Payment,
  PaymentStatus,
} from '../portone/schemas.js';
export type {
  NewMerchantBody,
  NewPaymentBody,
  PaymentDeliveries,
  SandboxMerchant,
} from '../sandbox/schemas.js';
export type { ClientClock } from './clock.js';
export {
  BaesongClientError,
  CoupangError,
  type HttpAnswer,
  NetworkError,
  PortOneError,
  SandboxError,
  TimeoutError,
} from './errors.js';
export {
  type CallOptions,
  PORTONE_BASE_URL,
  PortOneClient,
  type PortOneClientOptions,
  TOKEN_RENEWAL_MARGIN_SECONDS,
} from './portone.js';
export { BAESONG_BASE_URL, SandboxClient, type SandboxClientOptions } from './sandbox.js';
export { DEFAULT_TIMEOUT_MS, type RetryPolicy } from './transport.js';
