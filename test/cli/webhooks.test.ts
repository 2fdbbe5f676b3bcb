import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listWebhookAttempts } from '../../src/cli/webhooks.js';
import { SandboxClient, type SandboxMerchant } from '../../src/client/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { runCli } from '../support/processes.js';
import { eventually, type Receiver, startReceiver } from '../support/webhook-receiver.js';

describe('baesong webhooks', () => {
  let server: RunningServer;
  let receiver: Receiver;
  let sandbox: SandboxClient;
  let merchant: SandboxMerchant;
  beforeAll(async () => {
    server = await startServer({ port: 0, logLevel: 'silent' });
    receiver = await startReceiver();
    sandbox = new SandboxClient({ baseUrl: server.url });
    merchant = await sandbox.createMerchant();
    await sandbox.setWebhook(merchant.imp_key, { url: receiver.url });
  });
  afterAll(async () => {
    await server.close();
    await receiver.close();
  });

  const pay = async () => {
    const payment = await sandbox.createPayment({ imp_key: merchant.imp_key, pg_provider: 'kcp' });
    await eventually(
      () => sandbox.webhooks({ imp_uid: payment.imp_uid }),
      (page) => page.webhooks[0]?.state === 'delivered',
    );
    return payment;
  };

  it('prints one line per attempt of the newest webhooks, then follows new ones', async () => {
    const first = await pay();
    let out = '';
    const stop = new AbortController();
    const running = listWebhookAttempts(
      { baseUrl: server.url, limit: 20, follow: true, merchant: merchant.imp_key },
      {
        out: (text) => {
          out += text;
        },
        err: () => {},
        signal: stop.signal,
        intervalMs: 20,
      },
    );
    await eventually(
      async () => out,
      (text) => text.includes(first.imp_uid),
    );
    const second = await pay();
    await eventually(
      async () => out,
      (text) => text.includes(second.imp_uid),
    );
    stop.abort();
    await running;
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\S+Z  merchant:${merchant.imp_key}  webhook:\\d+#1  paid ${first.imp_uid}  → ${receiver.url}  200  [\\d.]+ ms  delivered$`,
      ),
    );
    expect(lines[1]).toContain(second.imp_uid);
  });

  it('runs from the command line, refusing a bad state as a usage error', async () => {
    const ok = await runCli(['webhooks', '--base-url', server.url, '--json', '--limit', '1']);
    expect(ok.code).toBe(0);
    const [line] = ok.stdout.trim().split('\n');
    expect(JSON.parse(line ?? '')).toMatchObject({
      imp_key: merchant.imp_key,
      state: 'delivered',
      attempt: 1,
    });
    const bad = await runCli(['webhooks', '--base-url', server.url, '--state', 'lost']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('lost');
  });
});
