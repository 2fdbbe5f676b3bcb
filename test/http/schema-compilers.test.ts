import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { buildApp } from '../../src/server.js';

const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl: ':memory:' });
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const thing of open.splice(0).reverse()) await thing.close();
});

async function app(compileSchemas: 'on-first-use' | 'at-start') {
  const database: Database = await openDatabase(':memory:');
  open.push(database);
  const app = await buildApp({ config, database, compileSchemas });
  open.push(app);
  await app.ready();
  return app;
}

/** Requests whose answers come from the routes' schemas: a validation failure, and serialized answers. */
const REQUESTS = [
  { method: 'POST', url: '/sandbox/vendors', payload: { vendorId: 'B123' } },
  { method: 'POST', url: '/sandbox/vendors', payload: { userIds: [] } },
  { method: 'POST', url: '/sandbox/vendors', payload: { vendorId: 'A00000001', userIds: ['wing'] } },
  { method: 'POST', url: '/sandbox/vendors', payload: { vendorId: 'A00000001' } },
  { method: 'POST', url: '/users/getToken', payload: { imp_key: 1 } },
  { method: 'GET', url: '/payments/imp_000000000001' },
] as const;

describe("the routes' schemas", () => {
  it("all compile at start with Fastify's own compilers, as before they compiled on first use", async () => {
    await expect(app('at-start')).resolves.toBeDefined();
  });

  it('answer the same whether compiled at start or on first use', async () => {
    const eager = await app('at-start');
    const lazy = await app('on-first-use');
    for (const request of REQUESTS) {
      const [a, b] = [await eager.inject(request), await lazy.inject(request)];
      const strip = (body: string) => body.replace(/"(accessKey|secretKey)":"[^"]*"/g, '"$1":"…"');
      expect({ status: b.statusCode, body: strip(b.body) }, `${request.method} ${request.url}`).toEqual({
        status: a.statusCode,
        body: strip(a.body),
      });
    }
  });
});
