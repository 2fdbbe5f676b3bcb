/**
 * SIGTERM under load: the request in flight when the signal comes finishes with its answer, new
 * connections are refused once the listener is closed, the process exits 0, and every write it
 * acknowledged is there when a new process opens the same database. Keep-alive clients sending
 * without pause never see a request they sent go unanswered, and a client too slow to finish its
 * request cannot keep the process from ending at the shutdown deadline.
 */
import { once } from 'node:events';
import { Agent, type IncomingMessage, request } from 'node:http';
import { connect, type Socket } from 'node:net';
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

/** What became of one request. */
type Outcome =
  | { kind: 'answered'; status: number; connection: string | undefined; body: string }
  /** Failed before the whole request was written (a refused connection): the server never had it. */
  | { kind: 'not sent'; code: string }
  /** Failed after the whole request was written, without a whole answer: the request was lost. */
  | { kind: 'cut'; code: string };

/** Sends one request on `agent`, telling a request lost after it was sent from one never sent. */
function exchange(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  payload: string,
  /** Called once every byte of the request is handed to the operating system. */
  onSent: () => void = () => {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    let sent = false;
    const req = request({
      host: '127.0.0.1',
      port,
      method,
      path,
      agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(payload)) },
    });
    req.on('finish', () => {
      sent = true;
      onSent();
    });
    const failed = (err: NodeJS.ErrnoException) =>
      resolve({ kind: sent ? 'cut' : 'not sent', code: err.code ?? err.message });
    req.on('error', failed);
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('error', failed);
      res.on('end', () => {
        const connection = res.headers.connection;
        resolve({ kind: 'answered', status: res.statusCode ?? 0, connection, body: text });
      });
    });
    req.end(payload);
  });
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

describe.each(engines)('SIGTERM with keep-alive clients sending without pause ($name)', ({ databaseUrl }) => {
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(() => shared.remove());

  it('answers every request it was sent, with Connection: close once stopping, and keeps every acknowledged write', async () => {
    const env = { DATABASE_URL: shared.url, COUPANG_RATE_LIMIT: '0' };
    const server = await startServerProcess(env);
    const port = Number(new URL(server.url).port);
    const setup = new Agent({ keepAlive: true });
    const send = httpSender(server.url, setup);
    const merchant = await createMerchantWithPayments(send, 'A');
    const payments = await kcpPayments(send, merchant, 32);
    const headers = { authorization: merchant.token, 'content-type': 'application/json' };
    for (const impUid of payments) {
      const res = await send({
        method: 'POST',
        url: `/escrows/logis/${impUid}`,
        headers,
        payload: body('0'),
      });
      expect(res.status).toBe(200);
    }
    setup.destroy();

    // 32 clients, each on its own keep-alive connection, each changing its payment's invoice
    // again as soon as it has an answer, until a request cannot be sent. The last 8 connect just
    // before SIGTERM: a busy server accepts one connection per turn of its event loop, so theirs
    // may still wait in the kernel's queue, their first request sent.
    let answered = 0;
    /** The clients that have sent a whole request. */
    const sent = new Set<number>();
    const client = async (impUid: string, i: number) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const outcomes: (Outcome & { invoice: string })[] = [];
      for (let n = 1; ; n++) {
        const invoice = `${i}-${n}`;
        const path = `/escrows/logis/${impUid}`;
        const outcome = await exchange(agent, port, 'PUT', path, headers, body(invoice), () => sent.add(i));
        outcomes.push({ ...outcome, invoice });
        if (outcome.kind !== 'answered' || outcome.status !== 200) break;
        answered++;
      }
      agent.destroy();
      return { impUid, outcomes };
    };
    const early = payments.slice(0, 24).map((impUid, i) => client(impUid, i));
    while (answered < 24 * 5) await new Promise((r) => setTimeout(r, 20));
    const late = payments.slice(24).map((impUid, i) => client(impUid, 24 + i));
    while (sent.size < 32) await new Promise((r) => setTimeout(r, 2));
    const exited = once(server.child, 'exit');
    server.child.kill('SIGTERM');
    const results = await Promise.all([...early, ...late]);
    const [code] = await exited;
    expect(code).toBe(0);

    // No request was lost once sent: each was answered, or never left the client (its new
    // connection refused once the listener had closed).
    const all = results.flatMap((r) => r.outcomes);
    expect(all.filter((o) => o.kind === 'cut')).toEqual([]);
    for (const o of all.filter((o) => o.kind === 'not sent')) {
      expect(['ECONNREFUSED', 'ECONNRESET', 'EPIPE']).toContain(o.kind === 'not sent' && o.code);
    }
    for (const o of all.filter((o) => o.kind === 'answered')) {
      expect(o.kind === 'answered' && o.status).toBe(200);
      expect(JSON.parse(o.kind === 'answered' ? o.body : '')).toMatchObject({
        code: 0,
        message: null,
        response: { invoice: o.invoice },
      });
    }
    // Each connection was closed by the server after an answer that said so, never while idle.
    for (const { outcomes } of results) {
      const last = outcomes.filter((o) => o.kind === 'answered').at(-1);
      expect(last?.kind === 'answered' && last.connection).toBe('close');
    }

    // Nothing acknowledged is lost: each payment holds the invoice of its last answered change.
    const again = await startServerProcess(env);
    try {
      const after = httpSender(again.url, new Agent());
      for (const { impUid, outcomes } of results) {
        const acknowledged = outcomes.filter((o) => o.kind === 'answered').at(-1)?.invoice;
        const res = await after({
          method: 'GET',
          url: `/sandbox/payments/${impUid}/deliveries`,
          headers: {},
        });
        expect(JSON.parse(res.body).escrow?.logis.invoice).toBe(acknowledged);
      }
    } finally {
      await again.stop();
    }
  }, 90_000);
});

describe.each(engines)('SIGTERM with a client trickling its body ($name)', ({ databaseUrl }) => {
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(() => shared.remove());

  it('answers it 503 in the envelope at the shutdown deadline and exits 0', async () => {
    const server = await startServerProcess({ DATABASE_URL: shared.url, BAESONG_SHUTDOWN_TIMEOUT: '2' });
    const port = Number(new URL(server.url).port);
    // A request whose body comes a byte a second (getToken reads its body before anything else):
    // 1,000 bytes would take a quarter of an hour.
    const socket: Socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      answer += chunk;
    });
    socket.on('error', () => {});
    const closed = once(socket, 'close');
    socket.write(
      'POST /users/getToken HTTP/1.1\r\nHost: x\r\n' +
        'Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{',
    );
    const drip = setInterval(() => socket.writable && socket.write(' '), 1_000);
    try {
      await new Promise((r) => setTimeout(r, 1_500));
      const exited = once(server.child, 'exit');
      const signalledAt = performance.now();
      server.child.kill('SIGTERM');
      const [code] = await Promise.race([
        exited,
        new Promise<[string]>((r) => setTimeout(() => r(['still running 20 s after SIGTERM']), 20_000)),
      ]);
      expect(code).toBe(0);
      // Not before the deadline: the request had until then to arrive.
      expect(performance.now() - signalledAt).toBeGreaterThanOrEqual(1_900);
      await closed;
    } finally {
      clearInterval(drip);
      socket.destroy();
      server.child.kill('SIGKILL');
    }
    expect(answer).toMatch(/^HTTP\/1\.1 503 Service Unavailable\r\n/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).toMatch(/\r\ncontent-type: application\/json; charset=utf-8\r\n/i);
    expect(answer.split('\r\n\r\n')[1]).toBe(
      '{"code":-1,"message":"the server is shutting down","response":null}',
    );
  }, 60_000);
});
