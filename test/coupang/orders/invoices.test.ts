import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderMessages as m, resultMessages as r } from '../../../src/coupang/orders/messages.js';
import {
  boxAction,
  createOrder,
  createVendor,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

interface Box {
  shipmentBoxId: string;
  orderId: string;
  vendorItemIds: string[];
}

describe.each(engines)('Coupang invoices ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
  });
  afterAll(() => t.close());

  /** Invoice dtos written as JSON text, ids as bare integers. */
  const dtos = (box: Box, courier = 'CJGLS', number = '123456789012', split = '"splitShipping":false') =>
    box.vendorItemIds.map(
      (item) =>
        `{"shipmentBoxId":${box.shipmentBoxId},"orderId":${box.orderId},"vendorItemId":${item},"deliveryCompanyCode":"${courier}",` +
        `"invoiceNumber":"${number}",${split},"estimatedShippingDate":""}`,
    );
  const send = (path: 'invoices' | 'updateInvoices', items: string[], as: Vendor = vendor) =>
    signed(t, as, {
      method: 'POST',
      url: `${vendorApi(as.vendorId)}/orders/${path}`,
      payload: `{"vendorId":"${as.vendorId}","orderSheetInvoiceApplyDtos":[${items.join(',')}]}`,
    });
  const sheet = async (box: Box, as: Vendor = vendor) =>
    (
      await signed(t, as, {
        method: 'GET',
        url: `${vendorApi(as.vendorId)}/ordersheets/${box.shipmentBoxId}`,
      })
    ).body.data;
  const instructed = async (body: Record<string, unknown> = { items: [{}] }, as: Vendor = vendor) => {
    const box = await createOrder(t, as, body);
    await signed(t, as, {
      method: 'PUT',
      url: `${vendorApi(as.vendorId)}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${box.shipmentBoxId}]}`,
    });
    return box;
  };
  const refusal = (resultCode: string, retryRequired: boolean, resultMessage: string) => ({
    succeed: false,
    resultCode,
    retryRequired,
    resultMessage,
  });

  it('ACCEPT → INVALID_STATUS naming both numbers; INSTRUCT → DEPARTURE, history newest first', async () => {
    const box = await createOrder(t, vendor);
    const early = await send('invoices', dtos(box));
    expect(early.status).toBe(200);
    expect(early.body.data).toMatchObject({
      responseCode: 99,
      responseMessage: 'FAILED',
      responseList: [
        refusal('INVALID_STATUS', false, r.invalidDeliveryStatus(box.shipmentBoxId, box.orderId)),
      ],
    });
    await signed(t, vendor, {
      method: 'PUT',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${box.shipmentBoxId}]}`,
    });
    t.clock.advanceSeconds(60);
    const res = await send('invoices', dtos(box));
    expect(res.body).toMatchObject({ code: 200, message: 'OK' });
    expect(res.body.data).toMatchObject({
      responseCode: 0,
      responseMessage: 'SUCCESS',
      responseList: [{ succeed: true, resultCode: 'OK', retryRequired: false, resultMessage: null }],
    });
    expect(res.raw.body).toContain(`"shipmentBoxId":${box.shipmentBoxId},`);
    expect(res.body.data.responseKey).toBeUndefined();
    expect(await sheet(box)).toMatchObject({
      status: 'DEPARTURE',
      invoiceNumber: '123456789012',
      deliveryCompanyName: 'CJ대한통운',
      inTrasitDateTime: '2026-11-23 12:01:00',
    });
    const history = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/${box.shipmentBoxId}/history`,
    });
    expect(history.body.data.details.map((d: { deliveryStatus: string }) => d.deliveryStatus)).toEqual([
      'DEPARTURE',
      'INSTRUCT',
      'ACCEPT',
    ]);
    expect(history.body.data.details[0]).toEqual({
      deliveryStatus: 'DEPARTURE',
      deliveryStatusDesc: '배송지시',
      updatedAt: '2026-11-23T12:01:00',
    });
  });

  it('one dto for a two-item box → NOT_FOUND_VENDOR_ITEM; a bad courier → 500 internal exception, nothing stored', async () => {
    const box = await instructed({ items: [{}, {}] });
    const one = await send('invoices', dtos(box).slice(0, 1));
    expect(one.body.data.responseList).toEqual([
      { shipmentBoxId: Number(box.shipmentBoxId), ...refusal('NOT_FOUND_VENDOR_ITEM', false, r.missingItem) },
    ]);
    const other = await instructed();
    const bad = await send('invoices', [...dtos(other), ...dtos(box, 'NOPE')]);
    expect(bad.status).toBe(500);
    expect(bad.body).toEqual(placeError(500, m.internalException));
    expect((await sheet(other)).status).toBe('INSTRUCT');
    expect((await sheet(box)).status).toBe('INSTRUCT');
  });

  it('same courier and number on another receiver’s box → RE_UPLOAD; same receiver, DIRECT, 184 days on → OK', async () => {
    const first = await instructed();
    expect((await send('invoices', dtos(first, 'CJGLS', 'SAME-1'))).body.data.responseCode).toBe(0);
    const otherReceiver = await instructed({ items: [{}], receiver: { name: '다른사람' } });
    const taken = await send('invoices', dtos(otherReceiver, 'CJGLS', 'SAME-1'));
    expect(taken.body.data.responseList[0]).toMatchObject(
      refusal('NOT_ALLOW_INVOICE_NUMBER_RE_UPLOAD', false, r.reupload),
    );
    expect((await sheet(otherReceiver)).status).toBe('INSTRUCT');
    const sameReceiver = await instructed();
    expect((await send('invoices', dtos(sameReceiver, 'CJGLS', 'SAME-1'))).body.data.responseCode).toBe(0);
    const direct = await instructed({ items: [{}], receiver: { name: '또다른사람' } });
    expect((await send('invoices', dtos(direct, 'DIRECT', 'SAME-1'))).body.data.responseCode).toBe(0);
    const later = await instructed({ items: [{}], receiver: { name: '나중사람' } });
    t.clock.advanceSeconds(184 * 86_400);
    expect((await send('invoices', dtos(later, 'CJGLS', 'SAME-1'))).body.data.responseCode).toBe(0);
  });

  it('DIRECT → NONE_TRACKING, and the courier cannot advance it (409)', async () => {
    const box = await instructed();
    expect((await send('invoices', dtos(box, 'DIRECT', 'ME-1'))).body.data.responseCode).toBe(0);
    expect(await sheet(box)).toMatchObject({ status: 'NONE_TRACKING', deliveryCompanyName: '업체직송' });
    const advance = await boxAction(t, vendor, box.shipmentBoxId, 'advance');
    expect(advance.status).toBe(409);
    expect(advance.body.error).toContain('NONE_TRACKING');
  });

  it('"True" split: one item → ONE_VENDOR_ITEM, DIRECT → NOT_ALLOW_VENDOR_DIRECT, two items → UNDEFINED_ERROR_OCCUR', async () => {
    const one = await instructed();
    const single = await send('invoices', dtos(one, 'CJGLS', '1', '"splitShipping":"True"'));
    expect(single.body.data.responseList[0]).toMatchObject(
      refusal('NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM', false, r.oneItemNotSplit),
    );
    const direct = await send('invoices', dtos(one, 'DIRECT', '1', '"preSplitShipped":"TRUE"'));
    expect(direct.body.data.responseList[0]).toMatchObject(
      refusal('NOT_ALLOW_VENDOR_DIRECT', false, r.directNotSplit),
    );
    const two = await instructed({ items: [{}, {}] });
    const split = await send('invoices', dtos(two, 'CJGLS', '1', '"splitShipping":true'));
    expect(split.body.data.responseList[0]).toMatchObject(
      refusal('UNDEFINED_ERROR_OCCUR', false, r.unknownError),
    );
    expect((await sheet(one)).status).toBe('INSTRUCT');
  });

  it('refuses disagreeing dtos and a bad number (INVALID_INVOICE_NUMBER, retry), a dto of another order (NOT_FOUND)', async () => {
    const two = await instructed({ items: [{}, {}] });
    const [a, b] = dtos(two) as [string, string];
    const disagree = await send('invoices', [a, b.replace('123456789012', '999')]);
    expect(disagree.body.data.responseList[0]).toMatchObject(
      refusal('INVALID_INVOICE_NUMBER', true, r.invalidInvoice),
    );
    const bad = await send('invoices', dtos(two, 'CJGLS', 'has space'));
    expect(bad.body.data.responseList[0]).toMatchObject(
      refusal('INVALID_INVOICE_NUMBER', true, r.invalidInvoice),
    );
    const wrongOrder = await send('invoices', dtos({ ...two, orderId: '20000000099999' }));
    expect(wrongOrder.body.data.responseList[0]).toMatchObject(
      refusal('NOT_FOUND_SHIPMENT_BOX', false, r.notFound(two.shipmentBoxId)),
    );
    expect((await sheet(two)).status).toBe('INSTRUCT');
  });

  it('judges a batch box by box: results first seen first, the refused box unchanged', async () => {
    const good = await instructed();
    const early = await createOrder(t, vendor);
    const res = await send('invoices', [...dtos(early, 'CJGLS', 'B-1'), ...dtos(good, 'CJGLS', 'B-2')]);
    expect(res.body.data.responseCode).toBe(1);
    expect(res.body.data.responseMessage).toBe('PARTIAL_ERROR');
    expect(res.body.data.responseList.map((x: { resultCode: string }) => x.resultCode)).toEqual([
      'INVALID_STATUS',
      'OK',
    ]);
    expect((await sheet(early)).status).toBe('ACCEPT');
    expect((await sheet(good)).status).toBe('DEPARTURE');
  });

  it('updateInvoices: INSTRUCT → INVALID_STATUS; FINAL_DELIVERY → DEPARTURE with the new number', async () => {
    const box = await instructed();
    const early = await send('updateInvoices', dtos(box));
    expect(early.body.data.responseList[0]).toMatchObject(
      refusal('INVALID_STATUS', false, r.invalidDeliveryStatus(box.shipmentBoxId, box.orderId)),
    );
    await send('invoices', dtos(box, 'CJGLS', 'OLD-1'));
    expect((await boxAction(t, vendor, box.shipmentBoxId, 'advance', { to: 'FINAL_DELIVERY' })).status).toBe(
      200,
    );
    const res = await send('updateInvoices', dtos(box, 'HANJIN', 'NEW-1'));
    expect(res.body.data.responseCode).toBe(0);
    expect(await sheet(box)).toMatchObject({
      status: 'DEPARTURE',
      invoiceNumber: 'NEW-1',
      deliveryCompanyName: '한진택배',
      deliveredDate: '',
    });
    const split = await send('updateInvoices', dtos(box, 'HANJIN', 'NEW-1', '"splitShipping":true'));
    expect(split.body.data.responseList[0].resultCode).toBe('NOT_ALLOW_SEPARATE_WHEN_ONE_VENDOR_ITEM');
  });

  it('advance: DELIVERING, then FINAL_DELIVERY with deliveredDate; again → 409', async () => {
    const box = await instructed();
    await send('invoices', dtos(box, 'CJGLS', 'ADV-1'));
    const delivering = await boxAction(t, vendor, box.shipmentBoxId, 'advance');
    expect(delivering.status).toBe(200);
    expect(delivering.body).toMatchObject({ status: 'DELIVERING', deliveredDate: '' });
    const arrived = await boxAction(t, vendor, box.shipmentBoxId, 'advance');
    expect(arrived.body.status).toBe('FINAL_DELIVERY');
    expect(arrived.body.deliveredDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const again = await boxAction(t, vendor, box.shipmentBoxId, 'advance');
    expect(again.status).toBe(409);
  });

  it('refuses an empty or missing dto list and a dto of the wrong type with 400 naming the field', async () => {
    for (const [payload, message] of [
      [`{"vendorId":"${vendor.vendorId}","orderSheetInvoiceApplyDtos":[]}`, m.invoiceDtosEmpty],
      [`{"vendorId":"${vendor.vendorId}"}`, m.invoiceDtosEmpty],
      [
        `{"orderSheetInvoiceApplyDtos":[{"shipmentBoxId":"x","orderId":1,"vendorItemId":1,"deliveryCompanyCode":"CJGLS","invoiceNumber":"1"}]}`,
        m.field('orderSheetInvoiceApplyDtos[0].shipmentBoxId'),
      ],
      [
        `{"orderSheetInvoiceApplyDtos":[{"shipmentBoxId":1,"orderId":1.5,"vendorItemId":1,"deliveryCompanyCode":"CJGLS","invoiceNumber":"1"}]}`,
        m.idFraction('orderSheetInvoiceApplyDtos[0].orderId'),
      ],
      [
        `{"orderSheetInvoiceApplyDtos":[{"shipmentBoxId":1,"orderId":1,"vendorItemId":1,"deliveryCompanyCode":"CJGLS","invoiceNumber":"1","splitShipping":"maybe"}]}`,
        m.field('orderSheetInvoiceApplyDtos[0].splitShipping'),
      ],
    ] as const) {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: `${vendorApi(vendor.vendorId)}/orders/invoices`,
        payload,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, message));
    }
  });

  it('a status fault after the invoice: the client sees 500, the box is DEPARTURE, a retry → INVALID_STATUS', async () => {
    const box = await instructed();
    const fault = await t.request({
      method: 'POST',
      url: '/sandbox/faults',
      payload: {
        match: { route: `POST ${vendorApi('{vendorId}')}/orders/invoices`, vendor: vendor.vendorId },
        action: 'status',
        status: 500,
        when: 'after',
        times: 1,
      },
    });
    expect(fault.status).toBe(201);
    const first = await send('invoices', dtos(box, 'CJGLS', 'FAULT-1'));
    expect(first.status).toBe(500);
    expect(first.body).toEqual(placeError(500, 'Internal Server Error'));
    expect((await sheet(box)).status).toBe('DEPARTURE');
    const retry = await send('invoices', dtos(box, 'CJGLS', 'FAULT-1'));
    expect(retry.body.data.responseList[0].resultCode).toBe('INVALID_STATUS');
  });
});
