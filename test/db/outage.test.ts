import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVendor, signed, type Vendor } from '../support/coupang.js';
import { createMerchant, createPayment, getToken, type Merchant } from '../support/portone.js';
import { withHostPort } from '../support/postgres.js';
import { postgresEngine, sharedDatabaseUrl, type TestApp, testApp } from '../support/server.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const UNAVAILABLE = /^database unavailable: \S/;

/**
 * The server reaches PostgreSQL through a proxy the test controls: cutting the link is losing
 * the database while serving; restoring it must bring service back without a restart.
 */
describe.skipIf(!postgresEngine)('losing the database while serving (postgres)', () => {
  let proxy: TcpProxy;
  let place: { url: string; remove(): Promise<void> };
  let t: TestApp;
  let merchant: Merchant;
  let token: string;
  let impUid: string;
  let vendor: Vendor;

  beforeAll(async () => {
    const base = new URL(postgresEngine?.databaseUrl ?? '');
    proxy = await startTcpProxy(base.hostname, Number(base.port || 5432));
    place = sharedDatabaseUrl(postgresEngine?.databaseUrl ?? '');
    t = await testApp({}, withHostPort(place.url, proxy.host, proxy.port));
    merchant = await createMerchant(t);
    token = await getToken(t, merchant);
    impUid = (await createPayment(t, merchant)).imp_uid;
    vendor = await createVendor(t);
  });
  afterAll(async () => {
    proxy?.restore();
    await t?.close();
    await proxy?.close();
    await place?.remove();
  });

  const getPayment = () =>
    t.request({ method: 'GET', url: `/payments/${impUid}`, headers: { authorization: token } });
  const askToken = () =>
    t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
    });

  const queryPlaces = () =>
    signed(t, vendor, {
      method: 'GET',
      url: '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1',
    });

  it('answers 503 in each envelope while the link is cut, and 200 again once it is back', async () => {
    expect((await getPayment()).status).toBe(200);
    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });

    proxy.cut();

    // PortOne routes: the token check itself needs the database.
    const payment = await getPayment();
    expect(payment.status).toBe(503);
    expect(payment.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(payment.body).toEqual({ code: -1, message: expect.stringMatching(UNAVAILABLE), response: null });

    const tokenAnswer = await askToken();
    expect(tokenAnswer.status).toBe(503);
    expect(tokenAnswer.body).toEqual({
      code: -1,
      message: expect.stringMatching(UNAVAILABLE),
      response: null,
    });

    // The sandbox keeps its own envelope.
    const sandbox = await t.request({ method: 'POST', url: '/sandbox/merchants', payload: {} });
    expect(sandbox.status).toBe(503);
    expect(sandbox.body).toEqual({ error: expect.stringMatching(UNAVAILABLE) });

    // Coupang answers in its shipping-place envelope, even before the gateway could find the vendor.
    const places = await queryPlaces();
    expect(places.status).toBe(503);
    expect(places.body).toEqual({ code: 503, message: expect.stringMatching(UNAVAILABLE), data: null });

    const health = await t.request({ method: 'GET', url: '/healthz' });
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'unavailable', error: expect.stringMatching(/\S/) });

    // Routing needs no database: an unknown path is still a 404.
    expect((await t.request({ method: 'GET', url: '/no/such/path' })).status).toBe(404);

    proxy.restore();

    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    expect((await getPayment()).body.response.imp_uid).toBe(impUid);
    expect((await queryPlaces()).status).toBe(200);
    const again = await askToken();
    expect(again.status).toBe(200);
    expect(again.body.response.access_token).toBe(token);
  });

  it('answers every request in flight when the link drops under it: 200 or 503, never 500', async () => {
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      i % 2 === 0 ? getPayment() : t.request({ method: 'POST', url: '/sandbox/merchants', payload: {} }),
    );
    // Cut a moment later, so some requests are between queries and some have not started.
    setTimeout(() => proxy.cut(), 5);
    const answers = await Promise.all(inFlight);
    for (const answer of answers) {
      expect([200, 201, 503]).toContain(answer.status);
      if (answer.status === 503) expect(JSON.stringify(answer.body)).toMatch(/database unavailable: /);
    }
    proxy.restore();
    expect((await getPayment()).status).toBe(200);
    expect((await t.request({ method: 'POST', url: '/sandbox/merchants', payload: {} })).status).toBe(201);
  });
});
