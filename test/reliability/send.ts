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
