/**
 * The published PortOne V1 clients of npm, unchanged, against baesong: their find, prepare and
 * cancel calls (iamport-rest-client-nodejs 0.9.12, iamporter 1.4.2, iamport 0.3.4). Each is only
 * pointed at the server, as an application points it at PortOne. They measure token lifetimes on
 * the system clock, so the server runs on real time.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SandboxClient, type SandboxMerchant } from '../../src/client/index.js';
import { messages } from '../../src/portone/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';

const require = createRequire(import.meta.url);
/* eslint-disable @typescript-eslint/no-explicit-any -- the published clients are plain JavaScript */
const { Iamport: RestClient, Request } = require('iamport-rest-client-nodejs') as any;
const { Iamporter, IamporterError } = require('iamporter') as any;
const Iamport = require('iamport') as any;
/* eslint-enable @typescript-eslint/no-explicit-any */

describe.each(engines)('published PortOne clients: find, prepare and cancel ($name)', ({ databaseUrl }) => {
  const database = sharedDatabaseUrl(databaseUrl);
  let server: RunningServer;
  let sandbox: SandboxClient;
  let merchant: SandboxMerchant;
  const paid = (merchant_uid: string, amount = 10000) =>
    sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'html5_inicis', merchant_uid, amount });

  beforeAll(async () => {
    server = await startServer({ port: 0, databaseUrl: database.url, logLevel: 'silent' });
    sandbox = new SandboxClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
  });
  beforeEach(async () => {
    await sandbox.reset();
    merchant = await sandbox.createMerchant();
  });

  it('iamport-rest-client-nodejs 0.9.12', async () => {
    const iamport = new RestClient({
      apiKey: merchant.imp_key,
      apiSecret: merchant.imp_secret,
      baseUrl: server.url,
    });
    const { Payments, Prepare } = Request;
    const a = await paid('rest-a');
    const b = await paid('rest-b');

    // Without a status it calls /payments/find/rest-a/undefined.
    const found = await Payments.getByMerchantUid({ merchant_uid: 'rest-a' }).request(iamport);
    expect(found.status).toBe(200);
    expect(found.data.response.imp_uid).toBe(a.imp_uid);
    const byStatus = await Payments.getByMerchantUid({ merchant_uid: 'rest-a', status: 'paid' }).request(
      iamport,
    );
    expect(byStatus.data.response.imp_uid).toBe(a.imp_uid);

    // imp_uid[]=…, and a 207 whose failed ids the client works out itself.
    const several = await Payments.getByImpUids({ imp_uid: [a.imp_uid, b.imp_uid] }).request(iamport);
    expect(several.data.response.map((p: { imp_uid: string }) => p.imp_uid)).toEqual([a.imp_uid, b.imp_uid]);
    const some = await Payments.getByImpUids({ imp_uid: [a.imp_uid, 'imp_000000000000'] }).request(iamport);
    expect(some.status).toBe(207);
    expect(some.data.failed).toEqual(['imp_000000000000']);

    const prepared = await Prepare.postAmount({ merchant_uid: 'rest-c', amount: 3000 }).request(iamport);
    expect(prepared.data.response).toMatchObject({ merchant_uid: 'rest-c', amount: 3000 });
    const read = await Prepare.getAmount({ merchant_uid: 'rest-c' }).request(iamport);
    expect(read.data.response.amount).toBe(3000);
    const again = await Prepare.postAmount({ merchant_uid: 'rest-c', amount: 3000 })
      .request(iamport)
      .then(
        () => undefined,
        (err: { response: { data: unknown } }) => err.response.data,
      );
    expect(again).toEqual({ code: 1, message: messages.prepare.alreadyPrepared, response: null });

    const partial = await Payments.cancel({
      imp_uid: a.imp_uid,
      amount: 1000,
      checksum: 10000,
      reason: 'r',
    }).request(iamport);
    expect(partial.data.response).toMatchObject({ status: 'paid', cancel_amount: 1000 });
    const refused = await Payments.cancel({ imp_uid: a.imp_uid, amount: 99999 })
      .request(iamport)
      .then(
        () => undefined,
        (err: { response: { data: unknown } }) => err.response.data,
      );
    expect(refused).toEqual({ code: 1, message: messages.cancel.overBalance(99999, 9000), response: null });
    const full = await Payments.cancel({ merchant_uid: 'rest-b' }).request(iamport);
    expect(full.data.response).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });
  });

  it('iamporter 1.4.2', async () => {
    const iamporter = new Iamporter({
      apiKey: merchant.imp_key,
      secret: merchant.imp_secret,
      host: server.url,
    });
    const a = await paid('iamporter-a');
    await paid('iamporter-b');

    const found = await iamporter.findByMerchantUid('iamporter-a');
    expect(found).toMatchObject({ status: 200, data: { imp_uid: a.imp_uid } });
    // It resolves a 404 with the body, as its live test expects.
    const missing = await iamporter.findByMerchantUid('nope');
    expect(missing).toMatchObject({ status: 404, message: '존재하지 않는 결제정보입니다.', data: null });

    const prepared = await iamporter.createPreparedPayment({ merchant_uid: 'iamporter-c', amount: 5000 });
    expect(prepared.data).toMatchObject({ merchant_uid: 'iamporter-c', amount: 5000 });
    expect((await iamporter.getPreparedPayment('iamporter-c')).data.amount).toBe(5000);
    const notPrepared = await iamporter.getPreparedPayment('nope');
    expect(notPrepared).toMatchObject({ status: 404, message: '사전등록된 결제정보가 존재하지 않습니다.' });

    const partial = await iamporter.cancelByImpUid(a.imp_uid, { amount: 2500, reason: 'partial' });
    expect(partial.data).toMatchObject({ status: 'paid', cancel_amount: 2500, cancel_reason: 'partial' });
    const full = await iamporter.cancelByMerchantUid('iamporter-b');
    expect(full.data).toMatchObject({ status: 'cancelled', cancel_amount: 10000 });
    const again = await iamporter.cancelByMerchantUid('iamporter-b').catch((err: unknown) => err);
    expect(again).toBeInstanceOf(IamporterError);
    expect((again as Error).message).toBe('이미 전액취소된 주문입니다.');
    const neither = await iamporter.cancel({}).catch((err: unknown) => err);
    expect((neither as Error).message.endsWith('지정해주셔야합니다.')).toBe(true);
  });

  it('iamport 0.3.4', async () => {
    const previousHost = Iamport.DEFAULT_HOST;
    // The client has no host option: its default host is where it sends.
    Iamport.DEFAULT_HOST = server.url;
    try {
      const iamport = new Iamport({ impKey: merchant.imp_key, impSecret: merchant.imp_secret });
      const a = await paid('npm-a');
      const found = await iamport.payment.getByMerchant({ merchant_uid: 'npm-a' });
      expect(found.imp_uid).toBe(a.imp_uid);
      const prepared = await iamport.payment.prepare({ merchant_uid: 'npm-b', amount: 7000 });
      expect(prepared).toMatchObject({ merchant_uid: 'npm-b', amount: 7000 });
      expect((await iamport.payment.getPrepare({ merchant_uid: 'npm-b' })).amount).toBe(7000);
      const cancelled = await iamport.payment.cancel({ imp_uid: a.imp_uid, amount: 4000, checksum: 10000 });
      expect(cancelled).toMatchObject({ status: 'paid', cancel_amount: 4000 });
      const refused = await iamport.payment
        .cancel({ imp_uid: a.imp_uid, checksum: 10000 })
        .catch((err: unknown) => err);
      expect(refused).toMatchObject({
        code: 'IAMPORT_1',
        message: messages.cancel.checksumMismatch(6000, 10000),
      });
    } finally {
      Iamport.DEFAULT_HOST = previousHost;
    }
  });
});
