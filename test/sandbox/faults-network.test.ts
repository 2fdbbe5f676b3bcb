import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { engines, postgresEngine, sharedDatabaseUrl } from '../support/server.js';

/** What came back on a connection: an answer, or the connection closed without one. */
function send(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
) {
  return new Promise<{ status: number; body: unknown } | 'closed'>((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
      agent: false,
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }),
      );
      res.on('error', () => resolve('closed'));
    });
    req.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'ECONNRESET' ? resolve('closed') : reject(err),
    );
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function json(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const answer = await send(base, method, path, headers, body);
  if (answer === 'closed') throw new Error(`${method} ${path} was closed`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  return answer as { status: number; body: any };
}

async function merchantToken(base: string) {
  const m = (await json(base, 'POST', '/sandbox/merchants', {})).body;
  const token = (
    await json(base, 'POST', '/users/getToken', { imp_key: m.imp_key, imp_secret: m.imp_secret })
  ).body.response.access_token as string;
  return { merchant: m, auth: { authorization: token } };
}

/** Polls `check` until it holds or `ms` pass; answers how long it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe.each(engines)('faults on the network ($name)', ({ databaseUrl }) => {
  const opened: (RunningServer | { remove(): Promise<void> })[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await ('close' in o ? o.close() : o.remove());
  });

  async function server(url?: string) {
    const place = url ? undefined : sharedDatabaseUrl(databaseUrl);
    if (place) opened.push(place);
    const s = await startServer({ port: 0, databaseUrl: url ?? place!.url, logLevel: 'silent' });
    opened.push(s);
    return s;
  }

  it('drop before: the connection closes without an answer and nothing is stored; recorded with response null', async () => {
    const s = await server();
    const { auth } = await merchantToken(s.url);
    const fault = (
      await json(s.url, 'POST', '/sandbox/faults', {
        match: { route: 'GET /payments/{imp_uid}' },
        action: 'drop',
      })
    ).body;
    expect(await send(s.url, 'GET', '/payments/x', auth)).toBe('closed');
    const [entry] = (await json(s.url, 'GET', '/sandbox/requests?limit=1')).body.requests;
    expect(entry).toMatchObject({ route: 'GET /payments/{imp_uid}', response: null, fault: fault.id });
  });

  it('drop after: the request is handled (stored), then the connection closes', async () => {
    const s = await server();
    await json(s.url, 'POST', '/sandbox/faults', {
      match: { route: 'POST /users/getToken' },
      action: 'drop',
      when: 'after',
      times: 1,
    });
    const m = (await json(s.url, 'POST', '/sandbox/merchants', {})).body;
    expect(
      await send(s.url, 'POST', '/users/getToken', {}, { imp_key: m.imp_key, imp_secret: m.imp_secret }),
    ).toBe('closed');
    const tokens = await s.database.db.selectFrom('tokens').selectAll().execute();
    expect(tokens).toHaveLength(1);
    const [entry] = (await json(s.url, 'GET', '/sandbox/requests?limit=1')).body.requests;
    expect(entry).toMatchObject({
      route: 'POST /users/getToken',
      response: null,
      tenant: { merchant: m.imp_key },
    });
  });

  it('hang: no answer, the connection held for delayMs, then closed', async () => {
    const s = await server();
    const { auth } = await merchantToken(s.url);
    await json(s.url, 'POST', '/sandbox/faults', { action: 'hang', delayMs: 400 });
    const started = Date.now();
    expect(await send(s.url, 'GET', '/payments/x', auth)).toBe('closed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(380);
    const [entry] = (await json(s.url, 'GET', '/sandbox/requests?limit=1')).body.requests;
    expect(entry.response).toBeNull();
  });

  it('shutdown closes held connections at once', async () => {
    const s = await server();
    const { auth } = await merchantToken(s.url);
    await json(s.url, 'POST', '/sandbox/faults', { action: 'hang' });
    const held = send(s.url, 'GET', '/payments/x', auth);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await s.close();
    expect(await held).toBe('closed');
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('survives a restart', async () => {
    const place = sharedDatabaseUrl(databaseUrl);
    opened.push(place);
    const a = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    const { auth } = await merchantToken(a.url);
    await json(a.url, 'POST', '/sandbox/faults', { action: 'status', status: 503 });
    await json(a.url, 'GET', '/payments/x', undefined, auth);
    await a.close();
    const b = await server(place.url);
    expect((await json(b.url, 'GET', '/payments/x', undefined, auth)).status).toBe(503);
    const entries = (await json(b.url, 'GET', '/sandbox/requests')).body.requests;
    expect(entries.map((e: { response: { status: number } }) => e.response.status)).toEqual([503, 503, 200]);
  });
});

describe.runIf(postgresEngine)('two instances on one PostgreSQL database (postgres)', () => {
  const opened: (RunningServer | { remove(): Promise<void> })[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await ('close' in o ? o.close() : o.remove());
  });

  async function pair() {
    const place = sharedDatabaseUrl(postgresEngine!.databaseUrl);
    opened.push(place);
    const a = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    opened.push(a);
    const b = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    opened.push(b);
    return [a, b] as const;
  }

  it('a fault made on one is in force on the other within 2 s, and its deletion too', async () => {
    const [a, b] = await pair();
    const { auth } = await merchantToken(a.url);
    const fault = (await json(a.url, 'POST', '/sandbox/faults', { action: 'status', status: 503 })).body;
    expect((await json(a.url, 'GET', '/payments/x', undefined, auth)).status).toBe(503);
    await within(
      2_000,
      async () => (await json(b.url, 'GET', '/payments/x', undefined, auth)).status === 503,
    );
    await json(a.url, 'DELETE', `/sandbox/faults/${fault.id}`);
    expect((await json(a.url, 'GET', '/payments/x', undefined, auth)).status).toBe(404);
    await within(
      2_000,
      async () => (await json(b.url, 'GET', '/payments/x', undefined, auth)).status === 404,
    );
  });

  it('times: 5 under 40 requests spread over both instances faults exactly 5', async () => {
    const [a, b] = await pair();
    const { auth } = await merchantToken(a.url);
    await json(a.url, 'POST', '/sandbox/faults', {
      match: { route: 'GET /payments/{imp_uid}' },
      action: 'status',
      status: 500,
      times: 5,
    });
    // Both instances know the fault before the load begins.
    await within(2_000, async () => (b.app.controlPlane.faults.active as boolean) === true);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        json(i % 2 ? a.url : b.url, 'GET', '/payments/x', undefined, auth),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 500)).toHaveLength(5);
    expect(statuses.filter((s) => s === 404)).toHaveLength(35);
    expect((await json(b.url, 'GET', '/sandbox/faults')).body).toEqual({ faults: [] });
    // Entries answered on b reach a's reads within the 2 s the journal promises (README), not at once.
    const count = async () => (await json(a.url, 'GET', '/sandbox/requests/count?fault=true')).body.count;
    await within(2_000, async () => (await count()) >= 5);
    expect(await count()).toBe(5);
  });
});
