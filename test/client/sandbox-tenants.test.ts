import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CoupangClient,
  type NewOutboundPlace,
  type NewReturnShippingCenter,
  PortOneClient,
  SandboxClient,
  SandboxError,
} from '../../src/client/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { outboundBody, returnBody } from '../support/fixtures.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';

describe.each(engines)('SandboxClient: tenants and listings ($name)', ({ databaseUrl }) => {
  let server: RunningServer;
  let sandbox: SandboxClient;
  // A database of its own: the tests reset it, which must not touch another file's data.
  const place = sharedDatabaseUrl(databaseUrl);
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      databaseUrl: place.url,
      logLevel: 'silent',
      adminToken: 'admin-secret',
      coupangRateLimit: 0,
    });
    sandbox = new SandboxClient({ baseUrl: server.url, adminToken: 'admin-secret' });
  });
  afterAll(async () => {
    await server.close();
    await place.remove();
  });
  beforeEach(() => sandbox.reset());

  it('lists merchants and their payments, page by page, and deletes a merchant', async () => {
    const a = await sandbox.createMerchant({ name: 'a' });
    const b = await sandbox.createMerchant({ name: 'b' });
    const made = [];
    for (let i = 0; i < 3; i++)
      made.push(await sandbox.createPayment({ imp_key: a.imp_key, pg_provider: 'kcp' }));
    await sandbox.createPayment({ imp_key: b.imp_key, pg_provider: 'kcp' });

    const merchants = await sandbox.merchants();
    expect(merchants.map((m) => [m.imp_key, m.payments]).sort()).toEqual(
      [
        [a.imp_key, 3],
        [b.imp_key, 1],
      ].sort(),
    );
    expect(JSON.stringify(merchants)).not.toContain(a.imp_secret);

    const first = await sandbox.payments({ imp_key: a.imp_key, limit: 2 });
    expect(first.payments).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    expect(first.payments[0]).toMatchObject({ escrow_delivery: null, paymentwall_deliveries: 0 });
    const all = [];
    for await (const p of sandbox.eachPayment({ imp_key: a.imp_key, limit: 2 })) all.push(p.imp_uid);
    expect(all.sort()).toEqual(made.map((p) => p.imp_uid).sort());

    await sandbox.deleteMerchant(a.imp_key);
    expect((await sandbox.merchants()).map((m) => m.imp_key)).toEqual([b.imp_key]);
    expect((await sandbox.payments()).payments).toHaveLength(1);
    const err = await sandbox.deleteMerchant(a.imp_key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxError);
    expect(err).toMatchObject({ status: 404, message: `no merchant has imp_key ${a.imp_key}` });
    // B still works through PortOne.
    const portone = new PortOneClient({ baseUrl: server.url, impKey: b.imp_key, impSecret: b.imp_secret });
    expect((await portone.getToken()).access_token).toMatch(/^[0-9a-f]{40}$/);
  });

  it("lists vendors and a vendor's places and centers, and deletes a vendor", async () => {
    const vendor = await sandbox.createVendor();
    const other = await sandbox.createVendor();
    const coupang = new CoupangClient({ baseUrl: server.url, ...vendor });
    const codes = [];
    for (const n of [1, 2, 3])
      codes.push(
        await coupang.createOutboundShippingPlace(outboundBody(vendor.vendorId, n) as NewOutboundPlace),
      );
    const center = await coupang.createReturnShippingCenter(
      returnBody(vendor.vendorId, 1) as NewReturnShippingCenter,
    );

    const vendors = await sandbox.vendors();
    expect(vendors.find((v) => v.vendorId === vendor.vendorId)).toEqual({
      vendorId: vendor.vendorId,
      accessKey: vendor.accessKey,
      userIds: ['wing-user'],
      contracts: null,
      outboundPlaces: 3,
      returnCenters: 1,
    });
    expect(JSON.stringify(vendors)).not.toContain(vendor.secretKey);

    const page = await sandbox.outboundPlaces(vendor.vendorId, { limit: 2 });
    expect(page.content.map((p) => p.outboundShippingPlaceCode)).toEqual(codes.slice(0, 2));
    const rest = await sandbox.outboundPlaces(vendor.vendorId, { limit: 2, cursor: page.next ?? '' });
    expect(rest).toMatchObject({ next: null });
    expect(rest.content.map((p) => p.outboundShippingPlaceCode)).toEqual(codes.slice(2));
    const centers = await sandbox.returnCenters(vendor.vendorId);
    expect(centers.content.map((c) => c.returnCenterCode)).toEqual([center]);
    expect(centers.content).toEqual((await coupang.listReturnShippingCenters()).content);

    await sandbox.deleteVendor(vendor.vendorId);
    expect((await sandbox.vendors()).map((v) => v.vendorId)).toEqual([other.vendorId]);
    await expect(sandbox.outboundPlaces(vendor.vendorId)).rejects.toMatchObject({
      status: 404,
      message: `no vendor has vendorId ${vendor.vendorId}`,
    });
    await expect(sandbox.deleteVendor(vendor.vendorId)).rejects.toBeInstanceOf(SandboxError);
  });
});
