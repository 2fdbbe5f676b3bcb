/**
 * Hostile bodies (issue #23, items 1 and 6): a body costs little before it is trusted, and text is
 * stored as it was answered. Both engines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { gatewayMessages } from '../../src/coupang/messages.js';
import { MAX_JSON_DEPTH, MAX_JSON_VALUES, TOO_DEEP, TOO_MANY_VALUES } from '../../src/http/json-scan.js';
import { escrowBody, outboundBody } from '../support/fixtures.js';
import {
  createOrder,
  createVendor,
  gatewayError,
  outboundPath,
  outboundQueryPath,
  placeError,
  signed,
  type Vendor,
  vendorApi,
} from '../support/coupang.js';
import { createPayment, type Merchant, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const JSON_HEADERS = { 'content-type': 'application/json' };
const LONE = 'text must be well-formed Unicode, without lone surrogates';
const ESCROW_INVALID = '배송정보가 올바르지 않습니다: ';

/** `body` (JSON text of an object) with one more field: arrays nested one level past the limit. */
const tooDeep = (body: string) =>
  `${body.slice(0, -1)},"pad":${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}}`;
/** `body` with one more field: just under 1 MiB of tiny objects, some 35 times the value limit. */
const tooManyValues = (body: string) => {
  const room = 1024 * 1024 - Buffer.byteLength(body) - 16;
  return `${body.slice(0, -1)},"pad":[${'{},'.repeat(Math.floor(room / 3) - 1)}{}]}`;
};
const HOSTILE = [
  { name: 'nested past the depth limit', make: tooDeep, message: `malformed JSON body: ${TOO_DEEP}` },
  {
    name: 'holding more values than the limit',
    make: tooManyValues,
    message: `malformed JSON body: ${TOO_MANY_VALUES}`,
  },
] as const;

describe.each(engines)('hostile bodies ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let merchant: Merchant;
  let auth: Record<string, string>;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    ({ merchant, auth } = await signedIn(t));
    vendor = await createVendor(t);
  });
  afterAll(() => t.close());

  const lastJournalEntry = async () => {
    const res = await t.request({ method: 'GET', url: '/sandbox/requests?limit=1' });
    expect(res.status).toBe(200);
    return res.body.requests[0] as { path: string; response: { status: number }; request: { body: unknown } };
  };
  const placesOf = async (v: Vendor) => {
    const res = await t.request({ method: 'GET', url: `/sandbox/vendors/${v.vendorId}/outbound-places` });
    expect(res.status).toBe(200);
    return res.body;
  };

  describe.each(HOSTILE)('a body $name', ({ make, message }) => {
    it('is refused 400 naming the limit in each platform’s envelope, and stores nothing', async () => {
      const merchantsBefore = (await t.request({ method: 'GET', url: '/sandbox/merchants' })).body;
      const sandbox = await t.request({
        method: 'POST',
        url: '/sandbox/merchants',
        payload: make('{"name":"hostile"}'),
        headers: JSON_HEADERS,
      });
      expect(sandbox.status).toBe(400);
      expect(sandbox.body).toEqual({ error: message });
      expect((await t.request({ method: 'GET', url: '/sandbox/merchants' })).body).toEqual(merchantsBefore);

      // getToken's credentials are its body: the limits are what bound an unauthenticated caller.
      const token = await t.request({
        method: 'POST',
        url: '/users/getToken',
        payload: make(JSON.stringify({ imp_key: merchant.imp_key, imp_secret: merchant.imp_secret })),
        headers: JSON_HEADERS,
      });
      expect(token.status).toBe(400);
      expect(token.body).toEqual(portoneError(message));

      const payment = await createPayment(t, merchant);
      const escrow = await t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        payload: make(JSON.stringify(escrowBody('html5_inicis'))),
        headers: { ...auth, ...JSON_HEADERS },
      });
      expect(escrow.status).toBe(400);
      expect(escrow.body).toEqual(
        portoneError(ESCROW_INVALID + message.replace('malformed JSON body: ', '')),
      );
      const read = await t.request({
        method: 'GET',
        url: `/escrows/logis/${payment.imp_uid}`,
        headers: auth,
      });
      expect(read.status).toBe(409);
      expect(read.body).toEqual(portoneError(messages.escrowNotRegistered));

      const placesBefore = await placesOf(vendor);
      const place = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: make(JSON.stringify(outboundBody(vendor.vendorId, 1))),
      });
      expect(place.status).toBe(400);
      expect(place.body).toEqual(placeError(400, message));
      expect(await placesOf(vendor)).toEqual(placesBefore);

      // The order routes' own (lossless) parser never sees it either.
      const box = await createOrder(t, vendor);
      const ack = await signed(t, vendor, {
        method: 'PUT',
        url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
        payload: make(`{"shipmentBoxIds":[${box.shipmentBoxId}]}`),
      });
      expect(ack.status).toBe(400);
      expect(ack.body).toEqual(placeError(400, message));
      const sheet = await signed(t, vendor, {
        method: 'GET',
        url: `${vendorApi(vendor.vendorId)}/ordersheets/${box.shipmentBoxId}`,
      });
      expect(sheet.body.data.status).toBe('ACCEPT');
    });

    it('without credentials gets the 401 first, and is never parsed (the journal saw no body)', async () => {
      // With a token, the body is read: the journal keeps its size (it is over 64 KiB) or its text.
      const payment = await createPayment(t, merchant);
      const body = make(JSON.stringify(escrowBody('html5_inicis')));
      const trusted = await t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        payload: body,
        headers: { ...auth, ...JSON_HEADERS },
      });
      expect(trusted.status).toBe(400);
      expect((await lastJournalEntry()).request.body).not.toBeNull();

      for (const headers of [JSON_HEADERS, { ...JSON_HEADERS, authorization: 'not-a-token' }]) {
        const res = await t.request({
          method: 'POST',
          url: `/escrows/logis/${payment.imp_uid}`,
          payload: body,
          headers,
        });
        expect(res.status).toBe(401);
        expect(res.body).toEqual(portoneError(messages.unauthorized));
        const entry = await lastJournalEntry();
        expect(entry).toMatchObject({ path: `/escrows/logis/${payment.imp_uid}`, response: { status: 401 } });
        // The parsers alone set the body the journal records: none ran.
        expect(entry.request.body).toBeNull();
      }

      const coupang = await t.request({
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: make(JSON.stringify(outboundBody(vendor.vendorId, 2))),
        headers: JSON_HEADERS,
      });
      expect(coupang.status).toBe(401);
      expect(coupang.body).toEqual(gatewayError(gatewayMessages.notAuthorized));
      expect((await lastJournalEntry()).request.body).toBeNull();

      // A signature that does not match: refused on the headers alone, as well.
      const forged = await signed(
        t,
        { ...vendor, secretKey: 'not-the-secret' },
        {
          method: 'POST',
          url: outboundPath(vendor.vendorId),
          payload: make(JSON.stringify(outboundBody(vendor.vendorId, 2))),
        },
      );
      expect(forged.status).toBe(401);
      expect(forged.body).toEqual(gatewayError(gatewayMessages.invalidSignature));
      const entry = await lastJournalEntry();
      expect(entry.response.status).toBe(401);
      expect(entry.request.body).toBeNull();
    });
  });

  it('takes the largest documented bodies: 50 invoice rows, an order of 20 items, values up to the limit', async () => {
    const item = (i: number) => ({
      vendorItemName: `상품 ${i} 🚚`,
      sellerProductName: `판매 상품 ${i}`,
      sellerProductItemName: `옵션 ${i}`,
      shippingCount: 2,
      salesPrice: 12000,
      discountPrice: 1000,
    });
    const big = await createOrder(t, vendor, { items: Array.from({ length: 20 }, (_, i) => item(i)) });
    expect(big.vendorItemIds).toHaveLength(20);

    const boxes = [];
    for (let i = 0; i < 50; i++) boxes.push(await createOrder(t, vendor));
    const ack = await signed(t, vendor, {
      method: 'PUT',
      url: `${vendorApi(vendor.vendorId)}/ordersheets/acknowledgement`,
      payload: `{"shipmentBoxIds":[${boxes.map((b) => b.shipmentBoxId).join(',')}]}`,
    });
    expect(ack.status).toBe(200);
    const rows = boxes.map(
      (box, i) =>
        `{"shipmentBoxId":${box.shipmentBoxId},"orderId":${box.orderId},"vendorItemId":${box.vendorItemIds[0]},` +
        `"deliveryCompanyCode":"CJGLS","invoiceNumber":"5000000000${String(i).padStart(2, '0')}",` +
        `"splitShipping":false,"preSplitShipped":false,"estimatedShippingDate":""}`,
    );
    const invoices = await signed(t, vendor, {
      method: 'POST',
      url: `${vendorApi(vendor.vendorId)}/orders/invoices`,
      payload: `{"vendorId":"${vendor.vendorId}","orderSheetInvoiceApplyDtos":[${rows.join(',')}]}`,
    });
    expect(invoices.status).toBe(200);
    expect(invoices.body.data).toMatchObject({ responseCode: 0, responseMessage: 'SUCCESS' });
    expect(invoices.body.data.responseList).toHaveLength(50);

    // A body of exactly the limit's values (the object, its name, the list and what it holds, and
    // the nested arrays) and depth (the object and 1,023 arrays) is parsed, and answered by the
    // route's own schema, which sees the extra fields.
    const fill = (n: number) => `[${'0,'.repeat(n - 1)}0]`;
    const atLimit = await t.request({
      method: 'POST',
      url: '/sandbox/merchants',
      payload: `{"name":"at the limit","pad":${fill(MAX_JSON_VALUES - 3 - (MAX_JSON_DEPTH - 1))},"deep":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`,
      headers: JSON_HEADERS,
    });
    expect(atLimit.status).toBe(400);
    expect(atLimit.body).toEqual({ error: 'body must NOT have additional properties' });
  });

  describe('text that is not well-formed Unicode is refused, naming the field, and nothing is stored', () => {
    it('an escrow invoice "A\\ud800B": 400 at step 4 naming logis.invoice; the delivery is not registered', async () => {
      const payment = await createPayment(t, merchant);
      const res = await t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        payload: escrowBody('html5_inicis', { invoice: 'A\ud800B' }),
        headers: auth,
      });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(portoneError(`${ESCROW_INVALID}body ${LONE} (at logis.invoice)`));
      const read = await t.request({
        method: 'GET',
        url: `/escrows/logis/${payment.imp_uid}`,
        headers: auth,
      });
      expect(read.status).toBe(409);
      expect(read.body).toEqual(portoneError(messages.escrowNotRegistered));

      // A key, and a low surrogate alone, as well.
      const key = await t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        payload: `{"sender":{"P\\ud800Q":"x"},"receiver":{},"logis":{"invoice":"\\udc00"}}`,
        headers: { ...auth, ...JSON_HEADERS },
      });
      expect(key.status).toBe(400);
      expect(key.body).toEqual(portoneError(`${ESCROW_INVALID}body ${LONE} (at a key of sender)`));
    });

    it('a place named "P\\ud800Q" is refused, and "P\\uFFFDQ" is then a new place, on both engines', async () => {
      const before = await placesOf(vendor);
      const refused = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, 11, { shippingPlaceName: 'P\ud800Q' }),
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual(placeError(400, `malformed body: ${LONE} (at shippingPlaceName)`));
      expect(await placesOf(vendor)).toEqual(before);

      const replaced = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, 11, { shippingPlaceName: 'P\uFFFDQ' }),
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body.data.resultCode).toBe('SUCCESS');

      const sandboxKey = await t.request({
        method: 'POST',
        url: '/sandbox/vendors',
        payload: '{"userIds":["a"],"\\ud800":1}',
        headers: JSON_HEADERS,
      });
      expect(sandboxKey.status).toBe(400);
      expect(sandboxKey.body).toEqual({ error: `malformed body: ${LONE} (at a key of the body)` });
    });

    it('well-formed astral characters (surrogate pairs, escaped or not) are stored and read back as sent', async () => {
      const payment = await createPayment(t, merchant);
      const body = escrowBody('html5_inicis');
      body.sender.name = '김발송 🚚📦';
      const text = JSON.stringify(body).replace('📦', '\\ud83d\\udce6');
      const res = await t.request({
        method: 'POST',
        url: `/escrows/logis/${payment.imp_uid}`,
        payload: text,
        headers: { ...auth, ...JSON_HEADERS },
      });
      expect(res.status).toBe(200);
      const read = await t.request({ method: 'GET', url: `/sandbox/payments/${payment.imp_uid}/deliveries` });
      expect(read.status).toBe(200);
      expect(read.body.escrow.sender.name).toBe('김발송 🚚📦');

      const name = '출고지 🚚 𠀀';
      const place = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: outboundBody(vendor.vendorId, 12, { shippingPlaceName: name }),
      });
      expect(place.status).toBe(200);
      const found = await signed(t, vendor, {
        method: 'GET',
        url: `${outboundQueryPath()}?placeNames=${encodeURIComponent(name)}`,
      });
      expect(found.status).toBe(200);
      expect(found.body.content.map((p: { shippingPlaceName: string }) => p.shippingPlaceName)).toEqual([
        name,
      ]);

      const m = await t.request({
        method: 'POST',
        url: '/sandbox/merchants',
        payload: { name: 'Merchant 🚚' },
      });
      expect(m.status).toBe(201);
      expect(m.body.name).toBe('Merchant 🚚');
    });
  });
});
