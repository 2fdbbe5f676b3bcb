import { sql, type Transaction } from 'kysely';
import { unixSeconds } from '../../clock.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import { prepareQuery } from '../../db/prepared.js';
import type { Tables } from '../../db/schema.js';
import { nextValue, nextvalSql, onPostgres, SEQUENCES } from '../../db/sequences.js';
import { ApiError } from '../../http/api-error.js';
import { returnMessages as r } from '../messages.js';
import { addressKeys } from './place-rules.js';
import { refusingDuplicates, unnestedAddressKeys } from './place-store.js';
import { type PageRequest } from '../paging.js';
import type { ReturnCourierCode } from '../couriers.js';
import {
  type ContractVerdict,
  type ExistingReturnCenter,
  GOODSFLOW_APPROVED,
  GOODSFLOW_REFUSED,
  type ReturnAddress,
  type ReturnCenterPlan,
  type ReturnCenterUpdatePlan,
  type ReturnFees,
} from './return-rules.js';

/** A return center as the list and the lookup answer it (the real service's fields, in its order). */
export interface ReturnCenterView {
  vendorId: string;
  returnCenterCode: string;
  shippingPlaceName: string;
  deliverCode: string;
  deliverName: string;
  goodsflowStatus: string;
  errorMessage: string;
  createdAt: number;
  vendorCreditFee02kg: null;
  vendorCreditFee05kg: number;
  vendorCreditFee10kg: number;
  vendorCreditFee20kg: number;
  vendorCashFee02kg: null;
  vendorCashFee05kg: number;
  vendorCashFee10kg: number;
  vendorCashFee20kg: number;
  consumerCashFee02kg: null;
  consumerCashFee05kg: number;
  consumerCashFee10kg: number;
  consumerCashFee20kg: number;
  returnFee02kg: null;
  returnFee05kg: number;
  returnFee10kg: number;
  returnFee20kg: number;
  usable: boolean;
  placeAddresses: ReturnAddress[];
}

export interface StoredReturnCenter extends ExistingReturnCenter {
  centerCode: number;
}

type Trx = Transaction<Tables>;
type CenterRow = Tables['coupang_return_centers'];

// The statements every create and every page of the list run, compiled once (an address key
// a row each, so that the statement keeps one shape).

const insertCenter = prepareQuery((db: Db, p: CenterRow) =>
  db.insertInto('coupang_return_centers').values({
    center_code: p.center_code,
    vendor_id: p.vendor_id,
    shipping_place_name: p.shipping_place_name,
    deliver_code: p.deliver_code,
    deliver_name: p.deliver_name,
    contract_number: p.contract_number,
    contract_customer_number: p.contract_customer_number,
    goodsflow_status: p.goodsflow_status,
    error_message: p.error_message,
    fees: p.fees,
    usable: p.usable,
    place_addresses: p.place_addresses,
    created_at_ms: p.created_at_ms,
    updated_at: p.updated_at,
  }),
);
const insertAddressKey = prepareQuery((db: Db, p: Tables['coupang_return_address_keys']) =>
  db.insertInto('coupang_return_address_keys').values({
    vendor_id: p.vendor_id,
    return_address: p.return_address,
    return_address_detail: p.return_address_detail,
    center_code: p.center_code,
  }),
);
/**
 * PostgreSQL: a whole create as one statement, which commits by itself (no BEGIN, no COMMIT): the
 * center under a new code and its address keys (arrays, one parameter each, so the statement is
 * compiled once). The sequence locks nothing past the statement; the unique indexes refuse a
 * duplicate as in a transaction, and then nothing of the statement stays.
 */
const createOnPostgres = prepareQuery(
  (db: Db, p: Omit<CenterRow, 'center_code'> & { keyAddresses: string[]; keyDetails: string[] }) =>
    db
      .with('center', (q) =>
        q
          .insertInto('coupang_return_centers')
          .values({
            center_code: nextvalSql(SEQUENCES.returnCenterCode),
            vendor_id: p.vendor_id,
            shipping_place_name: p.shipping_place_name,
            deliver_code: p.deliver_code,
            deliver_name: p.deliver_name,
            contract_number: p.contract_number,
            contract_customer_number: p.contract_customer_number,
            goodsflow_status: p.goodsflow_status,
            error_message: p.error_message,
            fees: p.fees,
            usable: p.usable,
            place_addresses: p.place_addresses,
            created_at_ms: p.created_at_ms,
            updated_at: p.updated_at,
          })
          .returning('center_code'),
      )
      .with('keys', (q) =>
        q
          .insertInto('coupang_return_address_keys')
          .columns(['vendor_id', 'return_address', 'return_address_detail', 'center_code'])
          .expression((eb) =>
            eb
              .selectFrom(['center', unnestedAddressKeys(p.keyAddresses, p.keyDetails)])
              .select([
                sql<string>`${p.vendor_id}::text`.as('vendor_id'),
                'k.return_address',
                'k.return_address_detail',
                'center.center_code',
              ]),
          ),
      )
      .selectFrom('center')
      .select('center_code'),
);
const countCenters = prepareQuery((db: Db, p: { vendorId: string }) =>
  db
    .selectFrom('coupang_return_centers')
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .where('vendor_id', '=', p.vendorId),
);
const selectCenterPage = prepareQuery((db: Db, p: { vendorId: string; limit: number; offset: number }) =>
  db
    .selectFrom('coupang_return_centers')
    .selectAll()
    .where('vendor_id', '=', p.vendorId)
    .orderBy('center_code')
    .limit(p.limit)
    .offset(p.offset),
);

function toView(row: CenterRow): ReturnCenterView {
  const fees: ReturnFees = JSON.parse(row.fees);
  return {
    vendorId: row.vendor_id,
    returnCenterCode: String(Number(row.center_code)),
    shippingPlaceName: row.shipping_place_name,
    deliverCode: row.deliver_code,
    deliverName: row.deliver_name,
    goodsflowStatus: row.goodsflow_status,
    errorMessage: row.error_message,
    createdAt: Number(row.created_at_ms),
    vendorCreditFee02kg: null,
    vendorCreditFee05kg: fees.vendorCreditFee05kg,
    vendorCreditFee10kg: fees.vendorCreditFee10kg,
    vendorCreditFee20kg: fees.vendorCreditFee20kg,
    vendorCashFee02kg: null,
    vendorCashFee05kg: fees.vendorCashFee05kg,
    vendorCashFee10kg: fees.vendorCashFee10kg,
    vendorCashFee20kg: fees.vendorCashFee20kg,
    consumerCashFee02kg: null,
    consumerCashFee05kg: fees.consumerCashFee05kg,
    consumerCashFee10kg: fees.consumerCashFee10kg,
    consumerCashFee20kg: fees.consumerCashFee20kg,
    returnFee02kg: null,
    returnFee05kg: fees.returnFee05kg,
    returnFee10kg: fees.returnFee10kg,
    returnFee20kg: fees.returnFee20kg,
    usable: Boolean(row.usable),
    placeAddresses: JSON.parse(row.place_addresses),
  };
}

/** The vendor's center with this code, or undefined (another vendor's center is unknown too). */
export async function findReturnCenter(
  ctx: AppContext,
  vendorId: string,
  centerCode: number,
): Promise<StoredReturnCenter | undefined> {
  const row = await ctx.db
    .selectFrom('coupang_return_centers')
    .selectAll()
    .where('vendor_id', '=', vendorId)
    .where('center_code', '=', centerCode)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    centerCode,
    shippingPlaceName: row.shipping_place_name,
    usable: Boolean(row.usable),
    placeAddresses: JSON.parse(row.place_addresses),
    courier: {
      deliverCode: row.deliver_code as ReturnCourierCode,
      deliverName: row.deliver_name,
      contractNumber: row.contract_number,
      contractCustomerNumber: row.contract_customer_number,
    },
    fees: JSON.parse(row.fees),
  };
}

/** The name and addresses a write asks for: what duplicates are judged on. */
type Identity = Pick<ReturnCenterPlan, 'shippingPlaceName' | 'placeAddresses'>;

const sameAddress = (
  a: { returnAddress: string; returnAddressDetail: string },
  b: { returnAddress: string; returnAddressDetail: string },
) => a.returnAddress === b.returnAddress && a.returnAddressDetail === b.returnAddressDetail;

/**
 * What a write that failed on a unique index collided with, as the documented message: another
 * center of the vendor with the name (and one of the addresses too, or not), else with one of
 * the addresses. Undefined when neither (a winner since gone): the caller tries again.
 */
async function duplicateOf(
  ctx: AppContext,
  vendorId: string,
  wanted: Identity,
  self?: number,
): Promise<ApiError | undefined> {
  const keys = addressKeys(wanted.placeAddresses);
  let byName = ctx.db
    .selectFrom('coupang_return_centers')
    .select('center_code')
    .where('vendor_id', '=', vendorId)
    .where('shipping_place_name', '=', wanted.shippingPlaceName);
  if (self !== undefined) byName = byName.where('center_code', '!=', self);
  const named = await byName.executeTakeFirst();
  if (named) {
    const theirs = await ctx.db
      .selectFrom('coupang_return_address_keys')
      .select(['return_address as returnAddress', 'return_address_detail as returnAddressDetail'])
      .where('center_code', '=', named.center_code)
      .execute();
    const sharesAddress = keys.some((key) => theirs.some((their) => sameAddress(key, their)));
    return new ApiError(
      400,
      sharesAddress ? r.registeredAlready : r.duplicateName(String(Number(named.center_code))),
    );
  }

  for (const key of keys) {
    let byAddress = ctx.db
      .selectFrom('coupang_return_address_keys as k')
      .innerJoin('coupang_return_centers as c', 'c.center_code', 'k.center_code')
      .select('c.shipping_place_name')
      .where('k.vendor_id', '=', vendorId)
      .where('k.return_address', '=', key.returnAddress)
      .where('k.return_address_detail', '=', key.returnAddressDetail);
    if (self !== undefined) byAddress = byAddress.where('k.center_code', '!=', self);
    const other = await byAddress.executeTakeFirst();
    if (other) return new ApiError(400, r.duplicateAddress(other.shipping_place_name));
  }
  return undefined;
}

async function insertAddressKeys(trx: Trx, vendorId: string, centerCode: number, addresses: ReturnAddress[]) {
  for (const k of addressKeys(addresses)) {
    await insertAddressKey.execute(trx, {
      vendor_id: vendorId,
      return_address: k.returnAddress,
      return_address_detail: k.returnAddressDetail,
      center_code: centerCode,
    });
  }
}

/**
 * Creates a center and returns its code. The unique indexes find a duplicate name or address,
 * also against a concurrent twin, and it throws the documented ApiError; the center row goes
 * in before its addresses, so a name is found before an address. The contract checks come after
 * the duplicates: a refused contract rolls the center back and throws its ApiError (500); an
 * unconfirmed one keeps it, with `goodsflowStatus` `승인불가`. On PostgreSQL a create that keeps
 * its center is one statement.
 */
export async function insertReturnCenter(
  ctx: AppContext,
  vendorId: string,
  plan: ReturnCenterPlan,
  contract: ContractVerdict,
): Promise<number> {
  const confirmed = contract.ok && contract.confirmed;
  const clock = ctx.clock.of({ vendor: vendorId });
  const center: Omit<CenterRow, 'center_code'> = {
    vendor_id: vendorId,
    shipping_place_name: plan.shippingPlaceName,
    deliver_code: plan.courier.deliverCode,
    deliver_name: plan.courier.deliverName,
    contract_number: plan.courier.contractNumber,
    contract_customer_number: plan.courier.contractCustomerNumber,
    goodsflow_status: confirmed ? GOODSFLOW_APPROVED : GOODSFLOW_REFUSED,
    error_message: confirmed ? '' : r.contractUnconfirmed,
    fees: JSON.stringify(plan.fees),
    usable: plan.usable ? 1 : 0,
    place_addresses: JSON.stringify(plan.placeAddresses),
    created_at_ms: clock.nowMs(),
    updated_at: unixSeconds(clock),
  };
  const keys = addressKeys(plan.placeAddresses);
  const write =
    contract.ok && onPostgres(ctx.db)
      ? () =>
          ctx.writes.statement(async (db) => {
            const { rows } = await createOnPostgres.execute(db, {
              ...center,
              keyAddresses: keys.map((k) => k.returnAddress),
              keyDetails: keys.map((k) => k.returnAddressDetail),
            });
            if (!rows[0]) throw new Error('the center was not inserted');
            return Number(rows[0].center_code);
          })
      : () =>
          ctx.writes.transaction(async (trx) => {
            const centerCode = await nextValue(trx, SEQUENCES.returnCenterCode);
            await insertCenter.execute(trx, { center_code: centerCode, ...center });
            await insertAddressKeys(trx, vendorId, centerCode, plan.placeAddresses);
            // Not kept: the write served to find a duplicate, which answers before the contract.
            if (!contract.ok) throw new ApiError(500, contract.message);
            return centerCode;
          });
  return refusingDuplicates(write, () => duplicateOf(ctx, vendorId, plan));
}

/** Applies an update plan to the vendor's center; duplicates throw as on create (a center does not collide with itself). */
export async function updateReturnCenter(
  ctx: AppContext,
  vendorId: string,
  centerCode: number,
  plan: ReturnCenterUpdatePlan,
): Promise<void> {
  await refusingDuplicates(
    () =>
      ctx.writes.transaction(async (trx) => {
        const updated = await trx
          .updateTable('coupang_return_centers')
          .set({
            shipping_place_name: plan.shippingPlaceName,
            usable: plan.usable ? 1 : 0,
            place_addresses: JSON.stringify(plan.placeAddresses),
            fees: JSON.stringify(plan.fees),
            updated_at: unixSeconds(ctx.clock.of({ vendor: vendorId })),
          })
          .where('vendor_id', '=', vendorId)
          .where('center_code', '=', centerCode)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0)
          throw new ApiError(400, r.centerCodeUnknown(String(centerCode)));
        await trx.deleteFrom('coupang_return_address_keys').where('center_code', '=', centerCode).execute();
        await insertAddressKeys(trx, vendorId, centerCode, plan.placeAddresses);
      }),
    () => duplicateOf(ctx, vendorId, plan, centerCode),
  );
}

/** One page of the vendor's centers, oldest first, and how many it has. */
export async function listReturnCenters(
  ctx: AppContext,
  vendorId: string,
  page: PageRequest,
): Promise<{ content: ReturnCenterView[]; totalElements: number }> {
  const { rows: counted } = await countCenters.execute(ctx.db, { vendorId });
  const { rows } = await selectCenterPage.execute(ctx.db, {
    vendorId,
    limit: page.pageSize,
    offset: (page.pageNum - 1) * page.pageSize,
  });
  return { content: rows.map(toView), totalElements: Number(counted[0]?.total ?? 0) };
}

/**
 * The vendor's centers after `afterCode` (0: from the first), oldest first, at most `limit`:
 * pages by code rather than by number, as the sandbox's listing reads them.
 */
export async function returnCentersAfter(
  ctx: AppContext,
  vendorId: string,
  afterCode: number,
  limit: number,
): Promise<ReturnCenterView[]> {
  const rows = await ctx.db
    .selectFrom('coupang_return_centers')
    .selectAll()
    .where('vendor_id', '=', vendorId)
    .where('center_code', '>', afterCode)
    .orderBy('center_code')
    .limit(limit)
    .execute();
  return rows.map(toView);
}

/** The vendor's centers among `codes` (as the reads write them), in the order of `codes`. */
export async function findReturnCentersByCodes(
  ctx: AppContext,
  vendorId: string,
  codes: readonly string[],
): Promise<ReturnCenterView[]> {
  // A code is its digits as the reads write them: anything else names no center.
  const numbers = codes.map(Number).filter((n, i) => Number.isSafeInteger(n) && String(n) === codes[i]);
  if (numbers.length === 0) return [];
  const rows = await ctx.db
    .selectFrom('coupang_return_centers')
    .selectAll()
    .where('vendor_id', '=', vendorId)
    .where('center_code', 'in', numbers)
    .execute();
  const byCode = new Map(rows.map((row) => [String(Number(row.center_code)), row]));
  return codes.flatMap((code) => {
    const row = byCode.get(code);
    return row ? [toView(row)] : [];
  });
}
