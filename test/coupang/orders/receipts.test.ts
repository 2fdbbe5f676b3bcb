import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderMessages as m, receiptMessages as rm } from '../../../src/coupang/orders/messages.js';
import {
  boxAction,
  createOrder,
  createVendor,
  idsIn,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

const DAYS = 'createdAtFrom=2026-11-23&createdAtTo=2026-11-23';

describe.each(engines)('Coupang return and cancel requests ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
  });
  afterAll(() => t.close());

  const api = (version: 'v4' | 'v5' | 'v6' = 'v4') => vendorApi(vendor.vendorId, version);
  const get = (url: string) => signed(t, vendor, { method: 'GET', url });
  const act = (
    receiptId: string,
    action: string,
    payload: unknown,
    method: 'PUT' | 'PATCH' = 'PUT',
    version = 'v4',
  ) =>
    signed(t, vendor, {
      method,
      url: `${api(version as 'v4')}/returnRequests/${receiptId}/${action}`,
      payload,
    });
  const receiptIdOf = (res: { raw: { body: string } }) => idsIn(res.raw.body, 'receiptId')[0] as string;
  const instructed = async (body: Record<string, unknown> = { items: [{}] }) => {
    const box = await createOrder(t, vendor, body);
    await signed(t, vendor, {
      method: 'PUT',
      url: `${api()}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${box.shipmentBoxId}]}`,
    });
    return box;
  };
  const invoice = (
    box: { shipmentBoxId: string; orderId: string; vendorItemIds: string[] },
    courier = 'CJGLS',
  ) =>
    signed(t, vendor, {
      method: 'POST',
      url: `${api()}/orders/invoices`,
      payload:
        `{"vendorId":"${vendor.vendorId}","orderSheetInvoiceApplyDtos":[` +
        box.vendorItemIds
          .map(
            (item) =>
              `{"shipmentBoxId":${box.shipmentBoxId},"orderId":${box.orderId},"vendorItemId":${item},"deliveryCompanyCode":"${courier}","invoiceNumber":"R${box.shipmentBoxId.slice(-6)}","splitShipping":false,"preSplitShipped":false,"estimatedShippingDate":""}`,
          )
          .join(',') +
        ']}',
    });

  it('buyer cancel in ACCEPT: listed by cancelType=CANCEL, the box closed, its invoice ORDER_DELIVERY_CANCELED', async () => {
    const box = await createOrder(t, vendor, { items: [{ shippingCount: 2 }] });
    const cancel = await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel', { reason: '마음이 바뀜' });
    expect(cancel.status).toBe(201);
    expect(cancel.body).toMatchObject({
      receiptType: 'CANCEL',
      receiptStatus: 'RETURNS_COMPLETED',
      cancelCountSum: 2,
      cancelReasonCategory1: '고객변심',
      cancelReason: '마음이 바뀜',
      requesterName: '수취인',
    });
    const receiptId = receiptIdOf(cancel);
    const listed = await get(`${api()}/returnRequests?${DAYS}&cancelType=CANCEL`);
    expect(listed.status).toBe(200);
    expect(idsIn(listed.raw.body, 'receiptId')).toContain(receiptId);
    const single = await get(`${api()}/ordersheets/${box.shipmentBoxId}`);
    expect(single.body).toEqual(placeError(400, m.closed));
    const res = await invoice(box);
    expect(res.body.data.responseList[0]).toMatchObject({
      resultCode: 'ORDER_DELIVERY_CANCELED',
      resultMessage: '취소된 주문건입니다.',
    });
    const cancelWithStatus = await get(`${api()}/returnRequests?${DAYS}&cancelType=CANCEL&status=CC`);
    expect(cancelWithStatus.body).toEqual(placeError(400, rm.cancelTypeStatus));
    const badType = await get(`${api()}/returnRequests?${DAYS}&cancelType=EXCHANGE`);
    expect(badType.body).toEqual(placeError(400, rm.cancelType));
  });

  it('buyer cancel in INSTRUCT: a stop request under RU and UC; its invoice refused; of one of two items PARTIAL_STOP', async () => {
    const box = await instructed();
    const stop = await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel');
    expect(stop.status).toBe(201);
    expect(stop.body).toMatchObject({
      receiptType: 'RETURN',
      receiptStatus: 'RELEASE_STOP_UNCHECKED',
      releaseStopStatus: '미처리',
    });
    const receiptId = receiptIdOf(stop);
    for (const status of ['RU', 'UC']) {
      const res = await get(`${api()}/returnRequests?${DAYS}&status=${status}`);
      expect(idsIn(res.raw.body, 'receiptId')).toContain(receiptId);
    }
    expect(
      idsIn((await get(`${api()}/returnRequests?${DAYS}&status=CC`)).raw.body, 'receiptId'),
    ).not.toContain(receiptId);
    const sheet = await get(`${api()}/ordersheets/${box.shipmentBoxId}`);
    expect(sheet.body.data.orderItems[0].holdCountForCancel).toBe(1);
    expect((await invoice(box)).body.data.responseList[0]).toMatchObject({
      resultCode: 'ORDER_DELIVERY_CANCELED',
      retryRequired: false,
      resultMessage: '출고중지 요청건입니다.',
    });
    const two = await instructed({ items: [{}, {}] });
    await boxAction(t, vendor, two.shipmentBoxId, 'buyer-cancel', {
      items: [{ vendorItemId: two.vendorItemIds[0], count: 1 }],
    });
    expect((await invoice(two)).body.data.responseList[0]).toMatchObject({
      resultCode: 'ORDER_DELIVERY_PARTIAL_STOP_REQUESTED',
      retryRequired: true,
      resultMessage: '출고중지 요청건입니다.',
    });
  });

  it('stoppedShipment: wrong count → 500; right → success, CC, the box closed; again → already returned', async () => {
    const box = await instructed({ items: [{ shippingCount: 3 }] });
    const receiptId = receiptIdOf(await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel'));
    const wrong = await act(receiptId, 'stoppedShipment', {
      vendorId: vendor.vendorId,
      receiptId: Number(receiptId),
      cancelCount: 2,
    });
    expect(wrong.status).toBe(500);
    expect(wrong.body).toEqual(placeError(500, rm.countMismatch));
    const right = await act(receiptId, 'stoppedShipment', { receiptId, cancelCount: 3 }, 'PATCH');
    expect(right.status).toBe(200);
    expect(right.body).toEqual({
      code: 200,
      message: 'OK',
      data: { resultCode: 'SUCCESS', resultMessage: rm.stopped },
    });
    const cc = await get(`${api()}/returnRequests?${DAYS}&status=CC`);
    expect(idsIn(cc.raw.body, 'receiptId')).toContain(receiptId);
    const single = await get(`${api()}/returnRequests/${receiptId}`);
    expect(single.body.data[0]).toMatchObject({
      releaseStopStatus: '처리(출고중지)',
      completeConfirmType: 'VENDOR_CONFIRM',
    });
    expect((await get(`${api()}/ordersheets/${box.shipmentBoxId}`)).body).toEqual(placeError(400, m.closed));
    const again = await act(receiptId, 'stoppedShipment', { cancelCount: 3 });
    expect(again.status).toBe(400);
    expect(again.body).toEqual(placeError(400, rm.alreadyReturned));
    const mismatch = await act(receiptId, 'stoppedShipment', { receiptId: 1, cancelCount: 3 });
    expect(mismatch.body).toEqual(placeError(400, m.field('receiptId')));
  });

  it('completedShipment → the nested body, 처리(이미출고), the invoice in returnDeliveryDtos', async () => {
    const box = await instructed();
    const receiptId = receiptIdOf(await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel'));
    const badCourier = await act(receiptId, 'completedShipment', {
      deliveryCompanyCode: 'NOPE',
      invoiceNumber: '1',
    });
    expect(badCourier.body).toEqual(placeError(500, m.internalException));
    const noNumber = await act(receiptId, 'completedShipment', { deliveryCompanyCode: 'CJGLS' });
    expect(noNumber.body).toEqual(placeError(400, m.field('invoiceNumber')));
    const res = await act(receiptId, 'completedShipment', {
      deliveryCompanyCode: 'CJGLS',
      invoiceNumber: '555566667777',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 200,
      message: 'OK',
      data: { code: '200', message: 'OK', resultCode: 'SUCCESS', resultMessage: rm.alreadyShipped },
    });
    const single = await get(`${api('v6')}/returnRequests/${receiptId}`);
    expect(single.body.data[0]).toMatchObject({
      receiptStatus: 'RETURNS_COMPLETED',
      releaseStopStatus: '처리(이미출고)',
      returnDeliveryDtos: [{ deliveryCompanyCode: 'CJGLS', deliveryInvoiceNo: '555566667777' }],
      enclosePrice: { currencyCode: 'KRW', units: 0, nanos: 0 },
    });
    expect(single.body.data[0].createdAt).toMatch(/\.\d{6}\+09:00$/);
  });

  it.each(['v4', 'v6'] as const)(
    'returnRequests (%s) with neither status nor orderId → the observed text',
    async (version) => {
      const res = await get(`${api(version)}/returnRequests?${DAYS}`);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, rm.orderIdOrStatus));
      const bad = await get(`${api(version)}/returnRequests?${DAYS}&status=XX`);
      expect(bad.body).toEqual(placeError(400, m.invalidStatus));
    },
  );

  it('return → UC → pickup → receiveConfirmation → approval → CC; approval first → There is no history…', async () => {
    const box = await instructed({ items: [{ shippingCount: 2 }] });
    await invoice(box);
    const early = await boxAction(t, vendor, box.shipmentBoxId, 'return');
    expect(early.status).toBe(409);
    await boxAction(t, vendor, box.shipmentBoxId, 'advance', { to: 'FINAL_DELIVERY' });
    const ret = await boxAction(t, vendor, box.shipmentBoxId, 'return', {
      items: [{ vendorItemId: box.vendorItemIds[0], count: 1 }],
    });
    expect(ret.status).toBe(201);
    expect(ret.body).toMatchObject({
      receiptType: 'RETURN',
      receiptStatus: 'RETURNS_UNCHECKED',
      releaseStopStatus: '비대상',
      cancelCountSum: 1,
    });
    expect(ret.body.returnDeliveryId).toBeGreaterThan(0);
    const receiptId = receiptIdOf(ret);
    const byOrder = await get(`${api()}/returnRequests?${DAYS}&orderId=${box.orderId}`);
    expect(idsIn(byOrder.raw.body, 'receiptId')).toEqual([receiptId]);
    expect(idsIn((await get(`${api()}/returnRequests?${DAYS}&status=UC`)).raw.body, 'receiptId')).toContain(
      receiptId,
    );
    const approvalFirst = await act(receiptId, 'approval', { cancelCount: 1 });
    expect(approvalFirst.body).toEqual(placeError(400, rm.noWarehouseConfirm('RETURNS_UNCHECKED')));
    const pickup = await t.request({
      method: 'POST',
      url: `/sandbox/vendors/${vendor.vendorId}/receipts/${receiptId}/pickup`,
      payload: {},
    });
    expect(pickup.status).toBe(200);
    expect(pickup.body.returnDeliveryDtos).toEqual([
      { deliveryCompanyCode: 'CJGLS', deliveryInvoiceNo: expect.stringMatching(/^\d{12}$/) },
    ]);
    const confirm = await act(receiptId, 'receiveConfirmation', {}, 'PATCH', 'v5');
    expect(confirm.body).toEqual({ code: 200, message: 'OK', data: null });
    const confirmAgain = await act(receiptId, 'receiveConfirmation', {});
    expect(confirmAgain.body).toEqual(placeError(400, rm.notUnchecked('VENDOR_WAREHOUSE_CONFIRM')));
    const laterPickup = await t.request({
      method: 'POST',
      url: `/sandbox/vendors/${vendor.vendorId}/receipts/${receiptId}/pickup`,
      payload: {},
    });
    expect(laterPickup.status).toBe(409);
    const wrongCount = await act(receiptId, 'approval', { cancelCount: 2 });
    expect(wrongCount.body).toEqual(placeError(500, rm.countMismatch));
    const approve = await act(receiptId, 'approval', { cancelCount: 1 }, 'PUT', 'v5');
    expect(approve.body).toEqual({ code: 200, message: 'OK', data: null });
    expect(idsIn((await get(`${api()}/returnRequests?${DAYS}&status=CC`)).raw.body, 'receiptId')).toContain(
      receiptId,
    );
    const sheet = await get(`${api()}/ordersheets/${box.shipmentBoxId}`);
    expect(sheet.body.data.orderItems[0]).toMatchObject({ cancelCount: 1, canceled: false });
    const stopOnReturn = await act(receiptId, 'stoppedShipment', { cancelCount: 1 });
    expect(stopOnReturn.body).toEqual(placeError(400, rm.alreadyReturned));
  });

  it('a stop action on a return answers its own text', async () => {
    const box = await instructed();
    await invoice(box);
    await boxAction(t, vendor, box.shipmentBoxId, 'advance', { to: 'FINAL_DELIVERY' });
    const receiptId = receiptIdOf(await boxAction(t, vendor, box.shipmentBoxId, 'return'));
    const res = await act(receiptId, 'stoppedShipment', { cancelCount: 1 });
    expect(res.body).toEqual(placeError(400, rm.notStopRequest('RETURNS_UNCHECKED')));
  });

  it('10 concurrent stoppedShipment calls on one receipt: one succeeds, the others are already returned', async () => {
    const box = await instructed({ items: [{ shippingCount: 2 }] });
    const receiptId = receiptIdOf(await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel'));
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => act(receiptId, 'stoppedShipment', { cancelCount: 2 })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const loser of answers.filter((a) => a.status !== 200))
      expect(loser.body).toEqual(placeError(400, rm.alreadyReturned));
    // The units were cancelled once.
    const row = await t.database.db
      .selectFrom('coupang_order_boxes')
      .select('sheet')
      .where('shipment_box_id', '=', box.shipmentBoxId)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.sheet).items[0]).toMatchObject({ cancelCount: 2, holdCountForCancel: 0 });
  });

  it('answers a single receipt as an array of one; unknown → receiptId (<id>) is not found.', async () => {
    const box = await createOrder(t, vendor);
    const receiptId = receiptIdOf(await boxAction(t, vendor, box.shipmentBoxId, 'buyer-cancel'));
    const res = await get(`${api()}/returnRequests/${receiptId}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(idsIn(res.raw.body, 'receiptId')).toEqual([receiptId]);
    expect(idsIn(res.raw.body, 'shipmentBoxId')).toEqual([box.shipmentBoxId]);
    const unknown = await get(`${api()}/returnRequests/399999999`);
    expect(unknown.body).toEqual(placeError(400, rm.receiptUnknown('399999999')));
    const action = await act('399999999', 'receiveConfirmation', {});
    expect(action.body).toEqual(placeError(400, rm.receiptUnknown('399999999')));
  });

  it('pages receipts by nextToken', async () => {
    const v = await createVendor(t);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const box = await createOrder(t, v);
      ids.push(receiptIdOf(await boxAction(t, v, box.shipmentBoxId, 'buyer-cancel')));
    }
    const list = (token: string) =>
      signed(t, v, {
        method: 'GET',
        url: `${vendorApi(v.vendorId)}/returnRequests?${DAYS}&cancelType=CANCEL&maxPerPage=3&nextToken=${token}`,
      });
    const first = await list('');
    expect(idsIn(first.raw.body, 'receiptId')).toEqual(ids.slice(0, 3));
    expect(first.body.nextToken).toBe(ids[2]);
    const second = await list(first.body.nextToken);
    expect(idsIn(second.raw.body, 'receiptId')).toEqual(ids.slice(3));
    expect(second.body.nextToken).toBe('');
  });
});
