import { expect } from 'vitest';
import { authorization } from '../../src/coupang/gateway/hmac.js';
import type { TestApp, TestResponse } from './server.js';

export interface Vendor {
  vendorId: string;
  accessKey: string;
  secretKey: string;
  userIds: string[];
  contracts: unknown;
}

export async function createVendor(t: TestApp, body: Record<string, unknown> = {}): Promise<Vendor> {
  const res = await t.request({ method: 'POST', url: '/sandbox/vendors', payload: body });
  expect(res.status).toBe(201);
  return res.body;
}

export interface SignedRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  /** Sign at this instant instead of the test clock's now. */
  signedAtMs?: number;
  /** Sign this target instead of the one sent (to test mismatches). */
  signedUrl?: string;
}

/** Sends a request signed with the vendor's keys by the project's own signer, at the test clock's time. */
export function signed(t: TestApp, vendor: Vendor, req: SignedRequest): Promise<TestResponse> {
  const auth = authorization({
    accessKey: vendor.accessKey,
    secretKey: vendor.secretKey,
    method: req.method,
    url: req.signedUrl ?? req.url,
    signedAtMs: req.signedAtMs ?? t.clock.nowMs(),
  });
  return t.request({
    method: req.method,
    url: req.url,
    ...(req.payload !== undefined
      ? { payload: typeof req.payload === 'string' ? req.payload : JSON.stringify(req.payload) }
      : {}),
    headers: {
      ...(req.payload !== undefined ? { 'content-type': 'application/json;charset=UTF-8' } : {}),
      authorization: auth,
      ...req.headers,
    },
  });
}

export const outboundPath = (vendorId: string, version: 'v4' | 'v5' = 'v4') =>
  `/v2/providers/openapi/apis/api/${version}/vendors/${vendorId}/outboundShippingCenters`;

export const outboundQueryPath = (version: 'v1' | 'v2' = 'v1') =>
  `/v2/providers/marketplace_openapi/apis/api/${version}/vendor/shipping-place/outbound`;

/** The shipping-place failure envelope. */
export function placeError(status: number, message: string) {
  return { code: status, message, data: null };
}

/** The gateway's failure envelope. */
export function gatewayError(message: string) {
  return { code: 'ERROR', message, transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/) };
}

export const returnPath = (vendorId: string, version: 'v4' | 'v5' = 'v4') =>
  `/v2/providers/openapi/apis/api/${version}/vendors/${vendorId}/returnShippingCenters`;

/** The lookup by codes: the current path, or the older one (`greatwall`). */
export const centerCodePath = (which: 'v3' | 'greatwall' = 'v3') =>
  which === 'v3'
    ? '/v2/providers/openapi/apis/api/v3/return/shipping-places/center-code'
    : '/v2/providers/greatwall_api/apis/api/v2/return/shipping-places/center-code';

/** The vendor paths of the order routes. */
export const vendorApi = (vendorId: string, version: 'v4' | 'v5' | 'v6' = 'v4') =>
  `/v2/providers/openapi/apis/api/${version}/vendors/${vendorId}`;

/** Places an order in the sandbox (`POST /sandbox/vendors/{vendorId}/orders`) and answers the box, ids as digit strings. */
export async function createOrder(
  t: TestApp,
  vendor: Vendor,
  body: Record<string, unknown> = { items: [{}] },
): Promise<{ shipmentBoxId: string; orderId: string; vendorItemIds: string[]; body: TestResponse['body'] }> {
  const res = await t.request({
    method: 'POST',
    url: `/sandbox/vendors/${vendor.vendorId}/orders`,
    payload: body,
  });
  expect(res.status).toBe(201);
  const text = res.raw.body;
  const shipmentBoxId = /"shipmentBoxId":(\d+)/.exec(text)?.[1] ?? '';
  const orderId = /"orderId":(\d+)/.exec(text)?.[1] ?? '';
  const vendorItemIds = [...text.matchAll(/"vendorItemId":(\d+)/g)].map((m) => m[1] as string);
  return { shipmentBoxId, orderId, vendorItemIds, body: res.body };
}

/** A sandbox action on a box (`…/orders/{shipmentBoxId}/<action>`). */
export function boxAction(
  t: TestApp,
  vendor: Vendor,
  shipmentBoxId: string,
  action: 'receiver' | 'buyer-cancel' | 'return' | 'advance',
  payload: Record<string, unknown> = {},
): Promise<TestResponse> {
  return t.request({
    method: action === 'receiver' ? 'PUT' : 'POST',
    url: `/sandbox/vendors/${vendor.vendorId}/orders/${shipmentBoxId}/${action}`,
    payload,
  });
}

/** The digits of every occurrence of `"field":<integer>` in an answer's text, as sent. */
export function idsIn(text: string, field: string): string[] {
  return [...text.matchAll(new RegExp(`"${field}":(\\d+)`, 'g'))].map((m) => m[1] as string);
}
