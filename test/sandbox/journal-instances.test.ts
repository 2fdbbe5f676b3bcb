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

/**
 * The server's old-generation heap, in MiB: room for what it holds while serving from the sources,
 * not for 30,000 journal entries of over 2 KB kept in memory (a journal made to keep them ran out
 * of memory within the run). The resident size is no measure here: the collector returns memory
 * to the system when it pleases, so it moved by tens of MiB between runs of the same build.
 */
const HEAP_CAP_MB = 48;

describe('a bounded journal (process)', () => {
  let server: ServerProcess | undefined;
  let place: { url: string; remove(): Promise<void> } | undefined;
  afterEach(async () => {
    await server?.stop();
    await place?.remove();
  });

  it(
    'keeps BAESONG_JOURNAL_SIZE entries under 30,000 requests, its memory flat',
    // A load test: about 40 s on a quiet machine, several times that on a busy one.
    { timeout: 400_000 },
    async () => {
      place = sharedDatabaseUrl(':memory:');
      // The heap is capped below what the entries would take if they stayed in memory: a journal
      // that kept them would run out of memory and stop answering.
      server = await startServerProcess({
        DATABASE_URL: place.url,
        BAESONG_JOURNAL_SIZE: '1000',
        NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
      });
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
      // 30,000 entries of over 2 KB each: over 60 MB if they stayed in memory, past the cap.
      await load(30_000);
      agent.destroy();
      const count = (await json(server.url, 'GET', '/sandbox/requests/count')).body;
      expect(count).toEqual({ count: 1000 });
      // Still the same process, answering: it never ran out of memory.
      expect(server.child.exitCode).toBeNull();
      expect(server.child.pid).toBe(pid);
    },
  );
});
