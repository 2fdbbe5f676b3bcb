/**
 * Tokens, secrets and signatures never reach the logs: a server process at LOG_LEVEL=trace is put
 * through every route, failures included, and its whole output is searched for every token,
 * imp_secret, secretKey, admin token and HMAC signature that was used.
 */
import { Agent } from 'node:http';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/processes.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';
import { fuzzCaseArb } from './generators.js';
import { routesOf } from './routes.js';
import { httpSender } from './send.js';
import { buildWorld, type Exchange, type Send, signedHeaders } from './world.js';

const ADMIN_TOKEN = 'admin-token-never-logged-5f2c1e';

describe.each(engines)('secrets in logs ($name)', ({ databaseUrl }) => {
  const shared = sharedDatabaseUrl(databaseUrl);
  afterAll(() => shared.remove());

  it('never writes a token, imp_secret, secretKey, admin token or HMAC signature, at LOG_LEVEL=trace', async () => {
    const server = await startServerProcess({
      DATABASE_URL: shared.url,
      LOG_LEVEL: 'trace',
      BAESONG_ADMIN_TOKEN: ADMIN_TOKEN,
      COUPANG_RATE_LIMIT: '0',
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const http = httpSender(server.url, agent);
    const sent: Exchange[] = [];
    // Sandbox calls carry the admin token, unless a case sends an Authorization of its own.
    const send: Send = (exchange) => {
      const headers =
        exchange.url.startsWith('/sandbox') && !exchange.headers.authorization
          ? { ...exchange.headers, authorization: `Bearer ${ADMIN_TOKEN}` }
          : exchange.headers;
      sent.push({ ...exchange, headers });
      return http({ ...exchange, headers });
    };
    try {
      const routes = routesOf(
        JSON.parse((await send({ method: 'GET', url: '/openapi.json', headers: {} })).body),
      );
      const world = await buildWorld(send, () => Date.now());
      const [a, b] = world.merchants;
      const [va] = world.vendors;
      // Failures that carry credentials: wrong secrets, wrong admin token, bad signatures.
      const wrongSecret = `${a.imp_secret.slice(0, -4)}beef`;
      await send({
        method: 'POST',
        url: '/users/getToken',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ imp_key: a.imp_key, imp_secret: wrongSecret }),
      });
      await send({
        method: 'POST',
        url: '/users/getToken',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `imp_key=${b.imp_key}&imp_secret=${b.imp_secret}`,
      });
      await send({
        method: 'POST',
        url: '/sandbox/merchants',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}x` },
      });
      const url = '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1';
      await send({
        method: 'GET',
        url,
        headers: signedHeaders(world, { ...va, secretKey: b.imp_secret }, 'GET', url),
      });
      await send({
        method: 'GET',
        url: '/payments/imp_000000000000',
        headers: { authorization: `${a.token}0` },
      });
      // Then every route, with every kind of body and credential the fuzz makes (enough cases for
      // a hundred and more signatures, whatever share of the routes Coupang's are).
      for (const c of fc.sample(fuzzCaseArb(routes, world), { seed: 20261123, numRuns: 500 })) {
        try {
          await send(c.exchange);
        } catch {
          // A connection the server closed after a malformed request: nothing to log here.
        }
      }

      const secrets = new Set<string>([ADMIN_TOKEN, `${ADMIN_TOKEN}x`, wrongSecret, `${a.token}0`]);
      for (const m of world.merchants) for (const s of [m.token, m.imp_secret]) secrets.add(s);
      for (const v of world.vendors) secrets.add(v.secretKey);
      for (const exchange of sent) {
        const signature = /signature=([0-9a-fA-F]{16,})/.exec(exchange.headers.authorization ?? '')?.[1];
        if (signature) secrets.add(signature);
      }
      await server.stop();
      const logs = server.stdout() + server.stderr();
      // The logs are there, request by request: what is searched is real output.
      expect(logs).toContain('incoming request');
      expect(secrets.size).toBeGreaterThan(100);
      const leaked = [...secrets].filter((s) => logs.includes(s));
      expect(leaked).toEqual([]);
      console.log(
        `secrets in logs: ${secrets.size} credentials used, none in ${logs.split('\n').length} log lines`,
      );
    } finally {
      agent.destroy();
      await server.stop();
    }
  }, 120_000);
});
