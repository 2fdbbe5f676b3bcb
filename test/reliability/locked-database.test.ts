import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.js';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import { buildApp } from '../../src/server.js';
import { createMerchant, createPayment, portoneError, signedIn } from '../support/portone.js';
import { runToExit, type ServerProcess, startServerProcess } from '../support/processes.js';
import type { TestApp } from '../support/server.js';
import { type LockHolder, lockHolder } from '../support/sqlite-lock-holder.js';

/** An app on the SQLite file `file`, whose writes wait `lockWaitMs` for another connection's lock. */
async function appOn(file: string, lockWaitMs: number): Promise<TestApp> {
  const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl: file });
  const database = await openDatabase(file, { lockWaitMs });
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
  const app = await buildApp({ config, database, clock });
  await app.ready();
  return {
    app,
    clock,
    database,
    async request(options) {
      const raw = await app.inject(options);
      return { status: raw.statusCode, body: raw.json(), headers: raw.headers, raw };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** What another connection finds committed in the file. */
function committedMerchantNames(file: string): string[] {
  const other = new SQLite(file, { readonly: true });
  try {
    return (other.prepare('select name from merchants order by name').all() as { name: string }[]).map(
      (row) => row.name,
    );
  } finally {
    other.close();
  }
}

describe('a SQLite file whose write lock another process holds (sqlite)', () => {
  let dir: string;
  let file: string;
  let holder: LockHolder | undefined;
  let t: TestApp | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baesong-locked-'));
    file = join(dir, 'baesong.sqlite');
  });
  afterEach(async () => {
    await holder?.close();
    await t?.close();
    holder = undefined;
    t = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write waits on a timer: meanwhile /healthz says 503, a read and a 404 answer; released, the write is committed and answered', async () => {
    t = await appOn(file, 60_000);
    const { merchant, auth } = await signedIn(t);
    const payment = await createPayment(t, merchant);
    holder = lockHolder(file);
    await holder.lock();

    const settled: string[] = [];
    const write = t
      .request({ method: 'POST', url: '/sandbox/merchants', payload: { name: 'waiting shop' } })
      .finally(() => settled.push('write'));
    // Long enough for the write to meet the lock, and far from its 60 s deadline.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toEqual([]);

    const health = await t.request({ method: 'GET', url: '/healthz' });
    const read = await t.request({ method: 'GET', url: `/payments/${payment.imp_uid}`, headers: auth });
    const missing = await t.request({ method: 'GET', url: '/no/such/route', headers: auth });
    expect(health).toMatchObject({
      status: 503,
      body: { status: 'unavailable', error: 'writes cannot proceed now: database is locked' },
    });
    expect(read).toMatchObject({
      status: 200,
      body: { code: 0, message: null, response: { imp_uid: payment.imp_uid } },
    });
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: -1, response: null });
    // All three answered while the write was still waiting.
    expect(settled).toEqual([]);
    expect(committedMerchantNames(file)).not.toContain('waiting shop');

    await holder.release();
    const written = await write;
    expect(written).toMatchObject({ status: 201, body: { name: 'waiting shop' } });
    // Answered once committed: another connection finds it.
    expect(committedMerchantNames(file)).toContain('waiting shop');
    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
  });

  it('a write still waiting at its deadline answers the documented 503 in its envelope, and stores nothing', async () => {
    t = await appOn(file, 1_000);
    // Without a token yet: its first getToken writes one.
    const merchant = await createMerchant(t);
    holder = lockHolder(file);
    await holder.lock();

    const [created, token] = await Promise.all([
      t.request({ method: 'POST', url: '/sandbox/merchants', payload: { name: 'too late' } }),
      t.request({
        method: 'POST',
        url: '/users/getToken',
        payload: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
      }),
    ]);
    expect(created).toMatchObject({
      status: 503,
      body: { error: 'database unavailable: database is locked' },
    });
    expect(token.status).toBe(503);
    expect(token.body).toEqual(portoneError('database unavailable: database is locked'));

    await holder.release();
    expect(committedMerchantNames(file)).not.toContain('too late');
    // The lock gone, writes succeed again.
    expect(
      await t.request({ method: 'POST', url: '/sandbox/merchants', payload: { name: 'in time' } }),
    ).toMatchObject({ status: 201, body: { name: 'in time' } });
  });
});

describe('one SQLite file, one server process (process)', () => {
  let dir: string;
  let first: ServerProcess | undefined;
  let again: ServerProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baesong-owner-'));
  });
  afterEach(async () => {
    await first?.stop('SIGKILL');
    await again?.stop();
    first = undefined;
    again = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a second server on the file is refused with one line and exit 1; after a SIGKILL of the first, a new one starts at once',
    { timeout: 90_000 },
    async () => {
      const file = join(dir, 'shared.sqlite');
      first = await startServerProcess({ DATABASE_URL: file });

      const second = await runToExit({ PORT: '0', DATABASE_URL: file });
      expect(second.code).toBe(1);
      expect(second.stdout).toBe('');
      expect(second.stderr).toBe(
        `baesong: the SQLite file ${file} is already served by another baesong process (a SQLite file serves one process at a time): stop it, or give this one another file; for several instances on one database, use PostgreSQL (DATABASE_URL=postgres://…)\n`,
      );
      // The first serves on, untouched.
      expect((await fetch(`${first.url}/healthz`)).status).toBe(200);

      expect(await first.stop('SIGKILL')).toBe(null);
      again = await startServerProcess({ DATABASE_URL: file });
      const health = await fetch(`${again.url}/healthz`);
      expect({ status: health.status, body: await health.json() }).toEqual({
        status: 200,
        body: { status: 'ok' },
      });
    },
  );
});
