import { sql, type Transaction } from 'kysely';
import { unixSeconds } from '../../clock.js';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import { prepareQuery } from '../../db/prepared.js';
import type { Tables } from '../../db/schema.js';
import { nextValue, nextValues, nextvalSql, onPostgres, SEQUENCES } from '../../db/sequences.js';
import { isStorableText } from '../../db/text.js';
import { ApiError } from '../../http/api-error.js';
import { outboundMessages as o } from '../messages.js';
import type {
  ExistingOutboundPlace,
  OutboundAddress,
  OutboundPlan,
  PlaceLookup,
  RemoteInfo,
} from './outbound-rules.js';
import { addressKeys } from './place-rules.js';
import { refusingDuplicates, unnestedAddressKeys } from './place-store.js';
import { koreanDate } from '../kst.js';
import { type PageRequest } from '../paging.js';

/** An outbound place as the query answers it. */
export interface OutboundPlaceView {
  outboundShippingPlaceCode: number;
  shippingPlaceName: string;
  createDate: string;
  placeAddresses: OutboundAddress[];
  remoteInfos: RemoteInfo[];
  usable: boolean;
}

export interface StoredOutboundPlace extends ExistingOutboundPlace {
  placeCode: number;
}

type Trx = Transaction<Tables>;

// The statements every create and every page of the query run, compiled once. A row each:
// a multi-row insert or an `in` list would change the statement's shape with its length.

const insertPlace = prepareQuery((db: Db, p: Tables['coupang_outbound_places']) =>
  db.insertInto('coupang_outbound_places').values({
    place_code: p.place_code,
    vendor_id: p.vendor_id,
    shipping_place_name: p.shipping_place_name,
    usable: p.usable,
    global: p.global,
    place_addresses: p.place_addresses,
    created_at: p.created_at,
    updated_at: p.updated_at,
  }),
);
const insertAddressKey = prepareQuery((db: Db, p: Tables['coupang_outbound_address_keys']) =>
  db.insertInto('coupang_outbound_address_keys').values({
    vendor_id: p.vendor_id,
    return_address: p.return_address,
    return_address_detail: p.return_address_detail,
    place_code: p.place_code,
  }),
);
const insertRemoteInfo = prepareQuery((db: Db, p: Tables['coupang_outbound_remote_infos']) =>
  db.insertInto('coupang_outbound_remote_infos').values({
    remote_info_id: p.remote_info_id,
    place_code: p.place_code,
    delivery_code: p.delivery_code,
    jeju: p.jeju,
    not_jeju: p.not_jeju,
    usable: p.usable,
  }),
);
const countPlaces = prepareQuery((db: Db, p: { vendorId: string }) =>
  db
    .selectFrom('coupang_outbound_places')
    .select((eb) => eb.fn.countAll<number | string>().as('total'))
    .where('vendor_id', '=', p.vendorId),
);
const selectPlacePage = prepareQuery((db: Db, p: { vendorId: string; limit: number; offset: number }) =>
  db
    .selectFrom('coupang_outbound_places')
    .selectAll()
    .where('vendor_id', '=', p.vendorId)
    .orderBy('place_code')
    .limit(p.limit)
    .offset(p.offset),
);
/** The remote infos of one page of the vendor's places (the page as selectPlacePage takes it). */
const selectPageRemoteInfos = prepareQuery((db: Db, p: { vendorId: string; limit: number; offset: number }) =>
  db
    .selectFrom('coupang_outbound_remote_infos')
    .selectAll()
    .where('place_code', 'in', (eb) =>
      eb
        .selectFrom('coupang_outbound_places')
        .select('place_code')
        .where('vendor_id', '=', p.vendorId)
        .orderBy('place_code')
        .limit(p.limit)
        .offset(p.offset),
    )
    .orderBy('remote_info_id'),
);

function toRemoteInfo(row: Tables['coupang_outbound_remote_infos']): RemoteInfo {
  return {
    remoteInfoId: Number(row.remote_info_id),
    deliveryCode: row.delivery_code,
    jeju: Number(row.jeju),
    notJeju: Number(row.not_jeju),
    usable: Boolean(row.usable),
  };
}

/** The remote infos of each place, oldest first. */
function byPlace(
  placeCodes: number[],
  rows: Tables['coupang_outbound_remote_infos'][],
): Map<number, RemoteInfo[]> {
  const infos = new Map<number, RemoteInfo[]>(placeCodes.map((code) => [code, []]));
  for (const row of rows) infos.get(Number(row.place_code))?.push(toRemoteInfo(row));
  return infos;
}

async function remoteInfosOf(ctx: AppContext, placeCodes: number[]): Promise<Map<number, RemoteInfo[]>> {
  if (placeCodes.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('coupang_outbound_remote_infos')
    .selectAll()
    .where('place_code', 'in', placeCodes)
    .orderBy('remote_info_id')
    .execute();
  return byPlace(placeCodes, rows);
}

/** The vendor's place with this code, or undefined (another vendor's place is unknown too). */
export async function findOutboundPlace(
  ctx: AppContext,
  vendorId: string,
  placeCode: number,
): Promise<StoredOutboundPlace | undefined> {
  const row = await ctx.db
    .selectFrom('coupang_outbound_places')
    .select(['place_code', 'usable', 'global'])
    .where('vendor_id', '=', vendorId)
    .where('place_code', '=', placeCode)
    .executeTakeFirst();
  if (!row) return undefined;
  const remoteInfos = (await remoteInfosOf(ctx, [placeCode])).get(placeCode) ?? [];
  return { placeCode, usable: Boolean(row.usable), global: Boolean(row.global), remoteInfos };
}

/**
 * What a write that failed on a unique index collided with: another place of the vendor with
 * the name, else with one of the addresses (name first, as Coupang orders them). Undefined
 * when neither (a courier standing twice, or a winner since gone): the caller tries again.
 */
async function duplicateOf(
  ctx: AppContext,
  vendorId: string,
  plan: OutboundPlan,
  self?: number,
): Promise<ApiError | undefined> {
  let byName = ctx.db
    .selectFrom('coupang_outbound_places')
    .select('place_code')
    .where('vendor_id', '=', vendorId)
    .where('shipping_place_name', '=', plan.shippingPlaceName);
  if (self !== undefined) byName = byName.where('place_code', '!=', self);
  if (await byName.executeTakeFirst()) return new ApiError(400, o.duplicateName(plan.shippingPlaceName));

  for (const key of addressKeys(plan.placeAddresses)) {
    let byAddress = ctx.db
      .selectFrom('coupang_outbound_address_keys')
      .select('place_code')
      .where('vendor_id', '=', vendorId)
      .where('return_address', '=', key.returnAddress)
      .where('return_address_detail', '=', key.returnAddressDetail);
    if (self !== undefined) byAddress = byAddress.where('place_code', '!=', self);
    const other = await byAddress.executeTakeFirst();
    if (other) return new ApiError(400, o.duplicateAddress(Number(other.place_code)));
  }
  return undefined;
}

type PlaceRow = Tables['coupang_outbound_places'];
type AddressKeyRow = Tables['coupang_outbound_address_keys'];
type RemoteInfoRow = Tables['coupang_outbound_remote_infos'];

function addressKeyRows(vendorId: string, placeCode: number, plan: OutboundPlan): AddressKeyRow[] {
  return addressKeys(plan.placeAddresses).map((k) => ({
    vendor_id: vendorId,
    return_address: k.returnAddress,
    return_address_detail: k.returnAddressDetail,
    place_code: placeCode,
  }));
}

function remoteInfoRows(placeCode: number, plan: OutboundPlan, ids: number[]): RemoteInfoRow[] {
  if (ids.length !== plan.newRemoteInfos.length) throw new Error('one remote info id for each new entry');
  return plan.newRemoteInfos.map((r, i) => ({
    remote_info_id: ids[i] as number,
    place_code: placeCode,
    delivery_code: r.deliveryCode,
    jeju: r.jeju,
    not_jeju: r.notJeju,
    usable: r.usable ? 1 : 0,
  }));
}

/**
 * The rows a new place is stored as: the place, its address keys and its remote-area fees
 * (numbered `remoteIds`, one each). The benchmark writes its million places with these too.
 */
export function newPlaceRows(
  vendorId: string,
  placeCode: number,
  plan: OutboundPlan,
  remoteIds: number[],
  now: number,
): { place: PlaceRow; addressKeys: AddressKeyRow[]; remoteInfos: RemoteInfoRow[] } {
  return {
    place: {
      place_code: placeCode,
      vendor_id: vendorId,
      shipping_place_name: plan.shippingPlaceName,
      usable: plan.usable ? 1 : 0,
      global: plan.global ? 1 : 0,
      place_addresses: JSON.stringify(plan.placeAddresses),
      created_at: now,
      updated_at: now,
    },
    addressKeys: addressKeyRows(vendorId, placeCode, plan),
    remoteInfos: remoteInfoRows(placeCode, plan, remoteIds),
  };
}

async function insertAddressKeys(trx: Trx, rows: AddressKeyRow[]) {
  for (const row of rows) await insertAddressKey.execute(trx, row);
}

async function insertRemoteInfos(trx: Trx, rows: RemoteInfoRow[]) {
  for (const row of rows) await insertRemoteInfo.execute(trx, row);
}

/** Ids for the plan's new entries, one each, ascending. */
function remoteInfoIds(trx: Trx, plan: OutboundPlan): Promise<number[]> {
  return nextValues(trx, SEQUENCES.outboundRemoteInfoId, plan.newRemoteInfos.length);
}

/** What the PostgreSQL create statement takes: the place's row, and its other rows as arrays, one parameter each. */
interface PostgresCreate {
  vendorId: string;
  name: string;
  usable: number;
  global: number;
  addresses: string;
  now: number;
  keyAddresses: string[];
  keyDetails: string[];
  remoteCodes: string[];
  remoteJeju: number[];
  remoteNotJeju: number[];
  remoteUsable: number[];
}

/**
 * PostgreSQL: a whole create as one statement, which commits by itself (no BEGIN, no COMMIT, one
 * round trip): the place under a new code, its address keys, and its remote-area fees under new
 * ids in their given order. The sequences lock nothing past the statement; the unique indexes
 * refuse a duplicate as they do in a transaction, and then nothing of the statement stays. The
 * rows come as arrays, so the statement is compiled once whatever their number.
 */
const createOnPostgres = prepareQuery((db: Db, p: PostgresCreate) =>
  db
    .with('place', (q) =>
      q
        .insertInto('coupang_outbound_places')
        .values({
          place_code: nextvalSql(SEQUENCES.outboundPlaceCode),
          vendor_id: p.vendorId,
          shipping_place_name: p.name,
          usable: p.usable,
          global: p.global,
          place_addresses: p.addresses,
          created_at: p.now,
          updated_at: p.now,
        })
        .returning('place_code'),
    )
    .with('keys', (q) =>
      q
        .insertInto('coupang_outbound_address_keys')
        .columns(['vendor_id', 'return_address', 'return_address_detail', 'place_code'])
        .expression((eb) =>
          eb
            .selectFrom(['place', unnestedAddressKeys(p.keyAddresses, p.keyDetails)])
            .select([
              sql<string>`${p.vendorId}::text`.as('vendor_id'),
              'k.return_address',
              'k.return_address_detail',
              'place.place_code',
            ]),
        ),
    )
    .with('remote', (q) =>
      q
        .insertInto('coupang_outbound_remote_infos')
        .columns(['remote_info_id', 'place_code', 'delivery_code', 'jeju', 'not_jeju', 'usable'])
        .expression((eb) =>
          eb
            .selectFrom([
              'place',
              sql<{
                delivery_code: string;
                jeju: number;
                not_jeju: number;
                usable: number;
                n: number;
              }>`unnest(${p.remoteCodes}::text[], ${p.remoteJeju}::bigint[], ${p.remoteNotJeju}::bigint[], ${p.remoteUsable}::int[]) with ordinality`.as<'r'>(
                sql`r(delivery_code, jeju, not_jeju, usable, n)`,
              ),
            ])
            // Drawn in the entries' order (PostgreSQL evaluates nextval after the sort).
            .select([
              nextvalSql(SEQUENCES.outboundRemoteInfoId).as('remote_info_id'),
              'place.place_code',
              'r.delivery_code',
              'r.jeju',
              'r.not_jeju',
              'r.usable',
            ])
            .orderBy('r.n'),
        ),
    )
    .selectFrom('place')
    .select('place_code'),
);

async function createPlaceOnPostgres(
  db: Db,
  vendorId: string,
  plan: OutboundPlan,
  now: number,
): Promise<number> {
  const keys = addressKeys(plan.placeAddresses);
  const remote = plan.newRemoteInfos;
  const { rows } = await createOnPostgres.execute(db, {
    vendorId,
    name: plan.shippingPlaceName,
    usable: plan.usable ? 1 : 0,
    global: plan.global ? 1 : 0,
    addresses: JSON.stringify(plan.placeAddresses),
    now,
    keyAddresses: keys.map((k) => k.returnAddress),
    keyDetails: keys.map((k) => k.returnAddressDetail),
    remoteCodes: remote.map((r) => r.deliveryCode),
    remoteJeju: remote.map((r) => r.jeju),
    remoteNotJeju: remote.map((r) => r.notJeju),
    remoteUsable: remote.map((r) => (r.usable ? 1 : 0)),
  });
  const row = rows[0];
  if (!row) throw new Error('the place was not inserted');
  return Number(row.place_code);
}

/**
 * Creates a place and returns its code. The unique indexes find a duplicate name or address,
 * also against a concurrent twin, and it throws the documented ApiError. On SQLite the place
 * row goes in before its addresses, in one transaction; on PostgreSQL the whole create is one
 * statement. Either way the duplicate is named by `duplicateOf`, name before address.
 */
export async function insertOutboundPlace(
  ctx: AppContext,
  vendorId: string,
  plan: OutboundPlan,
): Promise<number> {
  const now = unixSeconds(ctx.clock.of({ vendor: vendorId }));
  const write = onPostgres(ctx.db)
    ? () => ctx.writes.statement((db) => createPlaceOnPostgres(db, vendorId, plan, now))
    : () =>
        ctx.writes.transaction(async (trx) => {
          const placeCode = await nextValue(trx, SEQUENCES.outboundPlaceCode);
          const rows = newPlaceRows(vendorId, placeCode, plan, await remoteInfoIds(trx, plan), now);
          await insertPlace.execute(trx, rows.place);
          await insertAddressKeys(trx, rows.addressKeys);
          await insertRemoteInfos(trx, rows.remoteInfos);
          return placeCode;
        });
  return refusingDuplicates(write, () => duplicateOf(ctx, vendorId, plan));
}

/**
 * Applies an update plan to the vendor's place; duplicates throw as on create (the place's own
 * name and addresses are no duplicates). A courier standing twice among switched-on entries,
 * which only a concurrent update can cause once the rules passed, throws the unique violation
 * for the caller to try again with fresh data.
 */
export async function updateOutboundPlace(
  ctx: AppContext,
  vendorId: string,
  placeCode: number,
  plan: OutboundPlan,
): Promise<void> {
  await refusingDuplicates(
    () =>
      ctx.writes.transaction(async (trx) => {
        const remoteIds = await remoteInfoIds(trx, plan);
        const updated = await trx
          .updateTable('coupang_outbound_places')
          .set({
            shipping_place_name: plan.shippingPlaceName,
            usable: plan.usable ? 1 : 0,
            place_addresses: JSON.stringify(plan.placeAddresses),
            updated_at: unixSeconds(ctx.clock.of({ vendor: vendorId })),
          })
          .where('vendor_id', '=', vendorId)
          .where('place_code', '=', placeCode)
          .executeTakeFirst();
        if (Number(updated.numUpdatedRows) === 0)
          throw new ApiError(400, o.placeCodeUnknown(String(placeCode)));

        await trx.deleteFrom('coupang_outbound_address_keys').where('place_code', '=', placeCode).execute();
        await insertAddressKeys(trx, addressKeyRows(vendorId, placeCode, plan));

        const changed = plan.changedRemoteInfos;
        if (changed.length > 0) {
          // Switched off first, then set: no intermediate state can put a courier twice among switched-on entries.
          await trx
            .updateTable('coupang_outbound_remote_infos')
            .set({ usable: 0 })
            .where('place_code', '=', placeCode)
            .where(
              'remote_info_id',
              'in',
              changed.map((r) => r.remoteInfoId),
            )
            .execute();
          for (const r of changed) {
            await trx
              .updateTable('coupang_outbound_remote_infos')
              .set({
                delivery_code: r.deliveryCode,
                jeju: r.jeju,
                not_jeju: r.notJeju,
                usable: r.usable ? 1 : 0,
              })
              .where('place_code', '=', placeCode)
              .where('remote_info_id', '=', r.remoteInfoId)
              .execute();
          }
        }
        await insertRemoteInfos(trx, remoteInfoRows(placeCode, plan, remoteIds));
      }),
    () => duplicateOf(ctx, vendorId, plan, placeCode),
  );
}

export type OutboundSelection = { page: PageRequest } | PlaceLookup;

/** The vendor's places, oldest first: one page of all of them, or those with the given codes and names. */
export async function listOutboundPlaces(
  ctx: AppContext,
  vendorId: string,
  selection: OutboundSelection,
): Promise<{ content: OutboundPlaceView[]; totalElements: number }> {
  if ('page' in selection) {
    const { pageNum, pageSize } = selection.page;
    const page = { vendorId, limit: pageSize, offset: (pageNum - 1) * pageSize };
    const [{ rows: counted }, { rows: places }, { rows: infos }] = [
      await countPlaces.execute(ctx.db, { vendorId }),
      await selectPlacePage.execute(ctx.db, page),
      await selectPageRemoteInfos.execute(ctx.db, page),
    ];
    const remote = byPlace(
      places.map((p) => Number(p.place_code)),
      infos,
    );
    return { totalElements: Number(counted[0]?.total ?? 0), content: places.map((p) => toView(p, remote)) };
  }
  let query = ctx.db.selectFrom('coupang_outbound_places').where('vendor_id', '=', vendorId);
  if (selection.placeCodes) query = query.where('place_code', 'in', selection.placeCodes);
  if (selection.placeNames) {
    // A name PostgreSQL cannot hold names no place (db/text.ts); none left matches nothing.
    const names = selection.placeNames.filter(isStorableText);
    if (names.length === 0) return { content: [], totalElements: 0 };
    query = query.where('shipping_place_name', 'in', names);
  }
  const places = await query.selectAll().orderBy('place_code').execute();
  const remote = await remoteInfosOf(
    ctx,
    places.map((p) => Number(p.place_code)),
  );
  return { totalElements: places.length, content: places.map((p) => toView(p, remote)) };
}

/**
 * The vendor's places after `afterCode` (0: from the first), oldest first, at most `limit`:
 * pages by code rather than by number, as the sandbox's listing reads them.
 */
export async function outboundPlacesAfter(
  ctx: AppContext,
  vendorId: string,
  afterCode: number,
  limit: number,
): Promise<OutboundPlaceView[]> {
  const places = await ctx.db
    .selectFrom('coupang_outbound_places')
    .selectAll()
    .where('vendor_id', '=', vendorId)
    .where('place_code', '>', afterCode)
    .orderBy('place_code')
    .limit(limit)
    .execute();
  const remote = await remoteInfosOf(
    ctx,
    places.map((p) => Number(p.place_code)),
  );
  return places.map((p) => toView(p, remote));
}

function toView(p: Tables['coupang_outbound_places'], remote: Map<number, RemoteInfo[]>): OutboundPlaceView {
  return {
    outboundShippingPlaceCode: Number(p.place_code),
    shippingPlaceName: p.shipping_place_name,
    createDate: koreanDate(Number(p.created_at)),
    placeAddresses: JSON.parse(p.place_addresses),
    remoteInfos: remote.get(Number(p.place_code)) ?? [],
    usable: Boolean(p.usable),
  };
}
