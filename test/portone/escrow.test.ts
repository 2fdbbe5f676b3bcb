import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { escrowBody } from '../support/fixtures.js';
import { createPayment, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const invalid = (...problems: string[]) =>
  portoneError(`배송정보가 올바르지 않습니다: ${problems.join('; ')}`);

describe.each(engines)('/escrows/logis/{imp_uid} ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let session: Awaited<ReturnType<typeof signedIn>>;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    session = await signedIn(t);
  });
  afterEach(() => t.close());

  const pay = (body: Record<string, unknown> = {}) => createPayment(t, session.merchant, body);
  const call = (
    method: 'POST' | 'PUT' | 'GET' | 'DELETE' | 'PATCH',
    impUid: string,
    payload?: unknown,
    headers = {},
  ) =>
    t.request({
      method,
      url: `/escrows/logis/${impUid}`,
      headers: { ...session.auth, ...headers },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });
  const deliveries = async (impUid: string) =>
    (await t.request({ method: 'GET', url: `/sandbox/payments/${impUid}/deliveries` })).body;
  const now = () => Math.floor(t.clock.nowMs() / 1000);

  describe('registration per PG', () => {
    it.each(['html5_inicis', 'kcp', 'daou'] as const)(
      'registers, reads and changes a %s delivery',
      async (pg) => {
        const { imp_uid } = await pay({ pg_provider: pg });
        const body = escrowBody(pg);
        const posted = await call('POST', imp_uid, body);
        expect(posted.status).toBe(200);
        expect(posted.body).toEqual({
          code: 0,
          message: null,
          response: {
            company: body.logis.company,
            invoice: body.logis.invoice,
            sent_at: body.logis.sent_at,
            applied_at: now(),
          },
        });

        t.clock.advanceSeconds(90);
        const read = await call('GET', imp_uid);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(posted.body);

        const changed = { ...body, logis: { ...body.logis, invoice: '999000111', company: 'LOGEN' } };
        const put = await call('PUT', imp_uid, changed);
        expect(put.status).toBe(200);
        expect(put.body.response).toEqual({
          company: 'LOGEN',
          invoice: '999000111',
          sent_at: body.logis.sent_at,
          applied_at: now(),
        });
        expect((await call('GET', imp_uid)).body).toEqual(put.body);

        const stored = await deliveries(imp_uid);
        expect(stored.escrow).toEqual({
          sender: body.sender,
          receiver: body.receiver,
          logis: { ...changed.logis },
          applied_at: now(),
        });
        expect(stored.paymentwall).toEqual([]);
      },
    );

    it('stores and returns an unknown courier code as ETC', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, {
        ...escrowBody('kcp'),
        logis: { ...escrowBody('kcp').logis, company: '시옷' },
      });
      expect(res.status).toBe(200);
      expect(res.body.response.company).toBe('ETC');
      expect((await deliveries(imp_uid)).escrow.logis.company).toBe('ETC');
    });

    it('accepts every courier code of the table as it is', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      expect((await call('POST', imp_uid, escrowBody('kcp'))).status).toBe(200);
      for (const company of [
        'HYUNDAI',
        'HANARO',
        'SAGAWA',
        'YELLOWCAP',
        'DONGBU',
        'REGISTPOST',
        'CVSNET',
        'HONAM',
        'KOREX',
      ]) {
        const res = await call('PUT', imp_uid, {
          ...escrowBody('kcp'),
          logis: { ...escrowBody('kcp').logis, company },
        });
        expect(res.body.response.company).toBe(company);
      }
    });
  });

  describe('checks, in order', () => {
    it('1. answers 401 without a token, before anything else', async () => {
      const res = await t.request({
        method: 'POST',
        url: '/escrows/logis/imp_000000000000',
        payload: '{bad',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(portoneError('Unauthorized'));
    });

    it('2. answers 404 for an unknown payment', async () => {
      for (const method of ['POST', 'PUT', 'GET'] as const) {
        const res = await call(method, 'imp_123456789012', method === 'GET' ? undefined : escrowBody('kcp'));
        expect(res.status).toBe(404);
        expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
      }
    });

    it("2. answers 404 for another merchant's payment", async () => {
      const other = await signedIn(t);
      const theirs = await createPayment(t, other.merchant, { pg_provider: 'kcp' });
      const res = await call('POST', theirs.imp_uid, escrowBody('kcp'));
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError(messages.paymentNotFound));
      expect((await deliveries(theirs.imp_uid)).escrow).toBeNull();
    });

    it('3. answers 400 for a PG without escrow delivery support, naming it, before the body', async () => {
      const { imp_uid } = await pay({ pg_provider: 'tosspayments' });
      const res = await call('POST', imp_uid, 'not json', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        portoneError('에스크로 배송정보 등록을 지원하지 않는 PG사입니다. (tosspayments)'),
      );
      expect((await call('GET', imp_uid)).body).toEqual(
        portoneError(messages.escrowUnsupportedPg('tosspayments')),
      );
    });

    it('4. lists every missing field of KG INICIS, each with its path', async () => {
      const { imp_uid } = await pay();
      const res = await call('POST', imp_uid, { sender: {}, receiver: {}, logis: {} });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        invalid(
          'sender.name is required',
          'sender.tel is required',
          'sender.addr is required',
          'sender.postcode is required',
          'receiver.name is required',
          'receiver.tel is required',
          'receiver.addr is required',
          'receiver.postcode is required',
          'logis.company is required',
          'logis.invoice is required',
          'logis.sent_at is required',
        ),
      );
    });

    it('4. requires only company, invoice and sent_at for NHN KCP', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, { sender: {}, receiver: {}, logis: { invoice: '' } });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        invalid('logis.company is required', 'logis.invoice is required', 'logis.sent_at is required'),
      );
    });

    it('4. requires relationship, receiving_at and address for PAYJOA', async () => {
      const { imp_uid } = await pay({ pg_provider: 'daou' });
      const res = await call('POST', imp_uid, {
        sender: {},
        receiver: {},
        logis: { company: 'CJGLS', invoice: '1', sent_at: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        invalid(
          'sender.relationship is required',
          'logis.receiving_at is required',
          'logis.address is required',
        ),
      );
    });

    it.each([
      ['a JSON array', []],
      ['a JSON string', '"text"'],
      ['JSON null', 'null'],
      ['malformed JSON', '{"sender":'],
      ['no body at all', undefined],
    ])('4. refuses %s as body', async (_case, payload) => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, payload, { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid('body must be a JSON object'));
    });

    it('4. refuses a form body, naming its content type', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, 'logis[company]=CJGLS', {
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        invalid(
          'body must be a JSON object (Content-Type application/x-www-form-urlencoded is not accepted here; send application/json)',
        ),
      );
    });

    it('4. refuses text/plain, naming it (400, never 415)', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('PUT', imp_uid, 'hello', { 'content-type': 'text/plain' });
      expect(res.status).toBe(400);
      expect(res.body.message).toContain('text/plain');
      expect(res.body.message).toMatch(/^배송정보가 올바르지 않습니다: body must be a JSON object/);
    });

    it('4. refuses missing objects and objects of the wrong type', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, { sender: [], receiver: 'me', logis: null });
      expect(res.body).toEqual(
        invalid('sender must be an object', 'receiver must be an object', 'logis must be an object'),
      );
      const missing = await call('POST', imp_uid, { logis: escrowBody('kcp').logis });
      expect(missing.body).toEqual(invalid('sender is required', 'receiver is required'));
    });

    it.each([
      ['a numeric string', '1700000000'],
      ['a fraction', 1.5],
      ['zero', 0],
      ['a negative number', -5],
      ['a boolean', true],
    ])('4. refuses sent_at as %s: types are strict', async (_case, sent_at) => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      const res = await call('POST', imp_uid, {
        ...escrowBody('kcp'),
        logis: { ...escrowBody('kcp').logis, sent_at },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(invalid('logis.sent_at must be a positive integer'));
    });

    it('4. refuses fields of the wrong type, never coercing', async () => {
      const { imp_uid } = await pay();
      const body = escrowBody('html5_inicis');
      const res = await call('POST', imp_uid, {
        sender: { ...body.sender, postcode: 4524 },
        receiver: { ...body.receiver, name: null },
        logis: { ...body.logis, invoice: 123456789012 },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        invalid(
          'sender.postcode must be a string',
          'receiver.name must be a string',
          'logis.invoice must be a string',
        ),
      );
    });

    it.each(['20260230', '2026-11-25', '20261325', '2026112', 'tomorrow'])(
      '4. refuses receiving_at %s, which is not a real YYYYMMDD date',
      async (receiving_at) => {
        const { imp_uid } = await pay({ pg_provider: 'daou' });
        const res = await call('POST', imp_uid, {
          ...escrowBody('daou'),
          logis: { ...escrowBody('daou').logis, receiving_at },
        });
        expect(res.status).toBe(400);
        expect(res.body).toEqual(invalid('logis.receiving_at must be a real date in YYYYMMDD form'));
      },
    );

    it('4. takes a leap day', async () => {
      const { imp_uid } = await pay({ pg_provider: 'daou' });
      const res = await call('POST', imp_uid, {
        ...escrowBody('daou'),
        logis: { ...escrowBody('daou').logis, receiving_at: '20280229' },
      });
      expect(res.status).toBe(200);
    });

    it('4. checks the body before the payment state', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp', escrow: false });
      const res = await call('POST', imp_uid, { sender: {}, receiver: {}, logis: {} });
      expect(res.body.message).toBe(
        '배송정보가 올바르지 않습니다: logis.company is required; logis.invoice is required; logis.sent_at is required',
      );
    });

    it('5. answers 409 for a payment that is not escrow', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp', escrow: false });
      for (const method of ['POST', 'PUT', 'GET'] as const) {
        const res = await call(method, imp_uid, method === 'GET' ? undefined : escrowBody('kcp'));
        expect(res.status).toBe(409);
        expect(res.body).toEqual(portoneError('에스크로 결제건이 아닙니다.'));
      }
    });

    it.each(['ready', 'cancelled', 'failed'])('5. answers 409 for a payment that is %s', async (status) => {
      const { imp_uid } = await pay({ pg_provider: 'kcp', status });
      const res = await call('POST', imp_uid, escrowBody('kcp'));
      expect(res.status).toBe(409);
      expect(res.body).toEqual(portoneError(`결제완료 상태의 거래건이 아닙니다. (${status})`));
      expect((await deliveries(imp_uid)).escrow).toBeNull();
    });

    it('6. refuses a second POST and keeps the first delivery', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      expect((await call('POST', imp_uid, escrowBody('kcp'))).status).toBe(200);
      const again = await call('POST', imp_uid, {
        ...escrowBody('kcp'),
        logis: { ...escrowBody('kcp').logis, invoice: 'other' },
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual(portoneError('이미 배송정보가 등록된 거래건입니다.'));
      expect((await call('GET', imp_uid)).body.response.invoice).toBe('4321');
    });

    it('6. answers 409 to PUT and GET before any registration', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      for (const [method, body] of [
        ['PUT', escrowBody('kcp')],
        ['GET', undefined],
      ] as const) {
        const res = await call(method, imp_uid, body);
        expect(res.status).toBe(409);
        expect(res.body).toEqual(portoneError('등록된 배송정보가 존재하지 않습니다.'));
      }
      expect((await deliveries(imp_uid)).escrow).toBeNull();
    });

    it('refuses an invalid PUT and keeps the delivery as it was', async () => {
      const { imp_uid } = await pay({ pg_provider: 'kcp' });
      await call('POST', imp_uid, escrowBody('kcp'));
      const before = await deliveries(imp_uid);
      t.clock.advanceSeconds(10);
      const res = await call('PUT', imp_uid, { ...escrowBody('kcp'), logis: { company: 'CJGLS' } });
      expect(res.status).toBe(400);
      expect(await deliveries(imp_uid)).toEqual(before);
    });
  });

  it('answers 405 in the envelope for other methods', async () => {
    const { imp_uid } = await pay({ pg_provider: 'kcp' });
    for (const method of ['DELETE', 'PATCH'] as const) {
      const res = await call(method, imp_uid);
      expect(res.status).toBe(405);
      expect(res.body).toEqual(portoneError('Method Not Allowed'));
    }
  });

  it('gives twenty concurrent POSTs for one payment one 200 and nineteen 409s', async () => {
    const { imp_uid } = await pay({ pg_provider: 'kcp' });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call('POST', imp_uid, escrowBody('kcp'))),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const a of answers.filter((x) => x.status === 409)) {
      expect(a.body).toEqual(portoneError(messages.escrowAlreadyRegistered));
    }
  });
});
