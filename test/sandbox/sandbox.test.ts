import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { escrowBody } from '../support/fixtures.js';
import { createMerchant, createPayment, getToken } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('the sandbox API ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
  });
  afterEach(() => t.close());

  describe('POST /sandbox/merchants', () => {
    it('generates keys when none are given', async () => {
      const res = await t.request({ method: 'POST', url: '/sandbox/merchants' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        merchant_id: expect.stringMatching(/^imp\d{8}$/),
        name: expect.any(String),
        imp_key: expect.stringMatching(/^\d{16}$/),
        imp_secret: expect.stringMatching(/^[0-9a-f]{80}$/),
      });
    });

    it('takes given keys and name', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/merchants',
        payload: { name: '배송상점', imp_key: 'k', imp_secret: 's' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: '배송상점', imp_key: 'k', imp_secret: 's' });
    });

    it('answers 409 for an imp_key already taken', async () => {
      await createMerchant(t, { imp_key: 'taken' });
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/merchants',
        payload: { imp_key: 'taken' },
      });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: 'imp_key taken is already taken' });
    });

    it('answers 400 naming a field of the wrong type', async () => {
      const res = await t.request({ method: 'POST', url: '/sandbox/merchants', payload: { imp_key: 5 } });
      expect(res.status).toBe(400);
      expect(res.body.error).toContain('imp_key');
    });

    it('stores only a hash of the secret', async () => {
      await createMerchant(t, { imp_key: 'k', imp_secret: 'plain-secret' });
      const row = await t.database.db.selectFrom('merchants').selectAll().executeTakeFirstOrThrow();
      expect(JSON.stringify(row)).not.toContain('plain-secret');
      expect(row.imp_secret_hash).toMatch(/^[0-9a-f]{64}$/);
    });
  });

  describe('POST /sandbox/payments', () => {
    it('creates a paid payment with the defaults and answers the bare payment object', async () => {
      const m = await createMerchant(t);
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/payments',
        payload: { imp_key: m.imp_key, pg_provider: 'kcp' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        pg_provider: 'kcp',
        escrow: false,
        status: 'paid',
        amount: 1000,
        currency: 'KRW',
      });
      const token = await getToken(t, m);
      const read = await t.request({
        method: 'GET',
        url: `/payments/${res.body.imp_uid}`,
        headers: { authorization: token },
      });
      expect(read.body.response).toEqual(res.body);
    });

    it.each([
      ['imp_key missing', { pg_provider: 'kcp' }, 400, 'imp_key'],
      ['pg_provider missing', { imp_key: 'k' }, 400, 'pg_provider'],
      ['an unknown status', { imp_key: 'k', pg_provider: 'kcp', status: 'done' }, 400, 'status'],
      ['a zero amount', { imp_key: 'k', pg_provider: 'kcp', amount: 0 }, 400, 'amount'],
      ['a fractional amount', { imp_key: 'k', pg_provider: 'kcp', amount: 1.5 }, 400, 'amount'],
      ['escrow as a string', { imp_key: 'k', pg_provider: 'kcp', escrow: 'true' }, 400, 'escrow'],
      [
        'a merchant_uid over 40 characters',
        { imp_key: 'k', pg_provider: 'kcp', merchant_uid: 'm'.repeat(41) },
        400,
        'merchant_uid',
      ],
      ['an unknown merchant', { imp_key: 'nobody', pg_provider: 'kcp' }, 404, 'nobody'],
    ])('answers %s with its status, naming the problem', async (_case, payload, status, named) => {
      await createMerchant(t, { imp_key: 'k' });
      const res = await t.request({ method: 'POST', url: '/sandbox/payments', payload });
      expect(res.status).toBe(status);
      expect(res.body.error).toContain(named);
    });

    it('answers 409 for a merchant_uid the merchant already used, and lets another merchant use it', async () => {
      const a = await createMerchant(t);
      const b = await createMerchant(t);
      await createPayment(t, a, { merchant_uid: 'order-1' });
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/payments',
        payload: { imp_key: a.imp_key, pg_provider: 'kcp', merchant_uid: 'order-1' },
      });
      expect(res.status).toBe(409);
      expect(res.body.error).toContain('order-1');
      await createPayment(t, b, { merchant_uid: 'order-1' });
    });
  });

  it('GET /sandbox/payments/{imp_uid}/deliveries answers 404 for an unknown payment', async () => {
    const res = await t.request({ method: 'GET', url: '/sandbox/payments/imp_000000000000/deliveries' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'no payment has imp_uid imp_000000000000' });
  });

  it('POST /sandbox/reset deletes everything', async () => {
    const m = await createMerchant(t);
    const token = await getToken(t, m);
    const { imp_uid } = await createPayment(t, m, { pg_provider: 'kcp' });
    await t.request({
      method: 'POST',
      url: `/escrows/logis/${imp_uid}`,
      headers: { authorization: token },
      payload: escrowBody('kcp'),
    });
    const res = await t.request({ method: 'POST', url: '/sandbox/reset' });
    expect(res).toMatchObject({ status: 200, body: { reset: true } });
    for (const table of ['merchants', 'tokens', 'payments', 'escrow_deliveries'] as const) {
      expect(await t.database.db.selectFrom(table).selectAll().execute()).toEqual([]);
    }
    const after = await t.request({
      method: 'GET',
      url: `/payments/${imp_uid}`,
      headers: { authorization: token },
    });
    expect(after.status).toBe(401);
  });
});

describe('the admin token', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ adminToken: 'let-me-in' });
  });
  afterEach(() => t.close());

  it.each([
    ['no Authorization header', {}, 'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>'],
    [
      'the token without its scheme',
      { authorization: 'let-me-in' },
      'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>',
    ],
    [
      'an empty bearer token',
      { authorization: 'Bearer  ' },
      'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>',
    ],
    ['a wrong token', { authorization: 'Bearer let-me-out' }, 'invalid admin token'],
  ])('refuses %s with 401, saying why', async (_case, headers, message) => {
    const res = await t.request({ method: 'POST', url: '/sandbox/merchants', headers });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: message });
    expect(await t.database.db.selectFrom('merchants').selectAll().execute()).toEqual([]);
  });

  it('lets the right token through on every sandbox route', async () => {
    const headers = { authorization: 'Bearer let-me-in' };
    expect((await t.request({ method: 'POST', url: '/sandbox/merchants', headers })).status).toBe(201);
    expect((await t.request({ method: 'POST', url: '/sandbox/reset', headers })).status).toBe(200);
  });

  it('does not guard the platform routes', async () => {
    const res = await t.request({ method: 'POST', url: '/users/getToken', payload: {} });
    expect(res.status).toBe(400);
  });
});
