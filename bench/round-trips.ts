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
 */
import pg from 'pg';
import { type RunningServer, startServer } from '../src/server.js';
import { runSql, withSchema } from '../test/support/postgres.js';
import { nextRequest, SandboxApi, SCENARIOS } from './scenarios.js';

const REQUESTS = 320;
const base = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let statements = 0;
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements += 1;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;

async function perRequest(journalSize: number, parallel: number): Promise<Map<string, number>> {
  const schema = `baesong_round_trips_${process.pid}_${journalSize}`;
  const server: RunningServer = await startServer({
    port: 0,
    databaseUrl: withSchema(base, schema),
    coupangRateLimit: 0,
    journalSize,
  });
  const counts = new Map<string, number>();
  try {
    for (const scenario of SCENARIOS) {
      const request = await scenario.setup(new SandboxApi(server.url));
      await server.app.controlPlane.journal.flush();
      const send = async () => {
        const { headers, body } = nextRequest(request);
        const res = await fetch(server.url + request.path, {
          method: request.method,
          headers,
          ...(body === undefined ? {} : { body }),
        });
        await res.arrayBuffer();
        if (res.status !== scenario.status) throw new Error(`${scenario.name} answered ${res.status}`);
      };
      const before = statements;
      for (let i = 0; i < REQUESTS; i += parallel) {
        await Promise.all(Array.from({ length: parallel }, send));
      }
      await server.app.controlPlane.journal.flush();
      counts.set(scenario.name, (statements - before) / REQUESTS);
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
for (const [name, n] of off) {
  console.log(`| ${name} | ${n.toFixed(2)} | ${(on.get(name) ?? NaN).toFixed(2)} |`);
}
