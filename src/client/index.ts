/**
 * `baesong/client`: typed clients for PortOne V1, the Coupang Open API and baesong's sandbox
 * API. It loads no server code but Coupang's signer (`coupang/gateway/hmac.ts`, which imports only
 * node:crypto): the types below come from the server's schemas, and are erased at compile time.
 */
export type {
  OutboundPlace,
  OutboundPlaceBody,
  OutboundPlacePage,
  OutboundPlaceUpdateBody,
  ReturnCenter,
  ReturnCenterBody,
  ReturnCenterPage,
  ReturnCenterUpdateBody,
} from '../coupang/schemas.js';
export type {
  AccessToken,
  CancelBody,
  EscrowDeliveryBody,
  EscrowLogis,
  Payment,
  PaymentStatus,
  PaymentwallDeliveryAccepted,
  PaymentwallDeliveryBody,
  PaymentwallDeliveryProblems,
  PaymentCancel,
  PaymentwallDeliveryRecord,
  Prepared,
} from '../portone/schemas.js';
export type {
  Fault,
  FaultMatch,
  JournalEntry,
  JournalPage,
  JournalTenant,
  NewFault,
  PlatformRoute,
  SandboxClock,
  TenantSelector,
} from '../sandbox/control-schemas.js';
export type {
  AdvanceBody,
  BuyerCancelBody,
  BuyerReturnBody,
  MerchantSummary,
  NewMerchantBody,
  NewOrderBody,
  NewPaymentBody,
  NewVendorBody,
  OutboundPlaceListing,
  PaymentDeliveries,
  PaymentList,
  PaymentSummary,
  PickupBody,
  ReceiverChangeBody,
  ReturnCenterListing,
  SandboxMerchant,
  SandboxVendor,
  VendorSummary,
  WebhookList,
  WebhookRecord,
  WebhookSetting,
  WebhookSettingBody,
} from '../sandbox/schemas.js';
export type { ClientClock } from './clock.js';
export {
  type AcknowledgementResponse,
  COUPANG_BASE_URL,
  CoupangClient,
  type CoupangClientOptions,
  type InvoiceLine,
  type InvoiceResponse,
  type OrderCancel,
  type OrderSheet,
  type OrderSheetHistory,
  type OrderSheetQuery,
  type OrderSheetV5Format,
  type ReturnRequest,
  type ReturnRequestQuery,
  type SellerCancelResponse,
  MAX_RETURN_CENTER_CODES,
  type NewOutboundPlace,
  type NewReturnShippingCenter,
  type OutboundPlaceQuery,
  type OutboundPlaceUpdate,
  RETURN_CONTRACT_UNCONFIRMED,
  type ReturnShippingCenterQuery,
  type ReturnShippingCenterUpdate,
} from './coupang.js';
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
  PORTONE_BASE_URL,
  PortOneClient,
  type PaymentSorting,
  type PortOneClientOptions,
  type PrepareRequest,
  TOKEN_RENEWAL_MARGIN_SECONDS,
} from './portone.js';
export {
  BAESONG_BASE_URL,
  type PageQuery,
  type PaymentQuery,
  type RequestFilters,
  type RequestQuery,
  SandboxClient,
  type SandboxOrderQuery,
  type SandboxClientOptions,
  type SyncedClock,
  type WebhookQuery,
} from './sandbox.js';
export { type CallOptions, DEFAULT_TIMEOUT_MS, type RetryPolicy } from './transport.js';
