import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordedResponseBody } from '../../src/sandbox/control/entry.js';
import { escrowBody } from '../support/fixtures.js';
import { createVendor, outboundQueryPath, signed } from '../support/coupang.js';
import { createMerchant, createPayment, getToken, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const AT = '2026-11-23T03:00:00.000Z';

describe.each(engines)('the request journal ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
  });
  afterEach(() => t.close());

  const list = async (query = '') => {
    const res = await t.request({ method: 'GET', url: `/sandbox/requests${query}` });
    expect(res.status).toBe(200);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read entries field by field
    return res.body as { requests: any[]; next: string | null };
  };

  it('records a platform request once answered, with every field of the entry', async () => {
    const { merchant, token } = await signedIn(t);
    const payment = await createPayment(t, merchant);
    const sent = await t.request({
      method: 'POST',
      url: `/escrows/logis/${payment.imp_uid}?trace=1`,
      headers: { Authorization: `Bearer ${token}`, 'X-Custom': 'yes' },
      payload: escrowBody('html5_inicis'),
    });
    expect(sent.status).toBe(200);
    const { requests } = await list('?limit=1');
    expect(requests).toEqual([
      {
        id: expect.stringMatching(/^\d+$/),
        at: AT,
        platform: 'portone',
        method: 'POST',
        path: `/escrows/logis/${payment.imp_uid}`,
        query: 'trace=1',
        route: 'POST /escrows/logis/{imp_uid}',
        tenant: { merchant: merchant.imp_key },
        request: {
          headers: expect.objectContaining({
            authorization: '[redacted]',
            'x-custom': 'yes',
            'content-type': 'application/json',
          }),
          body: escrowBody('html5_inicis'),
        },
        response: { status: 200, body: sent.body },
        durationMs: expect.any(Number),
        fault: null,
      },
    ]);
    const one = await t.request({ method: 'GET', url: `/sandbox/requests/${requests[0].id}` });
    expect(one.status).toBe(200);
    expect(one.body).toEqual(requests[0]);
  });

  it('takes `at` from the sandbox clock at arrival', async () => {
    t.clock.set(Date.UTC(2026, 11, 4, 9, 15, 2, 123));
    await t.request({ method: 'GET', url: '/payments/x' });
    expect((await list()).requests[0].at).toBe('2026-12-04T09:15:02.123Z');
  });

  it('records a form body as an object, no body as null, another body as its text, malformed JSON as its text', async () => {
    const { merchant: m, auth } = await signedIn(t);
    await t.request({
      method: 'POST',
      url: '/paymentwall/delivery',
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'imp_uid=imp_1&status=order_placed',
    });
    await t.request({ method: 'GET', url: '/payments/none', headers: auth });
    await t.request({
      method: 'POST',
      url: '/paymentwall/delivery',
      headers: { ...auth, 'content-type': 'text/plain' },
      payload: 'hello there',
    });
    await t.request({
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'application/json' },
      payload: `{"imp_key":"${m.imp_key}",`,
    });
    const bodies = (await list('?order=asc')).requests.slice(1).map((e) => e.request.body);
    expect(bodies).toEqual([
      { imp_uid: 'imp_1', status: 'order_placed' },
      null,
      'hello there',
      `{"imp_key":"${m.imp_key}",`,
    ]);
  });

  it('records a body over 65,536 bytes as its size', async () => {
    const { auth } = await signedIn(t);
    const big = JSON.stringify({ filler: 'x'.repeat(70_000) });
    await t.request({
      method: 'POST',
      url: '/escrows/logis/imp_none',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: big,
    });
    const exact = JSON.stringify({ filler: 'y'.repeat(65_536 - 13) });
    expect(Buffer.byteLength(exact)).toBe(65_536);
    await t.request({
      method: 'POST',
      url: '/escrows/logis/imp_none',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: exact,
    });
    const [kept, cut] = (await list('?limit=2')).requests;
    expect(cut.request.body).toEqual({ truncated: true, bytes: Buffer.byteLength(big) });
    expect(kept.request.body).toEqual(JSON.parse(exact));
    expect(recordedResponseBody('"' + 'é'.repeat(40_000) + '"', true, null)).toBe(
      JSON.stringify({ truncated: true, bytes: 80_002 }),
    );
  });

  it('records JSON nested deeper than 1,000 levels as its text, which the list can always answer', async () => {
    const { auth } = await signedIn(t);
    const deep = '['.repeat(5_000) + ']'.repeat(5_000);
    await t.request({
      method: 'POST',
      url: '/escrows/logis/imp_none',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: deep,
    });
    const [entry] = (await list('?limit=1')).requests;
    expect(entry.request.body).toBe(deep);
  });

  it('redacts secrets: the getToken secret and token, token headers, only the CEA signature', async () => {
    const m = await createMerchant(t);
    const token = await getToken(t, m);
    await t.request({
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `imp_key=${m.imp_key}&imp_secret=${m.imp_secret}`,
    });
    await t.request({ method: 'GET', url: '/payments/x', headers: { 'x-imptokenheader': token } });
    const vendor = await createVendor(t);
    await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
    const [cea, header, form, json] = (await list()).requests;
    expect(json.request.body).toEqual({ imp_key: m.imp_key, imp_secret: '[redacted]' });
    expect(json.response.body.response).toEqual({
      access_token: '[redacted]',
      now: expect.any(Number),
      expired_at: expect.any(Number),
    });
    expect(form.request.body).toEqual({ imp_key: m.imp_key, imp_secret: '[redacted]' });
    expect(form.response.body.response.access_token).toBe('[redacted]');
    expect(header.request.headers['x-imptokenheader']).toBe('[redacted]');
    expect(cea.request.headers.authorization).toMatch(
      new RegExp(
        `^CEA algorithm=HmacSHA256, access-key=${vendor.accessKey}, signed-date=\\d{6}T\\d{6}Z, signature=\\[redacted\\]$`,
      ),
    );
    const everything = JSON.stringify(await list());
    for (const secret of [m.imp_secret, token, vendor.secretKey]) expect(everything).not.toContain(secret);
  });

  it('redacts a getToken secret sent as an object or an array, and still lists the entry (regression)', async () => {
    for (const imp_secret of [{ a: 1, b: [2, 3] }, ['x', 'y'], 12.5]) {
      const res = await t.request({
        method: 'POST',
        url: '/users/getToken',
        payload: { imp_key: 'someone', imp_secret, after: true },
      });
      expect(res.status).toBe(400);
    }
    const listed = await t.request({ method: 'GET', url: '/sandbox/requests?order=asc' });
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((e: { request: { body: unknown } }) => e.request.body)).toEqual([
      { imp_key: 'someone', imp_secret: '[redacted]', after: true },
      { imp_key: 'someone', imp_secret: '[redacted]', after: true },
      { imp_key: 'someone', imp_secret: '[redacted]', after: true },
    ]);
  });

  it('gives alias paths the route they stand for, and unmatched requests route null', async () => {
    const vendor = await createVendor(t);
    const v = vendor.vendorId;
    await signed(t, vendor, {
      method: 'GET',
      url: `/v2/providers/openapi/apis/api/v5/vendors/${v}/returnShippingCenters`,
    });
    await signed(t, vendor, { method: 'GET', url: outboundQueryPath('v2') });
    await signed(t, vendor, {
      method: 'GET',
      url: '/v2/providers/greatwall_api/apis/api/v2/return/shipping-places/center-code?returnCenterCodes=1100000001',
    });
    await t.request({ method: 'GET', url: '/v2/providers/nothing' });
    await t.request({ method: 'PATCH', url: '/users/getToken' });
    const entries = (await list('?order=asc')).requests;
    expect(entries.map((e) => [e.route, e.tenant])).toEqual([
      [`GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters`, { vendor: v }],
      [`GET ${outboundQueryPath('v1')}`, { vendor: v }],
      ['GET /v2/providers/openapi/apis/api/v3/return/shipping-places/center-code', { vendor: v }],
      [null, null],
      [null, null],
    ]);
    expect(entries.map((e) => e.response.status)).toEqual([200, 200, 200, 404, 405]);
    expect(entries[2].query).toBe('returnCenterCodes=1100000001');
  });

  it('has no tenant for a request refused by authentication', async () => {
    const m = await createMerchant(t);
    await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: { imp_key: m.imp_key, imp_secret: 'wrong' },
    });
    await t.request({ method: 'GET', url: '/payments/x', headers: { authorization: 'nope' } });
    const vendor = await createVendor(t);
    await t.request({ method: 'GET', url: outboundQueryPath(), headers: { authorization: 'CEA nothing' } });
    const entries = (await list('?order=asc')).requests;
    expect(entries.map((e) => [e.response.status, e.tenant])).toEqual([
      [401, null],
      [401, null],
      [401, null],
    ]);
    expect(vendor.vendorId).toBeTruthy();
  });

  it('never records /sandbox, /healthz, /openapi.json or /docs', async () => {
    await t.request({ method: 'GET', url: '/healthz' });
    await t.request({ method: 'GET', url: '/openapi.json' });
    await t.request({ method: 'GET', url: '/docs' });
    await t.request({ method: 'GET', url: '/sandbox/nothing' });
    await createMerchant(t);
    expect(await list()).toEqual({ requests: [], next: null });
  });

  describe('filters, order and pages', () => {
    async function fill() {
      const a = await signedIn(t);
      const b = await signedIn(t);
      const vendor = await createVendor(t);
      t.clock.advanceSeconds(60);
      await t.request({ method: 'GET', url: '/payments/p1', headers: a.auth });
      await t.request({ method: 'GET', url: '/payments/p2', headers: b.auth });
      await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
      await t.request({ method: 'DELETE', url: '/payments/p1' });
      return { a, b, vendor };
    }

    it('filters by each field, combined with AND, and counts alike', async () => {
      const { a, b, vendor } = await fill();
      const since = new Date(t.clock.nowMs()).toISOString();
      const cases: [string, number][] = [
        ['platform=portone', 5],
        ['platform=coupang', 1],
        ['method=get', 3],
        ['method=GET&platform=portone', 2],
        ['route=GET%20%2Fpayments%2F%7Bimp_uid%7D', 2],
        ['path=%2Fpayments%2Fp1', 2],
        ['status=404', 2],
        ['status=4xx', 3],
        ['status=2xx', 3],
        ['status=5xx', 0],
        [`merchant=${a.merchant.imp_key}`, 2],
        [`merchant=${b.merchant.imp_key}`, 2],
        [`vendor=${vendor.vendorId}`, 1],
        [`since=${since}`, 4],
        ['since=2026-11-23T03:00:59.999Z', 4],
        ['since=2026-11-23T03:01:00.001Z', 0],
        ['since=2026-11-23T12:00:59.999%2B09:00', 4],
        ['since=2024-02-29T00:00Z', 6],
        ['fault=false', 6],
        ['fault=true', 0],
      ];
      for (const [query, n] of cases) {
        const page = await list(`?${query}`);
        expect([query, page.requests.length]).toEqual([query, n]);
        const count = await t.request({ method: 'GET', url: `/sandbox/requests/count?${query}` });
        expect([query, count.status, count.body]).toEqual([query, 200, { count: n }]);
      }
    });

    it('pages newest first by cursor, ties by id; order=asc oldest first', async () => {
      await fill();
      const all = (await list()).requests.map((e) => e.id);
      expect(all).toHaveLength(6);
      expect([...all].map(Number)).toEqual([...all].map(Number).sort((x, y) => y - x));
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`?limit=4${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.requests.map((e) => e.id));
        cursor = page.next;
      } while (cursor);
      expect(seen).toEqual(all);
      const asc = await list('?order=asc&limit=5');
      expect(asc.requests.map((e) => e.id)).toEqual([...all].reverse().slice(0, 5));
      const rest = await list(`?order=asc&limit=5&cursor=${asc.next}`);
      expect(rest).toEqual({ requests: [expect.objectContaining({ id: all[0] })], next: null });
    });

    it('deletes all, or one tenant’s entries', async () => {
      const { a, vendor } = await fill();
      const del = (q: string) => t.request({ method: 'DELETE', url: `/sandbox/requests${q}` });
      expect((await del(`?merchant=${a.merchant.imp_key}`)).body).toEqual({ deleted: 2 });
      expect((await del(`?vendor=${vendor.vendorId}`)).body).toEqual({ deleted: 1 });
      expect((await del('')).body).toEqual({ deleted: 3 });
      expect((await list()).requests).toEqual([]);
    });

    it.each([
      ['?colour=red', 'unknown query parameter colour'],
      ['?limit=0', 'limit must be a whole number from 1 to 1000'],
      ['?limit=1001', 'limit must be a whole number from 1 to 1000'],
      ['?limit=ten', 'limit must be a whole number from 1 to 1000'],
      ['?order=up', 'order must be asc or desc'],
      ['?platform=sandbox', 'platform must be portone or coupang'],
      ['?status=6xx', 'status must be a status from 100 to 599, or 2xx, 3xx, 4xx or 5xx'],
      ['?status=20', 'status must be a status from 100 to 599, or 2xx, 3xx, 4xx or 5xx'],
      ['?since=yesterday', 'since must be an ISO 8601 instant, e.g. 2026-12-04T09:15:02.123Z'],
      // Regressions: read as 2 March and as the next day's midnight.
      ['?since=2026-02-30T00:00:00Z', 'since must be an ISO 8601 instant, e.g. 2026-12-04T09:15:02.123Z'],
      ['?since=2026-11-23T24:00:00Z', 'since must be an ISO 8601 instant, e.g. 2026-12-04T09:15:02.123Z'],
      ['?since=2026-13-01T00:00:00Z', 'since must be an ISO 8601 instant, e.g. 2026-12-04T09:15:02.123Z'],
      ['?status=1xx', 'status must be a status from 100 to 599, or 2xx, 3xx, 4xx or 5xx'],
      ['?fault=yes', 'fault must be true or false'],
      ['?cursor=abc', 'cursor is not a cursor of this list: pass back the next of the previous page'],
      ['?limit=1&limit=2', 'limit must be given once'],
      ['?method=G%20T', 'method must be an HTTP method, e.g. POST'],
      ['?route=', 'route must not be empty'],
    ])('answers 400 for %s, naming the parameter', async (query, error) => {
      const res = await t.request({ method: 'GET', url: `/sandbox/requests${query}` });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error });
    });

    it('answers 400 for unknown parameters of the count and the delete', async () => {
      const count = await t.request({ method: 'GET', url: '/sandbox/requests/count?limit=5' });
      expect(count.status).toBe(400);
      expect(count.body).toEqual({ error: 'unknown query parameter limit' });
      const del = await t.request({ method: 'DELETE', url: '/sandbox/requests?route=x' });
      expect(del.status).toBe(400);
      expect(del.body).toEqual({ error: 'unknown query parameter route' });
    });

    it('answers 404 for an unknown entry', async () => {
      for (const id of ['999', 'abc']) {
        const res = await t.request({ method: 'GET', url: `/sandbox/requests/${id}` });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ error: `no journal entry has id ${id}` });
      }
    });
  });

  it('keeps BAESONG_JOURNAL_SIZE entries, the oldest going first', async () => {
    const small = await testApp({ journalSize: 3 }, databaseUrl);
    try {
      for (let i = 0; i < 5; i++) {
        await small.request({ method: 'GET', url: `/payments/p${i}` });
        await small.app.controlPlane.journal.flush();
      }
      const res = await small.request({ method: 'GET', url: '/sandbox/requests' });
      expect(res.body.requests.map((e: { path: string }) => e.path)).toEqual([
        '/payments/p4',
        '/payments/p3',
        '/payments/p2',
      ]);
    } finally {
      await small.close();
    }
  });

  it('records nothing when BAESONG_JOURNAL_SIZE is 0', async () => {
    const off = await testApp({ journalSize: 0 }, databaseUrl);
    try {
      await off.request({ method: 'GET', url: '/payments/p' });
      expect((await off.request({ method: 'GET', url: '/sandbox/requests' })).body).toEqual({
        requests: [],
        next: null,
      });
      expect((await off.request({ method: 'GET', url: '/sandbox/requests/count' })).body).toEqual({
        count: 0,
      });
      expect(await off.database.db.selectFrom('journal').selectAll().execute()).toEqual([]);
    } finally {
      await off.close();
    }
  });

  it('is emptied by POST /sandbox/reset, buffered entries included', async () => {
    await t.request({ method: 'GET', url: '/payments/a' });
    await t.app.controlPlane.journal.flush();
    await t.request({ method: 'GET', url: '/payments/b' });
    expect((await t.request({ method: 'POST', url: '/sandbox/reset' })).body).toEqual({ reset: true });
    await t.app.controlPlane.journal.flush();
    expect((await list()).requests).toEqual([]);
  });

  it('puts its routes in /openapi.json', async () => {
    const doc = (await t.request({ method: 'GET', url: '/openapi.json' })).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/sandbox/requests', '/sandbox/requests/count', '/sandbox/requests/{id}']),
    );
    expect(doc.paths['/sandbox/requests'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['platform', 'route', 'status', 'since', 'fault', 'limit', 'cursor', 'order']),
    );
    expect(doc.paths['/sandbox/requests'].delete).toBeDefined();
  });
});

describe('what the journal records of an answer', () => {
  it("redacts getToken's token whether the answer is the route's own text or any other JSON", () => {
    const route = 'POST /users/getToken';
    const redacted = { access_token: '[redacted]', now: 1, expired_at: 2 };
    const own = '{"code":0,"message":null,"response":{"access_token":"abc123","now":1,"expired_at":2}}';
    expect(JSON.parse(recordedResponseBody(own, true, route) as string)).toEqual({
      code: 0,
      message: null,
      response: redacted,
    });
    const spaced = '{ "code": 0, "response": { "now": 1, "access_token": "a\\"b", "expired_at": 2 } }';
    expect(JSON.parse(recordedResponseBody(spaced, true, route) as string)).toEqual({
      code: 0,
      response: redacted,
    });
    const escaped = '{"code":0,"message":null,"response":{"access_token":"x\\"y","now":1,"expired_at":2}}';
    expect(recordedResponseBody(escaped, true, route)).not.toContain('x\\"y');
    expect(JSON.parse(recordedResponseBody(escaped, true, route) as string).response).toEqual(redacted);
  });
});
