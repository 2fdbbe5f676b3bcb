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
export interface TokensTable {
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
export interface PaymentwallDeliveriesTable {
  imp_uid: string;
  seq: number;
  status: string;
  status_rank: number;
  /** JSON text of the fields the call sent, normalised. */
  fields: string;
  received_at: number;
}

export interface Tables {
  merchants: MerchantsTable;
  tokens: TokensTable;
  payments: PaymentsTable;
  escrow_deliveries: EscrowDeliveriesTable;
  paymentwall_deliveries: PaymentwallDeliveriesTable;
}

/**
 * Every table, children before parents: the order `POST /sandbox/reset` empties them in.
 * A migration that adds a table adds it here too.
 */
export const TABLES_CHILDREN_FIRST: readonly (keyof Tables)[] = [
  'escrow_deliveries',
  'paymentwall_deliveries',
  'tokens',
  'payments',
  'merchants',
];
