import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createVendor,
  outboundPath,
  outboundQueryPath,
  returnPath,
  signed,
  type Vendor,
} from '../support/coupang.js';
import { escrowBody, outboundBody, returnBody } from '../support/fixtures.js';
import { createMerchant, createPayment, getToken, type Merchant } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('sandbox tenants and listings ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
  });
  afterEach(() => t.close());

  const get = (url: string) => t.request({ method: 'GET', url });
  const del = (url: string) => t.request({ method: 'DELETE', url });

  /** A merchant with an escrow payment (delivery registered), a Paymentwall payment (two calls) and a token. */
  async function busyMerchant(name: string) {
    const merchant = await createMerchant(t, { name });
    const token = await getToken(t, merchant);
    const escrow = await createPayment(t, merchant, { pg_provider: 'kcp' });
    t.clock.advanceSeconds(1);
    const pw = await createPayment(t, merchant, { pg_provider: 'paymentwall', escrow: false });
    t.clock.advanceSeconds(1);
    const registered = await t.request({
      method: 'POST',
      url: `/escrows/logis/${escrow.imp_uid}`,
      headers: { authorization: token },
      payload: escrowBody('kcp'),
    });
    expect(registered.status).toBe(200);
    for (const status of ['order_placed', 'order_shipped']) {
      const res = await t.request({
        method: 'POST',
        url: '/paymentwall/delivery',
        headers: { authorization: token },
        payload: {
          imp_uid: pw.imp_uid,
          merchant_uid: pw.merchant_uid,
          type: 'digital',
          status,
          estimated_delivery_datetime: 1795000000,
          estimated_update_datetime: 1795000000,
          refundable: 'no',
          shipping_address_email: 'buyer@example.com',
        },
      });
      expect(res.status).toBe(200);
    }
    return { merchant, token, escrow, pw };
  }

  /** A vendor with a contract, two outbound places and a return center. */
  async function busyVendor() {
    const vendor = await createVendor(t, { contracts: [{ deliverCode: 'HANJIN', contractNumber: '12345' }] });
    for (const n of [1, 2]) {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, n),
      });
      expect(res.status).toBe(200);
    }
    const res = await signed(t, vendor, {
      method: 'POST',
      url: returnPath(vendor.vendorId),
      payload: returnBody(vendor.vendorId, 1),
    });
    expect(res.status).toBe(200);
    return vendor;
  }

  describe('GET /sandbox/merchants', () => {
    it('lists every merchant, oldest first, with its payment count', async () => {
      expect(await get('/sandbox/merchants')).toMatchObject({ status: 200, body: { merchants: [] } });
      const a = await createMerchant(t, { name: '첫 상점', imp_key: 'key-a' });
      t.clock.advanceSeconds(1);
      const b = await createMerchant(t, { name: 'second', imp_key: 'key-b' });
      await createPayment(t, b);
      await createPayment(t, b);
      const res = await get('/sandbox/merchants');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        merchants: [
          { merchant_id: a.merchant_id, name: '첫 상점', imp_key: 'key-a', payments: 0 },
          { merchant_id: b.merchant_id, name: 'second', imp_key: 'key-b', payments: 2 },
        ],
      });
    });
  });

  describe('GET /sandbox/payments', () => {
    it('lists payments newest first, with the escrow delivery as /deliveries shows it and the Paymentwall count', async () => {
      const { merchant, escrow, pw } = await busyMerchant('shop');
      const res = await get(`/sandbox/payments?imp_key=${merchant.imp_key}`);
      expect(res.status).toBe(200);
      expect(res.body.next).toBeNull();
      expect(res.body.payments.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([
        pw.imp_uid,
        escrow.imp_uid,
      ]);
      const deliveries = await get(`/sandbox/payments/${escrow.imp_uid}/deliveries`);
      const read = await get(`/sandbox/payments`);
      expect(read.body.payments[1]).toEqual({
        ...escrow,
        notice_url: null,
        escrow_delivery: deliveries.body.escrow,
        paymentwall_deliveries: 0,
      });
      expect(read.body.payments[0]).toEqual({
        ...pw,
        notice_url: null,
        escrow_delivery: null,
        paymentwall_deliveries: 2,
      });
    });

    it('filters by merchant, and answers 404 for an unknown imp_key', async () => {
      const a = await createMerchant(t);
      const b = await createMerchant(t);
      const pa = await createPayment(t, a);
      await createPayment(t, b);
      const res = await get(`/sandbox/payments?imp_key=${a.imp_key}`);
      expect(res.body.payments.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([pa.imp_uid]);
      expect((await get('/sandbox/payments')).body.payments).toHaveLength(2);
      expect(await get('/sandbox/payments?imp_key=nobody')).toMatchObject({
        status: 404,
        body: { error: 'no merchant has imp_key nobody' },
      });
    });

    it('pages with limit and cursor, each payment once, newest first', async () => {
      const m = await createMerchant(t);
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        made.push((await createPayment(t, m)).imp_uid);
        // Two payments a second: the second of each pair is ordered by imp_uid.
        if (i % 2 === 1) t.clock.advanceSeconds(1);
      }
      const seen: string[] = [];
      let url = '/sandbox/payments?limit=2';
      for (let pages = 0; ; pages++) {
        const res = await get(url);
        expect(res.status).toBe(200);
        expect(res.body.payments.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.payments.map((p: { imp_uid: string }) => p.imp_uid));
        if (res.body.next === null) break;
        expect(pages).toBeLessThan(3);
        url = `/sandbox/payments?limit=2&cursor=${encodeURIComponent(res.body.next)}`;
      }
      expect([...seen].sort()).toEqual([...made].sort());
      const all = (await get('/sandbox/payments')).body.payments.map((p: { imp_uid: string }) => p.imp_uid);
      expect(seen).toEqual(all);
      const started = (await get('/sandbox/payments')).body.payments.map(
        (p: { started_at: number }) => p.started_at,
      );
      expect(started).toEqual([...started].sort((x, y) => y - x));
    });

    it.each([
      ['limit=0', 'limit must be a whole number from 1 to 1000'],
      ['limit=1001', 'limit must be a whole number from 1 to 1000'],
      ['limit=ten', 'limit must be a whole number from 1 to 1000'],
      ['limit=', 'limit must be a whole number from 1 to 1000'],
      ['limit=1&limit=2', 'limit must be given once'],
      ['cursor=nonsense', 'cursor must be the next of an earlier page of this listing'],
      ['page=2', 'unknown query parameter: page'],
    ])('answers 400 naming the parameter for %s', async (query, message) => {
      expect(await get(`/sandbox/payments?${query}`)).toMatchObject({
        status: 400,
        body: { error: message },
      });
    });

    it("refuses another listing's cursor", async () => {
      const vendor = await busyVendor();
      const first = await get(`/sandbox/vendors/${vendor.vendorId}/outbound-places?limit=1`);
      expect(first.body.next).toEqual(expect.any(String));
      expect(await get(`/sandbox/payments?cursor=${first.body.next}`)).toMatchObject({
        status: 400,
        body: { error: 'cursor must be the next of an earlier page of this listing' },
      });
    });
  });

  describe('GET /sandbox/vendors', () => {
    it('lists every vendor with its users, contracts and counts', async () => {
      const a = await busyVendor();
      t.clock.advanceSeconds(1);
      const b = await createVendor(t, { userIds: ['u1', 'u2'] });
      const res = await get('/sandbox/vendors');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        vendors: [
          {
            vendorId: a.vendorId,
            accessKey: a.accessKey,
            userIds: ['wing-user'],
            contracts: [{ deliverCode: 'HANJIN', contractNumber: '12345', confirmed: true }],
            outboundPlaces: 2,
            returnCenters: 1,
          },
          {
            vendorId: b.vendorId,
            accessKey: b.accessKey,
            userIds: ['u1', 'u2'],
            contracts: null,
            outboundPlaces: 0,
            returnCenters: 0,
          },
        ],
      });
    });
  });

  describe("a vendor's places and centers", () => {
    it('lists outbound places as the Coupang query shows them, paged by cursor', async () => {
      const vendor = await busyVendor();
      const coupang = await signed(t, vendor, { method: 'GET', url: `${outboundQueryPath()}?pageSize=50` });
      const first = await get(`/sandbox/vendors/${vendor.vendorId}/outbound-places?limit=1`);
      expect(first.status).toBe(200);
      expect(first.body.content).toEqual([coupang.body.content[0]]);
      const second = await get(
        `/sandbox/vendors/${vendor.vendorId}/outbound-places?limit=1&cursor=${first.body.next}`,
      );
      expect(second.body).toEqual({ content: [coupang.body.content[1]], next: null });
      expect(await get(`/sandbox/vendors/${vendor.vendorId}/outbound-places`)).toMatchObject({
        status: 200,
        body: { content: coupang.body.content, next: null },
      });
    });

    it('lists return centers as the Coupang list shows them', async () => {
      const vendor = await busyVendor();
      const coupang = await signed(t, vendor, { method: 'GET', url: returnPath(vendor.vendorId) });
      const res = await get(`/sandbox/vendors/${vendor.vendorId}/return-centers`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ content: coupang.body.data.content, next: null });
    });

    it('answers 404 for an unknown vendor and 400 for a bad parameter', async () => {
      for (const kind of ['outbound-places', 'return-centers']) {
        expect(await get(`/sandbox/vendors/A00000000/${kind}`)).toMatchObject({
          status: 404,
          body: { error: 'no vendor has vendorId A00000000' },
        });
        expect(await get(`/sandbox/vendors/A00000000/${kind}?pageSize=5`)).toMatchObject({
          status: 400,
          body: { error: 'unknown query parameter: pageSize' },
        });
      }
    });
  });

  describe('secrets', () => {
    it('no listing carries a secret, a secret hash or an access token', async () => {
      const { merchant, token } = await busyMerchant('quiet shop');
      const vendor = await busyVendor();
      const secrets = [merchant.imp_secret, token, vendor.secretKey];
      const hash = (
        await t.database.db.selectFrom('merchants').select('imp_secret_hash').executeTakeFirstOrThrow()
      ).imp_secret_hash;
      const listings = [
        '/sandbox/merchants',
        '/sandbox/payments',
        `/sandbox/payments?imp_key=${merchant.imp_key}`,
        '/sandbox/vendors',
        `/sandbox/vendors/${vendor.vendorId}/outbound-places`,
        `/sandbox/vendors/${vendor.vendorId}/return-centers`,
      ];
      for (const url of listings) {
        const res = await get(url);
        expect(res.status).toBe(200);
        for (const secret of [...secrets, hash]) expect(res.raw.body).not.toContain(secret);
        expect(res.raw.body).not.toMatch(/secret|access_token|imp_secret_hash/i);
      }
    });
  });

  describe('deletion', () => {
    /** How many rows each table holds for the merchant or vendor, read straight from the database. */
    async function merchantRows(m: Merchant) {
      const db = t.database.db;
      const row = await db
        .selectFrom('merchants')
        .select('merchant_id')
        .where('imp_key', '=', m.imp_key)
        .executeTakeFirst();
      const id = row?.merchant_id ?? m.merchant_id;
      const uids = (
        await db.selectFrom('payments').select('imp_uid').where('merchant_id', '=', id).execute()
      ).map((p) => p.imp_uid);
      const count = async (table: 'escrow_deliveries' | 'paymentwall_deliveries') =>
        uids.length === 0
          ? 0
          : (await db.selectFrom(table).select('imp_uid').where('imp_uid', 'in', uids).execute()).length;
      return {
        merchants: row ? 1 : 0,
        tokens: (await db.selectFrom('tokens').select('merchant_id').where('merchant_id', '=', id).execute())
          .length,
        payments: uids.length,
        escrow: await count('escrow_deliveries'),
        paymentwall: await count('paymentwall_deliveries'),
      };
    }

    async function vendorRows(v: Vendor) {
      const db = t.database.db;
      const places = await db
        .selectFrom('coupang_outbound_places')
        .select('place_code')
        .where('vendor_id', '=', v.vendorId)
        .execute();
      const codes = places.map((p) => p.place_code);
      const byVendor = async (
        table:
          | 'coupang_vendors'
          | 'coupang_vendor_contracts'
          | 'coupang_outbound_address_keys'
          | 'coupang_return_centers'
          | 'coupang_return_address_keys',
      ) =>
        (await db.selectFrom(table).select('vendor_id').where('vendor_id', '=', v.vendorId).execute()).length;
      return {
        vendors: await byVendor('coupang_vendors'),
        contracts: await byVendor('coupang_vendor_contracts'),
        places: codes.length,
        placeAddresses: await byVendor('coupang_outbound_address_keys'),
        remoteInfos:
          codes.length === 0
            ? 0
            : (
                await db
                  .selectFrom('coupang_outbound_remote_infos')
                  .select('place_code')
                  .where('place_code', 'in', codes)
                  .execute()
              ).length,
        centers: await byVendor('coupang_return_centers'),
        centerAddresses: await byVendor('coupang_return_address_keys'),
      };
    }

    it("deletes a merchant with its token, payments and deliveries, and leaves another merchant's untouched", async () => {
      const a = await busyMerchant('a');
      const b = await busyMerchant('b');
      const before = await merchantRows(b.merchant);
      expect(before).toEqual({ merchants: 1, tokens: 1, payments: 2, escrow: 1, paymentwall: 2 });
      expect(await merchantRows(a.merchant)).toEqual(before);

      expect(await del(`/sandbox/merchants/${a.merchant.imp_key}`)).toMatchObject({
        status: 200,
        body: { deleted: true },
      });
      expect(await merchantRows(a.merchant)).toEqual({
        merchants: 0,
        tokens: 0,
        payments: 0,
        escrow: 0,
        paymentwall: 0,
      });
      expect(await merchantRows(b.merchant)).toEqual(before);

      // A's token is gone with it; B's still works, and B's payments still read.
      const refused = await t.request({
        method: 'GET',
        url: `/payments/${a.escrow.imp_uid}`,
        headers: { authorization: a.token },
      });
      expect(refused.status).toBe(401);
      const read = await t.request({
        method: 'GET',
        url: `/payments/${b.escrow.imp_uid}`,
        headers: { authorization: b.token },
      });
      expect(read.status).toBe(200);
      expect((await get('/sandbox/merchants')).body.merchants.map((m: Merchant) => m.imp_key)).toEqual([
        b.merchant.imp_key,
      ]);
      expect(await get(`/sandbox/payments/${a.escrow.imp_uid}/deliveries`)).toMatchObject({ status: 404 });

      // Deleted twice: unknown the second time. Its key can be taken again.
      expect(await del(`/sandbox/merchants/${a.merchant.imp_key}`)).toMatchObject({
        status: 404,
        body: { error: `no merchant has imp_key ${a.merchant.imp_key}` },
      });
      await createMerchant(t, { imp_key: a.merchant.imp_key });
    });

    it("deletes a vendor with its contracts, places and centers, and leaves another vendor's untouched", async () => {
      const a = await busyVendor();
      const b = await busyVendor();
      const before = await vendorRows(b);
      expect(before).toEqual({
        vendors: 1,
        contracts: 1,
        places: 2,
        placeAddresses: 2,
        remoteInfos: 0,
        centers: 1,
        centerAddresses: 1,
      });
      // Remote-area fees too.
      const withFees = await signed(t, a, {
        method: 'POST',
        url: outboundPath(a.vendorId),
        payload: outboundBody(a.vendorId, 3, {
          remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 }],
        }),
      });
      expect(withFees.status).toBe(200);
      expect((await vendorRows(a)).remoteInfos).toBe(1);

      expect(await del(`/sandbox/vendors/${a.vendorId}`)).toMatchObject({
        status: 200,
        body: { deleted: true },
      });
      expect(await vendorRows(a)).toEqual({
        vendors: 0,
        contracts: 0,
        places: 0,
        placeAddresses: 0,
        remoteInfos: 0,
        centers: 0,
        centerAddresses: 0,
      });
      expect(await vendorRows(b)).toEqual(before);

      // A's keys no longer pass the gateway; B's still do.
      const refused = await signed(t, a, { method: 'GET', url: outboundQueryPath() });
      expect(refused.status).toBe(401);
      const listed = await signed(t, b, { method: 'GET', url: outboundQueryPath() });
      expect(listed.status).toBe(200);
      expect(listed.body.content).toHaveLength(2);
      expect((await get('/sandbox/vendors')).body.vendors.map((v: Vendor) => v.vendorId)).toEqual([
        b.vendorId,
      ]);

      expect(await del(`/sandbox/vendors/${a.vendorId}`)).toMatchObject({
        status: 404,
        body: { error: `no vendor has vendorId ${a.vendorId}` },
      });
      await createVendor(t, { vendorId: a.vendorId });
    });

    it("takes the tenant's own clock offset with it: a tenant made again under the same key starts on the global clock", async () => {
      const merchant = await createMerchant(t);
      const vendor = await createVendor(t);
      for (const query of [`merchant=${merchant.imp_key}`, `vendor=${vendor.vendorId}`]) {
        const moved = await t.request({
          method: 'POST',
          url: `/sandbox/clock?${query}`,
          payload: { advanceSeconds: 3600 },
        });
        expect(moved.status).toBe(200);
        expect(moved.body.offsetMs).toBe(3_600_000);
      }
      expect((await del(`/sandbox/merchants/${merchant.imp_key}`)).status).toBe(200);
      expect((await del(`/sandbox/vendors/${vendor.vendorId}`)).status).toBe(200);
      expect(
        await t.request({ method: 'GET', url: `/sandbox/clock?merchant=${merchant.imp_key}` }),
      ).toMatchObject({
        status: 404,
        body: { error: `no merchant has imp_key ${merchant.imp_key}` },
      });
      await createMerchant(t, { imp_key: merchant.imp_key });
      await createVendor(t, { vendorId: vendor.vendorId });
      for (const query of [`merchant=${merchant.imp_key}`, `vendor=${vendor.vendorId}`]) {
        const read = await t.request({ method: 'GET', url: `/sandbox/clock?${query}` });
        expect(read.status).toBe(200);
        expect(read.body.offsetMs).toBe(0);
      }
    });

    it("takes the tenant's journal entries and the faults that name it, and leaves another's", async () => {
      const gone = await createMerchant(t);
      const kept = await createMerchant(t);
      for (const merchant of [gone, kept]) {
        await getToken(t, merchant);
        const fault = await t.request({
          method: 'POST',
          url: '/sandbox/faults',
          payload: {
            match: { merchant: merchant.imp_key, route: 'GET /payments/{imp_uid}' },
            action: 'status',
            status: 503,
          },
        });
        expect(fault.status).toBe(201);
      }
      const vendorFault = await t.request({
        method: 'POST',
        url: '/sandbox/faults',
        payload: { match: { vendor: 'A00000001' }, action: 'drop' },
      });
      expect(vendorFault.status).toBe(201);
      const count = async (query: string) =>
        (await t.request({ method: 'GET', url: `/sandbox/requests/count?${query}` })).body.count;
      expect(await count(`merchant=${gone.imp_key}`)).toBe(1);

      expect((await del(`/sandbox/merchants/${gone.imp_key}`)).status).toBe(200);

      expect(await count(`merchant=${gone.imp_key}`)).toBe(0);
      expect(await count(`merchant=${kept.imp_key}`)).toBe(1);
      const faults = (await t.request({ method: 'GET', url: '/sandbox/faults' })).body.faults;
      expect(faults.map((f: { match: object }) => f.match)).toEqual([
        { merchant: kept.imp_key, route: 'GET /payments/{imp_uid}' },
        { vendor: 'A00000001' },
      ]);
    });

    it('answers 404 for a merchant or vendor that never was', async () => {
      expect(await del('/sandbox/merchants/nobody')).toMatchObject({
        status: 404,
        body: { error: 'no merchant has imp_key nobody' },
      });
      expect(await del('/sandbox/vendors/A99999999')).toMatchObject({
        status: 404,
        body: { error: 'no vendor has vendorId A99999999' },
      });
    });
  });

  it('documents every route in /openapi.json', async () => {
    const doc = (await get('/openapi.json')).body;
    expect(Object.keys(doc.paths['/sandbox/merchants'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/sandbox/merchants/{imp_key}']).toHaveProperty('delete');
    expect(Object.keys(doc.paths['/sandbox/payments'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/sandbox/payments'].get.parameters.map((p: { name: string }) => p.name)).toEqual([
      'imp_key',
      'limit',
      'cursor',
    ]);
    expect(Object.keys(doc.paths['/sandbox/vendors'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(doc.paths['/sandbox/vendors/{vendorId}']).toHaveProperty('delete');
    expect(doc.paths['/sandbox/vendors/{vendorId}/outbound-places']).toHaveProperty('get');
    expect(doc.paths['/sandbox/vendors/{vendorId}/return-centers']).toHaveProperty('get');
  });

  it('needs the admin token when the server has one', async () => {
    const guarded = await testApp({ adminToken: 'admin-secret' }, databaseUrl);
    try {
      for (const [method, url] of [
        ['GET', '/sandbox/merchants'],
        ['DELETE', '/sandbox/merchants/k'],
        ['GET', '/sandbox/payments'],
        ['GET', '/sandbox/vendors'],
        ['DELETE', '/sandbox/vendors/A00000001'],
        ['GET', '/sandbox/vendors/A00000001/outbound-places'],
        ['GET', '/sandbox/vendors/A00000001/return-centers'],
      ] as const) {
        const res = await guarded.request({ method, url });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          error: 'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>',
        });
      }
      const ok = await guarded.request({
        method: 'GET',
        url: '/sandbox/merchants',
        headers: { authorization: 'Bearer admin-secret' },
      });
      expect(ok.status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
