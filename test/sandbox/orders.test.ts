import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  boxAction,
  createOrder,
  createVendor,
  idsIn,
  signed,
  type Vendor,
  vendorApi,
} from '../support/coupang.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('sandbox Coupang orders ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
  });
  afterAll(() => t.close());

  const post = (url: string, payload: Record<string, unknown>) => t.request({ method: 'POST', url, payload });

  it('creates a box in ACCEPT with the documented defaults, every field present', async () => {
    const res = await post(`/sandbox/vendors/${vendor.vendorId}/orders`, {
      items: [{ vendorItemId: '123456789012345678', shippingCount: 3 }],
      shippingPrice: 2500,
      orderer: { name: '김철수' },
    });
    expect(res.status).toBe(201);
    expect(res.raw.body).toContain('"vendorItemId":123456789012345678,');
    expect(res.body).toMatchObject({
      status: 'ACCEPT',
      orderer: { name: '김철수', email: '', safeNumber: '0502-0000-0000', ordererNumber: null },
      receiver: { name: '수취인', safeNumber: '0502-0000-0001', addr2: '101호', postCode: '05510' },
      shippingPrice: 2500,
      remotePrice: 0,
      remoteArea: false,
      parcelPrintMessage: '',
      deliveryCompanyName: '',
      invoiceNumber: '',
    });
    expect(res.body.orderItems[0]).toMatchObject({
      shippingCount: 3,
      salesPrice: 10000,
      orderPrice: 30000,
      discountPrice: 0,
      deliveryChargeTypeName: '유료',
      cancelCount: 0,
      holdCountForCancel: 0,
    });
  });

  it('refuses a body without items, a repeated vendorItemId, an unknown vendor or orderId', async () => {
    const none = await post(`/sandbox/vendors/${vendor.vendorId}/orders`, {});
    expect(none.status).toBe(400);
    expect(none.body.error).toContain('items');
    const repeated = await post(`/sandbox/vendors/${vendor.vendorId}/orders`, {
      items: [{ vendorItemId: '5' }, { vendorItemId: 5 }],
    });
    expect(repeated.status).toBe(400);
    expect(repeated.body.error).toContain('vendorItemId');
    const tooMany = await post(`/sandbox/vendors/${vendor.vendorId}/orders`, {
      items: [{ shippingCount: 1000 }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error).toContain('shippingCount');
    const unknownVendor = await post('/sandbox/vendors/A99999999/orders', { items: [{}] });
    expect(unknownVendor.status).toBe(404);
    const unknownOrder = await post(`/sandbox/vendors/${vendor.vendorId}/orders`, {
      items: [{}],
      orderId: '29999999999999',
    });
    expect(unknownOrder.status).toBe(404);
  });

  it('changes the receiver in ACCEPT (read back), not in INSTRUCT (409)', async () => {
    const box = await createOrder(t, vendor);
    const changed = await boxAction(t, vendor, box.shipmentBoxId, 'receiver', {
      name: '새수취인',
      addr2: '202호',
    });
    expect(changed.status).toBe(200);
    const sheet = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/${box.shipmentBoxId}`,
    });
    expect(sheet.body.data.receiver).toMatchObject({
      name: '새수취인',
      addr2: '202호',
      addr1: '서울특별시 송파구 송파대로 570',
    });
    await signed(t, vendor, {
      method: 'PUT',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${box.shipmentBoxId}]}`,
    });
    const late = await boxAction(t, vendor, box.shipmentBoxId, 'receiver', { name: '늦은변경' });
    expect(late.status).toBe(409);
    expect(late.body.error).toContain('INSTRUCT');
    const unknown = await boxAction(t, vendor, '640000000000999999', 'receiver', { name: 'x' });
    expect(unknown.status).toBe(404);
  });

  it('refuses a buyer cancel of more units than are left with 400 naming count', async () => {
    const box = await createOrder(t, vendor, { items: [{ shippingCount: 2 }] });
    const over = await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel', {
      items: [{ vendorItemId: box.vendorItemIds[0], count: 3 }],
    });
    expect(over.status).toBe(400);
    expect(over.body.error).toContain('count');
    const part = await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel', {
      items: [{ vendorItemId: box.vendorItemIds[0], count: 1 }],
    });
    expect(part.status).toBe(201);
    const rest = await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel', {
      items: [{ vendorItemId: box.vendorItemIds[0], count: 2 }],
    });
    expect(rest.status).toBe(400);
    expect((await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel')).status).toBe(201);
    // Closed now: no action applies.
    expect((await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel')).status).toBe(409);
  });

  it('lists orders and receipts newest first, by status, with cursors', async () => {
    const v = await createVendor(t);
    const boxes = [];
    for (let i = 0; i < 3; i++) boxes.push(await createOrder(t, v));
    await boxAction(t, v, boxes[0]?.shipmentBoxId ?? '', 'buyer-cancel');
    const page = await t.request({ method: 'GET', url: `/sandbox/vendors/${v.vendorId}/orders?limit=2` });
    expect(page.status).toBe(200);
    expect(idsIn(page.raw.body, 'shipmentBoxId')).toEqual([boxes[2]?.shipmentBoxId, boxes[1]?.shipmentBoxId]);
    const next = await t.request({
      method: 'GET',
      url: `/sandbox/vendors/${v.vendorId}/orders?limit=2&cursor=${page.body.next}`,
    });
    expect(idsIn(next.raw.body, 'shipmentBoxId')).toEqual([boxes[0]?.shipmentBoxId]);
    expect(next.body.next).toBeNull();
    const receipts = await t.request({ method: 'GET', url: `/sandbox/vendors/${v.vendorId}/receipts` });
    expect(receipts.body.receipts).toHaveLength(1);
    const filtered = await t.request({
      method: 'GET',
      url: `/sandbox/vendors/${v.vendorId}/receipts?status=RETURNS_UNCHECKED`,
    });
    expect(filtered.body.receipts).toEqual([]);
    const bad = await t.request({ method: 'GET', url: `/sandbox/vendors/${v.vendorId}/orders?cursor=zz` });
    expect(bad.status).toBe(400);
  });

  it('deletes a vendor’s orders and receipts with the vendor', async () => {
    const v = await createVendor(t);
    const box = await createOrder(t, v);
    await boxAction(t, v, box.shipmentBoxId, 'buyer-cancel');
    expect((await t.request({ method: 'DELETE', url: `/sandbox/vendors/${v.vendorId}` })).status).toBe(200);
    const boxes = await t.database.db
      .selectFrom('coupang_order_boxes')
      .select('shipment_box_id')
      .where('vendor_id', '=', v.vendorId)
      .execute();
    const receipts = await t.database.db
      .selectFrom('coupang_order_receipts')
      .select('receipt_id')
      .where('vendor_id', '=', v.vendorId)
      .execute();
    expect([boxes, receipts]).toEqual([[], []]);
    expect((await t.request({ method: 'GET', url: `/sandbox/vendors/${v.vendorId}/orders` })).status).toBe(
      404,
    );
  });
});
