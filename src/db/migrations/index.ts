import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_portone_accounts.js';
import * as m0002 from './0002_escrow_deliveries.js';
import * as m0003 from './0003_paymentwall_deliveries.js';
import * as m0004 from './0004_coupang_vendors_outbound.js';
import * as m0005 from './0005_coupang_return_centers.js';
import * as m0006 from './0006_paymentwall_status_index.js';
import * as m0007 from './0007_place_page_indexes.js';
import * as m0008 from './0008_journal_and_faults.js';
import * as m0009 from './0009_sandbox_clock.js';
import * as m0010 from './0010_coupang_orders.js';
import * as m0011 from './0011_portone_payments.js';
import * as m0012 from './0012_postgres_sequences.js';

/**
 * Every migration, in order. Names sort in the order they apply; a new migration
 * gets the next number and is never edited once released.
 */
export const migrations: Record<string, Migration> = {
  '0001_portone_accounts': m0001,
  '0002_escrow_deliveries': m0002,
  '0003_paymentwall_deliveries': m0003,
  '0004_coupang_vendors_outbound': m0004,
  '0005_coupang_return_centers': m0005,
  '0006_paymentwall_status_index': m0006,
  '0007_place_page_indexes': m0007,
  '0008_journal_and_faults': m0008,
  '0009_sandbox_clock': m0009,
  '0010_coupang_orders': m0010,
  '0011_portone_payments': m0011,
  '0012_postgres_sequences': m0012,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
