import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { gatewayMessages } from '../../src/coupang/messages.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { messages } from '../../src/portone/messages.js';
import { clockMessages } from '../../src/sandbox/clock/routes.js';
import { unknownMerchant, unknownVendor } from '../../src/sandbox/gone.js';
import { buildApp } from '../../src/server.js';
import {
  createVendor,
  gatewayError,
  outboundPath,
  outboundQueryPath,
  returnPath,
  signed,
} from '../support/coupang.js';
import { escrowBody, outboundBody, seedReturnBody } from '../support/fixtures.js';
import { createMerchant, createPayment, getToken, portoneError } from '../support/portone.js';
import { engines, sharedDatabaseUrl, type TestApp, testApp } from '../support/server.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(engines)('the sandbox clock ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
  });
  afterEach(() => t.close());

  const real = () => t.clock.nowMs();
  const read = (query = '') => t.request({ method: 'GET', url: `/sandbox/clock${query}` });
  const move = (payload: unknown, query = '') =>
    t.request({
      method: 'POST',
      url: `/sandbox/clock${query}`,
      ...(payload === undefined ? {} : { payload: JSON.stringify(payload) }),
      headers: { 'content-type': 'application/json' },
    });
  const resetClock = (query = '') => t.request({ method: 'DELETE', url: `/sandbox/clock${query}` });

  /** The clock's answer, checked, and its body. */
  async function expectClock(
    res: Awaited<ReturnType<typeof read>>,
    now: number,
    offsetMs: number,
    frozen = false,
  ): Promise<void> {
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ now: iso(now), offsetMs, frozen });
  }

  describe('GET, POST and DELETE /sandbox/clock', () => {
    it('reads real time until moved: offset 0, running', async () => {
      await expectClock(await read(), real(), 0);
      t.clock.advanceSeconds(5);
      await expectClock(await read(), real(), 0);
    });

    it('moves forward by advanceSeconds, and runs on from there', async () => {
      await expectClock(await move({ advanceSeconds: 1900 }), real() + 1900 * SECOND, 1_900_000);
      t.clock.advanceSeconds(10);
      await expectClock(await read(), real() + 1900 * SECOND, 1_900_000);
      await expectClock(await move({ advanceSeconds: 100 }), real() + 2000 * SECOND, 2_000_000);
    });

    it('takes fractional seconds, to the millisecond, and moves at least one', async () => {
      await expectClock(await move({ advanceSeconds: 1.5 }), real() + 1500, 1500);
      await expectClock(await move({ advanceSeconds: 0.0001 }), real() + 1501, 1501);
      await expectClock(
        await move({ advanceSeconds: 315_360_000 }),
        real() + 315_360_001_501,
        315_360_001_501,
      );
    });

    it('frozen, stands still at the instant it was frozen, plus any later advance; unfrozen, runs on from where it stood', async () => {
      const frozenAt = real();
      await expectClock(await move({ freeze: true }), frozenAt, 0, true);
      t.clock.advanceSeconds(30);
      await expectClock(await read(), frozenAt, -30_000, true);
      await expectClock(await move({ advanceSeconds: 60 }), frozenAt + MINUTE, 30_000, true);
      await expectClock(await move({ freeze: true }), frozenAt + MINUTE, 30_000, true);
      t.clock.advanceSeconds(90);
      await expectClock(await move({ freeze: false }), frozenAt + MINUTE, -60_000);
      t.clock.advanceSeconds(10);
      await expectClock(await read(), frozenAt + 70 * SECOND, -60_000);
      await expectClock(await move({ freeze: false }), frozenAt + 70 * SECOND, -60_000);
    });

    it('takes advanceSeconds and freeze together', async () => {
      await expectClock(await move({ advanceSeconds: 60, freeze: true }), real() + MINUTE, MINUTE, true);
      t.clock.advanceSeconds(5);
      await expectClock(
        await move({ freeze: false, advanceSeconds: 60 }),
        real() + 115 * SECOND,
        115 * SECOND,
      );
    });

    it('DELETE puts it back to real time: offset 0, running', async () => {
      await move({ advanceSeconds: 3600, freeze: true });
      await expectClock(await resetClock(), real(), 0);
      t.clock.advanceSeconds(1);
      await expectClock(await read(), real(), 0);
    });

    it('POST /sandbox/reset puts it back to real time, tenants’ offsets too', async () => {
      const m = await createMerchant(t);
      await move({ advanceSeconds: 3600, freeze: true });
      await move({ advanceSeconds: 60 }, `?merchant=${m.imp_key}`);
      expect((await t.request({ method: 'POST', url: '/sandbox/reset' })).body).toEqual({ reset: true });
      await expectClock(await read(), real(), 0);
      const again = await createMerchant(t, { imp_key: m.imp_key });
      await expectClock(await read(`?merchant=${again.imp_key}`), real(), 0);
    });

    const refused: [string, unknown, string, string?][] = [
      ['no body', undefined, clockMessages.nothingAsked],
      ['an empty object', {}, clockMessages.nothingAsked],
      ['an array', [1], clockMessages.notAnObject],
      ['null', null, clockMessages.notAnObject],
      ['an unknown field', { advanceSeconds: 1, seconds: 1 }, clockMessages.unknownField('seconds')],
      ['advanceSeconds 0', { advanceSeconds: 0 }, clockMessages.advanceSeconds],
      ['a negative advanceSeconds', { advanceSeconds: -5 }, clockMessages.advanceSeconds],
      ['advanceSeconds over ten years', { advanceSeconds: 315_360_001 }, clockMessages.advanceSeconds],
      ['advanceSeconds as a string', { advanceSeconds: '60' }, clockMessages.advanceSeconds],
      ['advanceSeconds null', { advanceSeconds: null }, clockMessages.advanceSeconds],
      ['freeze as a string', { freeze: 'true' }, clockMessages.freeze],
      ['freeze null', { freeze: null }, clockMessages.freeze],
      [
        'a bad advance beside a good freeze',
        { freeze: true, advanceSeconds: 0 },
        clockMessages.advanceSeconds,
      ],
    ];
    it.each(refused)('answers 400 to %s, and moves nothing', async (_name, payload, message) => {
      const res = await move(payload);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: message });
      await expectClock(await read(), real(), 0);
    });

    it('answers 400 to malformed JSON', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/clock',
        payload: '{"advanceSeconds":',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatch(/^malformed JSON body: /);
    });

    it('answers 400 to query parameters other than one merchant or one vendor', async () => {
      const m = await createMerchant(t);
      const v = await createVendor(t);
      for (const call of [read, resetClock, (q: string) => move({ advanceSeconds: 1 }, q)]) {
        expect((await call('?at=now')).body).toEqual({ error: clockMessages.unknownParameter('at') });
        expect((await call(`?merchant=${m.imp_key}&vendor=${v.vendorId}`)).body).toEqual({
          error: clockMessages.bothTenants,
        });
        const twice = await call(`?merchant=${m.imp_key}&merchant=${m.imp_key}`);
        expect(twice.status).toBe(400);
        expect(twice.body).toEqual({ error: clockMessages.repeatedParameter('merchant') });
      }
      await expectClock(await read(), real(), 0);
    });

    it('refuses an advance past 9999-12-31T23:59:59.999Z', async () => {
      t.clock.set(Date.UTC(9999, 0, 1));
      const res = await move({ advanceSeconds: 315_360_000 });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: clockMessages.pastLatest });
      expect(clockMessages.pastLatest).toBe(
        'advanceSeconds would take the clock past 9999-12-31T23:59:59.999Z',
      );
      await expectClock(await move({ advanceSeconds: 86_400 }), real() + 86_400_000, 86_400_000);
    });

    it('needs the admin token when the server has one', async () => {
      const guarded = await testApp({ adminToken: 'secret' }, databaseUrl);
      try {
        const res = await guarded.request({ method: 'GET', url: '/sandbox/clock' });
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          error: 'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>',
        });
        const ok = await guarded.request({
          method: 'POST',
          url: '/sandbox/clock',
          payload: { advanceSeconds: 1 },
          headers: { authorization: 'Bearer secret' },
        });
        expect(ok.status).toBe(200);
      } finally {
        await guarded.close();
      }
    });

    it('is in /openapi.json: the three calls, with their query and body', async () => {
      const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
      const path = doc.paths['/sandbox/clock'];
      expect(Object.keys(path).sort()).toEqual(['delete', 'get', 'post']);
      for (const method of ['get', 'post', 'delete']) {
        expect(path[method].parameters.map((p: { name: string }) => p.name).sort()).toEqual([
          'merchant',
          'vendor',
        ]);
        expect(Object.keys(path[method].responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
      }
      const body = path.post.requestBody.content['application/json'].schema;
      expect(Object.keys(body.properties)).toEqual(['advanceSeconds', 'freeze']);
      expect(body.additionalProperties).toBe(false);
    });
  });

  describe('per tenant', () => {
    it('moves, reads and resets a merchant’s own offset, added to the global clock', async () => {
      const m = await createMerchant(t);
      const q = `?merchant=${m.imp_key}`;
      await expectClock(await move({ advanceSeconds: 1900 }, q), real() + 1900 * SECOND, 1_900_000);
      await expectClock(await read(), real(), 0);
      await move({ advanceSeconds: 60 });
      await expectClock(await read(q), real() + 1960 * SECOND, 1_900_000);
      await move({ freeze: true });
      const stood = real() + 1960 * SECOND;
      t.clock.advanceSeconds(30);
      await expectClock(await read(q), stood, 1_900_000, true);
      await expectClock(await resetClock(q), stood - 1900 * SECOND, 0, true);
      await expectClock(await read(), stood - 1900 * SECOND, -30_000 + MINUTE, true);
    });

    it('moves a vendor’s own offset', async () => {
      const v = await createVendor(t);
      await expectClock(
        await move({ advanceSeconds: 600 }, `?vendor=${v.vendorId}`),
        real() + 10 * MINUTE,
        600_000,
      );
      await expectClock(await read(`?vendor=${v.vendorId}`), real() + 10 * MINUTE, 600_000);
      await expectClock(await resetClock(`?vendor=${v.vendorId}`), real(), 0);
    });

    it('answers 400 to freeze with a tenant, and moves nothing', async () => {
      const m = await createMerchant(t);
      for (const payload of [{ freeze: true }, { freeze: false, advanceSeconds: 5 }]) {
        const res = await move(payload, `?merchant=${m.imp_key}`);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: clockMessages.freezeWithTenant });
      }
      await expectClock(await read(`?merchant=${m.imp_key}`), real(), 0);
    });

    it('answers 404 to an unknown merchant or vendor on each call', async () => {
      const v = await createVendor(t);
      const m = await createMerchant(t);
      for (const call of [read, resetClock, (q: string) => move({ advanceSeconds: 1 }, q)]) {
        const merchant = await call('?merchant=nobody');
        expect(merchant.status).toBe(404);
        expect(merchant.body).toEqual({ error: unknownMerchant('nobody') });
        const vendor = await call('?vendor=A99999999');
        expect(vendor.status).toBe(404);
        expect(vendor.body).toEqual({ error: unknownVendor('A99999999') });
        // A merchant's key is no vendor, and a vendor's id no merchant.
        expect((await call(`?vendor=${m.imp_key}`)).status).toBe(404);
        expect((await call(`?merchant=${v.vendorId}`)).status).toBe(404);
      }
      expect(unknownMerchant('nobody')).toBe('no merchant has imp_key nobody');
      expect(unknownVendor('A99999999')).toBe('no vendor has vendorId A99999999');
    });
  });

  describe('PortOne tokens', () => {
    const paymentRead = (impUid: string, token: string) =>
      t.request({ method: 'GET', url: `/payments/${impUid}`, headers: { authorization: token } });
    const issue = (m: { imp_key: string; imp_secret: string }) =>
      t.request({
        method: 'POST',
        url: '/users/getToken',
        payload: { imp_key: m.imp_key, imp_secret: m.imp_secret },
      });

    it('a token expired by advanceSeconds 1900 is refused as Unauthorized, and getToken issues a new one', async () => {
      const m = await createMerchant(t);
      const payment = await createPayment(t, m);
      const first = (await issue(m)).body.response;
      expect((await paymentRead(payment.imp_uid, first.access_token)).status).toBe(200);

      await move({ advanceSeconds: 1900 });
      const refused = await paymentRead(payment.imp_uid, first.access_token);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(portoneError(messages.unauthorized));
      expect(messages.unauthorized).toBe('Unauthorized');

      const now = Math.floor(real() / 1000) + 1900;
      const second = await issue(m);
      expect(second.status).toBe(200);
      expect(second.body.response).toEqual({ access_token: expect.any(String), now, expired_at: now + 1800 });
      expect(second.body.response.access_token).not.toBe(first.access_token);
      expect((await paymentRead(payment.imp_uid, second.body.response.access_token)).status).toBe(200);
    });

    it('extends a token asked for in its last 60 seconds of the sandbox clock', async () => {
      const m = await createMerchant(t);
      const first = (await issue(m)).body.response;
      await move({ advanceSeconds: 1800 - 60 });
      const extended = (await issue(m)).body.response;
      expect(extended).toEqual({
        access_token: first.access_token,
        now: first.now + 1740,
        expired_at: first.expired_at + 300,
      });
    });

    it('a merchant’s offset expires only that merchant’s tokens', async () => {
      const a = await createMerchant(t);
      const b = await createMerchant(t);
      const pa = await createPayment(t, a);
      const pb = await createPayment(t, b);
      const ta = await getToken(t, a);
      const tb = await getToken(t, b);

      await move({ advanceSeconds: 1900 }, `?merchant=${a.imp_key}`);
      const refused = await paymentRead(pa.imp_uid, ta);
      expect(refused.status).toBe(401);
      expect(refused.body).toEqual(portoneError('Unauthorized'));
      expect((await paymentRead(pb.imp_uid, tb)).status).toBe(200);

      const now = Math.floor(real() / 1000);
      const newA = (await issue(a)).body.response;
      expect(newA).toEqual({
        access_token: expect.any(String),
        now: now + 1900,
        expired_at: now + 1900 + 1800,
      });
      expect(newA.access_token).not.toBe(ta);
      expect((await paymentRead(pa.imp_uid, newA.access_token)).status).toBe(200);
      const sameB = (await issue(b)).body.response;
      expect(sameB.access_token).toBe(tb);
      expect(sameB.now).toBe(now);
    });

    it('stamps a merchant’s payments, escrow deliveries and Paymentwall calls by its clock', async () => {
      const m = await createMerchant(t);
      await move({ advanceSeconds: 100 });
      await move({ advanceSeconds: 1000 }, `?merchant=${m.imp_key}`);
      const at = Math.floor(real() / 1000) + 1100;

      const escrow = await createPayment(t, m);
      expect(escrow.paid_at).toBe(at);
      const token = await getToken(t, m);
      const registered = await t.request({
        method: 'POST',
        url: `/escrows/logis/${escrow.imp_uid}`,
        payload: escrowBody('html5_inicis'),
        headers: { authorization: token },
      });
      expect(registered.status).toBe(200);
      const wall = await createPayment(t, m, { pg_provider: 'paymentwall', escrow: false });
      const accepted = await t.request({
        method: 'POST',
        url: '/paymentwall/delivery',
        payload: {
          imp_uid: wall.imp_uid,
          merchant_uid: wall.merchant_uid,
          type: 'digital',
          status: 'delivered',
          estimated_delivery_datetime: 1795400000,
          estimated_update_datetime: 1795400000,
          refundable: 'no',
          shipping_address_email: 'buyer@example.com',
        },
        headers: { authorization: token },
      });
      expect(accepted.status).toBe(200);

      const escrowRead = await t.request({
        method: 'GET',
        url: `/sandbox/payments/${escrow.imp_uid}/deliveries`,
      });
      expect(escrowRead.body.escrow.applied_at).toBe(at);
      const wallRead = await t.request({
        method: 'GET',
        url: `/sandbox/payments/${wall.imp_uid}/deliveries`,
      });
      expect(wallRead.body.paymentwall.map((d: { received_at: number }) => d.received_at)).toEqual([at]);
    });
  });

  describe('the Coupang gateway', () => {
    const list = (vendor: Awaited<ReturnType<typeof createVendor>>, signedAtMs: number) =>
      signed(t, vendor, { method: 'GET', url: `${outboundQueryPath()}?pageNum=1`, signedAtMs });

    it('after a 10-minute advance, refuses a request signed with the real time and passes one signed with the sandbox’s', async () => {
      const vendor = await createVendor(t);
      await move({ advanceSeconds: 600 });
      const stale = await list(vendor, real());
      expect(stale.status).toBe(401);
      expect(stale.body).toEqual(gatewayError(gatewayMessages.expired));
      expect(gatewayMessages.expired).toBe('Specified signature is expired.');
      const now = (await read()).body.now as string;
      expect((await list(vendor, Date.parse(now))).status).toBe(200);
    });

    it('judges a vendor’s signatures by its own clock; other vendors and unknown keys by the global one', async () => {
      const moved = await createVendor(t);
      const other = await createVendor(t);
      await move({ advanceSeconds: 600 }, `?vendor=${moved.vendorId}`);
      expect((await list(moved, real())).body).toEqual(gatewayError(gatewayMessages.expired));
      expect((await list(moved, real() + 10 * MINUTE)).status).toBe(200);
      expect((await list(other, real())).status).toBe(200);
      expect((await list(other, real() + 10 * MINUTE)).body).toEqual(gatewayError(gatewayMessages.expired));
      // An unknown key: expired by the global clock first, as the gateway's order has it.
      const stranger = { ...moved, accessKey: '00000000-0000-4000-8000-000000000000' };
      expect((await list(stranger, real() + 10 * MINUTE)).body).toEqual(
        gatewayError(gatewayMessages.expired),
      );
      expect((await list(stranger, real())).body).toEqual(gatewayError(gatewayMessages.invalidSignature));
    });

    it('stamps a vendor’s places and centers by its clock', async () => {
      const vendor = await createVendor(t, { userIds: ['testId', 'wing-user'] });
      await move({ advanceSeconds: 2 * 86_400 }, `?vendor=${vendor.vendorId}`);
      const at = real() + 2 * 86_400 * SECOND;
      const center = await signed(t, vendor, {
        method: 'POST',
        url: returnPath(vendor.vendorId),
        payload: seedReturnBody(vendor.vendorId),
        signedAtMs: at,
      });
      expect(center.status).toBe(200);
      const centers = await signed(t, vendor, {
        method: 'GET',
        url: returnPath(vendor.vendorId),
        signedAtMs: at,
      });
      expect(centers.body.data.content.map((c: { createdAt: number }) => c.createdAt)).toEqual([at]);

      const place = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, 1),
        signedAtMs: at,
      });
      expect(place.status).toBe(200);
      const places = await list(vendor, at);
      // 2026-11-23T03:00Z moved two days: the 25th in Korea.
      expect(places.body.content.map((p: { createDate: string }) => p.createDate)).toEqual(['2026/11/25']);
    });

    it('counts the rate limit in real time: a frozen clock does not starve a vendor', async () => {
      const limited = await testApp({ coupangRateLimit: 2 }, databaseUrl);
      try {
        const vendor = await createVendor(limited);
        await limited.request({ method: 'POST', url: '/sandbox/clock', payload: { freeze: true } });
        const at = limited.clock.nowMs();
        const send = () =>
          signed(limited, vendor, { method: 'GET', url: outboundQueryPath(), signedAtMs: at });
        expect((await send()).status).toBe(200);
        expect((await send()).status).toBe(200);
        expect((await send()).status).toBe(429);
        limited.clock.advanceSeconds(1);
        expect((await send()).status).toBe(200);
      } finally {
        await limited.close();
      }
    });
  });
});

/** An app of its own on a database others may open too, on the given base clock. */
async function appOn(
  url: string,
  clock: ManualClock,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl: url });
  const database: Database = await openDatabase(url);
  const app = await buildApp({ config, database, clock });
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

async function clockOf(app: FastifyInstance): Promise<{ now: string; offsetMs: number; frozen: boolean }> {
  const res = await app.inject({ method: 'GET', url: '/sandbox/clock' });
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Waits until `app`'s clock answers `offsetMs`; how long that took (ms). */
async function seen(app: FastifyInstance, check: (c: Awaited<ReturnType<typeof clockOf>>) => boolean) {
  const started = performance.now();
  while (!check(await clockOf(app))) {
    if (performance.now() - started > 5_000) throw new Error('the change was not seen within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return performance.now() - started;
}

describe.each(engines)('the sandbox clock across instances and restarts ($name)', ({ databaseUrl }) => {
  let place: ReturnType<typeof sharedDatabaseUrl>;
  beforeEach(() => {
    place = sharedDatabaseUrl(databaseUrl);
  });
  afterEach(() => place.remove());

  it('survives a restart', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
    const first = await appOn(place.url, clock);
    await first.app.inject({
      method: 'POST',
      url: '/sandbox/clock',
      payload: { advanceSeconds: 1900, freeze: true },
    });
    await first.close();
    clock.advanceSeconds(60);
    const second = await appOn(place.url, clock);
    try {
      expect(await clockOf(second.app)).toEqual({
        now: iso(Date.UTC(2026, 10, 23, 3, 0, 0) + 1900 * SECOND),
        offsetMs: 1840 * SECOND,
        frozen: true,
      });
    } finally {
      await second.close();
    }
  });

  it('two apps on one database see each other’s moves within 2 s, and a reset', async () => {
    const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
    const a = await appOn(place.url, clock);
    const b = await appOn(place.url, clock);
    try {
      await clockOf(b.app);
      const moved = await a.app.inject({
        method: 'POST',
        url: '/sandbox/clock',
        payload: { advanceSeconds: 600 },
      });
      // At once on the instance that made the change...
      expect(moved.json()).toEqual({ now: iso(clock.nowMs() + 600_000), offsetMs: 600_000, frozen: false });
      // ...and within 2 s on the other.
      expect(await seen(b.app, (c) => c.offsetMs === 600_000)).toBeLessThan(2_000);

      await b.app.inject({ method: 'POST', url: '/sandbox/clock', payload: { freeze: true } });
      expect(await seen(a.app, (c) => c.frozen)).toBeLessThan(2_000);

      await a.app.inject({ method: 'POST', url: '/sandbox/reset' });
      expect(await clockOf(a.app)).toEqual({ now: iso(clock.nowMs()), offsetMs: 0, frozen: false });
      expect(await seen(b.app, (c) => !c.frozen && c.offsetMs === 0)).toBeLessThan(2_000);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
