import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BaesongClientError,
  type EscrowDeliveryBody,
  type PaymentwallDeliveryBody,
  PortOneClient,
  PortOneError,
  SandboxClient,
  type SandboxMerchant,
} from '../../src/client/index.js';
import { ManualClock } from '../../src/clock.js';
import { messages } from '../../src/portone/messages.js';
import { TOKEN_LIFETIME_SECONDS } from '../../src/portone/tokens.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { escrowBody, paymentwallBody } from '../support/fixtures.js';
import { recordingFetch } from '../support/client.js';

import { engines, sharedDatabaseUrl } from '../support/server.js';

const START = Date.UTC(2026, 10, 23, 3, 0, 0);

/** Rejects with the error the promise rejects with, for asserting its fields. */
async function failure(promise: Promise<unknown>): Promise<PortOneError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PortOneError);
  return err as PortOneError;
}

describe.each(engines)('PortOneClient against baesong ($name)', ({ databaseUrl }) => {
  // A database of its own: the tests reset it, which must not touch another file's rows.
  const database = sharedDatabaseUrl(databaseUrl);
  let server: RunningServer;
  let clock: ManualClock;
  let sandbox: SandboxClient;
  let merchant: SandboxMerchant;

  const client = (options: Partial<ConstructorParameters<typeof PortOneClient>[0]> = {}) =>
    new PortOneClient({
      baseUrl: server.url,
      impKey: merchant.imp_key,
      impSecret: merchant.imp_secret,
      ...options,
    });
  const payment = (body: Record<string, unknown> = {}) =>
    sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'html5_inicis', escrow: true, ...body });

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startServer({ port: 0, databaseUrl: database.url, clock, logLevel: 'silent' });
    sandbox = new SandboxClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
  });
  beforeEach(async () => {
    clock.set(START);
    await sandbox.reset();
    merchant = await sandbox.createMerchant({ name: 'client test' });
  });

  describe('getToken', () => {
    it("returns the server's token and asks only once while it is fresh", async () => {
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch });
      const token = await c.getToken();
      expect(token.access_token).toMatch(/^[0-9a-f]{40}$/);
      expect(token.now).toBe(START / 1000);
      expect(token.expired_at).toBe(START / 1000 + TOKEN_LIFETIME_SECONDS);
      expect(await c.getToken()).toEqual(token);
      expect(recorder.count('/users/getToken')).toBe(1);
    });

    it('throws PortOneError 401 with the documented message for a wrong pair', async () => {
      const err = await failure(client({ impSecret: 'wrong' }).getToken());
      expect(err).toBeInstanceOf(BaesongClientError);
      expect(err.status).toBe(401);
      expect(err.code).toBe(-1);
      expect(err.message).toBe(messages.authFailed);
      expect(err.body).toEqual({ code: -1, message: messages.authFailed, response: null });
      expect(err.method).toBe('POST');
      expect(err.url).toBe(`${server.url}/users/getToken`);
    });

    it('fails every call with the same 401 when the keys are wrong', async () => {
      const p = await payment();
      const err = await failure(client({ impKey: 'nobody' }).getPayment(p.imp_uid));
      expect(err.status).toBe(401);
      expect(err.message).toBe(messages.authFailed);
    });

    it('takes a base URL with a trailing slash', async () => {
      const c = client({ baseUrl: `${server.url}/` });
      expect((await c.getToken()).access_token).toMatch(/^[0-9a-f]{40}$/);
    });
  });

  describe('getPayment', () => {
    it('returns the payment object', async () => {
      const p = await payment({ amount: 25000, buyer_name: '홍길동' });
      expect(await client().getPayment(p.imp_uid)).toEqual(p);
    });

    it('throws 404 for an unknown payment, and for another merchant’s', async () => {
      const unknown = await failure(client().getPayment('imp_000000000000'));
      expect(unknown.status).toBe(404);
      expect(unknown.message).toBe(messages.paymentNotFound);
      const other = await sandbox.createMerchant();
      const theirs = await sandbox.createPayment({ imp_key: other.imp_key, pg_provider: 'kcp' });
      const err = await failure(client().getPayment(theirs.imp_uid));
      expect(err.status).toBe(404);
    });

    it('escapes the imp_uid into the path', async () => {
      const err = await failure(client().getPayment('imp_1/../../users/getToken'));
      expect(err.status).toBe(404);
      expect(err.message).toBe(messages.paymentNotFound);
    });
  });

  describe('escrow deliveries', () => {
    it.each(['html5_inicis', 'kcp', 'daou'] as const)('registers, reads and updates for %s', async (pg) => {
      const p = await payment({ pg_provider: pg });
      const c = client();
      const body = escrowBody(pg) as EscrowDeliveryBody;
      const registered = await c.registerEscrowDelivery(p.imp_uid, body);
      expect(registered).toEqual({
        company: body.logis.company,
        invoice: body.logis.invoice,
        sent_at: body.logis.sent_at,
        applied_at: START / 1000,
      });
      expect(await c.getEscrowDelivery(p.imp_uid)).toEqual(registered);

      clock.advanceSeconds(60);
      const changed = await c.updateEscrowDelivery(p.imp_uid, {
        ...body,
        logis: { ...body.logis, invoice: '999999999999' },
      });
      expect(changed).toEqual({ ...registered, invoice: '999999999999', applied_at: START / 1000 + 60 });
      expect(await c.getEscrowDelivery(p.imp_uid)).toEqual(changed);
    });

    it('stores an unknown courier code as ETC', async () => {
      const p = await payment({ pg_provider: 'kcp' });
      const body = escrowBody('kcp', { company: 'LOTTE', invoice: '1' });
      expect((await client().registerEscrowDelivery(p.imp_uid, body)).company).toBe('ETC');
    });

    it('throws 409 for a second registration, and 409 for reading or changing none', async () => {
      const c = client();
      const p = await payment({ pg_provider: 'kcp' });
      const none = await failure(c.getEscrowDelivery(p.imp_uid));
      expect([none.status, none.message]).toEqual([409, messages.escrowNotRegistered]);
      const noUpdate = await failure(c.updateEscrowDelivery(p.imp_uid, escrowBody('kcp')));
      expect([noUpdate.status, noUpdate.message]).toEqual([409, messages.escrowNotRegistered]);

      await c.registerEscrowDelivery(p.imp_uid, escrowBody('kcp'));
      const again = await failure(c.registerEscrowDelivery(p.imp_uid, escrowBody('kcp')));
      expect([again.status, again.code, again.message]).toEqual([409, -1, messages.escrowAlreadyRegistered]);
    });

    it('throws 400 naming every field problem', async () => {
      const p = await payment({ pg_provider: 'html5_inicis' });
      const err = await failure(client().registerEscrowDelivery(p.imp_uid, escrowBody('kcp')));
      expect(err.status).toBe(400);
      expect(err.message).toBe(
        messages.escrowInvalid([
          'sender.name is required',
          'sender.tel is required',
          'sender.addr is required',
          'sender.postcode is required',
          'receiver.name is required',
          'receiver.tel is required',
          'receiver.addr is required',
          'receiver.postcode is required',
        ]),
      );
    });

    it('sends the body as given: wrong types reach the server and are refused', async () => {
      const p = await payment({ pg_provider: 'kcp' });
      const body = {
        sender: {},
        receiver: {},
        logis: { company: 'CJGLS', invoice: 1234, sent_at: '1795000000' },
      } as unknown as EscrowDeliveryBody;
      const err = await failure(client().registerEscrowDelivery(p.imp_uid, body));
      expect(err.message).toBe(
        messages.escrowInvalid([
          'logis.invoice must be a string',
          'logis.sent_at must be a positive integer',
        ]),
      );
    });

    it('throws 400 for an unsupported PG, and 409 for a payment not escrow or not paid', async () => {
      const c = client();
      const toss = await payment({ pg_provider: 'tosspayments' });
      const unsupported = await failure(c.registerEscrowDelivery(toss.imp_uid, escrowBody('kcp')));
      expect([unsupported.status, unsupported.message]).toEqual([
        400,
        messages.escrowUnsupportedPg('tosspayments'),
      ]);

      const plain = await payment({ pg_provider: 'kcp', escrow: false });
      const notEscrow = await failure(c.registerEscrowDelivery(plain.imp_uid, escrowBody('kcp')));
      expect([notEscrow.status, notEscrow.message]).toEqual([409, messages.notEscrow]);

      const cancelled = await payment({ pg_provider: 'kcp', status: 'cancelled' });
      const notPaid = await failure(c.registerEscrowDelivery(cancelled.imp_uid, escrowBody('kcp')));
      expect([notPaid.status, notPaid.message]).toEqual([409, messages.notPaid('cancelled')]);

      const unknown = await failure(c.getEscrowDelivery('imp_000000000000'));
      expect([unknown.status, unknown.message]).toEqual([404, messages.paymentNotFound]);
    });
  });

  describe('Paymentwall deliveries', () => {
    // A full-length state name, and a time as text, as a client may send them.
    const physical = (p: { imp_uid: string; merchant_uid: string }) =>
      paymentwallBody(p, {
        status: 'order_shipped',
        estimated_update_datetime: '1795500000',
        shipping_address_state: 'California',
      }) as PaymentwallDeliveryBody;
    const paymentwall = (body: Record<string, unknown> = {}) =>
      payment({ pg_provider: 'paymentwall', escrow: false, ...body });

    it('registers a delivery step, kept in the payment’s history', async () => {
      const p = await paymentwall();
      const c = client();
      expect(await c.registerPaymentwallDelivery(physical(p))).toEqual({
        success: 1,
        error_code: null,
        error: null,
        notices: [],
      });
      await c.registerPaymentwallDelivery({ ...physical(p), status: 'delivered' });
      const { paymentwall: history } = await sandbox.getDeliveries(p.imp_uid);
      expect(history.map((d) => [d.status, d.estimated_update_datetime, d.received_at])).toEqual([
        ['order_shipped', 1795500000, START / 1000],
        ['delivered', 1795500000, START / 1000],
      ]);
    });

    it('throws 400 with every broken field rule in notices, the first as the message', async () => {
      const p = await paymentwall();
      const say = messages.paymentwall;
      const body = {
        ...physical(p),
        shipping_address_email: 'not an address',
        shipping_address_state: 'Jeju',
        carrier_type: undefined,
      };
      const err = await failure(client().registerPaymentwallDelivery(body));
      const notices = [
        say.notEmail('shipping_address_email'),
        say.requiredWhenPhysical('carrier_type'),
        say.stateNotUs,
      ];
      expect([err.status, err.code, err.message]).toEqual([400, -1, notices[0]]);
      expect(err.notices).toEqual(notices);
      expect(err.response).toEqual({ error_code: 400, error: notices[0], notices });
      expect(err.body).toEqual({ code: -1, message: notices[0], response: err.response });
    });

    it('throws 404 for an unknown payment, 409 for one not paid and for a status going back', async () => {
      const c = client();
      const p = await paymentwall();
      const unknown = await failure(
        c.registerPaymentwallDelivery({ ...physical(p), imp_uid: 'imp_000000000000' }),
      );
      expect([unknown.status, unknown.message, unknown.notices]).toEqual([404, messages.paymentNotFound, []]);

      const cancelled = await paymentwall({ status: 'cancelled' });
      const notPaid = await failure(c.registerPaymentwallDelivery(physical(cancelled)));
      expect([notPaid.status, notPaid.message]).toEqual([409, messages.notPaid('cancelled')]);

      await c.registerPaymentwallDelivery({ ...physical(p), status: 'delivering' });
      const back = await failure(c.registerPaymentwallDelivery({ ...physical(p), status: 'order_placed' }));
      expect([back.status, back.code, back.message, back.notices]).toEqual([
        409,
        -1,
        messages.paymentwall.statusBackwards('delivering', 'order_placed'),
        [],
      ]);
    });
  });

  describe('tokens', () => {
    it('asks for one token however many requests run at once', async () => {
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch });
      const payments = await Promise.all(Array.from({ length: 5 }, () => payment({ pg_provider: 'kcp' })));
      await Promise.all([
        ...payments.map((p) => c.getPayment(p.imp_uid)),
        ...payments.map((p) => c.registerEscrowDelivery(p.imp_uid, escrowBody('kcp'))),
      ]);
      await Promise.all(payments.map((p) => c.getEscrowDelivery(p.imp_uid)));
      expect(recorder.count('/users/getToken')).toBe(1);
      expect(recorder.calls).toHaveLength(16);
    });

    it('renews shortly before expiry on its own clock, corrected for skew by the server’s now', async () => {
      // The client's clock is years off the server's: only the token's lifetime matters.
      const local = new ManualClock(Date.UTC(2020, 0, 1));
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch, clock: local });
      const p = await payment({ pg_provider: 'kcp' });
      const first = await c.getToken();

      const advance = (seconds: number) => {
        clock.advanceSeconds(seconds);
        local.advanceSeconds(seconds);
      };
      advance(TOKEN_LIFETIME_SECONDS - 31);
      await c.getPayment(p.imp_uid);
      expect(recorder.count('/users/getToken')).toBe(1);

      // Within the renewal margin: asked again, the server extends the same token.
      advance(2);
      await c.getPayment(p.imp_uid);
      expect(recorder.count('/users/getToken')).toBe(2);
      const extended = await c.getToken();
      expect(extended.access_token).toBe(first.access_token);
      expect(extended.expired_at).toBe(first.expired_at + 300);

      // Past expiry: a new token, and no request was ever refused.
      advance(10 * 60);
      await c.getPayment(p.imp_uid);
      expect(recorder.count('/users/getToken')).toBe(3);
      expect((await c.getToken()).access_token).not.toBe(first.access_token);
      expect(recorder.calls.filter((call) => call.status === 401)).toEqual([]);
    });

    it('on a 401 drops the token, gets a new one and sends the request once more', async () => {
      // The client's clock stands still, so it keeps a token the server has let expire.
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch, clock: new ManualClock(START) });
      const p = await payment({ pg_provider: 'kcp' });
      const first = await c.getToken();
      clock.advanceSeconds(TOKEN_LIFETIME_SECONDS + 1);

      const registered = await c.registerEscrowDelivery(p.imp_uid, escrowBody('kcp'));
      expect(registered.invoice).toBe(escrowBody('kcp').logis.invoice);
      expect(recorder.calls.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
        'POST /users/getToken 200',
        `POST /escrows/logis/${p.imp_uid} 401`,
        'POST /users/getToken 200',
        `POST /escrows/logis/${p.imp_uid} 200`,
      ]);
      expect((await c.getToken()).access_token).not.toBe(first.access_token);
    });
  });
});
