import { expect } from 'vitest';
import { authorization } from '../../src/coupang/hmac.js';
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

/** Seed 003's own request example, with the vendor put in and digits for its masked phone numbers. */
export function seedOutboundBody(vendorId: string) {
  return {
    vendorId,
    userId: 'testId',
    shippingPlaceName: '상품출고지 생성',
    global: 'false',
    usable: 'true',
    placeAddresses: [
      {
        addressType: 'JIBUN',
        countryCode: 'KR',
        companyContactNumber: '02-1500-1234',
        phoneNumber2: '010-1234-5678',
        returnZipCode: '10516',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: '294-58',
      },
    ],
    remoteInfos: [
      { deliveryCode: 'KGB', jeju: '5000', notJeju: '2500' },
      { deliveryCode: 'CJGLS', jeju: '5000', notJeju: '2500' },
    ],
  };
}

/** A small valid body, each call a different name and address. */
export function outboundBody(vendorId: string, n: number, overrides: Record<string, unknown> = {}) {
  return {
    vendorId,
    userId: 'wing-user',
    shippingPlaceName: `출고지 ${n}`,
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        returnZipCode: '05510',
        returnAddress: '서울특별시 송파구 신천동',
        returnAddressDetail: `7-${n}`,
      },
    ],
    ...overrides,
  };
}

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

/** The twelve fees of a return center, all at `amount`, as the seeds send them (strings). */
export function returnFees(amount: number | string = '2500') {
  return Object.fromEntries(
    ['vendorCreditFee', 'vendorCashFee', 'consumerCashFee', 'returnFee'].flatMap((kind) =>
      ['05kg', '10kg', '20kg'].map((weight) => [`${kind}${weight}`, amount]),
    ),
  ) as Record<string, number | string>;
}

/** Seed 002's own request example, with the vendor put in (its user `testId`). */
export function seedReturnBody(vendorId: string) {
  return {
    userId: 'testId',
    vendorId,
    shippingPlaceName: '반품지01',
    goodsflowInfoOpenApiDto: {
      deliverCode: 'CJGLS',
      contractNumber: '85500067',
      contractCustomerNumber: '',
      ...returnFees('2500'),
    },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        phoneNumber2: '',
        returnZipCode: '112207',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: '294-58',
      },
    ],
  };
}

/** A small valid return center body, each `n` a different name and address; courier fields may be changed. */
export function returnBody(
  vendorId: string,
  n: number,
  overrides: Record<string, unknown> = {},
  courier: Record<string, unknown> = {},
) {
  return {
    vendorId,
    userId: 'wing-user',
    shippingPlaceName: `반품지 ${n}`,
    goodsflowInfoOpenApiDto: {
      deliverCode: 'HANJIN',
      contractNumber: '12345',
      ...returnFees(3000),
      ...courier,
    },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-111-1111',
        returnZipCode: '42701',
        returnAddress: '대구시 달서구 성서공단로',
        returnAddressDetail: `${n}`,
      },
    ],
    ...overrides,
  };
}
