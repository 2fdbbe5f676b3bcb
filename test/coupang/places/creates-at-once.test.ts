import { type ControlledTransaction, sql } from 'kysely';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unmovedClock } from '../../../src/clock.js';
import { defaultConfig } from '../../../src/config.js';
import type { AppContext } from '../../../src/context.js';
import { outboundMessages as o, returnMessages as r } from '../../../src/coupang/messages.js';
import { checkOutboundFields } from '../../../src/coupang/places/outbound-rules.js';
import { insertOutboundPlace } from '../../../src/coupang/places/outbound-store.js';
import { checkReturnCenterFields } from '../../../src/coupang/places/return-rules.js';
import { insertReturnCenter } from '../../../src/coupang/places/return-store.js';
import { createVendor } from '../../../src/coupang/vendors.js';
import type { Tables } from '../../../src/db/schema.js';
import { ApiError } from '../../../src/http/api-error.js';
import { outboundBody, returnBody } from '../../support/fixtures.js';
import { postgresEngine, type TestApp, testApp } from '../../support/server.js';

const A = 'A00000001';
const B = 'A00000002';

function outboundPlan(vendorId: string, n: number) {
  const plan = checkOutboundFields(
    outboundBody(vendorId, n, { remoteInfos: [{ deliveryCode: 'KGB', jeju: 5000, notJeju: 2500 }] }),
    { userIds: ['wing-user'] },
  );
  if (!plan.ok) throw new Error(plan.message);
  return plan.value;
}

function returnPlan(vendorId: string, n: number) {
  const plan = checkReturnCenterFields(returnBody(vendorId, n), { userIds: ['wing-user'] });
  if (!plan.ok) throw new Error(plan.message);
  return plan.value;
}

const confirmed = { ok: true, confirmed: true } as const;

/** What a create of one kind is, for the tests below. */
const kinds = [
  {
    kind: 'outbound place',
    create: (ctx: AppContext, vendorId: string, n: number) =>
      insertOutboundPlace(ctx, vendorId, outboundPlan(vendorId, n)),
    duplicate: new ApiError(400, o.duplicateName('출고지 1')),
  },
  {
    kind: 'return center',
    create: (ctx: AppContext, vendorId: string, n: number) =>
      insertReturnCenter(ctx, vendorId, returnPlan(vendorId, n), confirmed),
    duplicate: new ApiError(400, r.registeredAlready),
  },
];

/**
 * On PostgreSQL every create takes its code from the database's own sequence, which holds no lock
 * past the statement that draws: creates of two vendors never wait on each other. Shown without
 * timing anything: vendor A's create runs inside a transaction left open (as if its commit were
 * slow), and vendor B's create must then either finish or be seen by PostgreSQL as waiting on A's
 * transaction (`pg_blocking_pids`). A create of A's own with the same name must wait: it proves
 * that the wait is seen.
 */
describe.skipIf(!postgresEngine)('creates of two vendors at once (postgres)', () => {
  let t: TestApp;
  let ctx: AppContext;
  let held: ControlledTransaction<Tables> | undefined;
  beforeEach(async () => {
    t = await testApp({}, postgresEngine?.databaseUrl);
    ctx = {
      config: defaultConfig,
      db: t.database.db,
      writes: t.database.writes,
      clock: unmovedClock(t.clock),
    };
    await createVendor(ctx, { vendorId: A, userIds: ['wing-user'] });
    await createVendor(ctx, { vendorId: B, userIds: ['wing-user'] });
  });
  afterEach(async () => {
    await held?.rollback().execute();
    held = undefined;
    await t.close();
  });

  /** Runs a create in a transaction that stays open; answers its code and the backend that holds it. */
  async function heldOpen(create: (ctx: AppContext) => Promise<number>) {
    const trx = await t.database.db.startTransaction().execute();
    held = trx;
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
    const code = await create({
      ...ctx,
      writes: {
        transaction: (work) => work(trx),
        statement: (work) => work(trx),
        exclusive: (work) => work(trx),
      },
    });
    return { code, pid: Number(rows[0]?.pid) };
  }

  /** Resolves once some backend waits on `pid`'s transaction; stops looking when `stop` aborts. */
  async function waitedOn(pid: number, stop: AbortSignal): Promise<'waits'> {
    while (!stop.aborted) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_stat_activity where ${pid}::int = any(pg_blocking_pids(pid))`.execute(
        t.database.db,
      );
      if (Number(rows[0]?.n) > 0) return 'waits';
      await sleep(20);
    }
    return new Promise(() => {});
  }

  /** The create's code once it finishes, or 'waits' as soon as it waits on `pid`. */
  async function outcome(create: Promise<number>, pid: number): Promise<number | 'waits' | Error> {
    const stop = new AbortController();
    try {
      return await Promise.race([create.catch((err: Error) => err), waitedOn(pid, stop.signal)]);
    } finally {
      stop.abort();
    }
  }

  it.each(kinds)("a $kind of vendor B is created while vendor A's create is not yet committed", async (k) => {
    const a = await heldOpen((c) => k.create(c, A, 1));
    expect(await outcome(k.create(ctx, B, 1), a.pid)).toBe(a.code + 1);
    await held?.commit().execute();
    held = undefined;
  });

  it.each(kinds)("a $kind of vendor A's own with the same name waits for A's first create", async (k) => {
    const a = await heldOpen((c) => k.create(c, A, 1));
    const twin = k.create(ctx, A, 1);
    expect(await outcome(twin, a.pid)).toBe('waits');
    await held?.commit().execute();
    held = undefined;
    await expect(twin).rejects.toEqual(k.duplicate);
  });
});
