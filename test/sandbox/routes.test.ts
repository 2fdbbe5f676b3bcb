import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signedIn } from '../support/portone.js';
import { type TestApp, testApp } from '../support/server.js';

describe('GET /sandbox/routes', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 });
  });
  afterEach(() => t.close());

  const routes = async () => {
    const res = await t.request({ method: 'GET', url: '/sandbox/routes' });
    expect(res.status).toBe(200);
    return res.body.routes as { route: string; platform: string }[];
  };

  it("lists every platform route of the OpenAPI document once, aliases under their route's name", async () => {
    const listed = await routes();
    const openapi = (await t.request({ method: 'GET', url: '/openapi.json' })).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(openapi.paths)
      .filter(([path]) => !path.startsWith('/sandbox'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    // Alias paths (`/v5/` for `/v4/` but the seller cancel, whose `/v6/` and wing_api stand for `/v5/`; greatwall_api;
    // the v6 receipts; a trailing slash on PortOne's paths) may be in the document; the list names only
    // the routes they stand for.
    const alias = new RegExp(
      [
        String.raw`/v5/(?!vendors/\{vendorId\}/orders/\{orderId\}/cancel)`,
        'greatwall_api',
        'wing_api',
        String.raw`/v2/vendor/shipping-place`,
        String.raw`/v6/vendors/\{vendorId\}/(returnRequests|orders/\{orderId\}/cancel)`,
        String.raw`^(GET /payments|POST /payments/cancel)/$`,
      ].join('|'),
    );
    expect(new Set(listed.map((r) => r.route))).toEqual(new Set(documented.filter((r) => !alias.test(r))));
    expect(listed).toContainEqual({ route: 'POST /escrows/logis/{imp_uid}', platform: 'portone' });
    expect(listed).toContainEqual({
      route: 'GET /v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound',
      platform: 'coupang',
    });
    expect(listed.map((r) => r.route)).not.toContainEqual(expect.stringMatching(/^\w+ \/sandbox|HEAD /));
    expect(listed.every((r) => (r.platform === 'coupang') === r.route.includes(' /v2/providers/'))).toBe(
      true,
    );
  });

  it('names routes as the journal records them', async () => {
    const { auth } = await signedIn(t);
    await t.request({ method: 'GET', url: '/payments/imp_000000000000', headers: auth });
    const { requests } = (await t.request({ method: 'GET', url: '/sandbox/requests' })).body;
    const names = new Set((await routes()).map((r) => r.route));
    expect(requests.length).toBeGreaterThan(0);
    for (const entry of requests) expect(names).toContain(entry.route);
  });

  it('needs the admin token when the server has one', async () => {
    await t.close();
    t = await testApp({ adminToken: 'admin-secret' });
    expect((await t.request({ method: 'GET', url: '/sandbox/routes' })).status).toBe(401);
    const res = await t.request({
      method: 'GET',
      url: '/sandbox/routes',
      headers: { authorization: 'Bearer admin-secret' },
    });
    expect(res.status).toBe(200);
  });
});
