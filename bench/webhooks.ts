/**
 * The webhook sender under load (`npm run bench:webhooks`): baesong (`dist/cli.js serve`, a fresh
 * SQLite file) with a local receiver on loopback.
 *
 * 1. Payments paid as fast as 32 connections can ask (`POST /sandbox/payments`), once for a
 *    merchant without a webhook and once for one with, alternately, twice each: the payments per
 *    second of each, and so what the sender costs the platform's own requests.
 * 2. At a tenth of that rate, paced, for BENCH_DURATION seconds: the delay from sending the
 *    payment's request to its webhook's arrival at the receiver (an upper bound of event to
 *    delivery: it includes the request's own time), p50 and p99.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freePort, startServer } from './servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAYMENTS = Number(process.env.BENCH_WEBHOOK_PAYMENTS ?? 3000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'baesong-bench-webhooks-'));
  const port = await freePort();
  const server = await startServer(
    {
      name: 'baesong',
      args: ['dist/cli.js', 'serve'],
      cwd: ROOT,
      env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: join(dir, 'b.sqlite'), LOG_LEVEL: 'warn' },
    },
    port,
    '/healthz',
    (status) => status === 200,
  );

  /** When each payment's webhook arrived (performance.now() of this process). */
  const arrivals = new Map<string, number>();
  let waiting: { count: number; resolve: () => void } | undefined;
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      arrivals.set((JSON.parse(body) as { imp_uid: string }).imp_uid, performance.now());
      res.writeHead(200).end();
      if (waiting && arrivals.size >= waiting.count) waiting.resolve();
    });
  });
  receiver.listen(0, '127.0.0.1');
  await once(receiver, 'listening');
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  const allArrived = (count: number) =>
    arrivals.size >= count
      ? Promise.resolve()
      : new Promise<void>((resolve) => (waiting = { count, resolve }));

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(server.url + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const merchant = async (webhook: boolean) => {
    const m = (await call('POST', '/sandbox/merchants', {})) as { imp_key: string };
    if (webhook) await call('PUT', `/sandbox/merchants/${m.imp_key}/webhook`, { url: receiverUrl });
    return m.imp_key;
  };
  const pay = async (impKey: string) => {
    const sent = performance.now();
    const payment = (await call('POST', '/sandbox/payments', { imp_key: impKey, pg_provider: 'kcp' })) as {
      imp_uid: string;
    };
    return { impUid: payment.imp_uid, sent };
  };

  /** `n` payments over `CONNECTIONS` concurrent callers: payments per second. */
  const burst = async (impKey: string, n: number) => {
    let left = n;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (left-- > 0) await pay(impKey);
      }),
    );
    return n / ((performance.now() - started) / 1000);
  };

  const quiet = await merchant(false);
  const noisy = await merchant(true);
  await burst(quiet, 300); // warm-up
  const rates: { without: number[]; with: number[] } = { without: [], with: [] };
  let expected = 0;
  for (let round = 0; round < 2; round++) {
    rates.without.push(await burst(quiet, PAYMENTS));
    rates.with.push(await burst(noisy, PAYMENTS));
    expected += PAYMENTS;
    await allArrived(expected);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const maxRate = mean(rates.with);

  // Paced at a tenth of the rate, each payment's delay to its webhook.
  const pacedRate = maxRate / 10;
  const paced: { impUid: string; sent: number }[] = [];
  const count = Math.round(pacedRate * DURATION_S);
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + (i * 1000) / pacedRate;
    const wait = at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(pay(noisy).then((p) => void paced.push(p)));
  }
  await Promise.all(inFlight);
  await allArrived(expected + count);
  const delays = paced.map((p) => (arrivals.get(p.impUid) as number) - p.sent).sort((a, b) => a - b);

  const report = {
    payments: PAYMENTS,
    connections: CONNECTIONS,
    paymentsPerSecondWithoutWebhook: rates.without.map(Math.round),
    paymentsPerSecondWithWebhook: rates.with.map(Math.round),
    ratioWithToWithout: Number((mean(rates.with) / mean(rates.without)).toFixed(3)),
    paced: { perSecond: Number(pacedRate.toFixed(1)), payments: count },
    delayMs: {
      p50: Number(percentile(delays, 50).toFixed(1)),
      p99: Number(percentile(delays, 99).toFixed(1)),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  await server.stop();
  receiver.close();
  rmSync(dir, { recursive: true, force: true });
}

await main();
