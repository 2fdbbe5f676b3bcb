/**
 * Tenants: every route of the OpenAPI document that a merchant's token or a vendor's keys open,
 * called by merchant A (or vendor A) with merchant B's (or vendor B's) identifiers, never reveals
 * or changes B's data. B's data is read through B's own credentials and the sandbox before and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escrowBody } from '../support/fixtures.js';
import { engines, type TestApp, testApp } from '../support/server.js';
import { goodBody } from './generators.js';
import { routesOf, type RouteSpec } from './routes.js';
import { injectSender } from './send.js';
import {
  buildWorld,
  type Exchange,
  outboundCreatePath,
  outboundPlaceBody,
  type Send,
  signedHeaders,
  type World,
} from './world.js';

const B_INVOICE = 'B-ONLY-INVOICE-31337';
const B_TRACKING = 'B-ONLY-TRACKING-4242';
/** The name of vendor B's place in the world (world.ts). */
const B_PLACE_NAME = '출고지 world-B';

interface Crossing {
  route: RouteSpec;
  exchange: Exchange;
  /**
   * The request may answer 200, with none of B's data: a query listing A's own places, a prepare
   * in A's own namespace of order numbers (merchant_uid is unique per merchant).
   */
  mayList: boolean;
  /** A 200 this request may answer as a refusal: a cancel of B's payment is "not found" (code 1). */
  refusal?: string;
}

const CANCEL_NOT_FOUND = '취소할 결제건이 존재하지 않습니다.';

/**
 * The requests of A aimed at B's payments through the routes that name a payment otherwise than
 * by an `{imp_uid}` in the path: by B's order number, by B's ids in a query, in a cancel's body.
 */
function paymentCrossings(
  route: RouteSpec,
  world: World,
  auth: Record<string, string>,
): Crossing[] | undefined {
  const [, b] = world.merchants;
  const merchantUid = b.paymentwallMerchantUid;
  const impUids = Object.values(b.payments);
  const json = (url: string, body: unknown, more: Partial<Crossing> = {}): Crossing => ({
    route,
    exchange: {
      method: route.method,
      url,
      headers: { ...auth, ...jsonHeaders },
      payload: JSON.stringify(body),
    },
    mayList: false,
    ...more,
  });
  const get = (url: string, more: Partial<Crossing> = {}): Crossing => ({
    route,
    exchange: { method: route.method, url, headers: auth },
    mayList: false,
    ...more,
  });
  if (route.path.includes('{merchant_uid}')) {
    const url = route.path.replace('{merchant_uid}', merchantUid).replace('{payment_status}', 'paid');
    return [get(url, { mayList: route.path.startsWith('/payments/prepare') })];
  }
  if (route.path === '/payments' || route.path === '/payments/') {
    const query = [...impUids.map((id) => `imp_uid[]=${id}`), `merchant_uid[]=${merchantUid}`].join('&');
    return [get(`${route.path}?${query}`)];
  }
  if (route.path.startsWith('/payments/cancel')) {
    return [
      ...impUids.map((impUid) => json(route.path, { imp_uid: impUid }, { refusal: CANCEL_NOT_FOUND })),
      json(route.path, { merchant_uid: merchantUid, amount: 1 }, { refusal: CANCEL_NOT_FOUND }),
    ];
  }
  if (route.path === '/payments/prepare') {
    return [json(route.path, { merchant_uid: merchantUid, amount: 1 }, { mayList: true })];
  }
  return undefined;
}

const jsonHeaders = { 'content-type': 'application/json' };

/** Every request by A aimed at B's data that the routes allow to express. */
function crossings(routes: RouteSpec[], world: World): Crossing[] {
  const [a, b] = world.merchants;
  const [va, vb] = world.vendors;
  const out: Crossing[] = [];
  for (const route of routes) {
    if (route.auth === 'portone-token') {
      const tokenWays: Record<string, string>[] = [
        { authorization: a.token },
        { authorization: `Bearer ${a.token}` },
        { 'x-imptokenheader': a.token },
      ];
      const byPayment = tokenWays.flatMap((auth) => paymentCrossings(route, world, auth) ?? []);
      if (byPayment.length > 0) {
        out.push(...byPayment);
        continue;
      }
      const targets = route.params.includes('imp_uid') ? Object.values(b.payments) : [b.payments.paymentwall];
      for (const impUid of targets) {
        for (const auth of tokenWays) {
          const url = route.path.replace('{imp_uid}', impUid);
          let payload: string | undefined;
          if (route.body['application/json']) {
            const body = goodBody(route, world, 1) as Record<string, unknown>;
            if (route.path === '/paymentwall/delivery') {
              body.imp_uid = impUid;
              body.merchant_uid = b.paymentwallMerchantUid;
            }
            payload = JSON.stringify(body);
          }
          out.push({
            route,
            exchange: {
              method: route.method,
              url,
              headers: { ...auth, ...(payload ? jsonHeaders : {}) },
              ...(payload ? { payload } : {}),
            },
            mayList: false,
          });
        }
      }
    } else if (route.path === '/users/getToken') {
      for (const keys of [
        { imp_key: b.imp_key, imp_secret: a.imp_secret },
        { imp_key: a.imp_key, imp_secret: b.imp_secret.slice(0, -1) },
      ]) {
        out.push({
          route,
          exchange: { method: 'POST', url: route.path, headers: jsonHeaders, payload: JSON.stringify(keys) },
          mayList: false,
        });
      }
    } else if (route.auth === 'coupang-hmac') {
      // Vendor A's keys on B's vendorId, and on A's own vendorId with B's place in the path.
      const vendorIds =
        route.params.length > 1
          ? [vb.vendorId, va.vendorId]
          : route.params.length === 1
            ? [vb.vendorId]
            : [va.vendorId];
      for (const vendorId of vendorIds) {
        let url = route.path.replace('{vendorId}', vendorId).replace(/\{[^}]*Code\}/, vb.placeCode);
        // B's codes and names in whatever query parameters ask for codes or names.
        const query = route.query
          .map((name) =>
            /Codes$/.test(name)
              ? `${name}=${vb.placeCode}`
              : /Names$/.test(name)
                ? `${name}=${encodeURIComponent(B_PLACE_NAME)}`
                : '',
          )
          .filter((p) => p !== '')
          .join('&');
        if (query !== '') url += `?${query}`;
        const hasBody = route.body['application/json'] !== undefined;
        const payload = hasBody
          ? JSON.stringify({
              ...outboundPlaceBody(vendorId, 'cross'),
              outboundShippingPlaceCode: vb.placeCode,
            })
          : undefined;
        out.push({
          route,
          exchange: {
            method: route.method,
            url,
            headers: { ...signedHeaders(world, va, route.method, url), ...(payload ? jsonHeaders : {}) },
            ...(payload ? { payload } : {}),
          },
          mayList: route.method === 'GET',
        });
      }
    }
  }
  return out;
}

/** B's data as B and the sandbox see it. */
async function snapshotOfB(send: Send, world: World) {
  const [, b] = world.merchants;
  const [, vb] = world.vendors;
  const read = async (exchange: Exchange) => {
    const answer = await send(exchange);
    return { status: answer.status, body: answer.body.replace(/"transactionId":"[^"]+"/, '') };
  };
  const snapshot: unknown[] = [];
  for (const impUid of Object.values(b.payments)) {
    snapshot.push(
      await read({ method: 'GET', url: `/payments/${impUid}`, headers: { authorization: b.token } }),
    );
    snapshot.push(
      await read({ method: 'GET', url: `/escrows/logis/${impUid}`, headers: { authorization: b.token } }),
    );
    snapshot.push(await read({ method: 'GET', url: `/sandbox/payments/${impUid}/deliveries`, headers: {} }));
  }
  const query = '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageSize=50';
  snapshot.push(await read({ method: 'GET', url: query, headers: signedHeaders(world, vb, 'GET', query) }));
  return snapshot;
}

describe.each(engines)('tenants ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let send: Send;
  let world: World;
  let routes: RouteSpec[];
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    send = injectSender(t);
    routes = routesOf(JSON.parse((await send({ method: 'GET', url: '/openapi.json', headers: {} })).body));
    world = await buildWorld(send, () => t.clock.nowMs());
    // B has an escrow delivery and a Paymentwall step of its own.
    const [, b] = world.merchants;
    const escrow = await send({
      method: 'POST',
      url: `/escrows/logis/${b.payments.kcp}`,
      headers: { authorization: b.token, ...jsonHeaders },
      payload: JSON.stringify(escrowBody('kcp', { company: 'CJGLS', invoice: B_INVOICE })),
    });
    expect(escrow.status).toBe(200);
    const pw = goodBody(
      routes.find((r) => r.path === '/paymentwall/delivery')!,
      world,
      0,
    ) as Record<string, unknown>;
    const step = await send({
      method: 'POST',
      url: '/paymentwall/delivery',
      headers: { authorization: b.token, ...jsonHeaders },
      payload: JSON.stringify({
        ...pw,
        imp_uid: b.payments.paymentwall,
        merchant_uid: b.paymentwallMerchantUid,
        status: 'order_placed',
        carrier_tracking_id: B_TRACKING,
      }),
    });
    expect(step.status).toBe(200);
  });
  afterAll(() => t.close());

  it("never reveals or changes another merchant's or vendor's data, on any route", async () => {
    const [, b] = world.merchants;
    const [, vb] = world.vendors;
    const before = await snapshotOfB(send, world);
    const cases = crossings(routes, world);
    // Every route a token or a vendor key opens is crossed.
    const crossed = new Set(cases.map((c) => `${c.route.method} ${c.route.path}`));
    for (const route of routes.filter((r) => r.auth === 'portone-token' || r.auth === 'coupang-hmac')) {
      expect(crossed).toContain(`${route.method} ${route.path}`);
    }
    const secretsOfB = [
      b.token,
      b.imp_secret,
      vb.secretKey,
      vb.accessKey,
      B_INVOICE,
      B_TRACKING,
      b.paymentwallMerchantUid,
    ];
    for (const c of cases) {
      const answer = await send(c.exchange);
      const context = `${c.exchange.method} ${c.exchange.url} → ${answer.status} ${answer.body}`;
      const sent = `${c.exchange.url} ${c.exchange.payload ?? ''}`;
      for (const secret of secretsOfB) {
        if (!sent.includes(secret)) expect(answer.body, context).not.toContain(secret);
      }
      if (c.refusal !== undefined && answer.status === 200) {
        expect(JSON.parse(answer.body), context).toEqual({ code: 1, message: c.refusal, response: null });
      } else if (c.mayList && answer.status === 200) {
        // A list of A's own: none of B's places in it.
        expect(answer.body, context).not.toContain(B_PLACE_NAME);
        expect(answer.body, context).not.toMatch(new RegExp(`\\b${vb.placeCode}\\b`));
      } else {
        expect([400, 401, 404], context).toContain(answer.status);
      }
    }
    expect(await snapshotOfB(send, world)).toEqual(before);
    console.log(
      `tenants: ${cases.length} requests crossed from A to B, all refused or answered with none of B's data`,
    );
  });

  it('keeps imp_secret only as its SHA-256 hash', async () => {
    const [a] = world.merchants;
    const row = await t.database.db
      .selectFrom('merchants')
      .selectAll()
      .where('imp_key', '=', a.imp_key)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(a.imp_secret);
    expect(row.imp_secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("lets no vendor's signature pass for another vendor's path, even a valid one", async () => {
    const [va, vb] = world.vendors;
    const url = `${outboundCreatePath(vb.vendorId)}/${vb.placeCode}`;
    const res = await send({
      method: 'PUT',
      url,
      headers: { ...signedHeaders(world, va, 'PUT', url), ...jsonHeaders },
      payload: JSON.stringify(outboundPlaceBody(vb.vendorId, 'takeover')),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).message).toBe("params's vendorId not equals gateway's vendorId!");
  });
});
