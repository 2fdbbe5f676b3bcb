import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { escrowBody, paymentwallBody } from '../support/fixtures.js';
import { createPayment, portoneError, signedIn } from '../support/portone.js';
import { engines, sharedDatabaseUrl, type TestApp, testApp } from '../support/server.js';

const refused = (message: string) => ({ code: 1, message, response: null });

describe.each(engines)('POST /payments/cancel ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let session: Awaited<ReturnType<typeof signedIn>>;
  let payment: { imp_uid: string; merchant_uid: string };
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    session = await signedIn(t);
    payment = await createPayment(t, session.merchant, { amount: 10000, merchant_uid: 'order-1' });
  });
  afterEach(() => t.close());

  const cancel = (
    payload: Record<string, unknown> | string,
    options: { url?: string; form?: boolean } = {},
  ) =>
    t.request({
      method: 'POST',
      url: options.url ?? '/payments/cancel',
      headers: {
        ...session.auth,
        ...(options.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      payload,
    });
  const read = async (impUid = payment.imp_uid) =>
    (await t.request({ method: 'GET', url: `/payments/${impUid}`, headers: session.auth })).body.response;

  it('cancels in full by imp_uid', async () => {
    const res = await cancel({ imp_uid: payment.imp_uid, reason: '고객 변심' });
    const now = Math.floor(t.clock.nowMs() / 1000);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(0);
    expect(res.body.message).toBeNull();
    const p = res.body.response;
    expect(p).toMatchObject({
      imp_uid: payment.imp_uid,
      status: 'cancelled',
      amount: 10000,
      cancel_amount: 10000,
      cancel_reason: '고객 변심',
      cancelled_at: now,
    });
    expect(p.cancel_history).toEqual([
      {
        pg_tid: expect.stringMatching(/^T[0-9a-f]{20}$/),
        amount: 10000,
        cancelled_at: now,
        reason: '고객 변심',
        cancellation_id: expect.any(String),
        receipt_url: null,
      },
    ]);
    expect(Object.keys(p.cancel_history[0])).toHaveLength(6);
    expect(await read()).toEqual(p);
  });

  it('cancels by merchant_uid; with both, imp_uid decides', async () => {
    const other = await createPayment(t, session.merchant, { amount: 5000, merchant_uid: 'order-2' });
    const byMerchantUid = await cancel({ merchant_uid: 'order-2' });
    expect(byMerchantUid.body.code).toBe(0);
    expect(byMerchantUid.body.response.imp_uid).toBe(other.imp_uid);
    const both = await cancel({ imp_uid: payment.imp_uid, merchant_uid: 'order-2', amount: 1000 });
    expect(both.body.code).toBe(0);
    expect(both.body.response.imp_uid).toBe(payment.imp_uid);
    expect((await read()).cancel_amount).toBe(1000);
  });

  it('takes /payments/cancel/, a form body, escrow_confirmed and extra[requester]', async () => {
    const slash = await cancel(
      { imp_uid: payment.imp_uid, amount: 1000, escrow_confirmed: false },
      { url: '/payments/cancel/' },
    );
    expect(slash.body.code).toBe(0);
    const form = await cancel(
      `imp_uid=${payment.imp_uid}&amount=1000&checksum=9000&reason=partial&extra%5Brequester%5D=customer&enable_webhook=false`,
      { form: true },
    );
    expect(form.status).toBe(200);
    expect(form.body.code).toBe(0);
    expect(form.body.response.cancel_amount).toBe(2000);
    const json = await cancel({
      imp_uid: payment.imp_uid,
      amount: '1000',
      extra: { requester: 'admin' },
      retain_promotion: 'true',
    });
    expect(json.body.code).toBe(0);
    expect(json.body.response.cancel_history.map((c: { amount: number }) => c.amount)).toEqual([
      1000, 1000, 1000,
    ]);
  });

  it('checks checksum against the balance: 1,000 of 10,000, then 9000 passes and 10000 is refused', async () => {
    expect((await cancel({ imp_uid: payment.imp_uid, amount: 1000 })).body.code).toBe(0);
    const before = await read();
    const wrong = await cancel({ imp_uid: payment.imp_uid, amount: 1000, checksum: 10000 });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toEqual(refused('취소 가능 잔액(9000)과 checksum(10000)이 일치하지 않습니다.'));
    expect(await read()).toEqual(before);
    const right = await cancel({ imp_uid: payment.imp_uid, amount: 1000, checksum: 9000 });
    expect(right.body.code).toBe(0);
    expect(right.body.response.cancel_amount).toBe(2000);
    expect(right.body.response.status).toBe('paid');
  });

  it('refuses an amount over the balance; amount 0 takes the whole balance', async () => {
    await cancel({ imp_uid: payment.imp_uid, amount: 4000 });
    const over = await cancel({ imp_uid: payment.imp_uid, amount: 7000 });
    expect(over.status).toBe(200);
    expect(over.body).toEqual(refused('취소 요청 금액(7000)이 취소 가능 잔액(6000)을 초과합니다.'));
    const rest = await cancel({ imp_uid: payment.imp_uid, amount: 0 });
    expect(rest.body.code).toBe(0);
    expect(rest.body.response).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });
    expect(rest.body.response.cancel_history.map((c: { amount: number }) => c.amount)).toEqual([4000, 6000]);
  });

  it('becomes cancelled once partial cancels reach the amount', async () => {
    for (const amount of [3000, 3000, 4000]) {
      expect((await cancel({ imp_uid: payment.imp_uid, amount })).body.code).toBe(0);
    }
    expect(await read()).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });
  });

  it('answers refusals HTTP 200 with code 1 and the exact text', async () => {
    await cancel({ imp_uid: payment.imp_uid });
    expect(await cancel({ imp_uid: payment.imp_uid })).toMatchObject({
      status: 200,
      body: refused('이미 전액취소된 주문입니다.'),
    });
    expect(await cancel({ imp_uid: 'imp_000000000000' })).toMatchObject({
      status: 200,
      body: refused('취소할 결제건이 존재하지 않습니다.'),
    });
    expect(await cancel({ merchant_uid: 'nope' })).toMatchObject({
      status: 200,
      body: refused('취소할 결제건이 존재하지 않습니다.'),
    });
    const neither = await cancel({ amount: 1000 });
    expect(neither.status).toBe(200);
    expect(neither.body).toEqual(refused('imp_uid 또는 merchant_uid를 지정해주셔야합니다.'));
    expect(neither.body.message.endsWith('지정해주셔야합니다.')).toBe(true);
    expect((await cancel('')).body).toEqual(refused(messages.cancel.noUid));
  });

  it("answers another merchant's payment as unknown", async () => {
    const other = await signedIn(t);
    const theirs = await createPayment(t, other.merchant, { amount: 1000 });
    const res = await cancel({ imp_uid: theirs.imp_uid });
    expect(res.body).toEqual(refused('취소할 결제건이 존재하지 않습니다.'));
  });

  it('refuses a ready payment with its status, and a tax_free above the amount', async () => {
    const ready = await createPayment(t, session.merchant, { status: 'ready' });
    const res = await cancel({ imp_uid: ready.imp_uid });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(refused('결제완료 상태의 거래건이 아닙니다. (ready)'));
    const taxFree = await cancel({ imp_uid: payment.imp_uid, amount: 1000, tax_free: 2000 });
    expect(taxFree.body).toEqual(refused('면세금액(2000)이 취소 요청 금액(1000)을 초과합니다.'));
    expect((await read()).cancel_amount).toBe(0);
  });

  it.each([
    ['amount', { amount: 'abc' }],
    ['amount', { amount: -1 }],
    ['checksum', { checksum: 'x' }],
    ['tax_free', { tax_free: -5 }],
    ['vat_amount', { vat_amount: '1.5' }],
    ['enable_webhook', { enable_webhook: 'yes' }],
  ])('refuses a bad %s with 400 naming it, changing nothing', async (field, body) => {
    const res = await cancel({ imp_uid: payment.imp_uid, ...body });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(-1);
    expect(res.body.response).toBeNull();
    expect(res.body.message).toContain(field);
    expect((await read()).cancel_amount).toBe(0);
  });

  it('refuses a malformed body and another content type with 400', async () => {
    const malformed = await t.request({
      method: 'POST',
      url: '/payments/cancel',
      headers: { ...session.auth, 'content-type': 'application/json' },
      payload: '{',
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe(-1);
    const text = await t.request({
      method: 'POST',
      url: '/payments/cancel',
      headers: { ...session.auth, 'content-type': 'text/plain' },
      payload: 'imp_uid',
    });
    expect(text.status).toBe(400);
    expect(text.body.message).toContain('text/plain');
    expect((await read()).cancel_amount).toBe(0);
  });

  it('needs a token, and answers other methods 405', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/payments/cancel',
      payload: { imp_uid: payment.imp_uid },
    });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(portoneError('Unauthorized'));
    const get = await t.request({ method: 'GET', url: '/payments/cancel', headers: session.auth });
    expect(get.status).toBe(405);
    expect(get.body).toEqual(portoneError('Method Not Allowed'));
  });

  it('20 concurrent cancels of 1,000 on 10,000: 10 succeed, the cancelled sum is 10,000', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => cancel({ imp_uid: payment.imp_uid, amount: 1000 })),
    );
    expect(answers.filter((a) => a.body.code === 0)).toHaveLength(10);
    for (const loser of answers.filter((a) => a.body.code !== 0)) {
      expect([messages.cancel.alreadyCancelled, messages.cancel.overBalance(1000, 0)]).toContain(
        loser.body.message,
      );
    }
    const after = await read();
    expect(after).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });
    expect(after.cancel_history).toHaveLength(10);
  });

  it('of 5 concurrent partial cancels with the same checksum, exactly one succeeds', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => cancel({ imp_uid: payment.imp_uid, amount: 1000, checksum: 10000 })),
    );
    expect(answers.filter((a) => a.body.code === 0)).toHaveLength(1);
    for (const loser of answers.filter((a) => a.body.code !== 0)) {
      expect(loser.body).toEqual(refused(messages.cancel.checksumMismatch(9000, 10000)));
    }
    expect((await read()).cancel_amount).toBe(1000);
  });

  describe('escrow and Paymentwall after a cancel', () => {
    it('a full cancel makes every escrow method and Paymentwall 409, and keeps the deliveries', async () => {
      const escrowPayment = await createPayment(t, session.merchant, { pg_provider: 'kcp', escrow: true });
      const logis = `/escrows/logis/${escrowPayment.imp_uid}`;
      const registered = await t.request({
        method: 'POST',
        url: logis,
        headers: session.auth,
        payload: escrowBody('kcp'),
      });
      expect(registered.status).toBe(200);
      const pw = await createPayment(t, session.merchant, { pg_provider: 'paymentwall', escrow: false });
      const pwBody = paymentwallBody(pw);
      expect(
        (
          await t.request({
            method: 'POST',
            url: '/paymentwall/delivery',
            headers: session.auth,
            payload: pwBody,
          })
        ).status,
      ).toBe(200);

      // A partial cancel changes neither.
      expect((await cancel({ imp_uid: escrowPayment.imp_uid, amount: 100 })).body.code).toBe(0);
      expect((await t.request({ method: 'GET', url: logis, headers: session.auth })).status).toBe(200);

      expect((await cancel({ imp_uid: escrowPayment.imp_uid })).body.code).toBe(0);
      expect((await cancel({ imp_uid: pw.imp_uid })).body.code).toBe(0);
      const notPaid = portoneError('결제완료 상태의 거래건이 아닙니다. (cancelled)');
      for (const method of ['POST', 'PUT'] as const) {
        const res = await t.request({
          method,
          url: logis,
          headers: session.auth,
          payload: escrowBody('kcp'),
        });
        expect(res.status).toBe(409);
        expect(res.body).toEqual(notPaid);
      }
      const got = await t.request({ method: 'GET', url: logis, headers: session.auth });
      expect(got.status).toBe(409);
      expect(got.body).toEqual(notPaid);
      const pwAfter = await t.request({
        method: 'POST',
        url: '/paymentwall/delivery',
        headers: session.auth,
        payload: pwBody,
      });
      expect(pwAfter.status).toBe(409);
      expect(pwAfter.body).toEqual(notPaid);

      const deliveries = await t.request({
        method: 'GET',
        url: `/sandbox/payments/${escrowPayment.imp_uid}/deliveries`,
      });
      expect(deliveries.body.escrow.logis.invoice).toBe('4321');
      const pwDeliveries = await t.request({
        method: 'GET',
        url: `/sandbox/payments/${pw.imp_uid}/deliveries`,
      });
      expect(pwDeliveries.body.paymentwall).toHaveLength(1);
    });
  });

  describe('the sandbox console cancel', () => {
    it('cancels by the same rules, answering the bare payment, and its refusals 409 with the same message', async () => {
      const res = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${payment.imp_uid}/cancel`,
        payload: { amount: 4000, reason: 'console' },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        imp_uid: payment.imp_uid,
        status: 'paid',
        cancel_amount: 4000,
        cancel_reason: 'console',
      });
      const wrong = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${payment.imp_uid}/cancel`,
        payload: { checksum: 10000 },
      });
      expect(wrong.status).toBe(409);
      expect(wrong.body).toEqual({ error: messages.cancel.checksumMismatch(6000, 10000) });
      const rest = await t.request({ method: 'POST', url: `/sandbox/payments/${payment.imp_uid}/cancel` });
      expect(rest.status).toBe(200);
      expect(rest.body.status).toBe('cancelled');
      const again = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${payment.imp_uid}/cancel`,
        payload: {},
      });
      expect(again.status).toBe(409);
      expect(again.body).toEqual({ error: '이미 전액취소된 주문입니다.' });
      const bad = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${payment.imp_uid}/cancel`,
        payload: { amount: 'x' },
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error).toContain('amount');
      const unknown = await t.request({
        method: 'POST',
        url: '/sandbox/payments/imp_000000000000/cancel',
        payload: {},
      });
      expect(unknown.status).toBe(404);
    });
  });
});

describe.each(engines)(
  'POST /payments/cancel on two instances of one database ($name)',
  ({ databaseUrl }) => {
    let place: { url: string; remove(): Promise<void> };
    let servers: RunningServer[];
    beforeAll(async () => {
      place = sharedDatabaseUrl(databaseUrl);
      servers = [];
      for (let i = 0; i < 2; i++)
        servers.push(await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' }));
    });
    afterAll(async () => {
      for (const server of servers ?? []) await server.close();
      await place?.remove();
    });

    const call = async (base: string, path: string, body: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
      return { status: res.status, body: (await res.json()) as any };
    };

    it('20 concurrent cancels of 1,000 on 10,000 across both: 10 succeed; equal checksums: one', async () => {
      const [a, b] = servers.map((s) => s.url) as [string, string];
      const merchant = (await call(a, '/sandbox/merchants', {})).body;
      const token = (
        await call(b, '/users/getToken', { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret })
      ).body.response.access_token;
      const auth = { authorization: token };
      const pay = async () =>
        (await call(a, '/sandbox/payments', { imp_key: merchant.imp_key, pg_provider: 'kcp', amount: 10000 }))
          .body.imp_uid;

      const first = await pay();
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          call(i % 2 ? a : b, '/payments/cancel', { imp_uid: first, amount: 1000 }, auth),
        ),
      );
      expect(answers.filter((x) => x.body.code === 0)).toHaveLength(10);
      const read = (await fetch(`${a}/payments/${first}`, { headers: auth }).then((r) => r.json())) as {
        response: unknown;
      };
      expect(read.response).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });

      const second = await pay();
      const same = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          call(i % 2 ? a : b, '/payments/cancel', { imp_uid: second, amount: 1000, checksum: 10000 }, auth),
        ),
      );
      expect(same.filter((x) => x.body.code === 0)).toHaveLength(1);
    });
  },
);

describe.each(engines)('the new PortOne routes and the control plane ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
  });
  afterEach(() => t.close());

  it('are in /openapi.json with their schemas', async () => {
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
    const expected: [string, string][] = [
      ['/payments/find/{merchant_uid}', 'get'],
      ['/payments/find/{merchant_uid}/{payment_status}', 'get'],
      ['/payments', 'get'],
      ['/payments/', 'get'],
      ['/payments/prepare', 'post'],
      ['/payments/prepare', 'put'],
      ['/payments/prepare/{merchant_uid}', 'get'],
      ['/payments/cancel', 'post'],
      ['/payments/cancel/', 'post'],
      ['/sandbox/payments/{imp_uid}/paid', 'post'],
      ['/sandbox/payments/{imp_uid}/cancel', 'post'],
      ['/sandbox/merchants/{imp_key}/webhook', 'put'],
      ['/sandbox/merchants/{imp_key}/webhook', 'get'],
      ['/sandbox/merchants/{imp_key}/webhook', 'delete'],
      ['/sandbox/webhooks', 'get'],
      ['/sandbox/webhooks/{id}', 'get'],
      ['/sandbox/webhooks/{id}/replay', 'post'],
    ];
    for (const [path, method] of expected) {
      const op = doc.paths[path]?.[method];
      expect(op, `${method} ${path}`).toBeDefined();
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
    }
    expect(doc.paths['/payments/cancel'].post.requestBody.content).toHaveProperty(
      'application/x-www-form-urlencoded',
    );
    const payment = doc.paths['/payments/{imp_uid}'].get.responses['200'].content['application/json'].schema;
    expect(Object.keys(payment.properties.response.properties)).toEqual(
      expect.arrayContaining(['cancel_history', 'cancel_reason', 'vbank_num', 'vbank_date']),
    );
  });

  it('are journaled, an alias path under the route it stands for, and faultable', async () => {
    const session = await signedIn(t);
    const payment = await createPayment(t, session.merchant, { amount: 3000 });
    const fault = await t.request({
      method: 'POST',
      url: '/sandbox/faults',
      payload: { match: { route: 'POST /payments/cancel' }, action: 'status', status: 503, times: 1 },
    });
    expect(fault.status).toBe(201);
    const faulted = await t.request({
      method: 'POST',
      url: '/payments/cancel/',
      headers: session.auth,
      payload: { imp_uid: payment.imp_uid, amount: 1000 },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.body).toEqual(portoneError('Service Unavailable'));
    const read = await t.request({
      method: 'GET',
      url: `/payments/${payment.imp_uid}`,
      headers: session.auth,
    });
    expect(read.body.response.cancel_amount).toBe(0);
    await t.request({ method: 'GET', url: '/payments/find/nope/undefined', headers: session.auth });
    const journal = (await t.request({ method: 'GET', url: '/sandbox/requests?limit=1000' })).body.requests;
    expect(journal.find((e: { path: string }) => e.path === '/payments/cancel/')).toMatchObject({
      route: 'POST /payments/cancel',
      fault: fault.body.id,
      response: { status: 503 },
    });
    expect(journal.find((e: { path: string }) => e.path === '/payments/find/nope/undefined')).toMatchObject({
      route: 'GET /payments/find/{merchant_uid}/{payment_status}',
      tenant: { merchant: session.merchant.imp_key },
    });
  });
});
