/**
 * `POST /sandbox/reset` and the deletion of one merchant or vendor while 16 clients write on every
 * platform's write routes (`churn.ts`): every reset and deletion answers 200, and every write
 * answers its success or, when its tenant vanished under it, the answer the contract gives a
 * request whose token, key or vendor is unknown; never a 500. On both engines, and on two
 * instances of one PostgreSQL database.
 */
import { Agent } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { engines, postgresEngine, sharedDatabaseUrl } from '../support/server.js';
import { Checked, countOf, coupangWriter, failures, newTally, portoneWriter, type Tally } from './churn.js';
import { httpSender } from './send.js';
import type { Send } from './world.js';

/** Resets or rounds of deletions in each case, one every `EVERY_MS`: a few seconds under the writers. */
const ROUNDS = 10;
const MAX_ROUNDS = 60;
const EVERY_MS = 200;
const WRITERS = 16;

interface Instance {
  server: RunningServer;
  send: Send;
  api: Checked;
}

const opened: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of opened.splice(0).reverse()) await o.close();
});

/** `count` servers on one database of the engine, each with a sender that checks its answers into `tally`. */
async function instances(databaseUrl: string, count: number, tally: Tally): Promise<Instance[]> {
  const place = sharedDatabaseUrl(databaseUrl);
  opened.push({ close: () => place.remove() });
  // Idle sockets are dropped well before the server's 5 s keep-alive ends them: a request sent on
  // one the server is closing at that moment gets no answer (a client's race, not the server's).
  const agent = new Agent({ keepAlive: true, maxSockets: 64, timeout: 2_000 });
  opened.push({ close: async () => agent.destroy() });
  const started: Instance[] = [];
  for (let i = 0; i < count; i++) {
    const server = await startServer({
      port: 0,
      databaseUrl: place.url,
      logLevel: 'silent',
      coupangRateLimit: 0,
    });
    opened.push(server);
    const send = httpSender(server.url, agent);
    const openapi = JSON.parse((await send({ method: 'GET', url: '/openapi.json', headers: {} })).body);
    started.push({ server, send, api: new Checked(send, openapi, tally) });
  }
  return started;
}

const json = { 'content-type': 'application/json' };

async function sandbox(send: Send, method: string, url: string, body?: unknown) {
  const answer = await send({
    method,
    url,
    headers: body === undefined ? {} : json,
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  return { status: answer.status, body: JSON.parse(answer.body) };
}

/** The platform routes every run must have reached, with success and with the tenant gone. */
const WRITTEN = [
  /^POST \/escrows\/logis\//,
  /^PUT \/escrows\/logis\//,
  /^POST \/paymentwall\/delivery /,
  /^POST \/payments\/prepare /,
  /^POST \/payments\/cancel /,
  /^POST \/users\/getToken /,
  /^POST .*\/outboundShippingCenters /,
  /^PUT .*\/outboundShippingCenters\//,
  /^POST .*\/returnShippingCenters /,
  /^PUT .*\/returnShippingCenters\//,
  /^PUT .*\/ordersheets\/acknowledgement /,
  /^POST .*\/orders\/invoices /,
];

/** Every route of `WRITTEN` succeeded, and writes of both platforms found their tenant gone. */
const covered = (tally: Tally) =>
  WRITTEN.every((route) => countOf(tally, route, 200) > 0) &&
  failures(tally, PORTONE_WRITES) > 0 &&
  failures(tally, COUPANG_WRITES) > 0;

/**
 * Runs 16 writers (half PortOne, half Coupang, spread over the instances) while `disrupt` runs
 * `ROUNDS` times, `EVERY_MS` apart, on the instances in turn, and on until the run `covered` what
 * it must (a busy machine serves fewer writes a round); resolves with the number of rounds once
 * all have stopped.
 */
async function underWrites(
  on: Instance[],
  tally: Tally,
  disrupt: (instance: Instance) => Promise<void>,
): Promise<number> {
  let done = false;
  const running = () => !done;
  const writers = Array.from({ length: WRITERS }, (_, i) => {
    const { api } = on[i % on.length]!;
    return i % 2 === 0 ? portoneWriter(api, running) : coupangWriter(api, running);
  });
  let rounds = 0;
  const disrupter = (async () => {
    try {
      while (rounds < ROUNDS || (!covered(tally) && rounds < MAX_ROUNDS)) {
        await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
        await disrupt(on[rounds++ % on.length]!);
      }
    } finally {
      done = true;
    }
  })();
  await Promise.all([...writers, disrupter]);
  return rounds;
}

/**
 * The writes of each platform's tenants, the sandbox's own among them (a payment created for a
 * merchant, an order placed for a vendor): with two instances, a reset most often lands while
 * every writer waits at the gate of its next transaction, the sandbox's payment create, so that
 * is where the PortOne writers find their merchant gone, and their platform writes seldom do.
 */
const PORTONE_WRITES = /^(POST|PUT) \/(escrows|paymentwall|payments|users|sandbox\/payments)[/ ]/;
const COUPANG_WRITES = /^(POST|PUT) \/(v2\/providers\/|sandbox\/vendors\/\{vendorId\}\/orders )/;

function expectCoverage(tally: Tally) {
  for (const route of WRITTEN) expect(countOf(tally, route, 200), `${route} answered 200`).toBeGreaterThan(0);
  // The tenants did vanish under the writers: the race was run, not dodged.
  expect(failures(tally, PORTONE_WRITES), 'PortOne writes that found their merchant gone').toBeGreaterThan(0);
  expect(failures(tally, COUPANG_WRITES), 'Coupang writes that found their vendor gone').toBeGreaterThan(0);
}

/** The whole sandbox is empty: no tenant, no journal entry, no fault, the clock at real time. */
async function expectEmpty(send: Send) {
  expect(await sandbox(send, 'GET', '/sandbox/merchants')).toEqual({ status: 200, body: { merchants: [] } });
  expect(await sandbox(send, 'GET', '/sandbox/vendors')).toEqual({ status: 200, body: { vendors: [] } });
  expect((await sandbox(send, 'GET', '/sandbox/payments')).body).toEqual({ payments: [], next: null });
  expect((await sandbox(send, 'GET', '/sandbox/faults')).body).toEqual({ faults: [] });
  expect((await sandbox(send, 'GET', '/sandbox/requests/count')).body).toMatchObject({ count: 0 });
}

describe.each(engines)('reset and deletion under writes ($name)', ({ databaseUrl }) => {
  underWritesTests(databaseUrl, 1);
});

describe.runIf(postgresEngine)(
  'reset and deletion under writes, two instances of one database (postgres)',
  () => {
    underWritesTests(postgresEngine?.databaseUrl ?? '', 2);
  },
);

/** The two cases on `count` instances of one database of the engine of `databaseUrl`. */
function underWritesTests(databaseUrl: string, count: number) {
  it(
    'every reset answers 200 and empties everything; every write answers its success or its tenant gone',
    { timeout: 120_000 },
    async () => {
      const tally = newTally();
      const on = await instances(databaseUrl, count, tally);
      const resets: { status: number; body: unknown }[] = [];
      const rounds = await underWrites(on, tally, async ({ send }) => {
        resets.push(await sandbox(send, 'POST', '/sandbox/reset'));
      });
      expect(tally.problems).toEqual([]);
      expect(resets).toEqual(Array.from({ length: rounds }, () => ({ status: 200, body: { reset: true } })));
      expectCoverage(tally);

      // What a reset promises besides the data: a fault and a moved clock are gone too.
      const [first] = on as [Instance];
      await new Promise((resolve) => setTimeout(resolve, 500)); // every instance's journal buffer written
      expect(
        (
          await sandbox(first.send, 'POST', '/sandbox/faults', {
            match: { path: '/nowhere' },
            action: 'status',
            status: 503,
          })
        ).status,
      ).toBe(201);
      expect((await sandbox(first.send, 'POST', '/sandbox/clock', { advanceSeconds: 60 })).status).toBe(200);
      expect(await sandbox(first.send, 'POST', '/sandbox/reset')).toEqual({
        status: 200,
        body: { reset: true },
      });
      for (const { send } of on) await expectEmpty(send);
      // Real time again where it was reset (elsewhere at the next refresh of the clock).
      expect((await sandbox(first.send, 'GET', '/sandbox/clock')).body).toMatchObject({
        offsetMs: 0,
        frozen: false,
      });
    },
  );

  it(
    'every deletion of a merchant or a vendor answers 200 and leaves nothing of it; every write answers its success or its tenant gone',
    { timeout: 120_000 },
    async () => {
      const tally = newTally();
      const on = await instances(databaseUrl, count, tally);
      const deletions: { status: number; body: unknown }[] = [];
      const deleted: string[] = [];
      await underWrites(on, tally, async ({ send }) => {
        const { merchants } = (await sandbox(send, 'GET', '/sandbox/merchants')).body as {
          merchants: { imp_key: string }[];
        };
        const { vendors } = (await sandbox(send, 'GET', '/sandbox/vendors')).body as {
          vendors: { vendorId: string }[];
        };
        // The oldest merchant and vendor, at once: a writer's, while it writes under it.
        const urls = [
          ...merchants.slice(0, 1).map((m) => `/sandbox/merchants/${m.imp_key}`),
          ...vendors.slice(0, 1).map((v) => `/sandbox/vendors/${v.vendorId}`),
        ];
        deleted.push(...urls);
        deletions.push(...(await Promise.all(urls.map((url) => sandbox(send, 'DELETE', url)))));
      });
      expect(tally.problems).toEqual([]);
      expect(deletions.length).toBeGreaterThanOrEqual(10);
      expect(deletions).toEqual(deletions.map(() => ({ status: 200, body: { deleted: true } })));
      expectCoverage(tally);

      // Nothing of a deleted tenant is left, on any instance.
      for (const { send } of on) {
        for (const url of deleted) {
          const listed = url.startsWith('/sandbox/merchants/')
            ? `/sandbox/payments?imp_key=${url.slice('/sandbox/merchants/'.length)}`
            : `${url}/outbound-places`;
          expect((await sandbox(send, 'GET', listed)).status, listed).toBe(404);
        }
      }
    },
  );
}
