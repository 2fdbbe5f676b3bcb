import { type Agent, request } from 'node:http';
import type { TestApp } from '../support/server.js';
import type { Answer, Send } from './world.js';

/** Sends through `app.inject`: the whole Fastify pipeline, without sockets. */
export function injectSender(t: TestApp): Send {
  return async (exchange) => {
    const res = await t.app.inject({
      method: exchange.method as 'GET',
      url: exchange.url,
      headers: exchange.headers,
      ...(exchange.payload !== undefined ? { payload: exchange.payload } : {}),
    });
    return { status: res.statusCode, headers: res.headers as Answer['headers'], body: res.body };
  };
}

/** Sends over HTTP/1.1 to a listening server, on keep-alive connections, bytes exactly as given. */
export function httpSender(baseUrl: string, agent: Agent): Send {
  const { hostname, port } = new URL(baseUrl);
  return (exchange) =>
    new Promise<Answer>((resolve, reject) => {
      const payload = exchange.payload;
      const req = request(
        {
          host: hostname,
          port,
          method: exchange.method,
          path: exchange.url,
          agent,
          headers: {
            ...exchange.headers,
            ...(payload !== undefined ? { 'content-length': String(Buffer.byteLength(payload)) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
}
