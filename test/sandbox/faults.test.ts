import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { escrowBody } from '../support/fixtures.js';
import { createVendor, outboundQueryPath, signed } from '../support/coupang.js';
import { createMerchant, createPayment, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const ESCROW_ROUTE = 'POST /escrows/logis/{imp_uid}';

describe.each(engines)('faults ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
  });
  afterEach(() => t.close());

  const addFault = async (body: Record<string, unknown>) => {
    const res = await t.request({ method: 'POST', url: '/sandbox/faults', payload: body });
    expect(res.status).toBe(201);
    return res.body;
  };
  const journal = async (query = '') =>
    (await t.request({ method: 'GET', url: `/sandbox/requests${query}` })).body.requests;

  it('answers 201 with the fault, defaults filled in', async () => {
    const fault = await addFault({
      match: { route: ESCROW_ROUTE, merchant: 'k' },
      action: 'status',
      status: 500,
      when: 'after',
      times: 1,
    });
    expect(fault).toEqual({
      id: expect.stringMatching(/^\d+$/),
      match: { route: ESCROW_ROUTE, merchant: 'k' },
      action: 'status',
      status: 500,
      when: 'after',
      times: 1,
      probability: 1,
      remaining: 1,
      hits: 0,
      createdAt: '2026-11-23T03:00:00.000Z',
    });
    expect(await addFault({ action: 'hang' })).toMatchObject({ match: {}, delayMs: 30_000, remaining: null });
    expect(await addFault({ action: 'drop' })).toMatchObject({ when: 'before', probability: 1 });
    const listed = await t.request({ method: 'GET', url: '/sandbox/faults' });
    expect(listed.body.faults.map((f: { action: string }) => f.action)).toEqual(['status', 'hang', 'drop']);
    expect((await t.request({ method: 'GET', url: `/sandbox/faults/${fault.id}` })).body).toEqual(fault);
  });

  it.each([
    [[], 'body must be a JSON object'],
    [{}, 'action is required'],
    [{ action: 'explode' }, 'action must be status, delay, drop or hang'],
    [{ action: 'status' }, 'status is required with action status'],
    [{ action: 'status', status: 399 }, 'status must be a whole number from 400 to 599'],
    [{ action: 'status', status: 600 }, 'status must be a whole number from 400 to 599'],
    [{ action: 'delay' }, 'delayMs is required with action delay'],
    [{ action: 'delay', delayMs: 60_001 }, 'delayMs must be a whole number from 1 to 60000'],
    [{ action: 'hang', delayMs: 300_001 }, 'delayMs must be a whole number from 1 to 300000'],
    [
      { action: 'delay', delayMs: 5, when: 'after' },
      'when is not taken by action delay (only status and drop)',
    ],
    [{ action: 'drop', status: 500 }, 'status is not taken by action drop (only status)'],
    [{ action: 'drop', when: 'later' }, 'when must be before or after'],
    [{ action: 'drop', times: 0 }, 'times must be a whole number from 1 to 1000000000'],
    [{ action: 'drop', times: 1.5 }, 'times must be a whole number from 1 to 1000000000'],
    [{ action: 'drop', probability: 0 }, 'probability must be a number above 0 up to 1'],
    [{ action: 'drop', probability: 1.1 }, 'probability must be a number above 0 up to 1'],
    [{ action: 'drop', match: [] }, 'match must be an object'],
    [
      { action: 'drop', match: { colour: 'red' } },
      'match.colour is not a match key (platform, method, route, path, merchant, vendor)',
    ],
    [{ action: 'drop', match: { route: 5 } }, 'match.route must be a non-empty string'],
    [{ action: 'drop', match: { platform: 'sandbox' } }, 'match.platform must be portone or coupang'],
    [
      { action: 'status', status: 500, headers: { 'retry-after': 2 } },
      'headers.retry-after must be a string of one line, of characters up to U+00FF',
    ],
    [
      { action: 'status', status: 500, headers: { 'x-a': 'a\r\nb' } },
      'headers.x-a must be a string of one line, of characters up to U+00FF',
    ],
    // Regressions: accepted, these made every matching request answer Fastify's own 500
    // (ERR_INVALID_CHAR) or a broken frame.
    [
      { action: 'status', status: 503, headers: { 'x-reason': '점검 중' } },
      'headers.x-reason must be a string of one line, of characters up to U+00FF',
    ],
    [
      { action: 'status', status: 503, headers: { 'Content-Length': '1' } },
      'headers.Content-Length is written by baesong: it frames the answer',
    ],
    [
      { action: 'status', status: 503, headers: { 'transfer-encoding': 'chunked' } },
      'headers.transfer-encoding is written by baesong: it frames the answer',
    ],
    [{ action: 'status', status: 500, headers: { 'a b': 'x' } }, 'headers.a b is not a valid header name'],
    [{ action: 'drop', extra: true }, 'extra is not a field of a fault'],
  ])('refuses %j with 400 naming the field, storing nothing', async (body, error) => {
    const res = await t.request({ method: 'POST', url: '/sandbox/faults', payload: body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error });
    expect((await t.request({ method: 'GET', url: '/sandbox/faults' })).body).toEqual({ faults: [] });
  });

  it('answers 404 for unknown faults, deletes one or all', async () => {
    for (const method of ['GET', 'DELETE'] as const) {
      const res = await t.request({ method, url: '/sandbox/faults/77' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'no fault has id 77' });
    }
    const a = await addFault({ action: 'drop' });
    await addFault({ action: 'drop' });
    await addFault({ action: 'drop' });
    expect((await t.request({ method: 'DELETE', url: `/sandbox/faults/${a.id}` })).body).toEqual({
      deleted: 1,
    });
    expect((await t.request({ method: 'DELETE', url: '/sandbox/faults' })).body).toEqual({ deleted: 2 });
  });

  it('status before: the platform envelope with the reason phrase, the route not run', async () => {
    const { merchant, auth } = await signedIn(t);
    const payment = await createPayment(t, merchant);
    const fault = await addFault({ match: { route: ESCROW_ROUTE }, action: 'status', status: 500 });
    const res = await t.request({
      method: 'POST',
      url: `/escrows/logis/${payment.imp_uid}`,
      headers: auth,
      payload: escrowBody('html5_inicis'),
    });
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ code: -1, message: 'Internal Server Error', response: null });
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const deliveries = await t.request({
      method: 'GET',
      url: `/sandbox/payments/${payment.imp_uid}/deliveries`,
    });
    expect(deliveries.body.escrow).toBeNull();
    const [entry] = await journal('?fault=true');
    expect(entry).toMatchObject({ fault: fault.id, response: { status: 500, body: res.body } });
    expect((await t.request({ method: 'GET', url: `/sandbox/faults/${fault.id}` })).body).toMatchObject({
      hits: 1,
      remaining: null,
    });
  });

  it('status after on an escrow POST: stored, the client sees a 500, a retry gets the documented 409', async () => {
    const { merchant, auth } = await signedIn(t);
    const payment = await createPayment(t, merchant);
    await addFault({
      match: { route: ESCROW_ROUTE, merchant: merchant.imp_key },
      action: 'status',
      status: 500,
      when: 'after',
      times: 1,
    });
    const send = () =>
      t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        headers: auth,
        payload: escrowBody('html5_inicis'),
      });
    const first = await send();
    expect(first.status).toBe(500);
    expect(first.body).toEqual({ code: -1, message: 'Internal Server Error', response: null });
    const deliveries = await t.request({
      method: 'GET',
      url: `/sandbox/payments/${payment.imp_uid}/deliveries`,
    });
    expect(deliveries.body.escrow).not.toBeNull();
    const retry = await send();
    expect(retry.status).toBe(409);
    expect(retry.body).toEqual({ code: -1, message: messages.escrowAlreadyRegistered, response: null });
    expect((await t.request({ method: 'GET', url: '/sandbox/faults' })).body).toEqual({ faults: [] });
  });

  it('a body and headers of its own replace the default answer', async () => {
    const { auth } = await signedIn(t);
    await addFault({
      action: 'status',
      status: 429,
      body: { slow: 'down' },
      headers: { 'Retry-After': '2' },
    });
    const res = await t.request({ method: 'GET', url: '/payments/x', headers: auth });
    expect(res.status).toBe(429);
    expect(res.body).toEqual({ slow: 'down' });
    expect(res.headers['retry-after']).toBe('2');
  });

  it('Coupang: 401 and 429 in the gateway shape, other statuses in the shipping-place envelope', async () => {
    const vendor = await createVendor(t);
    const f401 = await addFault({ match: { platform: 'coupang' }, action: 'status', status: 401, times: 1 });
    const a = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
    expect(a.status).toBe(401);
    expect(a.body).toEqual({ code: 'ERROR', message: 'Unauthorized', transactionId: expect.any(String) });
    await addFault({ match: { vendor: vendor.vendorId }, action: 'status', status: 429, times: 1 });
    const b = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
    expect(b.body).toEqual({
      code: 'ERROR',
      message: 'Too Many Requests',
      transactionId: expect.any(String),
    });
    await addFault({ match: { platform: 'coupang' }, action: 'status', status: 503, times: 1 });
    const c = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
    expect(c.status).toBe(503);
    expect(c.body).toEqual({ code: 503, message: 'Service Unavailable', data: null });
    expect((await signed(t, vendor, { method: 'GET', url: outboundQueryPath() })).status).toBe(200);
    expect(f401.id).toBeTruthy();
  });

  it('never faults a request answered 404, 405 or 401 by routing or authentication', async () => {
    const fault = await addFault({ action: 'status', status: 503 });
    expect((await t.request({ method: 'GET', url: '/nothing' })).status).toBe(404);
    expect((await t.request({ method: 'DELETE', url: '/payments/x' })).status).toBe(405);
    expect((await t.request({ method: 'GET', url: '/payments/x' })).status).toBe(401);
    const m = await createMerchant(t);
    expect(
      (
        await t.request({
          method: 'POST',
          url: '/users/getToken',
          payload: { imp_key: m.imp_key, imp_secret: 'no' },
        })
      ).status,
    ).toBe(401);
    expect((await t.request({ method: 'GET', url: outboundQueryPath() })).status).toBe(401);
    expect((await t.request({ method: 'GET', url: `/sandbox/faults/${fault.id}` })).body.hits).toBe(0);
    expect((await t.request({ method: 'GET', url: '/healthz' })).status).toBe(200);
  });

  it('matches getToken by the merchant whose key was accepted', async () => {
    const a = await createMerchant(t);
    const b = await createMerchant(t);
    await addFault({
      match: { route: 'POST /users/getToken', merchant: a.imp_key },
      action: 'status',
      status: 502,
    });
    const token = (m: typeof a) =>
      t.request({
        method: 'POST',
        url: '/users/getToken',
        payload: { imp_key: m.imp_key, imp_secret: m.imp_secret },
      });
    expect((await token(a)).status).toBe(502);
    expect((await token(b)).status).toBe(200);
  });

  it('matches by method, path, platform and vendor; the oldest matching fault decides', async () => {
    const { auth } = await signedIn(t);
    const first = await addFault({
      match: { method: 'get', path: '/payments/one' },
      action: 'status',
      status: 418,
    });
    await addFault({ match: { platform: 'portone' }, action: 'status', status: 503 });
    expect((await t.request({ method: 'GET', url: '/payments/one', headers: auth })).status).toBe(418);
    expect((await t.request({ method: 'GET', url: '/payments/two', headers: auth })).status).toBe(503);
    await t.request({ method: 'DELETE', url: `/sandbox/faults/${first.id}` });
    expect((await t.request({ method: 'GET', url: '/payments/one', headers: auth })).status).toBe(503);
    const vendor = await createVendor(t);
    await addFault({ match: { vendor: 'A99999999' }, action: 'status', status: 500 });
    expect((await signed(t, vendor, { method: 'GET', url: outboundQueryPath() })).status).toBe(200);
  });

  it('times: exactly that many, hits and remaining counted, then gone', async () => {
    const { auth } = await signedIn(t);
    const fault = await addFault({ action: 'status', status: 500, times: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 2; i++)
      statuses.push((await t.request({ method: 'GET', url: '/payments/x', headers: auth })).status);
    expect((await t.request({ method: 'GET', url: `/sandbox/faults/${fault.id}` })).body).toMatchObject({
      hits: 2,
      remaining: 1,
    });
    for (let i = 0; i < 3; i++)
      statuses.push((await t.request({ method: 'GET', url: '/payments/x', headers: auth })).status);
    expect(statuses).toEqual([500, 500, 500, 404, 404]);
    expect((await t.request({ method: 'GET', url: `/sandbox/faults/${fault.id}` })).status).toBe(404);
  });

  it('probability: the oldest decides even when it spares the request; a spared request is not counted', async () => {
    const { auth } = await signedIn(t);
    const rare = await addFault({ action: 'status', status: 500, probability: 0.5, times: 1000 });
    await addFault({ action: 'status', status: 503 });
    const statuses = new Set<number>();
    for (let i = 0; i < 40; i++)
      statuses.add((await t.request({ method: 'GET', url: '/payments/x', headers: auth })).status);
    expect([...statuses].sort()).toEqual([404, 500]);
    const after = (await t.request({ method: 'GET', url: `/sandbox/faults/${rare.id}` })).body;
    expect(after.hits + after.remaining).toBe(1000);
    expect(after.hits).toBeGreaterThan(0);
    expect(after.hits).toBeLessThan(40);
  });

  it('delay: the request is handled first, the answer sent late', async () => {
    const { merchant, auth } = await signedIn(t);
    const payment = await createPayment(t, merchant);
    await addFault({ match: { route: ESCROW_ROUTE }, action: 'delay', delayMs: 300 });
    const started = performance.now();
    const pending = t.request({
      method: 'POST',
      url: `/escrows/logis/${payment.imp_uid}`,
      headers: auth,
      payload: escrowBody('html5_inicis'),
    });
    await new Promise((r) => setTimeout(r, 150));
    const stored = await t.request({ method: 'GET', url: `/sandbox/payments/${payment.imp_uid}/deliveries` });
    expect(stored.body.escrow).not.toBeNull();
    const res = await pending;
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const [entry] = await journal();
    expect(entry.durationMs).toBeGreaterThanOrEqual(290);
    expect(entry.fault).not.toBeNull();
  });

  it('is deleted by POST /sandbox/reset, at once', async () => {
    const { auth } = await signedIn(t);
    await addFault({ action: 'status', status: 500 });
    await t.request({ method: 'POST', url: '/sandbox/reset' });
    expect((await t.request({ method: 'GET', url: '/sandbox/faults' })).body).toEqual({ faults: [] });
    expect((await t.request({ method: 'GET', url: '/payments/x', headers: auth })).status).toBe(401);
  });

  it('puts its routes in /openapi.json', async () => {
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
    expect(doc.paths['/sandbox/faults'].post.requestBody).toBeDefined();
    expect(doc.paths['/sandbox/faults'].get).toBeDefined();
    expect(doc.paths['/sandbox/faults'].delete).toBeDefined();
    expect(doc.paths['/sandbox/faults/{id}'].get).toBeDefined();
    expect(doc.paths['/sandbox/faults/{id}'].delete).toBeDefined();
  });
});
