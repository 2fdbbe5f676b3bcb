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
