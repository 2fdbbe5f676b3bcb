import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMessages as p } from '../../../src/coupang/messages.js';
import { cancelMessages as c, orderMessages as m } from '../../../src/coupang/orders/messages.js';
import {
  createOrder,
  createVendor,
  idsIn,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

const PATHS = {
  v5: (vendorId: string, orderId: string) => `${vendorApi(vendorId, 'v5')}/orders/${orderId}/cancel`,
  v6: (vendorId: string, orderId: string) => `${vendorApi(vendorId, 'v6')}/orders/${orderId}/cancel`,
  wing: (vendorId: string, orderId: string) =>
    `/v2/providers/wing_api/apis/internal-api/v5/vendors/${vendorId}/orders/${orderId}/cancel`,
};

describe.each(engines)('Coupang seller cancel ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t, { userIds: ['seller1'] });
  });
  afterAll(() => t.close());

  const body = (orderId: string, items: string[], counts: number[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      orderId: `${orderId}`,
      vendorItemIds: items,
      receiptCounts: counts,
      bigCancelCode: 'CANERR',
      middleCancelCode: 'CCPNER',
      vendorId: vendor.vendorId,
      userId: 'seller1',
      ...extra,
    });
  const cancel = (orderId: string, payload: string, path: keyof typeof PATHS = 'v5') =>
    signed(t, vendor, { method: 'POST', url: PATHS[path](vendor.vendorId, orderId), payload });
  const instructed = async (items: Record<string, unknown>[] = [{}]) => {
    const box = await createOrder(t, vendor, { items });
    await signed(t, vendor, {
      method: 'PUT',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${box.shipmentBoxId}]}`,
    });
    return box;
  };

  it('refuses each broken rule with its 400, in the documented order, changing nothing', async () => {
    const box = await createOrder(t, vendor, { items: [{}, {}] });
    const second = await createOrder(t, vendor, { items: [{}], orderId: box.orderId });
    const [a, b] = box.vendorItemIds as [string, string];
    const cases: [string, string][] = [
      [body('0', [a], [1]), c.orderId],
      [JSON.stringify({ vendorItemIds: [a], receiptCounts: [1] }), c.orderId],
      [body(box.orderId, [], [1]), c.vendorItemIds],
      [body(box.orderId, [a], []), c.receiptCounts],
      [body(box.orderId, [a, b], [1]), c.lengths],
      [body(box.orderId, [a], [0]), c.receiptCounts],
      [body(box.orderId, [a], [1], { bigCancelCode: undefined }), c.bigCancelCodeMissing],
      [body(box.orderId, [a], [1], { bigCancelCode: 'OTHER' }), c.bigCancelCode],
      [body(box.orderId, [a], [1], { middleCancelCode: undefined }), c.middleCancelCodeMissing],
      [body(box.orderId, [a], [1], { middleCancelCode: 'XX' }), c.middleCancelCode],
      [body(box.orderId, [a], [1], { vendorId: undefined }), c.vendorId],
      [body(box.orderId, [a], [1], { vendorId: 'A99999999' }), c.vendorId],
      [body(box.orderId, [a], [1], { userId: 'someone' }), c.userId],
      [body('20000009999999', [a], [1]), c.orderUnknown],
      [body(box.orderId, ['70099999999'], [1]), c.itemUnknown('70099999999')],
      [body(box.orderId, [a, second.vendorItemIds[0] as string], [1, 1]), c.twoBoxes],
      [body(box.orderId, [a], [1]), c.partial],
      [body(box.orderId, [a, b], [2, 2]), c.overCount],
    ];
    for (const [payload, message] of cases) {
      const res = await cancel(box.orderId, payload);
      expect(res.status, message).toBe(400);
      expect(res.body).toEqual(placeError(400, message));
    }
    // The body's orderId must be the path's.
    const otherPath = await cancel(second.orderId.replace(/.$/, '9'), body(box.orderId, [a, b], [1, 1]));
    expect(otherPath.body).toEqual(placeError(400, c.orderUnknown));
    const sheet = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/${box.shipmentBoxId}`,
    });
    expect(sheet.body.data.orderItems.map((i: { cancelCount: number }) => i.cancelCount)).toEqual([0, 0]);
    const path = await signed(t, vendor, {
      method: 'POST',
      url: PATHS.v5('B1', box.orderId),
      payload: body(box.orderId, [a], [1]),
    });
    expect(path.body).toEqual(placeError(400, p.invalidVendorId));
  });

  it('ACCEPT, the whole box: a CANCEL receipt, the box closed', async () => {
    const box = await createOrder(t, vendor, { items: [{ shippingCount: 2 }] });
    const res = await cancel(box.orderId, body(box.orderId, box.vendorItemIds, [2]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'SUCCESS',
      message: '',
      data: { receiptMap: { receiptType: 'CANCEL', totalCount: 2 }, failedVendorItemIds: [] },
    });
    expect(idsIn(res.raw.body, 'orderId')).toEqual([box.orderId]);
    const sheet = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/${box.shipmentBoxId}`,
    });
    expect(sheet.body).toEqual(placeError(400, m.closed));
    const again = await cancel(box.orderId, body(box.orderId, box.vendorItemIds, [2]));
    expect(again.body).toEqual(placeError(400, c.wrongState));
  });

  it('INSTRUCT, partial: STOP_SHIPMENT, a RETURN receipt born RETURNS_COMPLETED; the order’s boxes both read', async () => {
    const box = await instructed([{ shippingCount: 3 }]);
    const sibling = await createOrder(t, vendor, { items: [{}], orderId: box.orderId });
    const res = await cancel(box.orderId, body(box.orderId, box.vendorItemIds, [1]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'SUCCESS',
      data: { receiptMap: { receiptType: 'STOP_SHIPMENT', totalCount: 1 } },
    });
    const receiptId = idsIn(res.raw.body, 'receiptId')[0] as string;
    const receipt = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/returnRequests/${receiptId}`,
    });
    expect(receipt.body.data[0]).toMatchObject({
      receiptType: 'RETURN',
      receiptStatus: 'RETURNS_COMPLETED',
      releaseStopStatus: '처리(출고중지)',
      cancelReasonCategory1: '배송불만',
      cancelReasonCategory2: '품절',
      cancelReason: '파트너 API 강제 취소',
    });
    const byOrder = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/${box.orderId}/ordersheets`,
    });
    expect(idsIn(byOrder.raw.body, 'shipmentBoxId')).toEqual([box.shipmentBoxId, sibling.shipmentBoxId]);
    expect(byOrder.body.data[0].orderItems[0]).toMatchObject({ cancelCount: 1, canceled: false });
    expect(byOrder.body.data[0].status).toBe('INSTRUCT');
  });

  it('one item over what is left beside a valid one → PARTIAL, the valid one done, CR LF in the message', async () => {
    const box = await instructed([{}, { shippingCount: 2 }]);
    const [a, b] = box.vendorItemIds as [string, string];
    const res = await cancel(box.orderId, body(box.orderId, [a, b], [5, 2]));
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('PARTIAL');
    expect(res.body.message).toMatch(
      new RegExp(`^\\[요청번호\\] [0-9a-f-]{36} \\r\\n\\[${a}\\]<= ${c.overCount}$`),
    );
    expect(idsIn(res.raw.body, 'failedVendorItemIds')).toEqual([]);
    expect(res.raw.body).toContain(`"failedVendorItemIds":[${a}]`);
    expect(res.raw.body).toContain(`"vendorItemIds":[${b}]`);
    expect(res.body.data.receiptMap.totalCount).toBe(2);
  });

  it.each(['v5', 'v6', 'wing'] as const)('serves %s alike, journaled as the v5 route', async (path) => {
    const box = await createOrder(t, vendor);
    const res = await cancel(box.orderId, body(box.orderId, box.vendorItemIds, [1]), path);
    expect(res.status).toBe(200);
    expect(res.body.code).toBe('SUCCESS');
    const journal = await t.request({
      method: 'GET',
      url: `/sandbox/requests?vendor=${vendor.vendorId}&limit=1`,
    });
    expect(journal.body.requests[0].route).toBe(
      'POST /v2/providers/openapi/apis/api/v5/vendors/{vendorId}/orders/{orderId}/cancel',
    );
  });
});
