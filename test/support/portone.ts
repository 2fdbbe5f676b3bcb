import { expect } from 'vitest';
import type { TestApp } from './server.js';

export interface Merchant {
  merchant_id: string;
  imp_key: string;
  imp_secret: string;
}

/** A merchants row as the store writes it, for tests that write the table directly. */
export const merchantRow = (id: string, key: string) => ({
  merchant_id: id,
  name: `shop ${id}`,
  imp_key: key,
  imp_secret_hash: 'h'.repeat(64),
  created_at: 1,
});

export async function createMerchant(t: TestApp, body: Record<string, unknown> = {}): Promise<Merchant> {
  const res = await t.request({ method: 'POST', url: '/sandbox/merchants', payload: body });
  expect(res.status).toBe(201);
  return res.body;
}

export async function createPayment(t: TestApp, merchant: Merchant, body: Record<string, unknown> = {}) {
  const res = await t.request({
    method: 'POST',
    url: '/sandbox/payments',
    payload: { imp_key: merchant.imp_key, pg_provider: 'html5_inicis', escrow: true, ...body },
  });
  expect(res.status).toBe(201);
  return res.body as { imp_uid: string; merchant_uid: string; [k: string]: unknown };
}

export async function getToken(t: TestApp, merchant: Merchant): Promise<string> {
  const res = await t.request({
    method: 'POST',
    url: '/users/getToken',
    payload: { imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
  });
  expect(res.status).toBe(200);
  return res.body.response.access_token;
}

/** A merchant with a token, ready to call protected routes. */
export async function signedIn(t: TestApp) {
  const merchant = await createMerchant(t);
  const token = await getToken(t, merchant);
  return { merchant, token, auth: { authorization: token } };
}

/** The failure envelope PortOne answers with. */
export function portoneError(message: string, response: unknown = null) {
  return { code: -1, message, response };
}

/** Complete escrow bodies per PG, every required field present. */
export const escrowBodies = {
  html5_inicis: {
    sender: { name: '김발송', tel: '02-1234-5678', addr: '서울특별시 중구 세종대로 110', postcode: '04524' },
    receiver: {
      name: '이수령',
      tel: '010-1234-5678',
      addr: '부산광역시 해운대구 센텀중앙로 79',
      postcode: '48058',
    },
    logis: { company: 'CJGLS', invoice: '123456789012', sent_at: 1795000000 },
  },
  kcp: { sender: {}, receiver: {}, logis: { company: 'HANJIN', invoice: '4321', sent_at: 1795000000 } },
  daou: {
    sender: { relationship: '본인' },
    receiver: {},
    logis: {
      company: 'EPOST',
      invoice: '1111',
      sent_at: 1795000000,
      receiving_at: '20261125',
      address: '성수이로 20길 16',
    },
  },
} as const;
