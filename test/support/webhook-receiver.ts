/**
 * A webhook receiver of the test's own on loopback: it records every request it gets and answers
 * as the test tells it (a status, a redirect, a hang, a reset), so that the sender's handling of
 * each can be watched without any outside service.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How to answer one request: an HTTP status, a redirect, no answer at all, or a reset connection. */
export type Behaviour = number | { redirect: string } | 'hang' | 'reset';

export interface Receiver {
  /** `http://127.0.0.1:<port>` */
  url: string;
  received: Received[];
  /** How the next requests are answered (default 200); `answer(n)` for the nth request (from 0). */
  behave(answer: (index: number, request: Received) => Behaviour | Promise<Behaviour>): void;
  /** Resolves once `count` requests have arrived; rejects after `timeoutMs` (a generous bound, not a measure). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  let answer: (index: number, request: Received) => Behaviour | Promise<Behaviour> = () => 200;

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: Received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const index = received.push(request) - 1;
      for (const waiter of waiters.filter((w) => received.length >= w.count)) waiter.resolve();
      void Promise.resolve(answer(index, request)).then((behaviour) => {
        if (behaviour === 'hang') return;
        if (behaviour === 'reset') {
          req.socket.destroy();
          return;
        }
        if (typeof behaviour === 'object') {
          res.writeHead(302, { location: behaviour.redirect }).end();
          return;
        }
        res.writeHead(behaviour, { 'content-type': 'text/plain' }).end('ok');
      });
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const { port: bound } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${bound}`,
    received,
    behave(next) {
      answer = next;
    },
    waitFor(count, timeoutMs = 15_000) {
      if (received.length >= count) return Promise.resolve(received.slice());
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`the receiver got ${received.length} requests, not ${count}, within ${timeoutMs} ms`),
            ),
          timeoutMs,
        );
        waiters.push({
          count,
          resolve: () => {
            clearTimeout(timer);
            resolve(received.slice());
          },
        });
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close').catch(() => {});
    },
  };
}

/**
 * Asks `read` until `done` holds of its answer, and returns that answer; fails after `timeoutMs`
 * (a generous bound for a loaded machine, not a measure of speed).
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`not reached within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
