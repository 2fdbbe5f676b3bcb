import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenFromHeaders } from '../../src/portone/tokens.js';
import { createPayment, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe('tokenFromHeaders', () => {
  it('reads the three accepted forms, Authorization first', () => {
    expect(tokenFromHeaders({ authorization: 'abc' })).toBe('abc');
    expect(tokenFromHeaders({ authorization: 'Bearer abc' })).toBe('abc');
    expect(tokenFromHeaders({ authorization: 'bearer  abc ' })).toBe('abc');
    expect(tokenFromHeaders({ 'x-imptokenheader': 'abc' })).toBe('abc');
    expect(tokenFromHeaders({ authorization: 'one', 'x-imptokenheader': 'two' })).toBe('one');
    expect(tokenFromHeaders({})).toBeUndefined();
  });
});

describe.each(engines)(
  'tokens on protected routes and GET /payments/{imp_uid} ($name)',
  ({ databaseUrl }) => {
    let t: TestApp;
    let session: Awaited<ReturnType<typeof signedIn>>;
    let impUid: string;
    beforeEach(async () => {
      t = await testApp({}, databaseUrl);
      session = await signedIn(t);
      impUid = (
        await createPayment(t, session.merchant, {
          pg_provider: 'kcp',
          name: '배송 테스트',
          buyer_name: '홍길동',
        })
      ).imp_uid;
    });
    afterEach(() => t.close());

    const get = (headers: Record<string, string>, id = impUid) =>
      t.request({ method: 'GET', url: `/payments/${id}`, headers });

    it.each([
      ['Authorization: <token>', (tok: string) => ({ authorization: tok })],
      ['Authorization: Bearer <token>', (tok: string) => ({ authorization: `Bearer ${tok}` })],
      ['X-ImpTokenHeader: <token>', (tok: string) => ({ 'x-imptokenheader': tok })],
    ])('accepts the token as %s', async (_form, headers) => {
      const res = await get(headers(session.token));
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(0);
      expect(res.body.response.imp_uid).toBe(impUid);
    });

    it('lets Authorization win when both headers come', async () => {
      const wrongFirst = await get({ authorization: 'f'.repeat(40), 'x-imptokenheader': session.token });
      expect(wrongFirst.status).toBe(401);
      const rightFirst = await get({ authorization: session.token, 'x-imptokenheader': 'nonsense' });
      expect(rightFirst.status).toBe(200);
    });

    it.each([
      ['no token', {}],
      ['an unknown token', { authorization: 'a'.repeat(40) }],
      ['an empty Authorization header', { authorization: '' }],
      ['a bare Bearer', { authorization: 'Bearer' }],
    ])('answers 401 for %s', async (_case, headers) => {
      const res = await get(headers);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(portoneError('Unauthorized'));
    });

    it('answers the payment object with every documented field', async () => {
      const res = await get(session.auth);
      const now = Math.floor(t.clock.nowMs() / 1000);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: 0,
        message: null,
        response: {
          imp_uid: expect.stringMatching(/^imp_\d{12}$/),
          merchant_uid: expect.stringMatching(/^merchant_\d+$/),
          pay_method: 'card',
          channel: 'pc',
          pg_provider: 'kcp',
          pg_tid: expect.any(String),
          pg_id: 'T0000',
          escrow: true,
          amount: 1000,
          cancel_amount: 0,
          currency: 'KRW',
          name: '배송 테스트',
          status: 'paid',
          buyer_name: '홍길동',
          buyer_email: null,
          buyer_tel: null,
          buyer_addr: null,
          buyer_postcode: null,
          started_at: now,
          paid_at: now,
          failed_at: 0,
          cancelled_at: 0,
          cancel_history: [],
          cancel_reason: null,
          vbank_code: null,
          vbank_name: null,
          vbank_num: null,
          vbank_holder: null,
          vbank_date: 0,
          vbank_issued_at: 0,
        },
      });
      expect(res.body.response.merchant_uid.length).toBeLessThanOrEqual(40);
    });

    it.each([
      ['html5_inicis', 'INIpayTest'],
      ['daou', 'CTS10000'],
      ['paymentwall', 't_paymentwall'],
      ['tosspayments', 'test_tosspayments'],
    ])('reports the test pg_id of %s', async (pg_provider, pg_id) => {
      const { imp_uid } = await createPayment(t, session.merchant, { pg_provider });
      expect((await get(session.auth, imp_uid)).body.response.pg_id).toBe(pg_id);
    });

    it('answers 404 for an unknown payment', async () => {
      const res = await get(session.auth, 'imp_999999999999');
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    });

    it("answers another merchant's payment as if it did not exist", async () => {
      const other = await signedIn(t);
      const res = await get(other.auth);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    });

    it('answers 401 before 404: the route is matched, then the token checked', async () => {
      const res = await get({}, 'imp_999999999999');
      expect(res.status).toBe(401);
    });

    it('answers 405 for another method on the payment path', async () => {
      const res = await t.request({ method: 'POST', url: `/payments/${impUid}`, headers: session.auth });
      expect(res.status).toBe(405);
      expect(res.body).toEqual(portoneError('Method Not Allowed'));
    });
  },
);
