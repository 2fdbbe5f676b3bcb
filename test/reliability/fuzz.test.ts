/**
 * The short fuzz of `npm test`: random hostile requests to every route of both platforms and the
 * sandbox, through `app.inject`, each answer checked against the invariants (invariants.ts).
 * Runs a fixed seed and a random one (printed; `FUZZ_SEED=<n>` replays it), with Coupang's rate
 * limit off and then on. `npm run fuzz` runs the long version against a listening server.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, type TestApp, testApp } from '../support/server.js';
import { type FuzzCase, fuzzCaseArb } from './generators.js';
import { answerProblems, describeCase } from './invariants.js';
import { routesOf, type RouteSpec } from './routes.js';
import { injectSender } from './send.js';
import { BOX_STATUSES, RECEIPT_STATUSES } from '../../src/coupang/orders/machine.js';
import { buildWorld, signedHeaders, type Send, type World } from './world.js';

export const FIXED_SEED = 20261123;
const randomSeed = Number(process.env.FUZZ_SEED) || (Math.random() * 2 ** 31) >>> 0;
console.log(
  `fuzz seeds: ${FIXED_SEED} (fixed) and ${randomSeed} (random; replay with FUZZ_SEED=${randomSeed})`,
);

/** Requests per seed and configuration, per engine: about 2,700 in all on the two engines. */
const RUNS_LIMIT_OFF = Number(process.env.FUZZ_RUNS) || 550;
const RUNS_LIMIT_ON = 250;

/** Answers per route and status; `FUZZ_STATS=1` prints them, to see what the fuzz reaches. */
const tally = new Map<string, number>();
afterAll(() => {
  if (!process.env.FUZZ_STATS) return;
  for (const [key, n] of [...tally].sort()) console.log(`${String(n).padStart(6)}  ${key}`);
});

describe.each(engines)('fuzzing every route ($name)', ({ databaseUrl }) => {
  for (const rateLimit of [0, 10]) {
    describe(`with COUPANG_RATE_LIMIT=${rateLimit}`, () => {
      let t: TestApp;
      let send: Send;
      let routes: RouteSpec[];
      let world: World;
      beforeAll(async () => {
        t = await testApp({ coupangRateLimit: rateLimit }, databaseUrl);
        send = injectSender(t);
        routes = routesOf(
          JSON.parse((await send({ method: 'GET', url: '/openapi.json', headers: {} })).body),
        );
        world = await buildWorld(send, () => t.clock.nowMs());
      });
      afterAll(() => t.close());

      const seeds = rateLimit === 0 ? [FIXED_SEED, randomSeed] : [randomSeed];
      for (const seed of seeds) {
        it(`keeps every invariant on every route (seed ${seed})`, { timeout: 120_000 }, async () => {
          const property = fc.asyncProperty(fuzzCaseArb(routes, world), async (c: FuzzCase) => {
            // Time moves a little with each request, so the rate limit refills as it would.
            t.clock.set(t.clock.nowMs() + 20);
            const answer = await send(c.exchange);
            const key = `${c.route.method} ${c.route.path} → ${answer.status}`;
            tally.set(key, (tally.get(key) ?? 0) + 1);
            const problems = answerProblems(c, answer, { rateLimited: rateLimit > 0 });
            if (problems.length > 0) throw new Error(describeCase(c, answer, problems));
          });
          await fc.assert(property, {
            seed,
            numRuns: rateLimit === 0 ? RUNS_LIMIT_OFF : RUNS_LIMIT_ON,
            // Shrinking replays requests against a server whose data has moved on: a few steps say enough.
            endOnFailure: false,
            maxSkipsPerRun: 0,
          });
          const health = await send({ method: 'GET', url: '/healthz', headers: {} });
          expect(health.status).toBe(200);
        });
      }

      it('leaves no box in two states, and every box and receipt whole', async () => {
        const boxes = await t.database.db.selectFrom('coupang_order_boxes').selectAll().execute();
        expect(boxes.length).toBeGreaterThan(0);
        for (const row of boxes) {
          const sheet = JSON.parse(row.sheet) as {
            status: string;
            history: { status: string }[];
            items: {
              shippingCount: number;
              cancelCount: number;
              holdCountForCancel: number;
              returningCount: number;
            }[];
          };
          expect(BOX_STATUSES).toContain(row.status);
          expect([sheet.status, sheet.history.at(-1)?.status]).toEqual([row.status, row.status]);
          for (const item of sheet.items) {
            const used = [item.cancelCount, item.holdCountForCancel, item.returningCount];
            expect(used.every((n) => n >= 0)).toBe(true);
            expect(used.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(item.shippingCount);
          }
        }
        const receipts = await t.database.db.selectFrom('coupang_order_receipts').selectAll().execute();
        for (const row of receipts) expect(RECEIPT_STATUSES).toContain(row.status);
        // Each open box is listed under one status only.
        for (const vendor of world.vendors) {
          const seen: string[] = [];
          for (const status of BOX_STATUSES) {
            t.clock.set(t.clock.nowMs() + 1_000);
            const url = `/v2/providers/openapi/apis/api/v4/vendors/${vendor.vendorId}/ordersheets?createdAtFrom=2026-11-01&createdAtTo=2026-11-30&searchType=&status=${status}`;
            const answer = await send({
              method: 'GET',
              url,
              headers: signedHeaders(world, vendor, 'GET', url),
            });
            expect(answer.status).toBe(200);
            seen.push(...[...answer.body.matchAll(/"shipmentBoxId":(\d+)/g)].map((m) => m[1] as string));
          }
          expect(new Set(seen).size).toBe(seen.length);
        }
      });

      it('fuzzes every route the OpenAPI document lists', () => {
        const paths = new Set(routes.map((r) => `${r.method} ${r.path}`));
        expect(paths).toContain('POST /escrows/logis/{imp_uid}');
        expect(paths).toContain(
          'GET /v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound',
        );
        expect(paths).toContain('POST /sandbox/vendors');
        expect(paths).toContain('GET /healthz');
      });
    });
  }
});
