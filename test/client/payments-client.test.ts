import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  PortOneClient,
  PortOneError,
  SandboxClient,
  SandboxError,
  type SandboxMerchant,
} from '../../src/client/index.js';
import { messages } from '../../src/portone/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';
import { eventually, type Receiver, startReceiver } from '../support/webhook-receiver.js';

async function failure<E>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(type);
  return err as E;
}

describe.each(engines)(
  'PortOneClient find, prepare and cancel; SandboxClient webhooks ($name)',
  ({ databaseUrl }) => {
    const database = sharedDatabaseUrl(databaseUrl);
    let server: RunningServer;
    let sandbox: SandboxClient;
    let merchant: SandboxMerchant;
    let client: PortOneClient;
    let receiver: Receiver;

    beforeAll(async () => {
      server = await startServer({ port: 0, databaseUrl: database.url, logLevel: 'silent' });
      sandbox = new SandboxClient({ baseUrl: server.url });
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await server.close();
      await receiver.close();
      await database.remove();
    });
    beforeEach(async () => {
      await sandbox.reset();
      merchant = await sandbox.createMerchant();
      client = new PortOneClient({
        baseUrl: server.url,
        impKey: merchant.imp_key,
        impSecret: merchant.imp_secret,
      });
    });

    it('finds by merchant_uid, with a status and a sorting, and reads several at once', async () => {
      const a = await sandbox.createPayment({
        imp_key: merchant.imp_key,
        pg_provider: 'kcp',
        merchant_uid: 'a-1',
      });
      const b = await sandbox.createPayment({
        imp_key: merchant.imp_key,
        pg_provider: 'kcp',
        merchant_uid: 'b-1',
      });
      expect((await client.findPayment('a-1')).imp_uid).toBe(a.imp_uid);
      expect((await client.findPayment('a-1', { status: 'paid', sorting: '-paid' })).imp_uid).toBe(a.imp_uid);
      const missing = await failure(client.findPayment('a-1', { status: 'cancelled' }), PortOneError);
      expect(missing).toMatchObject({ status: 404, message: messages.paymentNotFound });
      const both = await client.getPayments({
        impUids: [b.imp_uid, 'imp_000000000000'],
        merchantUids: ['a-1'],
      });
      expect(both.map((p) => p.imp_uid)).toEqual([b.imp_uid, a.imp_uid]);
      const none = await failure(client.getPayments({ impUids: ['imp_000000000000'] }), PortOneError);
      expect(none).toMatchObject({ status: 404, message: messages.paymentsNotFound });
    });

    it('prepares, changes and reads an amount; a repeated prepare is a code 1 error', async () => {
      expect(await client.preparePayment({ merchant_uid: 'p-1', amount: 1000 })).toEqual({
        merchant_uid: 'p-1',
        amount: 1000,
        currency: null,
      });
      const again = await failure(client.preparePayment({ merchant_uid: 'p-1', amount: 1000 }), PortOneError);
      expect(again).toMatchObject({ status: 200, code: 1, message: messages.prepare.alreadyPrepared });
      expect((await client.updatePreparedPayment({ merchant_uid: 'p-1', amount: 2000 })).amount).toBe(2000);
      expect((await client.getPreparedPayment('p-1')).amount).toBe(2000);
      const unknown = await failure(client.getPreparedPayment('p-2'), PortOneError);
      expect(unknown).toMatchObject({ status: 404, message: messages.prepare.notPrepared });
    });

    it('cancels in part and in full; a refusal is a code 1 error with HTTP 200', async () => {
      const p = await sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'kcp', amount: 10000 });
      const partial = await client.cancelPayment({
        imp_uid: p.imp_uid,
        amount: 1000,
        checksum: 10000,
        reason: 'r',
      });
      expect(partial).toMatchObject({ status: 'paid', cancel_amount: 1000, cancel_reason: 'r' });
      const refused = await failure(
        client.cancelPayment({ imp_uid: p.imp_uid, amount: 1000, checksum: 10000 }),
        PortOneError,
      );
      expect(refused).toMatchObject({
        status: 200,
        code: 1,
        message: messages.cancel.checksumMismatch(9000, 10000),
      });
      expect(await client.cancelPayment({ merchant_uid: p.merchant_uid })).toMatchObject({
        status: 'cancelled',
        cancel_amount: 10000,
      });
    });

    it('sets, reads and removes a webhook, lists its records and replays one', async () => {
      const setting = await sandbox.setWebhook(merchant.imp_key, { url: receiver.url, contentType: 'form' });
      expect(setting).toMatchObject({ url: receiver.url, contentType: 'form', retry: false });
      expect(await sandbox.webhookSetting(merchant.imp_key)).toEqual(setting);
      const vbank = await sandbox.createPayment({
        imp_key: merchant.imp_key,
        pg_provider: 'kcp',
        pay_method: 'vbank',
        status: 'ready',
      });
      expect((await sandbox.payPayment(vbank.imp_uid)).status).toBe('paid');
      expect((await sandbox.cancelPayment(vbank.imp_uid, { amount: 100 })).cancel_amount).toBe(100);
      const page = await eventually(
        () => sandbox.webhooks({ imp_uid: vbank.imp_uid }),
        (list) => list.webhooks.length === 3 && list.webhooks.every((w) => w.state === 'delivered'),
      );
      expect(page.webhooks.map((w) => w.status)).toEqual(['cancelled', 'paid', 'ready']);
      const id = page.webhooks[0]?.id ?? '';
      expect((await sandbox.webhook(id)).id).toBe(id);
      expect((await sandbox.replayWebhook(id)).state).toBe('pending');
      await eventually(
        () => sandbox.webhook(id),
        (w) => w.attempts.length === 2,
      );
      await sandbox.removeWebhook(merchant.imp_key);
      const gone = await failure(sandbox.webhookSetting(merchant.imp_key), SandboxError);
      expect(gone.status).toBe(404);
    });
  },
);
