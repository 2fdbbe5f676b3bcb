import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMessages as p, returnMessages as r } from '../../../src/coupang/messages.js';
import { returnBody } from '../../support/fixtures.js';
import {
  centerCodePath,
  createVendor,
  placeError,
  returnPath,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

describe.each(engines)('reading return shipping centers ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let other: Vendor;
  const codes: string[] = [];
  const otherCodes: string[] = [];
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    other = await createVendor(t);
    for (let n = 1; n <= 12; n++) {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: returnPath(vendor.vendorId),
        payload: returnBody(vendor.vendorId, n),
      });
      codes.push(res.body.data.resultMessage);
      // The other vendor's centers interleave, with the same names and addresses.
      const theirs = await signed(t, other, {
        method: 'POST',
        url: returnPath(other.vendorId),
        payload: returnBody(other.vendorId, n),
      });
      otherCodes.push(theirs.body.data.resultMessage);
      t.clock.advanceSeconds(1);
    }
  });
  afterAll(() => t.close());

  describe('GET .../vendors/{vendorId}/returnShippingCenters', () => {
    const list = (query = '', as = vendor, version: 'v4' | 'v5' = 'v4', pathVendorId = as.vendorId) =>
      signed(t, as, { method: 'GET', url: `${returnPath(pathVendorId, version)}${query}` });
    const codesOf = (body: { data: { content: { returnCenterCode: string }[] } }) =>
      body.data.content.map((c) => c.returnCenterCode);

    it('answers the first 10 of the vendor’s centers, oldest first, in the envelope', async () => {
      const res = await list();
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(200);
      expect(res.body.message).toBe('SUCCESS');
      expect(codesOf(res.body)).toEqual(codes.slice(0, 10));
      expect(res.body.data.pagination).toEqual({
        currentPage: 1,
        totalPages: 2,
        totalElements: 12,
        countPerPage: 10,
      });
      const createdAt = res.body.data.content.map((c: { createdAt: number }) => c.createdAt);
      expect(createdAt[1] - createdAt[0]).toBe(1000);
    });

    it('pages with pageNum and pageSize (at most 50)', async () => {
      expect(codesOf((await list('?pageNum=2')).body)).toEqual(codes.slice(10));
      expect(codesOf((await list('?pageNum=2&pageSize=5')).body)).toEqual(codes.slice(5, 10));
      const all = await list('?pageNum=1&pageSize=50');
      expect(codesOf(all.body)).toEqual(codes);
      expect(all.body.data.pagination).toEqual({
        currentPage: 1,
        totalPages: 1,
        totalElements: 12,
        countPerPage: 50,
      });
      const past = await list('?pageNum=9');
      expect(past.body.data.content).toEqual([]);
    });

    it('serves /v5/ as /v4/', async () => {
      expect(codesOf((await list('', vendor, 'v5')).body)).toEqual(codes.slice(0, 10));
    });

    it('shows each vendor only its own centers', async () => {
      const theirs = await list('?pageSize=50', other);
      expect(codesOf(theirs.body)).toEqual(otherCodes);
      expect(theirs.body.data.content.every((c: { vendorId: string }) => c.vendorId === other.vendorId)).toBe(
        true,
      );
    });

    it.each([
      ['pageNum=0', 'pageNum'],
      ['pageNum=x', 'pageNum'],
      ['pageSize=51', 'pageSize'],
      ['pageSize=0', 'pageSize'],
      ['pageSize=-1', 'pageSize'],
    ])('refuses %s, naming it', async (query, field) => {
      const res = await list(`?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, expect.stringContaining(field)));
    });

    it('checks the path’s vendorId: its format, then the key’s vendor', async () => {
      expect((await list('', vendor, 'v4', 'A123')).body).toEqual(placeError(400, 'Invalid vendor ID'));
      expect((await list('', vendor, 'v4', other.vendorId)).body).toEqual(
        placeError(400, "The vendorId in path or requestBody doesn't match the one got from api-gateway."),
      );
      // The path before the paging.
      expect((await list('?pageSize=99', vendor, 'v4', other.vendorId)).body).toEqual(
        placeError(400, p.returnVendorMismatch),
      );
    });
  });

  describe('GET .../return/shipping-places/center-code', () => {
    const lookup = (query: string, as = vendor, which: 'v3' | 'greatwall' = 'v3') =>
      signed(t, as, { method: 'GET', url: `${centerCodePath(which)}${query}` });
    const codesOf = (body: { data: { returnCenterCode: string }[] }) =>
      body.data.map((c) => c.returnCenterCode);

    it('answers the vendor’s centers among the codes, in the order asked, at both paths', async () => {
      const asked = [codes[4], codes[0], codes[11]] as string[];
      for (const which of ['v3', 'greatwall'] as const) {
        const res = await lookup(`?returnCenterCodes=${asked.join(',')}`, vendor, which);
        expect(res.status).toBe(200);
        expect(res.body.code).toBe(200);
        expect(res.body.message).toBe('SUCCESS');
        expect(codesOf(res.body)).toEqual(asked);
      }
    });

    it('leaves out other vendors’ centers and unknown codes, and answers each center once', async () => {
      const query = [codes[1], otherCodes[1], '1100999999', 'abc', `0${codes[2]}`, codes[1], codes[2]].join(
        ',',
      );
      const res = await lookup(`?returnCenterCodes=${query}`);
      expect(codesOf(res.body)).toEqual([codes[1], codes[2]]);
      const theirs = await lookup(`?returnCenterCodes=${codes[1]}`, other);
      expect(theirs.body).toEqual({ code: 200, message: 'SUCCESS', data: [] });
    });

    it('takes spaces around the commas and the parameter repeated', async () => {
      const res = await lookup(`?returnCenterCodes=${codes[3]},%20${codes[2]}&returnCenterCodes=${codes[0]}`);
      expect(codesOf(res.body)).toEqual([codes[3], codes[2], codes[0]]);
    });

    it('takes 100 codes, and refuses 101', async () => {
      const hundred = [...codes, ...Array.from({ length: 88 }, (_, i) => String(1_100_500_000 + i))];
      const res = await lookup(`?returnCenterCodes=${hundred.join(',')}`);
      expect(res.status).toBe(200);
      expect(codesOf(res.body)).toEqual(codes);
      const refused = await lookup(`?returnCenterCodes=${[...hundred, '1100600000'].join(',')}`);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(placeError(400, r.centerCodesTooMany(101)));
      expect(refused.body.message).toContain('returnCenterCodes');
    });

    it.each([[''], ['?returnCenterCodes='], ['?returnCenterCodes=,,']])(
      'refuses %s, naming returnCenterCodes',
      async (query) => {
        const res = await lookup(query);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(placeError(400, r.centerCodesRequired));
        expect(res.body.message).toContain('returnCenterCodes');
      },
    );
  });
});
