import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

describe.each(engines)('routing and envelopes ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await testApp({}, databaseUrl);
    auth = (await signedIn(t)).auth;
  });
  afterAll(() => t.close());

  it('answers an unknown PortOne path 404 in the PortOne envelope, before authentication', async () => {
    const res = await t.request({ method: 'GET', url: '/certifications' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(portoneError('Not Found'));
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });

  it('answers an unknown path 404 before reading a malformed body', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/nowhere',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(portoneError('Not Found'));
  });

  it('answers unknown Coupang paths in the gateway envelope', async () => {
    const res = await t.request({ method: 'GET', url: '/v2/providers/nothing/here' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      code: 'ERROR',
      message: 'Not Found',
      transactionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('answers unknown sandbox paths in the sandbox envelope', async () => {
    const res = await t.request({ method: 'GET', url: '/sandbox/nothing' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'Not Found' });
  });

  it('has no automatic HEAD routes', async () => {
    const res = await t.request({ method: 'HEAD', url: '/healthz' });
    expect(res.status).toBe(405);
    const portone = await t.request({ method: 'HEAD', url: '/payments/imp_000000000000', headers: auth });
    expect(portone.status).toBe(405);
  });

  it('answers 405 before authentication and before the body', async () => {
    const res = await t.request({
      method: 'DELETE',
      url: '/payments/imp_1',
      payload: '{',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(405);
    expect(res.body).toEqual(portoneError('Method Not Allowed'));
    expect(res.headers.allow).toBe('GET');
  });

  it('answers a body of a foreign content type 400 (not 415), naming the type', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: '<xml/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      portoneError(
        'Content-Type application/xml is not accepted here; send application/json or application/x-www-form-urlencoded',
      ),
    );
  });

  it('takes a request without body whatever its Content-Type says', async () => {
    const get = await t.request({
      method: 'GET',
      url: '/payments/imp_000000000000',
      headers: { ...auth, 'content-type': 'application/json;charset=UTF-8' },
    });
    expect(get.status).toBe(404);
    const post = await t.request({
      method: 'POST',
      url: '/users/getToken',
      headers: { 'content-type': 'text/plain' },
    });
    expect(post.status).toBe(400);
    expect(post.body).toEqual(portoneError('imp_key, imp_secret 파라메터가 누락되었습니다.'));
  });

  it('answers a body over 1 MiB 413 in the envelope', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: JSON.stringify({ imp_key: 'x'.repeat(1024 * 1024), imp_secret: 'y' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(res.body).toEqual(portoneError('request body is larger than the 1 MiB limit'));
  });

  it('removes __proto__ keys rather than failing', async () => {
    const res = await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: '{"__proto__":{"imp_key":"x"},"imp_secret":"y"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(portoneError('imp_key, imp_secret 파라메터가 누락되었습니다.'));
  });

  it('serves health, the OpenAPI document and its reference page', async () => {
    expect(await t.request({ method: 'GET', url: '/healthz' })).toMatchObject({
      status: 200,
      body: { status: 'ok' },
    });
    const doc = await t.request({ method: 'GET', url: '/openapi.json' });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    for (const path of [
      '/users/getToken',
      '/payments/{imp_uid}',
      '/escrows/logis/{imp_uid}',
      '/sandbox/payments',
    ]) {
      expect(Object.keys(doc.body.paths)).toContain(path);
    }
    expect(Object.keys(doc.body.paths['/escrows/logis/{imp_uid}']).sort()).toEqual(['get', 'post', 'put']);
    const page = await t.request({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(page.status);
    const html = await t.request({ method: 'GET', url: '/docs/' });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
  });
});
