/**
 * A slow client cannot hold the server: headers sent a byte at a time, a body sent a byte at a
 * time and a connection on which nothing comes are all closed within the configured limits
 * (shortened here, so the test is quick), and the defaults are what the documentation says.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/http/body.js';
import { DEFAULT_HTTP_LIMITS, type RunningServer, startServer } from '../../src/server.js';
import { engines, testApp } from '../support/server.js';

/**
 * Opens a connection, writes `first`, then one byte of `drip` every 50 ms for as long as the
 * connection stays open. Resolves with what the server wrote once it closes the connection.
 */
function dribble(
  server: RunningServer,
  first: string,
  drip: string,
): Promise<{ answer: string; dripped: number }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(server.port, '127.0.0.1');
    let answer = '';
    let dripped = 0;
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('error', () => {});
    const timer = setInterval(() => {
      if (socket.writable && dripped < drip.length) socket.write(drip[dripped++] ?? '');
    }, 50);
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer, dripped });
    });
    socket.write(first, (err) => err && reject(err));
  });
}

describe('slow clients (engine-independent)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      port: 0,
      databaseUrl: ':memory:',
      logLevel: 'silent',
      httpLimits: {
        headersTimeoutMs: 400,
        requestTimeoutMs: 800,
        idleTimeoutMs: 800,
        timeoutCheckIntervalMs: 100,
      },
    });
  });
  afterAll(() => server.close());

  it('closes a connection whose headers come a byte at a time, answering 408 in the envelope', async () => {
    // 10,000 bytes of header at 20 a second would take 500 s: the server must end it long before.
    const { answer, dripped } = await dribble(
      server,
      'GET /healthz HTTP/1.1\r\nHost: x\r\n',
      `X-Slow: ${'a'.repeat(10_000)}`,
    );
    expect(dripped).toBeLessThan(10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(answer).toContain('Content-Type: application/json; charset=utf-8');
    // Node gives no path for a request whose headers never came: PortOne's envelope, as for any unknown path.
    expect(
      answer.endsWith('{"code":-1,"message":"the request did not arrive in time","response":null}'),
    ).toBe(true);
  });

  it('closes a connection whose body comes a byte at a time', async () => {
    const body = JSON.stringify({ imp_key: 'k'.repeat(5_000), imp_secret: 's' });
    const { answer, dripped } = await dribble(
      server,
      `POST /users/getToken HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    );
    expect(dripped).toBeLessThan(body.length);
    expect(answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(
      answer.endsWith('{"code":-1,"message":"the request did not arrive in time","response":null}'),
    ).toBe(true);
  });

  it('closes a connection on which nothing is sent', async () => {
    const { answer } = await dribble(server, '', '');
    expect(answer === '' || answer.startsWith('HTTP/1.1 408 Request Timeout\r\n')).toBe(true);
  });

  it('still answers other clients meanwhile and afterwards', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe.each(engines)('connection limits by default ($name)', ({ databaseUrl }) => {
  it('regression: headers had 60 s and timeouts were checked every 30 s; now 10 s for headers, 30 s a request, checked every second', async () => {
    const t = await testApp({}, databaseUrl);
    try {
      expect(DEFAULT_HTTP_LIMITS).toEqual({
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        idleTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        timeoutCheckIntervalMs: 1_000,
      });
      const server = t.app.server;
      expect(server.headersTimeout).toBe(10_000);
      expect(server.requestTimeout).toBe(30_000);
      expect(server.timeout).toBe(30_000);
      expect(server.keepAliveTimeout).toBe(5_000);
      expect(t.app.initialConfig.bodyLimit).toBe(MAX_BODY_BYTES);
      expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    } finally {
      await t.close();
    }
  });
});
