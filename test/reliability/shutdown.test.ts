/**
 * SIGTERM under load: the request in flight when the signal comes finishes with its answer, new
 * connections are refused once the listener is closed, the process exits 0, and every write it
 * acknowledged is there when a new process opens the same database.
 */
import { once } from 'node:events';
import { Agent, type IncomingMessage, request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { escrowBody } from '../support/fixtures.js';
import { startServerProcess } from '../support/processes.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';
import { httpSender } from './send.js';
import { createMerchantWithPayments, type Send, type WorldMerchant } from './world.js';

const body = (invoice: string) => JSON.stringify(escrowBody('kcp', { invoice }));

async function kcpPayments(send: Send, merchant: WorldMerchant, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await send({
      method: 'POST',
      url: '/sandbox/payments',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ imp_key: merchant.imp_key, pg_provider: 'kcp', escrow: true }),
    });
    ids.push(JSON.parse(res.body).imp_uid);
  }
  return ids;
}

/** Resolves once a new connection to the port is refused. */
async function untilRefused(port: number): Promise<string> {
  for (;;) {
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('accepted');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    if (outcome !== 'accepted') return outcome;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(engines)('SIGTERM under load ($name)', ({ databaseUrl }) => {
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(() => shared.remove());

  it('finishes the request in flight, refuses new connections, exits 0 and keeps every acknowledged write', async () => {
    const env = { DATABASE_URL: shared.url, COUPANG_RATE_LIMIT: '0' };
    const server = await startServerProcess(env);
    const port = Number(new URL(server.url).port);
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    const send = httpSender(server.url, agent);
    const merchant = await createMerchantWithPayments(send, 'A');
    const payments = await kcpPayments(send, merchant, 41);
    const [slow, ...others] = payments as [string, ...string[]];

    // A request whose body is half sent when the signal comes.
    const inFlight = body('in-flight');
    const slowRequest = request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/escrows/logis/${slow}`,
      headers: {
        authorization: merchant.token,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(inFlight)),
        connection: 'close',
      },
    });
    const slowAnswer = once(slowRequest, 'response');
    slowRequest.write(inFlight.slice(0, 10));
    await new Promise((r) => setTimeout(r, 200));

    // A load of registrations, still running when SIGTERM comes.
    const acknowledged: string[] = [];
    let refused = 0;
    const load = Promise.all(
      others.map(async (impUid, i) => {
        await new Promise((r) => setTimeout(r, i * 10));
        try {
          const res = await send({
            method: 'POST',
            url: `/escrows/logis/${impUid}`,
            headers: { authorization: merchant.token, 'content-type': 'application/json' },
            payload: body(`load-${i}`),
          });
          if (res.status === 200) acknowledged.push(impUid);
          else throw new Error(`${res.status} ${res.body}`);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code !== 'ECONNREFUSED' && code !== 'ECONNRESET') throw err;
          refused++;
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 100));
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');

    // The listener closes: new connections are refused while the request in flight still waits.
    expect(await untilRefused(port)).toBe('ECONNREFUSED');
    slowRequest.end(inFlight.slice(10));
    const [response] = (await slowAnswer) as [IncomingMessage];
    let text = '';
    for await (const chunk of response) text += chunk;
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(text)).toMatchObject({ code: 0, response: { invoice: 'in-flight' } });

    await load;
    agent.destroy();
    const [code] = await exited;
    expect(code).toBe(0);
    expect(acknowledged.length + refused).toBe(others.length);

    // Nothing acknowledged is lost.
    const again = await startServerProcess(env);
    try {
      const after = httpSender(again.url, new Agent());
      for (const impUid of [slow, ...acknowledged]) {
        const res = await after({
          method: 'GET',
          url: `/sandbox/payments/${impUid}/deliveries`,
          headers: {},
        });
        expect(JSON.parse(res.body).escrow?.logis.company).toBe('HANJIN');
      }
    } finally {
      await again.stop();
    }
  }, 60_000);
});
