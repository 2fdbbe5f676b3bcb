import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMessages as p } from '../../../src/coupang/messages.js';
import { orderMessages as m } from '../../../src/coupang/orders/messages.js';
import {
  boxAction,
  createOrder,
  createVendor,
  gatewayError,
  idsIn,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

// The test clock starts at 2026-11-23 03:00 UTC = 12:00 KST.
const DAY = '2026-11-23';

describe.each(engines)('Coupang order sheets ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let other: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    other = await createVendor(t);
  });
  afterAll(() => t.close());

  const get = (url: string, as: Vendor = vendor) => signed(t, as, { method: 'GET', url });
  const list = (query: string, as: Vendor = vendor, version: 'v4' | 'v5' = 'v4') =>
    get(`${vendorApi(as.vendorId, version)}/ordersheets?${query}`, as);

  it('lists a sandbox order in the v4 ACCEPT list, its ids 18-digit, odd and bare', async () => {
    const order = await createOrder(t, vendor, { items: [{ shippingCount: 2, salesPrice: 15000 }] });
    expect(order.shipmentBoxId).toMatch(/^\d{18}$/);
    expect(BigInt(order.shipmentBoxId) > 2n ** 53n).toBe(true);
    expect(BigInt(order.shipmentBoxId) % 2n).toBe(1n);
    const res = await list(`createdAtFrom=${DAY}&createdAtTo=${DAY}&status=ACCEPT`);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe(200);
    expect(res.body.message).toBe('OK');
    expect(res.body.nextToken).toBe('');
    expect(idsIn(res.raw.body, 'shipmentBoxId')).toContain(order.shipmentBoxId);
    const sheet = res.body.data.find((s: { orderId: number }) => String(s.orderId) === order.orderId);
    expect(sheet).toMatchObject({
      status: 'ACCEPT',
      orderedAt: '2026-11-23T12:00:00',
      paidAt: '2026-11-23T12:00:00',
      shippingPrice: 0,
      orderer: { name: '구매자', safeNumber: '0502-0000-0000' },
      receiver: { name: '수취인', addr1: '서울특별시 송파구 송파대로 570', postCode: '05510' },
      refer: '안드로이드앱',
      inTrasitDateTime: '',
    });
    expect(sheet.orderItems[0]).toMatchObject({
      shippingCount: 2,
      salesPrice: 15000,
      orderPrice: 30000,
      estimatedShippingDate: '2026-11-25',
      deliveryChargeTypeName: '무료',
      canceled: false,
    });
  });

  it('writes v5 money as objects, times with microseconds and +09:00, phones in E.164', async () => {
    const order = await createOrder(t, vendor);
    const res = await get(`${vendorApi(vendor.vendorId, 'v5')}/ordersheets/${order.shipmentBoxId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      paidAt: '2026-11-23T12:00:00.000000+09:00',
      shippingPrice: { currencyCode: 'KRW', units: 0, nanos: 0 },
      orderer: { safeNumber: '+8250200000000' },
      receiver: { safeNumber: '+8250200000001' },
      isCod: false,
    });
    expect(res.body.data.orderItems[0]).toMatchObject({
      salesPrice: { currencyCode: 'KRW', units: 10000, nanos: 0 },
      coupangDiscount: { currencyCode: 'KRW', units: 0, nanos: 0 },
    });
  });

  it('keeps shipmentBoxId digit for digit in the single, orderId and history lookups', async () => {
    const order = await createOrder(t, vendor);
    const single = await get(`${vendorApi(vendor.vendorId)}/ordersheets/${order.shipmentBoxId}`);
    expect(idsIn(single.raw.body, 'shipmentBoxId')).toEqual([order.shipmentBoxId]);
    const byOrder = await get(`${vendorApi(vendor.vendorId)}/${order.orderId}/ordersheets`);
    expect(byOrder.status).toBe(200);
    expect(idsIn(byOrder.raw.body, 'shipmentBoxId')).toEqual([order.shipmentBoxId]);
    const history = await get(`${vendorApi(vendor.vendorId)}/ordersheets/${order.shipmentBoxId}/history`);
    expect(idsIn(history.raw.body, 'shipmentBoxId')).toEqual([order.shipmentBoxId]);
    expect(history.body.data.details).toEqual([
      { deliveryStatus: 'ACCEPT', deliveryStatusDesc: '결제완료', updatedAt: '2026-11-23T12:00:00' },
    ]);
  });

  it('answers an order’s open boxes as an array by orderId', async () => {
    const first = await createOrder(t, vendor);
    const second = await createOrder(t, vendor, { items: [{}], orderId: first.orderId });
    expect(second.orderId).toBe(first.orderId);
    const res = await get(`${vendorApi(vendor.vendorId)}/${first.orderId}/ordersheets`);
    expect(idsIn(res.raw.body, 'shipmentBoxId')).toEqual([first.shipmentBoxId, second.shipmentBoxId]);
  });

  it('refuses an unknown box, another vendor’s, and a closed one with the contract’s texts', async () => {
    const order = await createOrder(t, vendor);
    const unknown = await get(`${vendorApi(vendor.vendorId)}/ordersheets/640000000000999999`);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toEqual(placeError(400, m.orderUnknown));
    const theirs = await get(`${vendorApi(other.vendorId)}/ordersheets/${order.shipmentBoxId}`, other);
    expect(theirs.body).toEqual(placeError(400, m.orderUnknown));
    const theirOrder = await get(`${vendorApi(other.vendorId)}/${order.orderId}/ordersheets`, other);
    expect(theirOrder.body).toEqual(placeError(400, m.orderUnknown));
    expect((await boxAction(t, vendor, order.shipmentBoxId, 'buyer-cancel')).status).toBe(201);
    const closed = await get(`${vendorApi(vendor.vendorId)}/ordersheets/${order.shipmentBoxId}`);
    expect(closed.status).toBe(400);
    expect(closed.body).toEqual(placeError(400, m.closed));
    const closedOrder = await get(`${vendorApi(vendor.vendorId)}/${order.orderId}/ordersheets`);
    expect(closedOrder.body).toEqual(placeError(400, m.closed));
    // The history of a closed box is still read.
    const history = await get(`${vendorApi(vendor.vendorId)}/ordersheets/${order.shipmentBoxId}/history`);
    expect(history.status).toBe(200);
  });

  it('refuses a bad path vendorId and another vendor’s path', async () => {
    const bad = await get(
      `${vendorApi('B123')}/ordersheets?createdAtFrom=${DAY}&createdAtTo=${DAY}&status=ACCEPT`,
    );
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual(placeError(400, p.invalidVendorId));
    const theirs = await get(
      `${vendorApi(other.vendorId)}/ordersheets?createdAtFrom=${DAY}&createdAtTo=${DAY}&status=ACCEPT`,
    );
    expect(theirs.body).toEqual(placeError(400, p.returnVendorMismatch));
  });

  it.each([
    ['status=ACCEPT&createdAtTo=2026-11-23', m.requiredParam('createdAtFrom')],
    ['status=ACCEPT&createdAtFrom=2026-11-23', m.requiredParam('createdAtTo')],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-11-23', m.requiredParam('status')],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-11-23&status=SHIPPED', m.invalidStatus],
    ['createdAtFrom=2026/11/23&createdAtTo=2026-11-23&status=ACCEPT', m.dateFormat('createdAtFrom')],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-02-30&status=ACCEPT', m.dateFormat('createdAtTo')],
    [
      'createdAtFrom=2026-11-23&createdAtTo=2026-11-23&searchType=timeFrame&status=ACCEPT',
      m.minuteFormat('createdAtFrom'),
    ],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-11-23&status=ACCEPT&maxPerPage=0', m.maxPerPage],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-11-23&status=ACCEPT&maxPerPage=x', m.maxPerPage],
    ['createdAtFrom=2026-11-23&createdAtTo=2026-11-23&status=ACCEPT&nextToken=abc', m.nextToken],
    ['createdAtFrom=2026-11-24&createdAtTo=2026-11-23&status=ACCEPT', m.rangeReversed],
    ['createdAtFrom=2026-11-01&createdAtTo=2026-12-02&status=ACCEPT', m.dayRange],
    [
      'createdAtFrom=2026-11-23T23:00&createdAtTo=2026-11-24T00:10&searchType=timeFrame&status=ACCEPT',
      m.minuteRange,
    ],
  ])('refuses %s with the exact text', async (query, message) => {
    const res = await list(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, message));
  });

  it('takes 31 KST dates, and +09:00 encoded or decoded to a space', async () => {
    expect((await list('createdAtFrom=2026-11-01&createdAtTo=2026-12-01&status=ACCEPT')).status).toBe(200);
    expect(
      (await list('createdAtFrom=2026-11-23%2B09:00&createdAtTo=2026-11-23+09:00&status=ACCEPT')).status,
    ).toBe(200);
  });

  it('lists a box paid 00:30 KST under its KST date', async () => {
    const v = await createVendor(t);
    const saved = t.clock.nowMs();
    t.clock.set(Date.UTC(2026, 10, 23, 15, 30)); // 2026-11-24 00:30 KST
    const order = await createOrder(t, v);
    t.clock.set(saved);
    const onDate = await list('createdAtFrom=2026-11-24&createdAtTo=2026-11-24&status=ACCEPT', v);
    expect(idsIn(onDate.raw.body, 'shipmentBoxId')).toEqual([order.shipmentBoxId]);
    const dayBefore = await list('createdAtFrom=2026-11-23&createdAtTo=2026-11-23&status=ACCEPT', v);
    expect(dayBefore.body.data).toEqual([]);
    const minute = await list(
      'createdAtFrom=2026-11-24T00:30&createdAtTo=2026-11-24T00:30&searchType=timeFrame&status=ACCEPT',
      v,
    );
    expect(idsIn(minute.raw.body, 'shipmentBoxId')).toEqual([order.shipmentBoxId]);
    expect(minute.body.nextToken).toBe('');
  });

  it('pages 120 boxes by 50: 50, 50, 20, the token the last id, then ""; none lost or doubled', async () => {
    const v = await createVendor(t);
    const ids: string[] = [];
    for (let i = 0; i < 120; i++) ids.push((await createOrder(t, v)).shipmentBoxId);
    const seen: string[] = [];
    let token = '';
    const sizes: number[] = [];
    for (;;) {
      const res = await list(
        `createdAtFrom=${DAY}&createdAtTo=${DAY}&status=ACCEPT&maxPerPage=50&nextToken=${token}`,
        v,
      );
      expect(res.status).toBe(200);
      const page = idsIn(res.raw.body, 'shipmentBoxId');
      sizes.push(page.length);
      seen.push(...page);
      token = res.body.nextToken;
      if (token === '') break;
      expect(token).toBe(page[page.length - 1]);
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen).toEqual(ids);
    const capped = await list(`createdAtFrom=${DAY}&createdAtTo=${DAY}&status=ACCEPT&maxPerPage=100`, v);
    expect(capped.body.data).toHaveLength(50);
    const minute = await list(
      `createdAtFrom=${DAY}T12:00&createdAtTo=${DAY}T12:00&searchType=timeFrame&status=ACCEPT`,
      v,
    );
    expect(idsIn(minute.raw.body, 'shipmentBoxId')).toEqual(ids);
  });

  it('answers an unknown exchange path 404 and GET acknowledgement 405, before authentication', async () => {
    const exchange = await t.request({
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/exchangeRequests?createdAtFrom=${DAY}`,
    });
    expect(exchange.status).toBe(404);
    expect(exchange.body).toEqual(gatewayError('Not Found'));
    const ack = await t.request({
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
    });
    expect(ack.status).toBe(405);
    expect(ack.body).toEqual(gatewayError('Method Not Allowed'));
  });
});
