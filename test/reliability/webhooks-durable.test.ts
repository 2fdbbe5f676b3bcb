/**
 * The webhook outbox across crashes, shutdowns and instances: a webhook written with its event is
 * sent after the process that wrote it is killed, a SIGTERM gives its leases back, and two
 * instances of one database send each webhook once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';
import { eventually, type Receiver, startReceiver } from '../support/webhook-receiver.js';

async function call(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  return { status: res.status, body: (text === '' ? undefined : JSON.parse(text)) as any };
}

/** A merchant whose webhook goes to `url`, with these settings. */
async function merchantWithWebhook(base: string, setting: Record<string, unknown>) {
  const merchant = (await call(base, 'POST', '/sandbox/merchants', {})).body;
  const put = await call(base, 'PUT', `/sandbox/merchants/${merchant.imp_key}/webhook`, setting);
  expect(put.status).toBe(200);
  return merchant as { imp_key: string };
}

const webhooksOf = async (base: string, impUid: string) =>
  (await call(base, 'GET', `/sandbox/webhooks?imp_uid=${impUid}`)).body.webhooks;

describe.each(engines)('webhooks across a crash and a shutdown ($name)', ({ databaseUrl }) => {
  let place: { url: string; remove(): Promise<void> };
  let receiver: Receiver;
  let server: ServerProcess | undefined;
  const start = async () => (server = await startServerProcess({ DATABASE_URL: place.url }));
  beforeEach(async () => {
    place = sharedDatabaseUrl(databaseUrl);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await server?.stop('SIGKILL');
    await receiver.close();
    await place.remove();
  });

  it(
    'sends a retry due when the server was killed, once, after it starts again',
    { timeout: 60_000 },
    async () => {
      const base = (await start()).url;
      const merchant = await merchantWithWebhook(base, { url: receiver.url, retry: true });
      receiver.behave((i) => (i === 0 ? 500 : 200));
      const payment = (
        await call(base, 'POST', '/sandbox/payments', { imp_key: merchant.imp_key, pg_provider: 'kcp' })
      ).body;
      await receiver.waitFor(1);
      await eventually(
        () => webhooksOf(base, payment.imp_uid),
        (list) => list[0]?.attempts.length === 1,
      );
      // Killed with the next attempt due in a minute: nothing of it is in memory any more.
      await server?.stop('SIGKILL');

      const again = (await start()).url;
      expect((await call(again, 'POST', '/sandbox/clock', { advanceSeconds: 60 })).status).toBe(200);
      await receiver.waitFor(2);
      const [record] = await eventually(
        () => webhooksOf(again, payment.imp_uid),
        (list) => list[0]?.state === 'delivered',
      );
      expect(record.attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
      expect(receiver.received).toHaveLength(2);
    },
  );

  it(
    'sends a webhook whose attempt was cut by a kill, once the dead lease expires, recorded once',
    { timeout: 60_000 },
    async () => {
      const base = (await start()).url;
      const merchant = await merchantWithWebhook(base, { url: receiver.url, timeouts: { readMs: 60000 } });
      receiver.behave((i) => (i === 0 ? 'hang' : 200));
      const payment = (
        await call(base, 'POST', '/sandbox/payments', { imp_key: merchant.imp_key, pg_provider: 'kcp' })
      ).body;
      // The attempt is under way, its result not written: the process dies.
      await receiver.waitFor(1);
      await server?.stop('SIGKILL');

      const again = (await start()).url;
      expect((await webhooksOf(again, payment.imp_uid))[0]).toMatchObject({ state: 'pending', attempts: [] });
      // The dead instance's lease runs out by the sandbox clock.
      await call(again, 'POST', '/sandbox/clock', { advanceSeconds: 120 });
      await receiver.waitFor(2);
      const [record] = await eventually(
        () => webhooksOf(again, payment.imp_uid),
        (list) => list[0]?.state === 'delivered',
      );
      expect(record.attempts).toHaveLength(1);
      expect(receiver.received[1]?.body).toBe(receiver.received[0]?.body);
    },
  );

  it(
    'gives back the lease of an attempt cut by SIGTERM, exiting 0, so the next start sends it at once',
    { timeout: 60_000 },
    async () => {
      const base = (await start()).url;
      const merchant = await merchantWithWebhook(base, { url: receiver.url });
      receiver.behave((i) => (i === 0 ? 'hang' : 200));
      const payment = (
        await call(base, 'POST', '/sandbox/payments', { imp_key: merchant.imp_key, pg_provider: 'kcp' })
      ).body;
      await receiver.waitFor(1);
      expect(await server?.stop('SIGTERM')).toBe(0);

      const again = (await start()).url;
      await receiver.waitFor(2);
      const [record] = await eventually(
        () => webhooksOf(again, payment.imp_uid),
        (list) => list[0]?.state === 'delivered',
      );
      expect(record.attempts).toEqual([expect.objectContaining({ status: 200, error: null })]);
    },
  );
});

describe.each(engines)('webhooks of two instances on one database ($name)', ({ databaseUrl }) => {
  let place: { url: string; remove(): Promise<void> };
  let receiver: Receiver;
  let servers: RunningServer[] = [];
  beforeEach(async () => {
    place = sharedDatabaseUrl(databaseUrl);
    receiver = await startReceiver();
    servers = [];
    for (let i = 0; i < 2; i++)
      servers.push(await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' }));
  });
  afterEach(async () => {
    for (const server of servers) await server.close();
    await receiver.close();
    await place.remove();
  });

  it('50 payments paid across both: 50 webhooks received, none twice', { timeout: 60_000 }, async () => {
    const [a, b] = servers.map((s) => s.url) as [string, string];
    const merchant = await merchantWithWebhook(a, { url: receiver.url });
    const payments = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/sandbox/payments', { imp_key: merchant.imp_key, pg_provider: 'kcp' }),
      ),
    );
    expect(payments.every((p) => p.status === 201)).toBe(true);
    await receiver.waitFor(50);
    const list = await eventually(
      async () => (await call(b, 'GET', '/sandbox/webhooks?limit=1000')).body.webhooks,
      (webhooks) =>
        webhooks.length === 50 && webhooks.every((w: { state: string }) => w.state === 'delivered'),
    );
    expect(list.every((w: { attempts: unknown[] }) => w.attempts.length === 1)).toBe(true);
    const ids = receiver.received.map((r) => JSON.parse(r.body).imp_uid);
    expect(new Set(ids).size).toBe(50);
    expect(ids).toHaveLength(50);
    expect(new Set(ids)).toEqual(new Set(payments.map((p) => p.body.imp_uid)));
  });
});
