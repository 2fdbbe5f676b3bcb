import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('/payments/prepare ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let session: Awaited<ReturnType<typeof signedIn>>;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    session = await signedIn(t);
  });
  afterEach(() => t.close());

  const send = (method: 'POST' | 'PUT', payload: Record<string, unknown> | string, form = false) =>
    t.request({
      method,
      url: '/payments/prepare',
      headers: { ...session.auth, ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      payload,
    });
  const read = (merchantUid: string) =>
    t.request({ method: 'GET', url: `/payments/prepare/${merchantUid}`, headers: session.auth });

  it('prepares an amount, which GET reads back with currency null', async () => {
    const res = await send('POST', { merchant_uid: 'order-1', amount: 10000 });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      message: null,
      response: { merchant_uid: 'order-1', amount: 10000, currency: null },
    });
    const got = await read('order-1');
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('answers a second prepare of one merchant_uid HTTP 200 with code 1 and the exact text, changing nothing', async () => {
    await send('POST', { merchant_uid: 'order-1', amount: 10000 });
    const again = await send('POST', { merchant_uid: 'order-1', amount: 20000 });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({
      code: 1,
      message: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
      response: null,
    });
    expect((await read('order-1')).body.response.amount).toBe(10000);
  });

  it('lets another merchant prepare the same merchant_uid, and keeps each its own', async () => {
    await send('POST', { merchant_uid: 'order-1', amount: 10000 });
    const other = await signedIn(t);
    const res = await t.request({
      method: 'POST',
      url: '/payments/prepare',
      headers: other.auth,
      payload: { merchant_uid: 'order-1', amount: 5000, currency: 'KRW' },
    });
    expect(res.body.code).toBe(0);
    expect((await read('order-1')).body.response).toEqual({
      merchant_uid: 'order-1',
      amount: 10000,
      currency: null,
    });
  });

  it('changes the amount by PUT', async () => {
    await send('POST', { merchant_uid: 'order-1', amount: 10000 });
    const res = await send('PUT', { merchant_uid: 'order-1', amount: 12000, currency: 'KRW' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 0,
      message: null,
      response: { merchant_uid: 'order-1', amount: 12000, currency: 'KRW' },
    });
    expect((await read('order-1')).body.response.amount).toBe(12000);
  });

  it('answers PUT and GET of an unknown merchant_uid 404 with the exact body', async () => {
    const put = await send('PUT', { merchant_uid: 'nope', amount: 1000 });
    expect(put.status).toBe(404);
    expect(put.body).toEqual(portoneError('사전등록된 결제정보가 존재하지 않습니다.'));
    const got = await read('nope');
    expect(got.status).toBe(404);
    expect(got.body).toEqual(portoneError('사전등록된 결제정보가 존재하지 않습니다.'));
  });

  it('takes a form with amount as a string', async () => {
    const res = await send('POST', 'merchant_uid=order-form&amount=3000', true);
    expect(res.status).toBe(200);
    expect(res.body.response).toEqual({ merchant_uid: 'order-form', amount: 3000, currency: null });
  });

  it.each([
    ['amount 0', { merchant_uid: 'order-1', amount: 0 }, messages.prepare.badAmount],
    ['amount missing', { merchant_uid: 'order-1' }, messages.prepare.missing('amount')],
    ['amount negative', { merchant_uid: 'order-1', amount: -5 }, messages.prepare.badAmount],
    ['amount not a number', { merchant_uid: 'order-1', amount: 'abc' }, messages.prepare.badAmount],
    ['merchant_uid missing', { amount: 1000 }, messages.prepare.missing('merchant_uid')],
    ['merchant_uid over 40', { merchant_uid: 'x'.repeat(41), amount: 1000 }, messages.prepare.badMerchantUid],
    [
      'currency not a string',
      { merchant_uid: 'order-1', amount: 1000, currency: 1 },
      messages.prepare.badCurrency,
    ],
  ])('refuses %s with 400 naming the field, storing nothing', async (_case, body, message) => {
    const res = await send('POST', body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(portoneError(message));
    expect((await read('order-1')).status).toBe(404);
  });

  it('holds sandbox payments of a prepared merchant_uid to its amount', async () => {
    await send('POST', { merchant_uid: 'order-1', amount: 10000 });
    const other = await t.request({
      method: 'POST',
      url: '/sandbox/payments',
      payload: {
        imp_key: session.merchant.imp_key,
        pg_provider: 'kcp',
        merchant_uid: 'order-1',
        amount: 9000,
      },
    });
    expect(other.status).toBe(409);
    expect(other.body.error).toContain('9000');
    expect(other.body.error).toContain('10000');
    const none = await t.request({ method: 'GET', url: '/payments/find/order-1', headers: session.auth });
    expect(none.status).toBe(404);
    const same = await t.request({
      method: 'POST',
      url: '/sandbox/payments',
      payload: {
        imp_key: session.merchant.imp_key,
        pg_provider: 'kcp',
        merchant_uid: 'order-1',
        amount: 10000,
      },
    });
    expect(same.status).toBe(201);
    expect(same.body.amount).toBe(10000);
  });

  it('refuses a sandbox payment of a merchant_uid prepared in another currency', async () => {
    await send('POST', { merchant_uid: 'order-usd', amount: 10000, currency: 'USD' });
    const res = await t.request({
      method: 'POST',
      url: '/sandbox/payments',
      payload: {
        imp_key: session.merchant.imp_key,
        pg_provider: 'kcp',
        merchant_uid: 'order-usd',
        amount: 10000,
      },
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toContain('USD');
  });

  it('answers other methods 405', async () => {
    const res = await t.request({ method: 'DELETE', url: '/payments/prepare', headers: session.auth });
    expect(res.status).toBe(405);
    expect(res.body).toEqual(portoneError('Method Not Allowed'));
  });
});
