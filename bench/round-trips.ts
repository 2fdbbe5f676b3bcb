/**
 * Database round trips per request on PostgreSQL, for every scenario of the bench: each statement
 * a request sends to the server (BEGIN and COMMIT included) is a round trip, which is what a write
 * waits on and what a lock is held across. Counted, not timed, so the figures do not depend on the
 * machine: requests are sent one at a time to a server in this process, and every query its
 * PostgreSQL pool sends is counted.
 *
 *   node --import tsx bench/round-trips.ts      # BENCH_POSTGRES_URL, as the bench's PostgreSQL table
 *
 * The second column adds the request journal's own writes, which run in the background, many
 * entries a flush: measured with the requests sent 32 at a time, as a loaded server receives them
 * (one at a time, each flush would carry one or two entries and seem to cost far more).
 *
 * The order list scenario's vendor gets 2,000 orders rather than the bench's 100,000 (BENCH_ORDERS
 * says otherwise): a poll's statements are the same whatever the count, and placing 100,000 orders
 * took most of the run.
 */
import pg from 'pg';
import { type RunningServer, startServer } from '../src/server.js';
import { runSql, withSchema } from '../test/support/postgres.js';
import { nextRequest, SandboxApi, SCENARIOS } from './scenarios.js';

const REQUESTS = 320;
process.env.BENCH_ORDERS ??= '2000';
const base = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

/**
 * Statements per answered request, and how many requests were refused: on a busy machine a scenario
 * whose requests all write the same rows (the invoice batch) can keep a request waiting for a pooled
 * connection past the pool's 5 s, and it is answered 503 having sent nothing. Any other status
 * stops the run.
 */
interface Count {
  perRequest: number;
  unavailable: number;
}

async function perRequest(journalSize: number, parallel: number): Promise<Map<string, Count>> {
  const schema = `baesong_round_trips_${process.pid}_${journalSize}`;
  const server: RunningServer = await startServer({
    port: 0,
    databaseUrl: withSchema(base, schema),
    coupangRateLimit: 0,
    journalSize,
  });
  const counts = new Map<string, Count>();
  try {
    for (const scenario of SCENARIOS) {
      const request = await scenario.setup(new SandboxApi(server.url));
      await server.app.controlPlane.journal.flush();
      let unavailable = 0;
      const send = async () => {
        const { headers, body } = nextRequest(request);
        const res = await fetch(server.url + request.path, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        await res.arrayBuffer();
        if (res.status === 503) unavailable += 1;
        else if (res.status !== scenario.status) throw new Error(`${scenario.name} answered ${res.status}`);
      };
      const before = statements;
      for (let i = 0; i < REQUESTS; i += parallel) {
        await Promise.all(Array.from({ length: parallel }, send));
      }
      await server.app.controlPlane.journal.flush();
      counts.set(scenario.name, {
        perRequest: (statements - before) / (REQUESTS - unavailable),
        unavailable,
      });
    }
  } finally {
    await server.close();
    await runSql(base, `drop schema if exists ${schema} cascade`);
  }
  return counts;
}

const off = await perRequest(0, 1);
const on = await perRequest(10_000, 32);
console.log(`| scenario | one at a time, journal off | 32 at a time, journal on |`);
console.log('| --- | --- | --- |');
const cell = (count: Count | undefined) =>
  count === undefined
    ? '?'
    : `${count.perRequest.toFixed(2)}${count.unavailable ? ` (${count.unavailable} of ${REQUESTS} answered 503)` : ''}`;
for (const [name, count] of off) console.log(`| ${name} | ${cell(count)} | ${cell(on.get(name))} |`);
