import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { createPayment, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('GET /payments/find and GET /payments ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let session: Awaited<ReturnType<typeof signedIn>>;
  let paid: { imp_uid: string; merchant_uid: string };
  let ready: { imp_uid: string; merchant_uid: string };
  let foreign: { imp_uid: string; merchant_uid: string };
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    session = await signedIn(t);
    paid = await createPayment(t, session.merchant, { merchant_uid: 'order-paid' });
    ready = await createPayment(t, session.merchant, { merchant_uid: 'order-ready', status: 'ready' });
    const other = await signedIn(t);
    foreign = await createPayment(t, other.merchant, { merchant_uid: 'order-foreign' });
  });
  afterEach(() => t.close());

  const get = (url: string) => t.request({ method: 'GET', url, headers: session.auth });

  describe('find', () => {
    it('finds the payment by merchant_uid, with and without its status', async () => {
      const res = await get('/payments/find/order-paid');
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(0);
      expect(res.body.response.imp_uid).toBe(paid.imp_uid);
      const withStatus = await get('/payments/find/order-paid/paid');
      expect(withStatus.status).toBe(200);
      expect(withStatus.body.response.imp_uid).toBe(paid.imp_uid);
      expect((await get('/payments/find/order-ready/ready')).body.response.imp_uid).toBe(ready.imp_uid);
    });

    it.each([
      ['another status', '/payments/find/order-paid/cancelled'],
      ['an unknown merchant_uid', '/payments/find/no-such-order'],
      ["another merchant's merchant_uid", '/payments/find/order-foreign'],
      ["another merchant's merchant_uid with its status", '/payments/find/order-foreign/paid'],
    ])('answers 404 with the exact body for %s', async (_case, url) => {
      const res = await get(url);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    });

    it('takes the literal undefined and an empty segment as no status', async () => {
      for (const url of ['/payments/find/order-ready/undefined', '/payments/find/order-ready/']) {
        const res = await get(url);
        expect(res.status).toBe(200);
        expect(res.body.response.imp_uid).toBe(ready.imp_uid);
      }
    });

    it('refuses an unknown status with 400', async () => {
      const res = await get('/payments/find/order-paid/bogus');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(portoneError('지원되지 않는 상태값입니다.'));
    });

    it.each(['-started', 'started', '-paid', 'paid', '-updated', 'updated'])(
      'takes sorting=%s',
      async (sorting) => {
        const res = await get(`/payments/find/order-paid?sorting=${encodeURIComponent(sorting)}`);
        expect(res.status).toBe(200);
        expect(res.body.response.imp_uid).toBe(paid.imp_uid);
      },
    );

    it('refuses another sorting with 400 naming sorting', async () => {
      const res = await get('/payments/find/order-paid?sorting=x');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(portoneError(messages.badSorting));
      expect(res.body.message).toContain('sorting');
    });

    it('needs a token', async () => {
      const res = await t.request({ method: 'GET', url: '/payments/find/order-paid' });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(portoneError('Unauthorized'));
    });
  });

  describe('several at once', () => {
    const encodings = [
      ['imp_uid[]', (a: string, b: string) => `imp_uid[]=${a}&imp_uid[]=${b}`],
      ['imp_uid%5B%5D', (a: string, b: string) => `imp_uid%5B%5D=${a}&imp_uid%5B%5D=${b}`],
      ['imp_uid[0]', (a: string, b: string) => `imp_uid[0]=${a}&imp_uid[1]=${b}`],
      ['imp_uid%5B0%5D', (a: string, b: string) => `imp_uid%5B0%5D=${a}&imp_uid%5B1%5D=${b}`],
      ['repeated imp_uid', (a: string, b: string) => `imp_uid=${a}&imp_uid=${b}`],
    ] as const;

    it.each(encodings)('reads %s alike on /payments and /payments/', async (_form, query) => {
      for (const path of ['/payments', '/payments/']) {
        const res = await get(`${path}?${query(paid.imp_uid, ready.imp_uid)}`);
        expect(res.status).toBe(200);
        expect(res.body.code).toBe(0);
        expect(res.body.message).toBeNull();
        expect(res.body.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([
          paid.imp_uid,
          ready.imp_uid,
        ]);
      }
    });

    it('keeps the order asked, imp_uids first, each payment once, merchant_uid[] mixed in', async () => {
      const res = await get(
        `/payments?merchant_uid[]=order-paid&imp_uid[]=${ready.imp_uid}&imp_uid=${paid.imp_uid}&imp_uid[0]=${ready.imp_uid}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([
        ready.imp_uid,
        paid.imp_uid,
      ]);
      // The payment objects are whole.
      expect(res.body.response[1]).toMatchObject({
        merchant_uid: 'order-paid',
        status: 'paid',
        cancel_history: [],
      });
    });

    it('answers 207 with code 0 and the found ones when some are not found', async () => {
      const res = await get(
        `/payments?imp_uid[]=${paid.imp_uid}&imp_uid[]=imp_000000000000&merchant_uid[]=nope`,
      );
      expect(res.status).toBe(207);
      expect(res.body.code).toBe(0);
      expect(res.body.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([paid.imp_uid]);
    });

    it("counts another merchant's payment as not found", async () => {
      const some = await get(`/payments?imp_uid[]=${paid.imp_uid}&imp_uid[]=${foreign.imp_uid}`);
      expect(some.status).toBe(207);
      expect(some.body.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([paid.imp_uid]);
      const none = await get(`/payments?imp_uid[]=${foreign.imp_uid}&merchant_uid[]=order-foreign`);
      expect(none.status).toBe(404);
    });

    it('answers 404 with the exact body when none is found', async () => {
      const res = await get('/payments?imp_uid[]=imp_000000000000');
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('해당되는 결제건을 찾지 못하였습니다.'));
    });

    it('refuses no id, and more than 100 ids counted together, with 400', async () => {
      const none = await get('/payments');
      expect(none.status).toBe(400);
      expect(none.body).toEqual(portoneError(messages.noPaymentIds));
      expect(none.body.message).toContain('imp_uid');
      const ids = Array.from({ length: 100 }, (_, i) => `imp_uid[]=imp_${String(i).padStart(12, '0')}`);
      const tooMany = await get(`/payments?${ids.join('&')}&merchant_uid[]=order-paid`);
      expect(tooMany.status).toBe(400);
      expect(tooMany.body).toEqual(portoneError(messages.tooManyPaymentIds(100)));
      expect(tooMany.body.message).toContain('100');
      const hundred = await get(`/payments?${ids.slice(1).join('&')}&merchant_uid[]=order-paid`);
      expect(hundred.status).toBe(207);
    });
  });
});
