import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMessages as p } from '../../../src/coupang/messages.js';
import { outboundBody } from '../../support/fixtures.js';
import {
  createVendor,
  outboundPath,
  outboundQueryPath,
  placeError,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

describe.each(engines)('GET .../vendor/shipping-place/outbound ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let other: Vendor;
  const codes: number[] = [];
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    other = await createVendor(t);
    for (let n = 1; n <= 12; n++) {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, n),
      });
      codes.push(Number(res.body.data.resultMessage));
      // The other vendor's places interleave, with the same names and addresses.
      await signed(t, other, {
        method: 'POST',
        url: outboundPath(other.vendorId),
        payload: outboundBody(other.vendorId, n),
      });
    }
  });
  afterAll(() => t.close());

  const get = (query = '', as = vendor, version: 'v1' | 'v2' = 'v1') =>
    signed(t, as, { method: 'GET', url: `${outboundQueryPath(version)}${query}` });
  const codesOf = (body: { content: { outboundShippingPlaceCode: number }[] }) =>
    body.content.map((c) => c.outboundShippingPlaceCode);

  it('answers the first 10 of the vendor’s places, oldest first, without an envelope', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['content', 'pagination']);
    expect(codesOf(res.body)).toEqual(codes.slice(0, 10));
    expect(res.body.pagination).toEqual({
      currentPage: 1,
      totalPages: 2,
      totalElements: 12,
      countPerPage: 10,
    });
  });

  it('pages with pageNum and pageSize', async () => {
    const second = await get('?pageNum=2');
    expect(codesOf(second.body)).toEqual(codes.slice(10));
    expect(second.body.pagination).toEqual({
      currentPage: 2,
      totalPages: 2,
      totalElements: 12,
      countPerPage: 10,
    });
    const third = await get('?pageNum=3&pageSize=5');
    expect(codesOf(third.body)).toEqual(codes.slice(10, 12));
    expect(third.body.pagination).toEqual({
      currentPage: 3,
      totalPages: 3,
      totalElements: 12,
      countPerPage: 5,
    });
    const beyond = await get('?pageNum=9&pageSize=50');
    expect(beyond.body).toEqual({
      content: [],
      pagination: { currentPage: 9, totalPages: 1, totalElements: 12, countPerPage: 50 },
    });
  });

  it('serves /v2/ as /v1/', async () => {
    expect((await get('?pageSize=3', vendor, 'v2')).body).toEqual((await get('?pageSize=3')).body);
  });

  it('shows each vendor only its own places', async () => {
    const theirs = await get('?pageSize=50', other);
    expect(theirs.body.pagination.totalElements).toBe(12);
    expect(codesOf(theirs.body).some((c) => codes.includes(c))).toBe(false);
    const foreign = await get(`?placeCodes=${codesOf(theirs.body)[0]}`);
    expect(foreign.body.content).toEqual([]);
  });

  it('looks places up by placeCodes, all on one page', async () => {
    const res = await get(`?placeCodes=${codes[11]},${codes[0]},${codes[3]},9999999`);
    expect(codesOf(res.body)).toEqual([codes[0], codes[3], codes[11]]);
    expect(res.body.pagination).toEqual({ currentPage: 1, totalPages: 1, totalElements: 3, countPerPage: 3 });
  });

  it('looks places up by exact placeNames', async () => {
    const names = ['출고지 2', '출고지 12', '출고지'].map(encodeURIComponent).join(',');
    const res = await get(`?placeNames=${names}`);
    expect(res.body.content.map((c: { shippingPlaceName: string }) => c.shippingPlaceName)).toEqual([
      '출고지 2',
      '출고지 12',
    ]);
    const none = await get(`?placeNames=${encodeURIComponent('출고지 99')}`);
    expect(none.body).toEqual({
      content: [],
      pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 0 },
    });
  });

  it('narrows by both placeCodes and placeNames when both come', async () => {
    const res = await get(`?placeCodes=${codes[0]},${codes[1]}&placeNames=${encodeURIComponent('출고지 2')}`);
    expect(codesOf(res.body)).toEqual([codes[1]]);
  });

  it.each([['0'], ['-1'], ['abc'], ['1.5']])('answers pageNum=%s 400, naming it', async (value) => {
    const res = await get(`?pageNum=${value}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, p.pageNum));
    expect(p.pageNum).toContain('pageNum');
  });

  it.each([['0'], ['51'], ['x']])('answers pageSize=%s 400, naming it', async (value) => {
    const res = await get(`?pageSize=${value}`);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, p.pageSize));
    expect(p.pageSize).toContain('pageSize');
  });

  it('answers placeCodes that are not numbers 400, naming it', async () => {
    const res = await get('?placeCodes=1000001,abc');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(400);
    expect(res.body.message).toContain('placeCodes');
  });
});
