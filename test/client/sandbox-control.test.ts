import { afterEach, describe, expect, it } from 'vitest';
import { CoupangClient, SandboxClient, SandboxError } from '../../src/client/index.js';
import {
  type ControlStub,
  controlStub,
  faultAnswer,
  journalEntry,
  type Recorded,
} from '../support/control-stub.js';

let stub: ControlStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const clientOf = (s: ControlStub) => new SandboxClient({ baseUrl: s.url, adminToken: 'admin-secret' });

/** What the stub received, without headers. */
const sent = (s: ControlStub) =>
  s.recorded.map(({ method, path, query, body }) => ({ method, path, query, body }));

const CLOCK = { now: '2026-12-04T09:15:02.123Z', offsetMs: 3_600_000, frozen: false };

describe('SandboxClient: the request journal', () => {
  it('lists entries with every filter as the query names it, and the admin token', async () => {
    const page = { requests: [journalEntry('e1')], next: 'c2' };
    stub = await controlStub(() => ({ body: page }));
    const answer = await clientOf(stub).requests({
      platform: 'coupang',
      method: 'PUT',
      route:
        'PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters/{returnCenterCode}',
      path: '/v2/providers/x',
      status: '5xx',
      merchant: 'k1',
      vendor: 'A00000001',
      since: new Date('2026-12-04T09:00:00Z'),
      fault: true,
      order: 'asc',
      limit: 50,
      cursor: 'c1',
    });
    expect(answer).toEqual(page);
    expect(sent(stub)).toEqual([
      {
        method: 'GET',
        path: '/sandbox/requests',
        query: {
          platform: 'coupang',
          method: 'PUT',
          route:
            'PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters/{returnCenterCode}',
          path: '/v2/providers/x',
          status: '5xx',
          merchant: 'k1',
          vendor: 'A00000001',
          since: '2026-12-04T09:00:00.000Z',
          fault: 'true',
          order: 'asc',
          limit: '50',
          cursor: 'c1',
        },
        body: undefined,
      },
    ]);
    expect(stub.recorded[0]?.headers.authorization).toBe('Bearer admin-secret');
  });

  it('sends no parameter that was not given', async () => {
    stub = await controlStub(() => ({ body: { requests: [], next: null } }));
    await clientOf(stub).requests();
    await clientOf(stub).requests({ status: 404, fault: false, merchant: undefined });
    expect(sent(stub).map((r) => r.query)).toEqual([{}, { status: '404', fault: 'false' }]);
  });

  it('pages through every entry with eachRequest, keeping the filters', async () => {
    const pages: Record<string, { requests: unknown[]; next: string | null }> = {
      first: { requests: [journalEntry('e1'), journalEntry('e2')], next: 'p2' },
      p2: { requests: [journalEntry('e3')], next: 'p3' },
      p3: { requests: [], next: null },
    };
    stub = await controlStub((req) => ({ body: pages[req.query.cursor ?? 'first'] }));
    const ids: string[] = [];
    for await (const entry of clientOf(stub).eachRequest({ route: 'GET /payments/{imp_uid}', limit: 2 }))
      ids.push(entry.id);
    expect(ids).toEqual(['e1', 'e2', 'e3']);
    expect(sent(stub).map((r) => r.query)).toEqual([
      { route: 'GET /payments/{imp_uid}', limit: '2' },
      { route: 'GET /payments/{imp_uid}', limit: '2', cursor: 'p2' },
      { route: 'GET /payments/{imp_uid}', limit: '2', cursor: 'p3' },
    ]);
  });

  it('counts, reads one entry, and deletes all or a tenant\u2019s', async () => {
    stub = await controlStub((req) => {
      if (req.path === '/sandbox/requests/count') return { body: { count: 7 } };
      if (req.method === 'DELETE') return { body: { deleted: req.query.vendor ? 2 : 9 } };
      return { body: journalEntry('id/1') };
    });
    const sandbox = clientOf(stub);
    expect(await sandbox.countRequests({ platform: 'portone', status: '4xx' })).toBe(7);
    expect((await sandbox.request('id/1')).id).toBe('id/1');
    expect(await sandbox.deleteRequests()).toBe(9);
    expect(await sandbox.deleteRequests({ vendor: 'A00000001' })).toBe(2);
    expect(await sandbox.deleteRequests({ merchant: 'k1' })).toBe(9);
    expect(sent(stub)).toEqual([
      {
        method: 'GET',
        path: '/sandbox/requests/count',
        query: { platform: 'portone', status: '4xx' },
        body: undefined,
      },
      { method: 'GET', path: '/sandbox/requests/id%2F1', query: {}, body: undefined },
      { method: 'DELETE', path: '/sandbox/requests', query: {}, body: undefined },
      { method: 'DELETE', path: '/sandbox/requests', query: { vendor: 'A00000001' }, body: undefined },
      { method: 'DELETE', path: '/sandbox/requests', query: { merchant: 'k1' }, body: undefined },
    ]);
  });

  it('throws SandboxError with the server\u2019s message', async () => {
    stub = await controlStub(() => ({
      status: 400,
      body: { error: 'limit must be a whole number from 1 to 1000' },
    }));
    const err = await clientOf(stub)
      .requests({ limit: 0 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxError);
    expect(err).toMatchObject({ status: 400, message: 'limit must be a whole number from 1 to 1000' });
  });
});

describe('SandboxClient: faults', () => {
  it('lists the platform routes a fault or a filter can name', async () => {
    const routes = [{ route: 'POST /users/getToken', platform: 'portone' }];
    stub = await controlStub(() => ({ body: { routes } }));
    expect(await clientOf(stub).routes()).toEqual(routes);
    expect(sent(stub)).toEqual([{ method: 'GET', path: '/sandbox/routes', query: {}, body: undefined }]);
    expect(stub.recorded[0]?.headers.authorization).toBe('Bearer admin-secret');
  });

  it('adds, lists, reads and removes faults', async () => {
    const fault = faultAnswer('f1');
    stub = await controlStub((req: Recorded) => {
      if (req.method === 'POST') return { status: 201, body: fault };
      if (req.path === '/sandbox/faults' && req.method === 'GET') return { body: { faults: [fault] } };
      if (req.path === '/sandbox/faults' && req.method === 'DELETE') return { body: { deleted: 3 } };
      if (req.method === 'DELETE') return { body: { deleted: 1 } };
      return { body: fault };
    });
    const sandbox = clientOf(stub);
    const body = {
      match: { route: 'POST /escrows/logis/{imp_uid}', merchant: 'k1' },
      action: 'status' as const,
      status: 500,
      when: 'after' as const,
      times: 1,
    };
    expect(await sandbox.addFault(body)).toEqual(fault);
    expect(await sandbox.faults()).toEqual([fault]);
    expect(await sandbox.fault('f1')).toEqual(fault);
    await sandbox.removeFault('f1');
    expect(await sandbox.removeFaults()).toBe(3);
    await sandbox.addFault({ action: 'hang', delayMs: 1_000 });
    await sandbox.addFault({ action: 'delay', delayMs: 250, probability: 0.5 });
    expect(sent(stub)).toEqual([
      { method: 'POST', path: '/sandbox/faults', query: {}, body },
      { method: 'GET', path: '/sandbox/faults', query: {}, body: undefined },
      { method: 'GET', path: '/sandbox/faults/f1', query: {}, body: undefined },
      { method: 'DELETE', path: '/sandbox/faults/f1', query: {}, body: undefined },
      { method: 'DELETE', path: '/sandbox/faults', query: {}, body: undefined },
      { method: 'POST', path: '/sandbox/faults', query: {}, body: { action: 'hang', delayMs: 1_000 } },
      {
        method: 'POST',
        path: '/sandbox/faults',
        query: {},
        body: { action: 'delay', delayMs: 250, probability: 0.5 },
      },
    ]);
  });

  it('does not send a fault twice after a 5xx, even with retries on', async () => {
    stub = await controlStub(() => ({ status: 503, body: { error: 'database unavailable: gone' } }));
    const sandbox = new SandboxClient({ baseUrl: stub.url, retry: { attempts: 3, baseDelayMs: 1 } });
    await expect(sandbox.addFault({ action: 'drop' })).rejects.toMatchObject({ status: 503 });
    expect(stub.recorded).toHaveLength(1);
    await expect(sandbox.faults()).rejects.toBeInstanceOf(SandboxError);
    expect(stub.recorded).toHaveLength(4);
  });
});

describe('SandboxClient: the clock', () => {
  it('reads, advances, freezes and resets the clock, globally or for a tenant', async () => {
    stub = await controlStub(() => ({ body: CLOCK }));
    const sandbox = clientOf(stub);
    expect(await sandbox.clock()).toEqual(CLOCK);
    await sandbox.clock({ vendor: 'A00000001' });
    await sandbox.advanceClock(1800, { merchant: 'k1' });
    await sandbox.advanceClock(0.5);
    await sandbox.freezeClock();
    await sandbox.freezeClock(false);
    await sandbox.resetClock();
    await sandbox.resetClock({ merchant: 'k1' });
    expect(sent(stub)).toEqual([
      { method: 'GET', path: '/sandbox/clock', query: {}, body: undefined },
      { method: 'GET', path: '/sandbox/clock', query: { vendor: 'A00000001' }, body: undefined },
      { method: 'POST', path: '/sandbox/clock', query: { merchant: 'k1' }, body: { advanceSeconds: 1800 } },
      { method: 'POST', path: '/sandbox/clock', query: {}, body: { advanceSeconds: 0.5 } },
      { method: 'POST', path: '/sandbox/clock', query: {}, body: { freeze: true } },
      { method: 'POST', path: '/sandbox/clock', query: {}, body: { freeze: false } },
      { method: 'DELETE', path: '/sandbox/clock', query: {}, body: undefined },
      { method: 'DELETE', path: '/sandbox/clock', query: { merchant: 'k1' }, body: undefined },
    ]);
  });

  it('gives a synced clock that runs on locally, stands still when frozen, and syncs again', async () => {
    let answer = { now: '2030-01-01T00:00:00.000Z', offsetMs: 1, frozen: false };
    stub = await controlStub(() => ({ body: answer }));
    let local = Date.UTC(2026, 0, 1);
    const localClock = { nowMs: () => local };
    const clock = await clientOf(stub).syncedClock({ vendor: 'A00000001' }, { localClock });
    expect(stub.recorded[0]?.query).toEqual({ vendor: 'A00000001' });
    expect(clock.nowMs()).toBe(Date.UTC(2030, 0, 1));
    local += 5_000;
    expect(clock.nowMs()).toBe(Date.UTC(2030, 0, 1) + 5_000);
    expect(clock.frozen).toBe(false);

    answer = { now: '2031-06-01T00:00:00.000Z', offsetMs: 1, frozen: true };
    await clock.sync();
    expect(stub.recorded[1]?.query).toEqual({ vendor: 'A00000001' });
    local += 60_000;
    expect(clock.nowMs()).toBe(Date.UTC(2031, 5, 1));
    expect(clock.frozen).toBe(true);
  });

  it('lets CoupangClient sign with the sandbox\u2019s time', async () => {
    stub = await controlStub((req) =>
      req.path === '/sandbox/clock'
        ? { body: { now: '2030-01-01T00:00:00.000Z', offsetMs: 0, frozen: true } }
        : { body: { code: 200, message: 'SUCCESS', data: { content: [], pagination: {} } } },
    );
    const clock = await clientOf(stub).syncedClock({ vendor: 'A00000001' });
    const coupang = new CoupangClient({
      baseUrl: stub.url,
      vendorId: 'A00000001',
      accessKey: 'access',
      secretKey: 'secret',
      clock,
    });
    await coupang.listReturnShippingCenters();
    expect(stub.recorded[1]?.headers.authorization).toContain('signed-date=300101T000000Z');
  });
});
