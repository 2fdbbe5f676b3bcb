import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeMessages as p } from '../../../src/coupang/messages.js';
import { orderMessages as m, resultMessages as r } from '../../../src/coupang/orders/messages.js';
import {
  createOrder,
  createVendor,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

describe.each(engines)('Coupang acknowledgement ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let other: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    other = await createVendor(t);
  });
  afterAll(() => t.close());

  const ack = (
    payload: unknown,
    {
      method = 'PUT',
      version = 'v4',
      as = vendor,
    }: { method?: 'PUT' | 'PATCH'; version?: 'v4' | 'v5'; as?: Vendor } = {},
  ) =>
    signed(t, as, { method, url: `${vendorApi(as.vendorId, version)}/ordersheets/acknowledgement`, payload });
  const status = async (shipmentBoxId: string) =>
    (
      await signed(t, vendor, {
        method: 'GET',
        url: `${vendorApi(vendor.vendorId)}/ordersheets/${shipmentBoxId}`,
      })
    ).body.data.status;
  const ok = (id: string) => ({
    shipmentBoxId: Number(id),
    succeed: true,
    resultCode: 'OK',
    retryRequired: false,
    resultMessage: r.acknowledged,
  });

  it.each([
    ['PATCH', 'v4'],
    ['PUT', 'v4'],
    ['PATCH', 'v5'],
    ['PUT', 'v5'],
  ] as const)('%s %s: ACCEPT → INSTRUCT, OK; again → 99 and INVALID_STATUS', async (method, version) => {
    const order = await createOrder(t, vendor);
    const first = await ack(`{"shipmentBoxIds":[${order.shipmentBoxId}]}`, { method, version });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ code: 200, message: 'OK' });
    expect(first.body.data).toMatchObject({
      responseCode: 0,
      responseMessage: r.ackSummary('All succeeded.'),
      responseList: [ok(order.shipmentBoxId)],
    });
    expect(first.raw.body).toMatch(new RegExp(`"shipmentBoxId":${order.shipmentBoxId}[,}]`));
    expect(first.raw.body).toMatch(/"responseKey":-?\d+,/);
    expect(await status(order.shipmentBoxId)).toBe('INSTRUCT');
    const again = await ack(`{"shipmentBoxIds":[${order.shipmentBoxId}]}`, { method, version });
    expect(again.body.data).toMatchObject({
      responseCode: 99,
      responseMessage: r.ackSummary('All Failed.'),
      responseList: [
        {
          succeed: false,
          resultCode: 'INVALID_STATUS',
          retryRequired: false,
          resultMessage: r.cannotChangeStatus,
        },
      ],
    });
  });

  it('takes the id as a JSON number and as a digit string', async () => {
    const a = await createOrder(t, vendor);
    const b = await createOrder(t, vendor);
    const res = await ack({ vendorId: vendor.vendorId, shipmentBoxIds: [b.shipmentBoxId] });
    expect(res.body.data.responseCode).toBe(0);
    const asNumber = await ack(`{"shipmentBoxIds":[${a.shipmentBoxId}]}`);
    expect(asNumber.body.data.responseCode).toBe(0);
    expect(await status(a.shipmentBoxId)).toBe('INSTRUCT');
    expect(await status(b.shipmentBoxId)).toBe('INSTRUCT');
  });

  it('good + unknown → 1, Partial errors, retry on the unknown; another vendor’s box is unknown', async () => {
    const good = await createOrder(t, vendor);
    const theirs = await createOrder(t, other);
    const unknown = '640000000000999999';
    const res = await ack(`{"shipmentBoxIds":[${good.shipmentBoxId},${unknown},${theirs.shipmentBoxId}]}`);
    expect(res.body.data.responseCode).toBe(1);
    expect(res.body.data.responseMessage).toBe(r.ackSummary('Partial errors.'));
    expect(res.body.data.responseList.slice(1)).toEqual([
      {
        shipmentBoxId: Number(unknown),
        succeed: false,
        resultCode: 'NOT_FOUND_SHIPMENT_BOX',
        retryRequired: true,
        resultMessage: r.notFound(unknown),
      },
      {
        shipmentBoxId: Number(theirs.shipmentBoxId),
        succeed: false,
        resultCode: 'NOT_FOUND_SHIPMENT_BOX',
        retryRequired: true,
        resultMessage: r.notFound(theirs.shipmentBoxId),
      },
    ]);
    expect(res.raw.body).toContain(`shipmentBoxId (${theirs.shipmentBoxId}) is not found.`);
    // The other vendor's box is untouched.
    const theirSheet = await signed(t, other, {
      method: 'GET',
      url: `${vendorApi(other.vendorId)}/ordersheets/${theirs.shipmentBoxId}`,
    });
    expect(theirSheet.body.data.status).toBe('ACCEPT');
  });

  it('refuses an id repeated in the call', async () => {
    const order = await createOrder(t, vendor);
    const res = await ack(`{"shipmentBoxIds":[${order.shipmentBoxId},"${order.shipmentBoxId}"]}`);
    expect(res.body.data.responseCode).toBe(1);
    expect(res.body.data.responseList[1]).toMatchObject({
      resultCode: 'INVALID_STATUS',
      retryRequired: false,
    });
  });

  it('refuses 0 or 51 ids, a fraction, a wrong type, and a bad body with 400, changing nothing', async () => {
    const order = await createOrder(t, vendor);
    const ids = Array.from({ length: 51 }, () => order.shipmentBoxId);
    for (const [payload, message] of [
      [`{"shipmentBoxIds":[${ids.join(',')}]}`, m.shipmentBoxIdsCount],
      ['{"shipmentBoxIds":[]}', m.shipmentBoxIdsCount],
      ['{}', m.shipmentBoxIdsCount],
      [`{"shipmentBoxIds":[${order.shipmentBoxId}.0]}`, m.idFraction('shipmentBoxIds')],
      [`{"shipmentBoxIds":[6.4e17]}`, m.idFraction('shipmentBoxIds')],
      ['{"shipmentBoxIds":[true]}', m.field('shipmentBoxIds')],
      ['[1]', m.bodyNotObject],
    ] as const) {
      const res = await ack(payload);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, message));
    }
    const malformed = await ack('{"shipmentBoxIds":[');
    expect(malformed.status).toBe(400);
    expect(malformed.body.data).toBeNull();
    expect(await status(order.shipmentBoxId)).toBe('ACCEPT');
  });

  it('refuses another vendor in the body or the path with the api-gateway text', async () => {
    const order = await createOrder(t, vendor);
    const body = await ack({ vendorId: other.vendorId, shipmentBoxIds: [order.shipmentBoxId] });
    expect(body.status).toBe(400);
    expect(body.body).toEqual(placeError(400, p.returnVendorMismatch));
    const path = await signed(t, vendor, {
      method: 'PUT',
      url: `${vendorApi(other.vendorId)}/ordersheets/acknowledgement`,
      payload: { shipmentBoxIds: [order.shipmentBoxId] },
    });
    expect(path.body).toEqual(placeError(400, p.returnVendorMismatch));
    expect(await status(order.shipmentBoxId)).toBe('ACCEPT');
  });

  it('20 concurrent acknowledgements of one box: exactly one OK', async () => {
    const order = await createOrder(t, vendor);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ack(`{"shipmentBoxIds":[${order.shipmentBoxId}]}`, { method: i % 2 ? 'PUT' : 'PATCH' }),
      ),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    const codes = answers.map((a) => a.body.data.responseList[0].resultCode);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'INVALID_STATUS')).toHaveLength(19);
    const history = await signed(t, vendor, {
      method: 'GET',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/${order.shipmentBoxId}/history`,
    });
    expect(history.body.data.details.map((d: { deliveryStatus: string }) => d.deliveryStatus)).toEqual([
      'INSTRUCT',
      'ACCEPT',
    ]);
  });
});
