/**
 * The tenants of a sandbox (PortOne merchants, Coupang vendors) as the sandbox lists them, and
 * their deletion with everything they own. A tenant kind is deleted by ONE function each
 * (`deleteMerchantData`, `deleteVendorData`), so that whatever else comes to belong to a tenant
 * is deleted in one place: see the extension points below.
 */
import type { Transaction } from 'kysely';
import type { AppContext, ServerContext } from '../context.js';
import { toContract, type VendorContract } from '../coupang/vendors.js';
import type { Tables } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import type { Tenant } from '../http/tenant.js';
import { toStoredEscrowDelivery } from '../portone/escrow-store.js';
import { toPayment } from '../portone/payments.js';
import { deleteTenantClock } from './clock/store.js';
import type { ControlPlane } from './control/index.js';
import { deleteTenantFaults } from './control/faults.js';
import { deleteEntries } from './control/journal.js';
import type { MerchantSummary, PaymentSummary, VendorSummary } from './schemas.js';

type Trx = Transaction<Tables>;

// ── Extension points ───────────────────────────────────────────────────────────────────────
//
// Data of other kinds that belongs to a tenant (journal entries, faults matching it, its clock
// offset) is deleted from these two functions, and from nowhere else: both tenant deletions
// call them.

/**
 * Deletes, inside the transaction that deletes the tenant, the rows of other tables that
 * belong to it. One line per kind of data, e.g. `await deleteJournalEntries(trx, tenant);`.
 */
async function deleteTenantOwnedRows(trx: Trx, tenant: Tenant): Promise<void> {
  await deleteTenantClock(trx, tenant);
  await deleteEntries(trx, tenant);
  await deleteTenantFaults(trx, tenant);
}

/**
 * Once the deletion is committed: forgets the tenant in the in-memory caches that hold some of
 * its data (faults, clock offsets). One line per cache.
 */
async function forgetTenantInMemory(ctx: ServerContext, plane: ControlPlane): Promise<void> {
  await ctx.clock.reload();
  await plane.refresh();
}

// ── Deletion ───────────────────────────────────────────────────────────────────────────────

/**
 * `DELETE /sandbox/merchants/{imp_key}`: the merchant, its token, payments and their deliveries,
 * and what else belongs to it (`deleteTenantOwnedRows`), in one exclusive transaction (no write
 * adds a row of it meanwhile; a write that checked the merchant before answers as for an unknown
 * one, `ApiSlice.parentGone`). False when no merchant has that key.
 */
export async function deleteMerchant(
  ctx: ServerContext,
  plane: ControlPlane,
  impKey: string,
): Promise<boolean> {
  if (!isStorableText(impKey)) return false;
  // Entries still buffered are written first, so that they are deleted with the rest.
  await plane.journal.flush();
  const deleted = await ctx.writes.exclusive((trx) => deleteMerchantData(trx, impKey));
  if (deleted) await forgetTenantInMemory(ctx, plane);
  return deleted;
}

/** Deletes the merchant of `impKey` and all it owns, children first; false when there is none. */
async function deleteMerchantData(trx: Trx, impKey: string): Promise<boolean> {
  const merchant = await trx
    .selectFrom('merchants')
    .select('merchant_id')
    .where('imp_key', '=', impKey)
    .executeTakeFirst();
  if (!merchant) return false;
  const id = merchant.merchant_id;
  const payments = trx.selectFrom('payments').select('imp_uid').where('merchant_id', '=', id);
  await trx.deleteFrom('escrow_deliveries').where('imp_uid', 'in', payments).execute();
  await trx.deleteFrom('paymentwall_deliveries').where('imp_uid', 'in', payments).execute();
  await trx.deleteFrom('tokens').where('merchant_id', '=', id).execute();
  const webhooks = trx.selectFrom('webhooks').select('id').where('merchant_id', '=', id);
  await trx.deleteFrom('webhook_attempts').where('webhook_id', 'in', webhooks).execute();
  await trx.deleteFrom('webhooks').where('merchant_id', '=', id).execute();
  await trx.deleteFrom('webhook_settings').where('merchant_id', '=', id).execute();
  await trx.deleteFrom('payment_prepares').where('merchant_id', '=', id).execute();
  await trx.deleteFrom('payments').where('merchant_id', '=', id).execute();
  await trx.deleteFrom('merchants').where('merchant_id', '=', id).execute();
  await deleteTenantOwnedRows(trx, { merchant: impKey });
  return true;
}

/**
 * `DELETE /sandbox/vendors/{vendorId}`: the vendor, its contracts, outbound places and return
 * centers, and what else belongs to it (`deleteTenantOwnedRows`), in one exclusive transaction,
 * as for merchants. False when there is no such vendor.
 */
export async function deleteVendor(
  ctx: ServerContext,
  plane: ControlPlane,
  vendorId: string,
): Promise<boolean> {
  if (!isStorableText(vendorId)) return false;
  await plane.journal.flush();
  const deleted = await ctx.writes.exclusive((trx) => deleteVendorData(trx, vendorId));
  if (deleted) await forgetTenantInMemory(ctx, plane);
  return deleted;
}

/** Deletes the vendor and all it owns, children first; false when there is none. */
async function deleteVendorData(trx: Trx, vendorId: string): Promise<boolean> {
  const vendor = await trx
    .selectFrom('coupang_vendors')
    .select('vendor_id')
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  if (!vendor) return false;
  const places = trx
    .selectFrom('coupang_outbound_places')
    .select('place_code')
    .where('vendor_id', '=', vendorId);
  await trx.deleteFrom('coupang_outbound_remote_infos').where('place_code', 'in', places).execute();
  await trx.deleteFrom('coupang_outbound_address_keys').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_outbound_places').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_return_address_keys').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_return_centers').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_order_receipts').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_order_boxes').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_vendor_contracts').where('vendor_id', '=', vendorId).execute();
  await trx.deleteFrom('coupang_vendors').where('vendor_id', '=', vendorId).execute();
  await deleteTenantOwnedRows(trx, { vendor: vendorId });
  return true;
}

// ── Listings ───────────────────────────────────────────────────────────────────────────────

/** Every merchant, oldest first, with how many payments it has; never a secret. */
export async function listMerchants(ctx: AppContext): Promise<MerchantSummary[]> {
  const rows = await ctx.db
    .selectFrom('merchants as m')
    .select((eb) => [
      'm.merchant_id',
      'm.name',
      'm.imp_key',
      eb
        .selectFrom('payments as p')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('p.merchant_id', '=', 'm.merchant_id')
        .as('payments'),
    ])
    .orderBy('m.created_at')
    .orderBy('m.imp_key')
    .execute();
  return rows.map((r) => ({
    merchant_id: r.merchant_id,
    name: r.name,
    imp_key: r.imp_key,
    payments: Number(r.payments ?? 0),
  }));
}

/** The merchant_id of an imp_key, or undefined. */
export async function merchantIdOf(ctx: AppContext, impKey: string): Promise<string | undefined> {
  if (!isStorableText(impKey)) return undefined;
  const row = await ctx.db
    .selectFrom('merchants')
    .select('merchant_id')
    .where('imp_key', '=', impKey)
    .executeTakeFirst();
  return row?.merchant_id;
}

/** Where a page of payments starts: after this payment, in newest-first order. */
export interface PaymentPosition {
  startedAt: number;
  impUid: string;
}

/**
 * A page of payments (of one merchant, or of all), newest first: by `started_at`, then
 * `imp_uid`, both descending, after `after` when given. Each with its escrow delivery as the
 * sandbox shows it and how many Paymentwall delivery calls it has.
 */
export async function listPayments(
  ctx: AppContext,
  options: { merchantId?: string | undefined; after?: PaymentPosition | undefined; limit: number },
): Promise<PaymentSummary[]> {
  let query = ctx.db.selectFrom('payments').selectAll();
  if (options.merchantId !== undefined) query = query.where('merchant_id', '=', options.merchantId);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('started_at', '<', after.startedAt),
        eb.and([eb('started_at', '=', after.startedAt), eb('imp_uid', '<', after.impUid)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('started_at', 'desc')
    .orderBy('imp_uid', 'desc')
    .limit(options.limit)
    .execute();
  if (rows.length === 0) return [];
  const impUids = rows.map((r) => r.imp_uid);
  const escrows = await ctx.db
    .selectFrom('escrow_deliveries')
    .selectAll()
    .where('imp_uid', 'in', impUids)
    .execute();
  const counts = await ctx.db
    .selectFrom('paymentwall_deliveries')
    .select((eb) => ['imp_uid', eb.fn.countAll<number | string>().as('n')])
    .where('imp_uid', 'in', impUids)
    .groupBy('imp_uid')
    .execute();
  const escrowOf = new Map(escrows.map((e) => [e.imp_uid, toStoredEscrowDelivery(e)]));
  const countOf = new Map(counts.map((c) => [c.imp_uid, Number(c.n)]));
  return rows.map((row) => ({
    ...toPayment(row),
    notice_url: row.notice_url,
    escrow_delivery: escrowOf.get(row.imp_uid) ?? null,
    paymentwall_deliveries: countOf.get(row.imp_uid) ?? 0,
  }));
}

/** Every vendor, oldest first, with its contracts and how many places and centers it has; never the secret key. */
export async function listVendors(ctx: AppContext): Promise<VendorSummary[]> {
  const rows = await ctx.db
    .selectFrom('coupang_vendors as v')
    .select((eb) => [
      'v.vendor_id',
      'v.access_key',
      'v.user_ids',
      'v.contracts_on_file',
      eb
        .selectFrom('coupang_outbound_places as o')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('o.vendor_id', '=', 'v.vendor_id')
        .as('outbound_places'),
      eb
        .selectFrom('coupang_return_centers as r')
        .select((inner) => inner.fn.countAll<number | string>().as('n'))
        .whereRef('r.vendor_id', '=', 'v.vendor_id')
        .as('return_centers'),
    ])
    .orderBy('v.created_at')
    .orderBy('v.vendor_id')
    .execute();
  const contractRows = await ctx.db.selectFrom('coupang_vendor_contracts').selectAll().execute();
  const contracts = new Map<string, VendorContract[]>();
  for (const row of contractRows) {
    const list = contracts.get(row.vendor_id) ?? [];
    list.push(toContract(row));
    contracts.set(row.vendor_id, list);
  }
  return rows.map((r) => ({
    vendorId: r.vendor_id,
    accessKey: r.access_key,
    userIds: JSON.parse(r.user_ids),
    contracts: r.contracts_on_file ? (contracts.get(r.vendor_id) ?? []) : null,
    outboundPlaces: Number(r.outbound_places ?? 0),
    returnCenters: Number(r.return_centers ?? 0),
  }));
}

export async function vendorExists(ctx: AppContext, vendorId: string): Promise<boolean> {
  if (!isStorableText(vendorId)) return false;
  const row = await ctx.db
    .selectFrom('coupang_vendors')
    .select('vendor_id')
    .where('vendor_id', '=', vendorId)
    .executeTakeFirst();
  return row !== undefined;
}
