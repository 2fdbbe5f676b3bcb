import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { engines, postgresEngine, sharedDatabaseUrl } from '../support/server.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
async function json(base: string, method: string, path: string, body?: unknown, headers = {}): Promise<any> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: await res.json() };
}

describe.each(engines)('the journal across restarts ($name)', ({ databaseUrl }) => {
  const opened: (RunningServer | { remove(): Promise<void> })[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await ('close' in o ? o.close() : o.remove());
  });

  it('lists a request at once where it was answered, and after a restart', async () => {
    const place = sharedDatabaseUrl(databaseUrl);
    opened.push(place);
    const a = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    await json(a.url, 'GET', '/payments/seen?x=1');
    expect((await json(a.url, 'GET', '/sandbox/requests')).body.requests).toMatchObject([
      { path: '/payments/seen', query: 'x=1', response: { status: 401 } },
    ]);
    // Answered and closed at once: the buffered entry is written on shutdown.
    await json(a.url, 'GET', '/payments/last');
    await a.close();
    const b = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    opened.push(b);
    const paths = (await json(b.url, 'GET', '/sandbox/requests')).body.requests.map(
      (e: { path: string }) => e.path,
    );
    expect(paths).toEqual(['/payments/last', '/payments/seen']);
  });
});

describe.runIf(postgresEngine)('the journal on two instances of one PostgreSQL database (postgres)', () => {
  const opened: (RunningServer | { remove(): Promise<void> })[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0).reverse()) await ('close' in o ? o.close() : o.remove());
  });

  it('an entry answered on one is listed on the other within 2 s', async () => {
    const place = sharedDatabaseUrl(postgresEngine!.databaseUrl);
    opened.push(place);
    const a = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    opened.push(a);
    const b = await startServer({ port: 0, databaseUrl: place.url, logLevel: 'silent' });
    opened.push(b);
    await json(a.url, 'GET', '/payments/from-a');
    const started = Date.now();
    for (;;) {
      const { requests } = (await json(b.url, 'GET', '/sandbox/requests?path=%2Fpayments%2Ffrom-a')).body;
      if (requests.length === 1) break;
      expect(Date.now() - started).toBeLessThan(2_000);
      await new Promise((r) => setTimeout(r, 50));
    }
  });
});

/** The server process's resident memory, in bytes (Linux). */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

describe.runIf(process.platform === 'linux')('a bounded journal (process)', () => {
  let server: ServerProcess | undefined;
  let place: { url: string; remove(): Promise<void> } | undefined;
  afterEach(async () => {
    await server?.stop();
    await place?.remove();
  });

  it(
    'keeps BAESONG_JOURNAL_SIZE entries under 30,000 requests, its memory flat',
    { timeout: 120_000 },
    async () => {
      place = sharedDatabaseUrl(':memory:');
      server = await startServerProcess({ DATABASE_URL: place.url, BAESONG_JOURNAL_SIZE: '1000' });
      const pid = server.child.pid!;
      const url = `${server.url}/payments/imp_000000000000?page=1`;
      const body = JSON.stringify({ filler: 'x'.repeat(2_000) });
      const agent = new Agent({ keepAlive: true, maxSockets: 16 });
      const headers = { authorization: 'not-a-token', 'x-filler': body };
      const get = () =>
        new Promise<void>((resolve, reject) => {
          request(url, { agent, headers }, (res) => {
            res.resume();
            res.on('end', resolve);
          })
            .on('error', reject)
            .end();
        });
      const load = async (n: number) => {
        let next = 0;
        const worker = async () => {
          while (next < n) {
            next += 1;
            await get();
          }
        };
        await Promise.all(Array.from({ length: 16 }, worker));
      };
      // Warmed well past the journal's size, so the heap has grown to its working size first.
      await load(10_000);
      const warm = rss(pid);
      await load(20_000);
      const after = rss(pid);
      agent.destroy();
      const count = (await json(server.url, 'GET', '/sandbox/requests/count')).body;
      expect(count).toEqual({ count: 1000 });
      // 20,000 more entries of over 2 KB each would be 40 MB more if they stayed in memory; the
      // margin below that is for the collector, which returns memory when it pleases.
      expect(after - warm).toBeLessThan(25 * 1024 * 1024);
    },
  );
});
