import type { Generated, Selectable } from 'kysely';

/**
 * The tables as Kysely sees them. Booleans are stored as integers 0/1 and
 * structured values as JSON text, so the same columns work on every engine.
 * Times are whole UNIX seconds unless a column name says `_ms`.
 */
export interface MerchantsTable {
  merchant_id: string;
  name: string;
  imp_key: string;
  /** SHA-256 hex of the imp_secret: the secret itself is never stored. */
  imp_secret_hash: string;
  created_at: number;
}

/** The current token of each merchant (one row per merchant). */
interface TokensTable {
  merchant_id: string;
  access_token: string;
  expired_at: number;
}

export interface PaymentsTable {
  imp_uid: string;
  merchant_id: string;
  merchant_uid: string;
  pg_provider: string;
  pg_tid: string;
  pg_id: string;
  escrow: number;
  amount: number;
  status: string;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  started_at: number;
  paid_at: number;
  failed_at: number;
  cancelled_at: number;
  /** `card` or `vbank`. */
  pay_method: Generated<string>;
  /** The sum cancelled; the cancellable balance is `amount - cancel_amount`. */
  cancel_amount: Generated<number>;
  /** JSON array of the cancels, oldest first (the payment object's `cancel_history`). */
  cancel_history: Generated<string>;
  cancel_reason: string | null;
  /** The virtual account of a `vbank` payment; null and 0 otherwise. */
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: Generated<number>;
  vbank_issued_at: Generated<number>;
  /** The payment's own webhook URL, which wins over the merchant's setting. */
  notice_url: string | null;
  /** 1 when a webhook URL was known as the payment was paid: an API cancel may then notify. */
  notified: Generated<number>;
}

/** A payment as read back. */
export type PaymentRow = Selectable<PaymentsTable>;

/** `POST /payments/prepare`: the amount a merchant_uid must be paid with. */
interface PaymentPreparesTable {
  merchant_id: string;
  merchant_uid: string;
  amount: number;
  currency: string | null;
}

/** A merchant's webhook setting (`PUT /sandbox/merchants/{imp_key}/webhook`). */
interface WebhookSettingsTable {
  merchant_id: string;
  url: string;
  /** `json` or `form`. */
  content_type: string;
  retry: number;
  connect_ms: number;
  read_ms: number;
  retry_total_ms: number;
}

/**
 * The webhook outbox: one row per event, written in the event's transaction, sent by the sender
 * of any instance that claims it (lease_owner, lease_until_ms). Its delivery settings are copied
 * from the setting of the moment, so a later change of the setting leaves it as it was queued.
 */
export interface WebhooksTable {
  id: number;
  merchant_id: string;
  imp_key: string;
  imp_uid: string;
  merchant_uid: string;
  status: string;
  url: string;
  content_type: string;
  /** JSON object of the fields sent. */
  body: string;
  /** `pending`, `delivered` or `failed`. */
  state: string;
  /** Epoch milliseconds by the merchant's sandbox clock. */
  created_at_ms: number;
  /** When the next attempt is due, by the merchant's sandbox clock; null when none is. */
  due_at_ms: number | null;
  /** Attempts made so far. */
  attempts: number;
  retry: number;
  /** 1 while the next attempt is a replay: made once, not retried. */
  replay: number;
  connect_ms: number;
  read_ms: number;
  retry_total_ms: number;
  lease_owner: string | null;
  /** By the global sandbox clock, epoch milliseconds. */
  lease_until_ms: number | null;
}

/** Every attempt of a webhook, numbered from 1. */
export interface WebhookAttemptsTable {
  webhook_id: number;
  seq: number;
  /** Epoch milliseconds by the merchant's sandbox clock. */
  at_ms: number;
  /** The HTTP status answered, or null when none came. */
  status: number | null;
  duration_ms: number;
  /** `<kind>: <detail>`, or null when an HTTP answer came. */
  error: string | null;
}

/** One escrow delivery per payment: the primary key is the payment's imp_uid. */
export interface EscrowDeliveriesTable {
  imp_uid: string;
  /** JSON text of the objects as registered. */
  sender: string;
  receiver: string;
  logis: string;
  company: string;
  invoice: string;
  sent_at: number;
  applied_at: number;
}

/**
 * Every accepted Paymentwall delivery call: `seq` numbers a payment's calls from 1, oldest
 * first, and `status_rank` is the status's place in the delivery's progress.
 */
interface PaymentwallDeliveriesTable {
  imp_uid: string;
  seq: number;
  status: string;
  status_rank: number;
  /** JSON text of the fields the call sent, normalised. */
  fields: string;
  received_at: number;
}

/** Named counters that hand out identifiers in sequence (see `db/sequences.ts`). */
interface SequencesTable {
  name: string;
  /** The last value handed out. */
  last_value: number;
}

/** A Coupang seller account of the sandbox, with its Open API key. */
interface CoupangVendorsTable {
  vendor_id: string;
  access_key: string;
  /**
   * The secret key as issued. It is stored as it is (not hashed) because the gateway needs it
   * to compute the HMAC of each request (`docs/decisions.md`).
   */
  secret_key: string;
  /** JSON array of the vendor's WING login IDs. */
  user_ids: string;
  /** 1 when the vendor was created with a contract list; 0: any contract number is accepted. */
  contracts_on_file: number;
  created_at: number;
}

/** Courier contracts of a vendor, for return shipping centers. */
export interface CoupangVendorContractsTable {
  vendor_id: string;
  deliver_code: string;
  contract_number: string;
  contract_customer_number: string | null;
  confirmed: number;
}

/** Outbound shipping places; a vendor's names are unique (index `coupang_outbound_places_name`). */
interface CoupangOutboundPlacesTable {
  place_code: number;
  vendor_id: string;
  shipping_place_name: string;
  usable: number;
  global: number;
  /** JSON array of the place's addresses, as they read back. */
  place_addresses: string;
  created_at: number;
  updated_at: number;
}

/**
 * One row per distinct address (returnAddress + returnAddressDetail) of each outbound place,
 * so that a unique index keeps two places of a vendor from sharing an address.
 */
interface CoupangOutboundAddressKeysTable {
  vendor_id: string;
  return_address: string;
  return_address_detail: string;
  place_code: number;
}

/** Remote-area fees of outbound places; a courier is switched on at most once per place. */
interface CoupangOutboundRemoteInfosTable {
  remote_info_id: number;
  place_code: number;
  delivery_code: string;
  jeju: number;
  not_jeju: number;
  usable: number;
}

/** Return shipping centers; a vendor's names are unique (index `coupang_return_centers_name`). */
interface CoupangReturnCentersTable {
  center_code: number;
  vendor_id: string;
  shipping_place_name: string;
  deliver_code: string;
  deliver_name: string;
  contract_number: string;
  /** The empty string when not sent. */
  contract_customer_number: string;
  /** `승인` (contract confirmed) or `승인불가`. */
  goodsflow_status: string;
  /** Empty, or why the contract was not confirmed. */
  error_message: string;
  /** JSON object of the twelve fees (won). */
  fees: string;
  usable: number;
  /** JSON array of the center's addresses, as they read back. */
  place_addresses: string;
  /** Epoch milliseconds, as the reads answer `createdAt`. */
  created_at_ms: number;
  updated_at: number;
}

/**
 * One row per distinct address (returnAddress + returnAddressDetail) of each return center,
 * so that a unique index keeps two centers of a vendor from sharing an address.
 */
interface CoupangReturnAddressKeysTable {
  vendor_id: string;
  return_address: string;
  return_address_detail: string;
  center_code: number;
}

/**
 * The request journal (README, Sandbox: the request journal): one row per platform request. Bodies are
 * JSON text of what the entry shows (`null`: no body, or no answer).
 */
export interface JournalTable {
  id: number;
  /** When the request arrived, epoch milliseconds by the sandbox clock. */
  at_ms: number;
  platform: string;
  method: string;
  path: string;
  query: string;
  route: string | null;
  /** The tenant: a merchant's imp_key or a vendor's vendorId (at most one is set). */
  merchant: string | null;
  vendor: string | null;
  /** Null when a fault dropped the request or left it hanging. */
  status: number | null;
  /** The id of the fault that shaped the answer. */
  fault: string | null;
  duration_ms: number;
  request_headers: string;
  request_body: string | null;
  response_body: string | null;
}

/** Faults and latency (README, Sandbox: faults and latency). */
export interface FaultsTable {
  id: number;
  /** JSON text of the fault as given, defaults filled in (match, action, status, …). */
  spec: string;
  /** Requests it still applies to; null: until deleted. */
  remaining: number | null;
  hits: number;
  created_at_ms: number;
}

/**
 * The sandbox clock (README, The sandbox clock): the global row (`kind` `global`, `tenant` `''`) and a
 * row for each tenant with an offset of its own (`kind` `merchant` by imp_key, `vendor` by vendorId).
 */
export interface SandboxClockTable {
  kind: 'global' | 'merchant' | 'vendor';
  tenant: string;
  /**
   * Running, the global clock is real time plus this; a tenant's clock is always the global clock
   * plus its own. Whole milliseconds.
   */
  offset_ms: number;
  /** The global clock while frozen: the instant it stands at (epoch milliseconds); null while it runs. */
  frozen_at_ms: number | null;
}

/** A Coupang order box (migration 0010): ids as fixed-width digit text, the sheet as JSON text. */
export interface CoupangOrderBoxesTable {
  shipment_box_id: string;
  vendor_id: string;
  order_id: string;
  status: string;
  /** 1 until every unit of the box is cancelled or returned. */
  open: number;
  paid_at_ms: number;
  invoice_company: string | null;
  invoice_number: string | null;
  invoice_uploaded_at_ms: number | null;
  /** Counts the row's writes: each change is conditional on the version it read. */
  version: number;
  /** JSON of the box's `OrderBox` (`coupang/orders/box.ts`) but the columns above. */
  sheet: string;
}

/** A cancel or return request of a box (migration 0010). */
export interface CoupangOrderReceiptsTable {
  receipt_id: string;
  vendor_id: string;
  shipment_box_id: string;
  order_id: string;
  receipt_type: string;
  status: string;
  created_at_ms: number;
  version: number;
  /** JSON of the `Receipt` (`coupang/orders/receipt.ts`) but the columns above. */
  receipt: string;
}

export interface Tables {
  merchants: MerchantsTable;
  tokens: TokensTable;
  payments: PaymentsTable;
  payment_prepares: PaymentPreparesTable;
  webhook_settings: WebhookSettingsTable;
  webhooks: WebhooksTable;
  webhook_attempts: WebhookAttemptsTable;
  escrow_deliveries: EscrowDeliveriesTable;
  paymentwall_deliveries: PaymentwallDeliveriesTable;
  sequences: SequencesTable;
  coupang_vendors: CoupangVendorsTable;
  coupang_vendor_contracts: CoupangVendorContractsTable;
  coupang_outbound_places: CoupangOutboundPlacesTable;
  coupang_outbound_address_keys: CoupangOutboundAddressKeysTable;
  coupang_outbound_remote_infos: CoupangOutboundRemoteInfosTable;
  coupang_return_centers: CoupangReturnCentersTable;
  coupang_return_address_keys: CoupangReturnAddressKeysTable;
  coupang_order_boxes: CoupangOrderBoxesTable;
  coupang_order_receipts: CoupangOrderReceiptsTable;
  journal: JournalTable;
  faults: FaultsTable;
  sandbox_clock: SandboxClockTable;
}

/**
 * Every table, children before parents: the order `POST /sandbox/reset` empties them in.
 * A migration that adds a table adds it here too.
 */
export const TABLES_CHILDREN_FIRST: readonly (keyof Tables)[] = [
  'escrow_deliveries',
  'paymentwall_deliveries',
  'tokens',
  'webhook_attempts',
  'webhooks',
  'webhook_settings',
  'payment_prepares',
  'payments',
  'merchants',
  'coupang_outbound_remote_infos',
  'coupang_outbound_address_keys',
  'coupang_outbound_places',
  'coupang_return_address_keys',
  'coupang_return_centers',
  'coupang_order_receipts',
  'coupang_order_boxes',
  'coupang_vendor_contracts',
  'coupang_vendors',
  'journal',
  'faults',
  'sequences',
  'sandbox_clock',
];
