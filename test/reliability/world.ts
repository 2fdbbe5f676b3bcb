/**
 * The data the reliability tests run against: two PortOne merchants with tokens and payments of
 * every kind, two Coupang vendors with a place each. Built through the HTTP API only, so the same
 * world serves `app.inject` and a listening server.
 */
import { authorization } from '../../src/coupang/gateway/hmac.js';
import { outboundBody } from '../support/fixtures.js';

/** One HTTP exchange, whatever carries it (app.inject or a socket). */
export interface Exchange {
  method: string;
  /** Path and query string, exactly as sent (and signed). */
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export type Send = (exchange: Exchange) => Promise<Answer>;

export interface WorldMerchant {
  merchant_id: string;
  imp_key: string;
  imp_secret: string;
  token: string;
  /** imp_uids by kind. */
  payments: Record<PaymentKind, string>;
  /** merchant_uid of the Paymentwall payment. */
  paymentwallMerchantUid: string;
}

export type PaymentKind = 'inicis' | 'kcp' | 'daou' | 'paymentwall' | 'notEscrow' | 'cancelled' | 'toss';

export interface WorldVendor {
  vendorId: string;
  accessKey: string;
  secretKey: string;
  placeCode: string;
  /** Order boxes: one left in ACCEPT, one acknowledged (INSTRUCT) with a stop request on it. */
  shipmentBoxIds: string[];
  orderIds: string[];
  vendorItemIds: string[];
  receiptIds: string[];
}

/** The digits of each `"<field>":<integer>` of an answer's text, as sent (ids pass 2^53). */
const idsIn = (text: string, field: string) =>
  [...text.matchAll(new RegExp(`"${field}":(\\d+)`, 'g'))].map((m) => m[1] as string);

export interface World {
  merchants: [WorldMerchant, WorldMerchant];
  vendors: [WorldVendor, WorldVendor];
  /** The server's clock, for signatures. */
  nowMs(): number;
}

const PAYMENTS: Record<PaymentKind, Record<string, unknown>> = {
  inicis: { pg_provider: 'html5_inicis', escrow: true },
  kcp: { pg_provider: 'kcp', escrow: true },
  daou: { pg_provider: 'daou', escrow: true },
  paymentwall: { pg_provider: 'paymentwall' },
  notEscrow: { pg_provider: 'html5_inicis', escrow: false },
  cancelled: { pg_provider: 'kcp', escrow: true, status: 'cancelled' },
  toss: { pg_provider: 'tosspayments', escrow: true },
};

const json = (payload: unknown): Pick<Exchange, 'headers' | 'payload'> => ({
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(payload),
});

async function expectJson(send: Send, exchange: Exchange, status: number) {
  const answer = await send(exchange);
  if (answer.status !== status) {
    throw new Error(`${exchange.method} ${exchange.url}: ${answer.status} ${answer.body}`);
  }
  return JSON.parse(answer.body);
}

/** Signs a Coupang request with the vendor's keys at the world's time. */
export function signedHeaders(
  world: Pick<World, 'nowMs'>,
  vendor: Pick<WorldVendor, 'accessKey' | 'secretKey'>,
  method: string,
  url: string,
) {
  return {
    authorization: authorization({
      accessKey: vendor.accessKey,
      secretKey: vendor.secretKey,
      method,
      url,
      signedAtMs: world.nowMs(),
    }),
  };
}

export function outboundCreatePath(vendorId: string) {
  return `/v2/providers/openapi/apis/api/v4/vendors/${vendorId}/outboundShippingCenters`;
}

/**
 * A valid outbound place body with its optional parts too (usable, country, second phone, a
 * remote info); `n` makes the name and address unique.
 */
export function outboundPlaceBody(vendorId: string, n: string | number) {
  const body = outboundBody(vendorId, n);
  return {
    ...body,
    usable: true,
    placeAddresses: body.placeAddresses.map((a) => ({
      ...a,
      countryCode: 'KR',
      phoneNumber2: '010-1234-5678',
    })),
    remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 }],
  };
}

export async function createMerchantWithPayments(send: Send, label: string): Promise<WorldMerchant> {
  const merchant = await expectJson(
    send,
    { method: 'POST', url: '/sandbox/merchants', ...json({ name: `상점 ${label}` }) },
    201,
  );
  const payments = {} as Record<PaymentKind, string>;
  let paymentwallMerchantUid = '';
  for (const [kind, body] of Object.entries(PAYMENTS) as [PaymentKind, Record<string, unknown>][]) {
    const payment = await expectJson(
      send,
      { method: 'POST', url: '/sandbox/payments', ...json({ imp_key: merchant.imp_key, ...body }) },
      201,
    );
    payments[kind] = payment.imp_uid;
    if (kind === 'paymentwall') paymentwallMerchantUid = payment.merchant_uid;
  }
  const token = await expectJson(
    send,
    {
      method: 'POST',
      url: '/users/getToken',
      ...json({ imp_key: merchant.imp_key, imp_secret: merchant.imp_secret }),
    },
    200,
  );
  return { ...merchant, token: token.response.access_token, payments, paymentwallMerchantUid };
}

export async function createVendorWithPlace(
  send: Send,
  nowMs: () => number,
  label: string,
): Promise<WorldVendor> {
  const vendor = await expectJson(send, { method: 'POST', url: '/sandbox/vendors', ...json({}) }, 201);
  const world = { nowMs } as World;
  const url = outboundCreatePath(vendor.vendorId);
  const created = await expectJson(
    send,
    {
      method: 'POST',
      url,
      headers: { ...json({}).headers, ...signedHeaders(world, vendor, 'POST', url) },
      payload: JSON.stringify(outboundPlaceBody(vendor.vendorId, `world-${label}`)),
    },
    200,
  );
  const orders = await createOrders(send, { ...vendor, nowMs });
  return { ...vendor, placeCode: created.data.resultMessage, ...orders };
}

/** Two boxes of the vendor: one in ACCEPT, one acknowledged with the buyer's stop request on it. */
async function createOrders(
  send: Send,
  vendor: Pick<WorldVendor, 'vendorId' | 'accessKey' | 'secretKey'> & { nowMs: () => number },
) {
  const boxes: string[] = [];
  const orders: string[] = [];
  const items: string[] = [];
  for (let i = 0; i < 2; i++) {
    const placed = await send({
      method: 'POST',
      url: `/sandbox/vendors/${vendor.vendorId}/orders`,
      ...json({ items: [{ shippingCount: 2 }, {}] }),
    });
    if (placed.status !== 201) throw new Error(`placing an order: ${placed.status} ${placed.body}`);
    boxes.push(...idsIn(placed.body, 'shipmentBoxId'));
    orders.push(...idsIn(placed.body, 'orderId'));
    items.push(...idsIn(placed.body, 'vendorItemId'));
  }
  const url = `/v2/providers/openapi/apis/api/v4/vendors/${vendor.vendorId}/ordersheets/acknowledgement`;
  await expectJson(
    send,
    {
      method: 'PUT',
      url,
      headers: {
        ...json({}).headers,
        ...signedHeaders(vendor, vendor, 'PUT', url),
      },
      payload: `{"shipmentBoxIds":[${boxes[1]}]}`,
    },
    200,
  );
  const stop = await send({
    method: 'POST',
    url: `/sandbox/vendors/${vendor.vendorId}/orders/${boxes[1]}/buyer-cancel`,
    ...json({ items: [{ vendorItemId: items[2], count: 1 }] }),
  });
  if (stop.status !== 201) throw new Error(`a stop request: ${stop.status} ${stop.body}`);
  return {
    shipmentBoxIds: boxes,
    orderIds: orders,
    vendorItemIds: items,
    receiptIds: idsIn(stop.body, 'receiptId'),
  };
}

export async function buildWorld(send: Send, nowMs: () => number): Promise<World> {
  const merchants: [WorldMerchant, WorldMerchant] = [
    await createMerchantWithPayments(send, 'A'),
    await createMerchantWithPayments(send, 'B'),
  ];
  const vendors: [WorldVendor, WorldVendor] = [
    await createVendorWithPlace(send, nowMs, 'A'),
    await createVendorWithPlace(send, nowMs, 'B'),
  ];
  return { merchants, vendors, nowMs };
}
