import type { FastifyRequest } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCoupangError } from '../../../src/coupang/gateway/gateway.js';
import { ApiError } from '../../../src/http/api-error.js';
import { authorization, computeSignature, formatSignedDate } from '../../../src/coupang/gateway/hmac.js';
import { gatewayMessages, placeMessages } from '../../../src/coupang/messages.js';
import { outboundBody } from '../../support/fixtures.js';
import {
  createVendor,
  gatewayError,
  outboundPath,
  outboundQueryPath,
  placeError,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

const MINUTE = 60_000;

describe.each(engines)('the Coupang gateway ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
  });
  afterEach(() => t.close());

  const query = outboundQueryPath();
  const withHeader = (authorizationHeader: string | undefined, url = query) =>
    t.request({
      method: 'GET',
      url,
      headers: authorizationHeader === undefined ? {} : { authorization: authorizationHeader },
    });
  /** A header with the given parts, signed correctly unless a part is replaced. */
  const header = (
    parts: Partial<Record<'algorithm' | 'access-key' | 'signed-date' | 'signature', string>>,
  ) => {
    const date = parts['signed-date'] ?? formatSignedDate(t.clock.nowMs());
    const all = {
      algorithm: 'HmacSHA256',
      'access-key': vendor.accessKey,
      'signed-date': date,
      signature: computeSignature(vendor.secretKey, date, 'GET', query),
      ...parts,
    };
    return `CEA ${Object.entries(all)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`;
  };

  it('lets a correctly signed request through', async () => {
    const res = await signed(t, vendor, { method: 'GET', url: query });
    expect(res.status).toBe(200);
    expect(res.body.content).toEqual([]);
  });

  it('accepts parts separated by "," without spaces', async () => {
    const auth = authorization({
      accessKey: vendor.accessKey,
      secretKey: vendor.secretKey,
      method: 'GET',
      url: query,
      signedAtMs: t.clock.nowMs(),
      separator: ',',
    });
    expect(auth).not.toContain(', ');
    expect((await withHeader(auth)).status).toBe(200);
  });

  describe('Request is not authorized.', () => {
    it.each([
      ['no Authorization header', undefined],
      ['a Bearer token', 'Bearer abc'],
      ['an empty header', ''],
      ['a lowercase scheme', 'cea algorithm=HmacSHA256'],
      ['CEA without a space', 'CEAalgorithm=HmacSHA256'],
    ])('answers 401 for %s', async (_case, value) => {
      const res = await withHeader(value);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.notAuthorized));
    });
  });

  describe('HMAC format is invalid.', () => {
    it.each([
      ['the signature missing', () => header({}).replace(/, signature=[0-9a-f]+$/, '')],
      ['the access key missing', () => header({}).replace(/access-key=[^,]+, /, '')],
      ['the signed-date missing', () => header({}).replace(/signed-date=[^,]+, /, '')],
      ['the algorithm missing', () => header({}).replace('algorithm=HmacSHA256, ', '')],
      ['another algorithm', () => header({ algorithm: 'HmacSHA1' })],
      ['an empty signature', () => header({ signature: '' })],
      ['a signature that is not hex', () => header({ signature: 'not-hex!' })],
      ['a part without "="', () => `${header({})}, extra`],
      ['an unknown part', () => `${header({})}, nonce=1`],
      ['a part given twice', () => `${header({})}, algorithm=HmacSHA256`],
      ['nothing after CEA', () => 'CEA '],
      ['a four-digit year', () => header({ 'signed-date': '20261123T030000Z' })],
      ['an ISO date', () => header({ 'signed-date': '2026-11-23T03:00:00Z' })],
      ['epoch milliseconds', () => header({ 'signed-date': String(t.clock.nowMs()) })],
      ['a date without T and Z', () => header({ 'signed-date': '261123030000' })],
      ['month 13', () => header({ 'signed-date': '261323T030000Z' })],
      ['hour 24', () => header({ 'signed-date': '261123T240000Z' })],
    ])('answers 401 for %s', async (_case, make) => {
      const res = await withHeader(make());
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.hmacFormat));
    });
  });

  describe('Specified signature is expired.', () => {
    it('answers 401 for a request signed 6 minutes ago', async () => {
      const res = await signed(t, vendor, {
        method: 'GET',
        url: query,
        signedAtMs: t.clock.nowMs() - 6 * MINUTE,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.expired));
    });

    it('answers 401 for a request signed 6 minutes ahead of the server clock', async () => {
      const res = await signed(t, vendor, {
        method: 'GET',
        url: query,
        signedAtMs: t.clock.nowMs() + 6 * MINUTE,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.expired));
    });

    it('accepts a signature exactly 5 minutes old, and refuses it a second later', async () => {
      const signedAtMs = t.clock.nowMs();
      t.clock.advanceSeconds(300);
      expect((await signed(t, vendor, { method: 'GET', url: query, signedAtMs })).status).toBe(200);
      t.clock.advanceSeconds(1);
      const res = await signed(t, vendor, { method: 'GET', url: query, signedAtMs });
      expect(res.body).toEqual(gatewayError(gatewayMessages.expired));
    });

    it('says expired before looking at the key: an expired signature of an unknown key is expired', async () => {
      const stranger = { ...vendor, accessKey: '00000000-0000-4000-8000-000000000000' };
      const res = await signed(t, stranger, {
        method: 'GET',
        url: query,
        signedAtMs: t.clock.nowMs() - 6 * MINUTE,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.expired));
    });
  });

  describe('Invalid signature.', () => {
    const expectInvalid = (res: { status: number; body: unknown }) => {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(gatewayError(gatewayMessages.invalidSignature));
    };

    it('answers 401 for a signature one character off', async () => {
      const good = header({});
      const signature = /signature=([0-9a-f]+)$/.exec(good)?.[1] as string;
      const last = signature.at(-1) === '0' ? '1' : '0';
      expectInvalid(await withHeader(header({ signature: signature.slice(0, -1) + last })));
    });

    it('answers 401 for an uppercase signature (the signature is lowercase hex)', async () => {
      const signature = /signature=([0-9a-f]+)$/.exec(header({}))?.[1] as string;
      expectInvalid(await withHeader(header({ signature: signature.toUpperCase() })));
    });

    it('answers 401 for an unknown access key', async () => {
      expectInvalid(
        await signed(
          t,
          { ...vendor, accessKey: '00000000-0000-4000-8000-000000000000' },
          {
            method: 'GET',
            url: query,
          },
        ),
      );
    });

    it('answers 401 for a signature made with another secret key', async () => {
      expectInvalid(await signed(t, { ...vendor, secretKey: 'f'.repeat(40) }, { method: 'GET', url: query }));
    });

    it('answers 401 when the query string is re-encoded differently from how it was signed', async () => {
      const name = encodeURIComponent('출고지 1');
      // Signed with lowercase percent-escapes, sent with uppercase ones: the same text, other bytes.
      expectInvalid(
        await signed(t, vendor, {
          method: 'GET',
          url: `${query}?placeNames=${name}`,
          signedUrl: `${query}?placeNames=${name.toLowerCase()}`,
        }),
      );
      // Signed un-encoded, sent encoded.
      expectInvalid(
        await signed(t, vendor, {
          method: 'GET',
          url: `${query}?placeNames=${name}`,
          signedUrl: `${query}?placeNames=출고지 1`,
        }),
      );
      // A space signed as %20, sent as +.
      expectInvalid(
        await signed(t, vendor, {
          method: 'GET',
          url: `${query}?placeNames=a+b`,
          signedUrl: `${query}?placeNames=a%20b`,
        }),
      );
    });

    it('accepts the query exactly as sent, still URL-encoded', async () => {
      const url = `${query}?placeNames=${encodeURIComponent('출고지 1')}&pageSize=5`;
      expect((await signed(t, vendor, { method: 'GET', url })).status).toBe(200);
    });

    it('answers 401 when the query is left out of the signature, or the method or path differ', async () => {
      expectInvalid(await signed(t, vendor, { method: 'GET', url: `${query}?pageNum=1`, signedUrl: query }));
      expectInvalid(
        await signed(t, vendor, { method: 'GET', url: query, signedUrl: outboundQueryPath('v2') }),
      );
      const body = outboundBody(vendor.vendorId, 1);
      const path = outboundPath(vendor.vendorId);
      const auth = authorization({ ...vendor, method: 'PUT', url: path, signedAtMs: t.clock.nowMs() });
      expectInvalid(
        await t.request({
          method: 'POST',
          url: path,
          payload: body,
          headers: { authorization: auth, 'content-type': 'application/json' },
        }),
      );
    });
  });

  it('does not sign the body: any body goes with a signature of the request line', async () => {
    const path = outboundPath(vendor.vendorId);
    const res = await signed(t, vendor, {
      method: 'POST',
      url: path,
      payload: outboundBody(vendor.vendorId, 1),
    });
    expect(res.status).toBe(200);
  });

  it('answers unknown Coupang paths 404 in the gateway envelope, before authentication', async () => {
    const res = await t.request({ method: 'GET', url: '/v2/providers/openapi/apis/api/v4/nothing' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(gatewayError(gatewayMessages.notFound));
    const signedToo = await signed(t, vendor, { method: 'GET', url: '/v2/providers/nothing' });
    expect(signedToo.body).toEqual(gatewayError(gatewayMessages.notFound));
  });

  it('answers another method on a known path 405 in the gateway envelope, before authentication and body', async () => {
    for (const method of ['DELETE', 'PATCH', 'GET'] as const) {
      const res = await t.request({
        method,
        url: outboundPath(vendor.vendorId),
        payload: '{',
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(405);
      expect(res.body).toEqual(gatewayError(gatewayMessages.methodNotAllowed));
    }
    const query405 = await t.request({ method: 'POST', url: query });
    expect(query405.status).toBe(405);
    expect(query405.body).toEqual(gatewayError(gatewayMessages.methodNotAllowed));
  });

  describe('body problems after the gateway, in the shipping-place envelope', () => {
    const path = () => outboundPath(vendor.vendorId);

    it('answers malformed JSON 400', async () => {
      const res = await signed(t, vendor, { method: 'POST', url: path(), payload: '{"vendorId":' });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, expect.stringMatching(/^malformed JSON body/)));
    });

    it('answers a foreign content type 400, naming it', async () => {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: path(),
        payload: 'vendorId=A00012345',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        placeError(
          400,
          'Content-Type application/x-www-form-urlencoded is not accepted here; send application/json',
        ),
      );
    });

    it('answers a body over 1 MiB 413', async () => {
      const payload = JSON.stringify({
        ...outboundBody(vendor.vendorId, 1),
        padding: 'x'.repeat(1024 * 1024),
      });
      const res = await signed(t, vendor, { method: 'POST', url: path(), payload });
      expect(res.status).toBe(413);
      expect(res.body).toEqual(placeError(413, 'request body is larger than the 1 MiB limit'));
    });

    it('authenticates before reading the body: an unsigned oversized or malformed body is 401', async () => {
      const big = await t.request({
        method: 'POST',
        url: path(),
        payload: 'x'.repeat(1024 * 1024 + 1),
        headers: { 'content-type': 'application/json' },
      });
      expect(big.status).toBe(401);
      expect(big.body).toEqual(gatewayError(gatewayMessages.notAuthorized));
      const malformed = await t.request({
        method: 'POST',
        url: path(),
        payload: '{',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.body).toEqual(gatewayError(gatewayMessages.notAuthorized));
    });

    it('answers a body that is not a JSON object 400', async () => {
      for (const payload of ['[]', '"text"', '42']) {
        const res = await signed(t, vendor, { method: 'POST', url: path(), payload });
        expect(res.body).toEqual(placeError(400, placeMessages.bodyNotObject));
      }
    });
  });

  it('changes nothing when it refuses a request', async () => {
    const path = outboundPath(vendor.vendorId);
    const body = outboundBody(vendor.vendorId, 1);
    await t.request({ method: 'POST', url: path, payload: body });
    await signed(t, vendor, {
      method: 'POST',
      url: path,
      payload: body,
      signedAtMs: t.clock.nowMs() - 6 * MINUTE,
    });
    await signed(t, { ...vendor, secretKey: 'f'.repeat(40) }, { method: 'POST', url: path, payload: body });
    const places = await t.database.db.selectFrom('coupang_outbound_places').selectAll().execute();
    expect(places).toEqual([]);
  });
});

describe.each(engines)('the Coupang rate limit ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let a: Vendor;
  let b: Vendor;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 10 }, databaseUrl);
    a = await createVendor(t);
    b = await createVendor(t);
  });
  afterEach(() => t.close());

  const query = outboundQueryPath();
  const burst = async (vendor: Vendor, n: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < n; i++)
      statuses.push((await signed(t, vendor, { method: 'GET', url: query })).status);
    return statuses;
  };

  it('answers 429 Too Many Requests past 10 requests in a second, per vendor', async () => {
    expect(await burst(a, 10)).toEqual(Array(10).fill(200));
    const refused = await signed(t, a, { method: 'GET', url: query });
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(gatewayError(gatewayMessages.tooManyRequests));
    // Another vendor has its own bucket.
    expect(await burst(b, 10)).toEqual(Array(10).fill(200));
    expect((await signed(t, b, { method: 'GET', url: query })).status).toBe(429);
  });

  it('refills at 10 a second', async () => {
    await burst(a, 10);
    t.clock.set(t.clock.nowMs() + 100);
    expect(await burst(a, 2)).toEqual([200, 429]);
    t.clock.advanceSeconds(1);
    expect(await burst(a, 11)).toEqual([...Array(10).fill(200), 429]);
    // A long pause refills no more than the bucket holds.
    t.clock.advanceSeconds(60);
    expect(await burst(a, 11)).toEqual([...Array(10).fill(200), 429]);
  });

  it('counts every authenticated request, refused ones included, and no unauthenticated one', async () => {
    for (let i = 0; i < 20; i++) await t.request({ method: 'GET', url: query });
    for (let i = 0; i < 5; i++) {
      const res = await signed(t, a, { method: 'GET', url: `${query}?pageSize=100` });
      expect(res.status).toBe(400);
    }
    expect(await burst(a, 6)).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('checks the signature before the rate: a bad signature is 401 even with the bucket empty', async () => {
    await burst(a, 10);
    const res = await signed(t, { ...a, secretKey: 'f'.repeat(40) }, { method: 'GET', url: query });
    expect(res.status).toBe(401);
    expect(res.body).toEqual(gatewayError(gatewayMessages.invalidSignature));
  });

  it('is off at 0', async () => {
    const unlimited = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    try {
      const vendor = await createVendor(unlimited);
      for (let i = 0; i < 30; i++) {
        expect((await signed(unlimited, vendor, { method: 'GET', url: query })).status).toBe(200);
      }
    } finally {
      await unlimited.close();
    }
  });
});

describe.each(engines)('Coupang errors from the server itself ($name)', ({ databaseUrl }) => {
  it('answers in the shipping-place envelope when the database fails, authenticated or not', async () => {
    const t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    const vendor = await createVendor(t);
    await t.database.close();
    try {
      const res = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
      expect(res.status).toBe(500);
      expect(res.body).toEqual(placeError(500, 'Internal Server Error'));
    } finally {
      await t.app.close();
    }
  });

  it('renders any status: the gateway envelope before authentication, the shipping-place one after', () => {
    const anonymous = { coupangVendor: null } as FastifyRequest;
    const known = { coupangVendor: { vendorId: 'A00012345', userIds: [] } } as unknown as FastifyRequest;
    expect(renderCoupangError(anonymous, new ApiError(404, 'Not Found'))).toEqual(gatewayError('Not Found'));
    expect(renderCoupangError(anonymous, new ApiError(503, 'database unavailable'))).toEqual(
      placeError(503, 'database unavailable'),
    );
    expect(renderCoupangError(known, new ApiError(503, 'database unavailable'))).toEqual(
      placeError(503, 'database unavailable'),
    );
    expect(renderCoupangError(known, new ApiError(413, 'too large'))).toEqual(placeError(413, 'too large'));
  });
});
