import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config.js';
import { unmovedClock } from '../../../src/clock.js';
import type { AppContext } from '../../../src/context.js';
import { ApiError } from '../../../src/http/api-error.js';
import { outboundMessages as o } from '../../../src/coupang/messages.js';
import type { OutboundPlan } from '../../../src/coupang/places/outbound-rules.js';
import {
  findOutboundPlace,
  insertOutboundPlace,
  updateOutboundPlace,
} from '../../../src/coupang/places/outbound-store.js';
import { createVendor } from '../../../src/coupang/vendors.js';
import { isUniqueViolation } from '../../../src/db/index.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

const address = (detail: string) => ({
  addressType: 'JIBUN' as const,
  countryCode: 'KR',
  companyContactNumber: '02-1234-5678',
  returnZipCode: '05510',
  returnAddress: '서울특별시 송파구 신천동',
  returnAddressDetail: detail,
});

const plan = (name: string, detail: string, remote: OutboundPlan['newRemoteInfos'] = []): OutboundPlan => ({
  shippingPlaceName: name,
  usable: true,
  global: false,
  placeAddresses: [address(detail)],
  changedRemoteInfos: [],
  newRemoteInfos: remote,
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

describe.each(engines)('the outbound place store ($name)', ({ name: engine, databaseUrl }) => {
  let t: TestApp;
  let ctx: AppContext;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    ctx = {
      config: defaultConfig,
      db: t.database.db,
      writes: t.database.writes,
      clock: unmovedClock(t.clock),
    };
    await createVendor(ctx, { vendorId: 'A00000001' });
    await createVendor(ctx, { vendorId: 'A00000002' });
  });
  afterEach(() => t.close());

  it('answers a duplicate name or address, found by the unique indexes, giving the code back on SQLite only', async () => {
    const first = await insertOutboundPlace(ctx, 'A00000001', plan('a', '1'));
    const byName = await rejection(insertOutboundPlace(ctx, 'A00000001', plan('a', '2')));
    expect(byName).toEqual(new ApiError(400, o.duplicateName('a')));
    const byAddress = await rejection(insertOutboundPlace(ctx, 'A00000001', plan('b', '1')));
    expect(byAddress).toEqual(new ApiError(400, o.duplicateAddress(first)));
    // PostgreSQL's sequence keeps the two refused creates' codes: the next is greater, past them.
    expect(await insertOutboundPlace(ctx, 'A00000002', plan('a', '1'))).toBe(
      engine === 'sqlite' ? first + 1 : first + 3,
    );
  });

  it('keeps a vendor’s names and addresses unique in the database itself', async () => {
    const code = await insertOutboundPlace(ctx, 'A00000001', plan('a', '1'));
    const row = await t.database.db
      .selectFrom('coupang_outbound_places')
      .selectAll()
      .where('place_code', '=', code)
      .executeTakeFirstOrThrow();
    const sameName = await rejection(
      t.database.db
        .insertInto('coupang_outbound_places')
        .values({ ...row, place_code: 9_000_000 })
        .execute(),
    );
    expect(isUniqueViolation(sameName)).toBe(true);
    await t.database.db
      .insertInto('coupang_outbound_places')
      .values({ ...row, place_code: 9_000_000, shipping_place_name: 'other' })
      .execute();
    const sameAddress = await rejection(
      t.database.db
        .insertInto('coupang_outbound_address_keys')
        .values({
          vendor_id: 'A00000001',
          return_address: '서울특별시 송파구 신천동',
          return_address_detail: '1',
          place_code: 9_000_000,
        })
        .execute(),
    );
    expect(isUniqueViolation(sameAddress)).toBe(true);
  });

  it('keeps a courier once among a place’s switched-on entries in the database itself', async () => {
    const code = await insertOutboundPlace(
      ctx,
      'A00000001',
      plan('a', '1', [{ deliveryCode: 'KGB', jeju: 0, notJeju: 0, usable: true }]),
    );
    const stale = plan('a', '1', [{ deliveryCode: 'KGB', jeju: 1000, notJeju: 1000, usable: true }]);
    const err = await rejection(updateOutboundPlace(ctx, 'A00000001', code, stale));
    expect(isUniqueViolation(err)).toBe(true);
    // Nothing of the refused update stayed.
    expect((await findOutboundPlace(ctx, 'A00000001', code))?.remoteInfos).toHaveLength(1);
    // Switched-off entries may repeat a courier.
    const off = plan('a', '1', [
      { deliveryCode: 'KGB', jeju: 1000, notJeju: 1000, usable: false },
      { deliveryCode: 'KGB', jeju: 2000, notJeju: 2000, usable: false },
    ]);
    await updateOutboundPlace(ctx, 'A00000001', code, off);
    expect((await findOutboundPlace(ctx, 'A00000001', code))?.remoteInfos).toHaveLength(3);
  });
});
