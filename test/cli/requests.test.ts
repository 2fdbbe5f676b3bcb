import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { formatEntry, listRequests, OVERLAP_MS, type RequestsOptions } from '../../src/cli/requests.js';
import type { JournalEntry } from '../../src/client/index.js';
import { type ControlStub, controlStub, journalEntry } from '../support/control-stub.js';
import { runCli, spawnCli } from '../support/processes.js';

let stub: ControlStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const T0 = Date.UTC(2026, 11, 4, 9, 0, 0);

function entry(id: string, atMs: number, overrides: Record<string, unknown> = {}): JournalEntry {
  return journalEntry(id, { at: new Date(atMs).toISOString(), ...overrides }) as JournalEntry;
}

/**
 * A journal standing in for `GET /sandbox/requests`: newest first, or with `order=asc` oldest
 * first from `since`, paged by `cursor`. Filters are recorded, not applied.
 */
async function journalStub(
  journal: JournalEntry[],
  fail?: () => { status: number; body: unknown } | undefined,
) {
  return controlStub((req) => {
    const failure = fail?.();
    if (failure) return failure;
    if (req.path !== '/sandbox/requests') return { status: 404, body: { error: 'Not Found' } };
    const limit = Number(req.query.limit ?? 100);
    const byTime = [...journal].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
    if (req.query.order !== 'asc')
      return { body: { requests: byTime.reverse().slice(0, limit), next: null } };
    const since = req.query.since;
    const from = since === undefined ? byTime : byTime.filter((e) => e.at >= since);
    const offset = Number(req.query.cursor ?? 0);
    const page = from.slice(offset, offset + limit);
    return { body: { requests: page, next: offset + limit < from.length ? String(offset + limit) : null } };
  });
}

function options(s: ControlStub, more: Partial<RequestsOptions> = {}): RequestsOptions {
  return { baseUrl: s.url, limit: 20, ...more };
}

/** Runs the command in-process, collecting its output, until `until` says stop (or it returns). */
async function run(opts: RequestsOptions, until?: (out: string) => boolean, intervalMs = 10) {
  let out = '';
  let err = '';
  const stop = new AbortController();
  const done = listRequests(opts, {
    out: (text) => {
      out += text;
    },
    err: (text) => {
      err += text;
    },
    signal: stop.signal,
    intervalMs,
  });
  return {
    output: () => out,
    errors: () => err,
    done,
    async waitFor(check: (out: string) => boolean = until ?? (() => true)) {
      for (let i = 0; i < 500 && !check(out); i++) await new Promise((r) => setTimeout(r, 10));
      expect(check(out), out).toBe(true);
    },
    async stop() {
      stop.abort();
      await done;
    },
  };
}

const lines = (out: string) => out.split('\n').filter(Boolean);
const idsOf = (out: string) => lines(out).map((line) => /\/payments\/imp_(\w+)/.exec(line)?.[1]);

describe('formatEntry', () => {
  it('writes time, tenant, method, path, status and duration on one line', () => {
    expect(formatEntry(entry('e1', T0))).toBe(
      '2026-12-04T09:00:00.000Z  merchant:imp_key_of_the_merchant  POST /escrows/logis/imp_123456789012  200  1.7 ms',
    );
    expect(
      formatEntry(
        entry('e2', T0, {
          method: 'GET',
          path: '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound',
          query: 'pageNum=1&pageSize=10',
          tenant: { vendor: 'A00012345' },
          response: { status: 503, body: {} },
          durationMs: 12.345,
          fault: 'f1',
        }),
      ),
    ).toBe(
      '2026-12-04T09:00:00.000Z  vendor:A00012345  GET /v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1&pageSize=10  503  12.3 ms  fault:f1',
    );
    expect(formatEntry(entry('e3', T0, { tenant: null, response: null, durationMs: 30000 }))).toBe(
      '2026-12-04T09:00:00.000Z  -  POST /escrows/logis/imp_123456789012  -  30000 ms',
    );
  });
});

describe('baesong requests', () => {
  it('prints the newest entries matching, oldest first, and exits', async () => {
    const journal = [1, 2, 3, 4].map((n) => entry(`e${n}`, T0 + n * 1000, { path: `/payments/imp_${n}` }));
    stub = await journalStub(journal);
    const r = await run(
      options(stub, {
        limit: 3,
        adminToken: 'admin-secret',
        route: 'GET /payments/{imp_uid}',
        status: '5xx',
        platform: 'portone',
        method: 'GET',
        merchant: 'k1',
        vendor: 'A00000001',
        path: '/payments/imp_1',
      }),
    );
    await r.done;
    expect(idsOf(r.output())).toEqual(['2', '3', '4']);
    expect(stub.recorded).toHaveLength(1);
    expect(stub.recorded[0]?.query).toEqual({
      route: 'GET /payments/{imp_uid}',
      status: '5xx',
      platform: 'portone',
      method: 'GET',
      merchant: 'k1',
      vendor: 'A00000001',
      path: '/payments/imp_1',
      limit: '3',
    });
    expect(stub.recorded[0]?.headers.authorization).toBe('Bearer admin-secret');
  });

  it('prints JSON lines with --json', async () => {
    const journal = [entry('e1', T0)];
    stub = await journalStub(journal);
    const r = await run(options(stub, { json: true }));
    await r.done;
    expect(lines(r.output()).map((l) => JSON.parse(l))).toEqual(journal);
  });

  it('follows: prints each new entry once, late arrivals within the overlap included, until stopped', async () => {
    const journal = [entry('e1', T0, { path: '/payments/imp_1' })];
    stub = await journalStub(journal);
    const r = await run(options(stub, { follow: true, route: 'GET /payments/{imp_uid}' }));
    await r.waitFor((out) => lines(out).length === 1);
    await r.waitFor(() => stub!.recorded.length >= 2);

    journal.push(entry('e2', T0 + 2000, { path: '/payments/imp_2' }));
    journal.push(entry('e3', T0 + 3000, { path: '/payments/imp_3' }));
    await r.waitFor((out) => lines(out).length === 3);
    // Journaled late: it arrived before e3 was answered, and is dated then.
    journal.push(entry('e4', T0 + 2500, { path: '/payments/imp_4' }));
    await r.waitFor((out) => lines(out).length === 4);
    // More than a page comes in between two polls.
    for (let n = 5; n < 1205; n++)
      journal.push(entry(`e${n}`, T0 + 3000 + n, { path: `/payments/imp_${n}` }));
    await r.waitFor((out) => lines(out).length === 1204);
    const polls = stub.recorded.length;
    await r.waitFor(() => stub!.recorded.length >= polls + 3);
    await r.stop();

    expect(idsOf(r.output())).toEqual([
      '1',
      '2',
      '3',
      '4',
      ...Array.from({ length: 1200 }, (_, i) => String(i + 5)),
    ]);
    const last = stub.recorded.at(-1)!.query;
    expect(last).toMatchObject({ route: 'GET /payments/{imp_uid}', order: 'asc', limit: '1000' });
    expect(Date.parse(last.since ?? '')).toBe(T0 + 3000 + 1204 - OVERLAP_MS);
    expect(r.errors()).toBe('');
  });

  it('follows an empty journal from its first entry', async () => {
    const journal: JournalEntry[] = [];
    stub = await journalStub(journal);
    const r = await run(options(stub, { follow: true }));
    await r.waitFor(() => stub!.recorded.length >= 2);
    expect(stub.recorded[1]?.query).toEqual({ order: 'asc', limit: '1000' });
    journal.push(entry('e1', T0, { path: '/payments/imp_1' }));
    await r.waitFor((out) => lines(out).length === 1);
    await r.stop();
    expect(idsOf(r.output())).toEqual(['1']);
  });

  it('says once that the server is out of reach while following, and goes on when it is back', async () => {
    let down = false;
    const journal = [entry('e1', T0, { path: '/payments/imp_1' })];
    stub = await journalStub(journal, () =>
      down ? { status: 503, body: { error: 'database unavailable: connection refused' } } : undefined,
    );
    const r = await run(options(stub, { follow: true }));
    await r.waitFor((out) => lines(out).length === 1);
    down = true;
    const polls = stub.recorded.length;
    await r.waitFor(() => stub!.recorded.length >= polls + 3);
    expect(r.errors()).toBe('baesong: database unavailable: connection refused (trying again)\n');
    down = false;
    journal.push(entry('e2', T0 + 1, { path: '/payments/imp_2' }));
    await r.waitFor((out) => lines(out).length === 2);
    await r.stop();
    expect(r.errors()).toMatch(/\(trying again\)\nbaesong: reading the journal again\n$/);
  });

  it('stops with exit code 2 when the server refuses the filters', async () => {
    stub = await journalStub([], () => ({
      status: 400,
      body: { error: 'status must be a number or 2xx, 3xx, 4xx, 5xx' },
    }));
    const r = await run(options(stub, { follow: true }));
    const err = await r.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err).toMatchObject({
      exitCode: 2,
      message: `cannot read the journal of ${stub.url}: status must be a number or 2xx, 3xx, 4xx, 5xx`,
    });
  });

  it('runs as a command: --url, follows, and exits 0 on SIGINT', async () => {
    const journal = [entry('e1', T0, { path: '/payments/imp_1' })];
    stub = await journalStub(journal);
    const child = spawnCli(['requests', '--follow', '--url', stub.url, '--status', '2xx']);
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    for (let i = 0; i < 1000 && !out.includes('imp_1'); i++) await new Promise((r) => setTimeout(r, 10));
    journal.push(entry('e2', T0 + 1000, { path: '/payments/imp_2' }));
    for (let i = 0; i < 1000 && !out.includes('imp_2'); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGINT');
    const [code] = await once(child, 'close');
    expect(code).toBe(0);
    expect(idsOf(out)).toEqual(['1', '2']);
    expect(stub.recorded.every((r) => r.query.status === '2xx')).toBe(true);
  });

  it('refuses a bad --status or --limit before asking anything', async () => {
    const bad = await runCli(['requests', '--status', '5x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "option '--status <status>' argument '5x' is invalid. expected a status (500) or a class (5xx)",
    );
    const big = await runCli(['requests', '--limit', '1001']);
    expect(big.code).toBe(2);
    expect(big.stderr).toContain('expected a whole number from 1 to 1000');
  });
});
