import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPayment, type Merchant, signedIn } from '../support/portone.js';
import { closedPort } from '../support/processes.js';
import { engines, type TestApp, testApp } from '../support/server.js';
import { eventually, type Receiver, startReceiver } from '../support/webhook-receiver.js';

describe.each(engines)('the merchant webhook ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let receiver: Receiver;
  let session: Awaited<ReturnType<typeof signedIn>>;
  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    receiver = await startReceiver();
    session = await signedIn(t);
  });
  afterEach(async () => {
    await t.close();
    await receiver.close();
  });

  const setWebhook = (merchant: Merchant, body: Record<string, unknown>) =>
    t.request({ method: 'PUT', url: `/sandbox/merchants/${merchant.imp_key}/webhook`, payload: body });
  const records = async (query = '') =>
    (await t.request({ method: 'GET', url: `/sandbox/webhooks${query}` })).body;
  /** The webhooks of a payment once they are all finished (none pending). */
  const settled = (impUid: string, count = 1) =>
    eventually(
      () => records(`?imp_uid=${impUid}`),
      (list) =>
        list.webhooks.length >= count && list.webhooks.every((w: { state: string }) => w.state !== 'pending'),
    ).then((list) => list.webhooks);

  describe('settings', () => {
    it('sets, reads and removes the setting, defaults filled in and timeouts merged', async () => {
      const put = await setWebhook(session.merchant, {
        url: `${receiver.url}/hook`,
        timeouts: { readMs: 500 },
      });
      expect(put.status).toBe(200);
      const expected = {
        url: `${receiver.url}/hook`,
        contentType: 'json',
        retry: false,
        timeouts: { connectMs: 10000, readMs: 500, retryTotalMs: 15000 },
      };
      expect(put.body).toEqual(expected);
      const url = `/sandbox/merchants/${session.merchant.imp_key}/webhook`;
      expect(await t.request({ method: 'GET', url })).toMatchObject({ status: 200, body: expected });
      expect(await t.request({ method: 'DELETE', url })).toMatchObject({
        status: 200,
        body: { deleted: true },
      });
      expect((await t.request({ method: 'GET', url })).status).toBe(404);
      expect((await t.request({ method: 'DELETE', url })).status).toBe(404);
    });

    it.each([
      ['a URL that is not http(s)', { url: 'ftp://example.com/hook' }, 'url'],
      ['a relative URL', { url: '/hook' }, 'url'],
      ['a URL over 2,048 characters', { url: `http://example.com/${'a'.repeat(2040)}` }, 'url'],
      ['a timeout below 100', { url: 'http://example.com', timeouts: { readMs: 99 } }, 'readMs'],
      ['a timeout above 60,000', { url: 'http://example.com', timeouts: { connectMs: 60001 } }, 'connectMs'],
      ['another content type', { url: 'http://example.com', contentType: 'xml' }, 'contentType'],
      ['an unknown field', { url: 'http://example.com', secret: 'x' }, 'additional'],
    ])('refuses %s with 400, storing nothing', async (_case, body, named) => {
      const res = await setWebhook(session.merchant, body);
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(named);
      const get = await t.request({
        method: 'GET',
        url: `/sandbox/merchants/${session.merchant.imp_key}/webhook`,
      });
      expect(get.status).toBe(404);
    });

    it('answers 404 for an unknown merchant', async () => {
      const res = await setWebhook({ ...session.merchant, imp_key: 'nobody' }, { url: 'http://example.com' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: 'no merchant has imp_key nobody' });
    });

    it("refuses a payment's notice_url that is not an absolute http(s) URL", async () => {
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/payments',
        payload: { imp_key: session.merchant.imp_key, pg_provider: 'kcp', notice_url: 'mailto:a@b.c' },
      });
      expect(res.status).toBe(400);
      expect(res.body.error).toContain('notice_url');
      expect((await t.request({ method: 'GET', url: '/sandbox/payments' })).body.payments).toEqual([]);
    });
  });

  describe('events', () => {
    it('sends one POST with a JSON body of exactly three fields when a payment is paid', async () => {
      await setWebhook(session.merchant, { url: `${receiver.url}/hook` });
      const payment = await createPayment(t, session.merchant, { merchant_uid: 'order-1' });
      const [got] = await receiver.waitFor(1);
      expect(got?.method).toBe('POST');
      expect(got?.path).toBe('/hook');
      expect(got?.headers['content-type']).toBe('application/json');
      expect(got?.headers['user-agent']).toBe('baesong-webhook');
      expect(JSON.parse(got?.body ?? '')).toEqual({
        imp_uid: payment.imp_uid,
        merchant_uid: 'order-1',
        status: 'paid',
      });
      const [record] = await settled(payment.imp_uid);
      expect(record).toMatchObject({
        id: expect.any(String),
        imp_key: session.merchant.imp_key,
        imp_uid: payment.imp_uid,
        merchant_uid: 'order-1',
        status: 'paid',
        url: `${receiver.url}/hook`,
        contentType: 'json',
        body: { imp_uid: payment.imp_uid, merchant_uid: 'order-1', status: 'paid' },
        state: 'delivered',
        createdAt: new Date(t.clock.nowMs()).toISOString(),
        nextAttemptAt: null,
      });
      expect(record.attempts).toEqual([
        { at: expect.any(String), status: 200, durationMs: expect.any(Number), error: null },
      ]);
      expect(receiver.received).toHaveLength(1);
    });

    it('sends a form body with the same fields when the setting says form', async () => {
      await setWebhook(session.merchant, { url: receiver.url, contentType: 'form' });
      const payment = await createPayment(t, session.merchant, { merchant_uid: 'order-form' });
      const [got] = await receiver.waitFor(1);
      expect(got?.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(Object.fromEntries(new URLSearchParams(got?.body))).toEqual({
        imp_uid: payment.imp_uid,
        merchant_uid: 'order-form',
        status: 'paid',
      });
    });

    it("sends to the payment's notice_url rather than the merchant's URL", async () => {
      await setWebhook(session.merchant, { url: `${receiver.url}/merchant` });
      const payment = await createPayment(t, session.merchant, { notice_url: `${receiver.url}/payment` });
      const [got] = await receiver.waitFor(1);
      expect(got?.path).toBe('/payment');
      await settled(payment.imp_uid);
      expect(receiver.received).toHaveLength(1);
      const listing = await t.request({ method: 'GET', url: '/sandbox/payments' });
      expect(listing.body.payments[0].notice_url).toBe(`${receiver.url}/payment`);
      // PortOne's own object has no such field.
      const read = await t.request({
        method: 'GET',
        url: `/payments/${payment.imp_uid}`,
        headers: session.auth,
      });
      expect(read.body.response).not.toHaveProperty('notice_url');
    });

    it('sends ready for an issued virtual account, then paid on its deposit, with its vbank fields', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const payment = await createPayment(t, session.merchant, {
        pay_method: 'vbank',
        status: 'ready',
        name: 'v',
      });
      expect(JSON.parse((await receiver.waitFor(1))[0]?.body ?? '').status).toBe('ready');
      const now = Math.floor(t.clock.nowMs() / 1000);
      expect(payment).toMatchObject({
        pay_method: 'vbank',
        vbank_code: '004',
        vbank_name: 'KB국민은행',
        vbank_num: expect.stringMatching(/^\d{14}$/),
        vbank_holder: expect.stringMatching(/^shop|.+/),
        vbank_date: now + 3 * 24 * 3600,
        vbank_issued_at: now,
      });
      t.clock.advanceSeconds(30);
      const paid = await t.request({ method: 'POST', url: `/sandbox/payments/${payment.imp_uid}/paid` });
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ status: 'paid', paid_at: now + 30, vbank_num: payment.vbank_num });
      expect(paid.body).not.toHaveProperty('notice_url');
      const second = (await receiver.waitFor(2))[1];
      expect(JSON.parse(second?.body ?? '')).toEqual({
        imp_uid: payment.imp_uid,
        merchant_uid: payment.merchant_uid,
        status: 'paid',
      });
      const again = await t.request({ method: 'POST', url: `/sandbox/payments/${payment.imp_uid}/paid` });
      expect(again.status).toBe(409);
      expect(again.body.error).toContain('paid');
    });

    it('sends nothing for a failed payment, a card ready one, a cancelled one, nor an API cancel without enable_webhook', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const failed = await createPayment(t, session.merchant, { status: 'failed' });
      await createPayment(t, session.merchant, { status: 'ready' });
      await createPayment(t, session.merchant, { status: 'cancelled' });
      const paid = await createPayment(t, session.merchant, { amount: 5000 });
      await receiver.waitFor(1);
      const cancelled = await t.request({
        method: 'POST',
        url: '/payments/cancel',
        headers: session.auth,
        payload: { imp_uid: paid.imp_uid, amount: 1000 },
      });
      expect(cancelled.body.code).toBe(0);
      // Another event after them: once its webhook is in, nothing else was queued before it.
      const marker = await createPayment(t, session.merchant);
      await receiver.waitFor(2);
      await settled(marker.imp_uid);
      const all = (await records()).webhooks;
      expect(all.map((w: { imp_uid: string }) => w.imp_uid)).toEqual([marker.imp_uid, paid.imp_uid]);
      expect(all.every((w: { status: string }) => w.status === 'paid')).toBe(true);
      expect((await records(`?imp_uid=${failed.imp_uid}`)).webhooks).toEqual([]);
    });

    it('sends cancelled with cancellation_id for an API cancel with enable_webhook, and for every console cancel', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const paid = await createPayment(t, session.merchant, { amount: 5000 });
      await receiver.waitFor(1);
      const api = await t.request({
        method: 'POST',
        url: '/payments/cancel',
        headers: session.auth,
        payload: { imp_uid: paid.imp_uid, amount: 1000, enable_webhook: true },
      });
      const [first] = api.body.response.cancel_history;
      const apiHook = JSON.parse((await receiver.waitFor(2))[1]?.body ?? '');
      expect(apiHook).toEqual({
        imp_uid: paid.imp_uid,
        merchant_uid: paid.merchant_uid,
        status: 'cancelled',
        cancellation_id: first.cancellation_id,
      });
      const console_ = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${paid.imp_uid}/cancel`,
        payload: {},
      });
      expect(console_.status).toBe(200);
      const consoleHook = JSON.parse((await receiver.waitFor(3))[2]?.body ?? '');
      expect(consoleHook).toMatchObject({
        status: 'cancelled',
        cancellation_id: console_.body.cancel_history[1].cancellation_id,
      });
    });

    it('sends no API cancel webhook for a payment that had no URL when it was paid', async () => {
      const paid = await createPayment(t, session.merchant, { amount: 5000 });
      await setWebhook(session.merchant, { url: receiver.url });
      await t.request({
        method: 'POST',
        url: '/payments/cancel',
        headers: session.auth,
        payload: { imp_uid: paid.imp_uid, amount: 1000, enable_webhook: 'true' },
      });
      const console_ = await t.request({
        method: 'POST',
        url: `/sandbox/payments/${paid.imp_uid}/cancel`,
        payload: {},
      });
      expect(console_.status).toBe(200);
      await receiver.waitFor(1);
      await settled(paid.imp_uid);
      expect(receiver.received).toHaveLength(1);
      expect(JSON.parse(receiver.received[0]?.body ?? '').cancellation_id).toBe(
        console_.body.cancel_history[1].cancellation_id,
      );
    });

    it('lets the receiver read the payment changed when it re-reads it', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const seen: string[] = [];
      receiver.behave(async (_i, request) => {
        const { imp_uid } = JSON.parse(request.body);
        const read = await t.request({ method: 'GET', url: `/payments/${imp_uid}`, headers: session.auth });
        seen.push(read.body.response.status);
        return 200;
      });
      const payment = await createPayment(t, session.merchant, { pay_method: 'vbank', status: 'ready' });
      await settled(payment.imp_uid);
      await t.request({ method: 'POST', url: `/sandbox/payments/${payment.imp_uid}/paid` });
      await settled(payment.imp_uid, 2);
      await t.request({ method: 'POST', url: `/sandbox/payments/${payment.imp_uid}/cancel` });
      await settled(payment.imp_uid, 3);
      expect(seen).toEqual(['ready', 'paid', 'cancelled']);
    });
  });

  describe('delivery', () => {
    it('without retry: a 500 fails after one attempt, a 404 fails, a redirect is not followed', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      receiver.behave((i) => [500, 404, { redirect: `${receiver.url}/elsewhere` }][i] ?? 200);
      const payments = [];
      for (let i = 0; i < 3; i++) {
        payments.push(await createPayment(t, session.merchant));
        await settled(payments[i]!.imp_uid);
      }
      const [five, four, three] = await Promise.all(payments.map((p) => settled(p.imp_uid)));
      expect(five?.[0]).toMatchObject({ state: 'failed', attempts: [{ status: 500, error: null }] });
      expect(four?.[0]).toMatchObject({ state: 'failed', attempts: [{ status: 404, error: null }] });
      expect(three?.[0]).toMatchObject({ state: 'failed', attempts: [{ status: 302, error: null }] });
      expect(receiver.received.map((r) => r.path)).toEqual(['/', '/', '/']);
    });

    it('with retry: a 500 is tried again 60 s later by the sandbox clock, at most six times in all', async () => {
      await setWebhook(session.merchant, { url: receiver.url, retry: true });
      receiver.behave(() => 500);
      const payment = await createPayment(t, session.merchant);
      await receiver.waitFor(1);
      const pending = await eventually(
        () => records(`?imp_uid=${payment.imp_uid}`),
        (list) => list.webhooks[0]?.attempts.length === 1,
      );
      expect(pending.webhooks[0]).toMatchObject({
        state: 'pending',
        nextAttemptAt: new Date(t.clock.nowMs() + 60_000).toISOString(),
      });
      for (let attempt = 2; attempt <= 6; attempt++) {
        await t.request({ method: 'POST', url: '/sandbox/clock', payload: { advanceSeconds: 60 } });
        await receiver.waitFor(attempt);
        await eventually(
          () => records(`?imp_uid=${payment.imp_uid}`),
          (list) => list.webhooks[0]?.attempts.length === attempt,
        );
      }
      const [done] = await settled(payment.imp_uid);
      expect(done).toMatchObject({ state: 'failed', nextAttemptAt: null });
      expect(done.attempts).toHaveLength(6);
      // No seventh, however far the clock goes.
      await t.request({ method: 'POST', url: '/sandbox/clock', payload: { advanceSeconds: 600 } });
      const marker = await createPayment(t, session.merchant);
      receiver.behave(() => 200);
      await settled(marker.imp_uid);
      expect(receiver.received.filter((r) => r.body.includes(payment.imp_uid))).toHaveLength(6);
    });

    it('with retry: a 500, then a 200 on the next attempt, is delivered', async () => {
      await setWebhook(session.merchant, { url: receiver.url, retry: true });
      receiver.behave((i) => (i === 0 ? 500 : 200));
      const payment = await createPayment(t, session.merchant);
      await receiver.waitFor(1);
      await eventually(
        () => records(`?imp_uid=${payment.imp_uid}`),
        (l) => l.webhooks[0]?.attempts.length === 1,
      );
      await t.request({ method: 'POST', url: '/sandbox/clock', payload: { advanceSeconds: 60 } });
      const [done] = await settled(payment.imp_uid);
      expect(done.state).toBe('delivered');
      expect(done.attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
    });

    it('records a hanging receiver as a timeout, while other webhooks and requests go on', async () => {
      await setWebhook(session.merchant, { url: `${receiver.url}/slow`, timeouts: { readMs: 500 } });
      const quick = await startReceiver();
      try {
        receiver.behave(() => 'hang');
        const other = await signedIn(t);
        await setWebhook(other.merchant, { url: quick.url });
        const slow = await createPayment(t, session.merchant);
        await receiver.waitFor(1);
        // While it hangs: another merchant's webhook arrives, and the API answers.
        const fast = await createPayment(t, other.merchant);
        await quick.waitFor(1);
        expect((await settled(fast.imp_uid))[0].state).toBe('delivered');
        const read = await t.request({
          method: 'GET',
          url: `/payments/${slow.imp_uid}`,
          headers: session.auth,
        });
        expect(read.status).toBe(200);
        const [hung] = await settled(slow.imp_uid);
        expect(hung).toMatchObject({
          state: 'failed',
          attempts: [{ status: null, error: 'timeout: no answer in 500 ms' }],
        });
      } finally {
        await quick.close();
      }
    });

    it('records a reset connection and a refused one', async () => {
      receiver.behave(() => 'reset');
      await setWebhook(session.merchant, { url: receiver.url });
      const reset = await createPayment(t, session.merchant);
      const [resetRecord] = await settled(reset.imp_uid);
      expect(resetRecord.attempts[0]).toMatchObject({
        status: null,
        error: expect.stringMatching(/^reset: /),
      });
      await setWebhook(session.merchant, { url: `http://127.0.0.1:${await closedPort()}/` });
      const refused = await createPayment(t, session.merchant);
      const [refusedRecord] = await settled(refused.imp_uid);
      expect(refusedRecord.attempts[0]).toMatchObject({ status: null, error: 'refused: ECONNREFUSED' });
    });

    it('replays a finished webhook once, recorded on the same webhook, not retried', async () => {
      await setWebhook(session.merchant, { url: receiver.url, retry: true });
      receiver.behave((i) => (i === 0 ? 404 : 500));
      const payment = await createPayment(t, session.merchant);
      const [record] = await settled(payment.imp_uid);
      expect(record.attempts).toHaveLength(1);
      const replay = await t.request({ method: 'POST', url: `/sandbox/webhooks/${record.id}/replay` });
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: record.id, state: 'pending' });
      const second = (await receiver.waitFor(2))[1];
      expect(second?.body).toBe(receiver.received[0]?.body);
      const [after] = await settled(payment.imp_uid);
      expect(after).toMatchObject({ id: record.id, state: 'failed' });
      expect(after.attempts.map((a: { status: number }) => a.status)).toEqual([404, 500]);
      expect((await records()).webhooks).toHaveLength(1);
      expect((await t.request({ method: 'POST', url: '/sandbox/webhooks/999999/replay' })).status).toBe(404);
    });
  });

  describe('records', () => {
    it('lists newest first with filters and pages, reads one, and 404s an unknown id', async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const made = [];
      for (let i = 0; i < 3; i++) made.push(await createPayment(t, session.merchant));
      await Promise.all(made.map((p) => settled(p.imp_uid)));
      const first = await records('?limit=2');
      expect(first.webhooks.map((w: { imp_uid: string }) => w.imp_uid)).toEqual([
        made[2]?.imp_uid,
        made[1]?.imp_uid,
      ]);
      const second = await records(`?limit=2&cursor=${first.next}`);
      expect(second).toMatchObject({ webhooks: [{ imp_uid: made[0]?.imp_uid }], next: null });
      expect((await records(`?imp_key=${session.merchant.imp_key}&state=delivered`)).webhooks).toHaveLength(
        3,
      );
      expect((await records('?state=pending')).webhooks).toHaveLength(0);
      const one = await t.request({ method: 'GET', url: `/sandbox/webhooks/${first.webhooks[0].id}` });
      expect(one.body).toEqual(first.webhooks[0]);
      const unknown = await t.request({ method: 'GET', url: '/sandbox/webhooks/424242' });
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({ error: 'no webhook has id 424242' });
      for (const bad of ['?state=done', '?limit=0', '?nope=1', '?cursor=x']) {
        expect((await t.request({ method: 'GET', url: `/sandbox/webhooks${bad}` })).status).toBe(400);
      }
    });

    it("keeps webhooks out of the journal, and deletes a merchant's with the merchant", async () => {
      await setWebhook(session.merchant, { url: receiver.url });
      const payment = await createPayment(t, session.merchant);
      await settled(payment.imp_uid);
      const journal = await t.request({ method: 'GET', url: '/sandbox/requests?limit=1000' });
      expect(journal.body.requests.every((r: { path: string }) => !r.path.startsWith('/sandbox'))).toBe(true);
      expect(journal.body.requests.some((r: { path: string }) => r.path === '/')).toBe(false);
      const deleted = await t.request({
        method: 'DELETE',
        url: `/sandbox/merchants/${session.merchant.imp_key}`,
      });
      expect(deleted.status).toBe(200);
      expect((await records()).webhooks).toEqual([]);
      const leftovers = await t.database.db.selectFrom('webhook_attempts').selectAll().execute();
      expect(leftovers).toEqual([]);
    });
  });
});

describe.each(engines)('BAESONG_WEBHOOK_HOSTS ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ webhookHosts: ['hooks.example.com'] }, databaseUrl);
  });
  afterEach(() => t.close());

  it('refuses a notice_url or a setting on another host with 400, and takes the named host', async () => {
    const { merchant } = await signedIn(t);
    const payment = await t.request({
      method: 'POST',
      url: '/sandbox/payments',
      payload: { imp_key: merchant.imp_key, pg_provider: 'kcp', notice_url: 'http://127.0.0.1:9/hook' },
    });
    expect(payment.status).toBe(400);
    expect(payment.body.error).toContain('BAESONG_WEBHOOK_HOSTS');
    const setting = await t.request({
      method: 'PUT',
      url: `/sandbox/merchants/${merchant.imp_key}/webhook`,
      payload: { url: 'https://evil.example.net/hook' },
    });
    expect(setting.status).toBe(400);
    const allowed = await t.request({
      method: 'PUT',
      url: `/sandbox/merchants/${merchant.imp_key}/webhook`,
      payload: { url: 'https://HOOKS.example.com/hook' },
    });
    expect(allowed.status).toBe(200);
    const notHttp = await t.request({
      method: 'PUT',
      url: `/sandbox/merchants/${merchant.imp_key}/webhook`,
      payload: { url: 'javascript:alert(1)' },
    });
    expect(notHttp.status).toBe(400);
  });
});
