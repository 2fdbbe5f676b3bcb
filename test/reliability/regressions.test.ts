/**
 * Defects the fuzz and the probes of malformed HTTP found, each pinned by a test named after it.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOO_DEEP, TOO_MANY_VALUES } from '../../src/http/json-scan.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { escrowBody, outboundBody, seedReturnBody } from '../support/fixtures.js';
import {
  createVendor,
  outboundPath,
  outboundQueryPath,
  placeError,
  returnPath,
  signed,
  type Vendor,
} from '../support/coupang.js';
import { messages } from '../../src/portone/messages.js';
import { createMerchant, createPayment, getToken, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const JSON_TYPE = 'application/json; charset=utf-8';
/** The body step's refusal of NUL, at the field it names. */
const nulAt = (at: string) => `malformed body: text may not contain the NUL character (U+0000) (at ${at})`;

describe.each(engines)('regressions found by fuzzing ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let auth: Record<string, string>;
  let merchant: Awaited<ReturnType<typeof signedIn>>['merchant'];
  let vendor: Vendor;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    ({ auth, merchant } = await signedIn(t));
    vendor = await createVendor(t);
  });
  afterAll(() => t.close());

  it('regression: a NUL byte in imp_uid answers 404, not 500', async () => {
    for (const url of ['/payments/imp_%00', '/escrows/logis/imp_%00', '/payments/%00']) {
      const res = await t.request({ method: 'GET', url, headers: auth });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    }
    const sandbox = await t.request({ method: 'GET', url: '/sandbox/payments/imp_%00/deliveries' });
    expect(sandbox.status).toBe(404);
    expect(sandbox.body).toEqual({ error: 'no payment has imp_uid imp_\u0000' });
  });

  it('regression: a NUL character in a token or an access key is refused as unknown, not 500', async () => {
    const portone = await t.request({
      method: 'GET',
      url: '/payments/imp_1',
      headers: { authorization: 'a\u0000b' },
    });
    expect(portone.status).toBe(401);
    expect(portone.body).toEqual(portoneError('Unauthorized'));
  });

  it('regression: a NUL character in a JSON or form body answers 400 at the body step, not 500', async () => {
    const getToken = await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: '{"imp_key":"\\u0000","imp_secret":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    expect(getToken.status).toBe(400);
    expect(getToken.body).toEqual(portoneError(nulAt('imp_key')));

    const form = await t.request({
      method: 'POST',
      url: '/users/getToken',
      payload: 'imp_key=a%00&imp_secret=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(400);
    expect(form.body).toEqual(portoneError(nulAt('imp_key')));

    const sandbox = await t.request({
      method: 'POST',
      url: '/sandbox/merchants',
      payload: { name: 'a\u0000' },
    });
    expect(sandbox.status).toBe(400);
    expect(sandbox.body).toEqual({ error: nulAt('name') });

    // A key counts too.
    const key = await t.request({ method: 'POST', url: '/sandbox/vendors', payload: { 'a\u0000': 1 } });
    expect(key.status).toBe(400);
    expect(key.body).toEqual({ error: nulAt('a key of the body') });
  });

  it('regression: a NUL character in an escrow field is reported at step 4 of the escrow order, not 500', async () => {
    const payment = await createPayment(t, merchant);
    const body = escrowBody('html5_inicis', { invoice: '123\u0000' });
    const res = await t.request({
      method: 'POST',
      url: `/escrows/logis/${payment.imp_uid}`,
      payload: body,
      headers: auth,
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(
      portoneError(
        '배송정보가 올바르지 않습니다: body text may not contain the NUL character (U+0000) (at logis.invoice)',
      ),
    );
    // The payment is still looked up first.
    const unknown = await t.request({
      method: 'POST',
      url: '/escrows/logis/imp_000000000000',
      payload: body,
      headers: auth,
    });
    expect(unknown.status).toBe(404);
  });

  it('regression: a NUL character in an outbound place answers 400 in the shipping-place envelope, not 500', async () => {
    const res = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: outboundBody(vendor.vendorId, 1, { shippingPlaceName: '출고지\u0000' }),
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, nulAt('shippingPlaceName')));
  });

  it('regression: a NUL character in placeNames finds no place, not 500', async () => {
    const res = await signed(t, vendor, { method: 'GET', url: `${outboundQueryPath()}?placeNames=a%00` });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      content: [],
      pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 0 },
    });
  });

  it('regression: a Coupang body nested 100,000 levels deep answers 400, not 500 (stack overflow)', async () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const res = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: `{"vendorId":"${vendor.vendorId}","x":${deep}}`,
    });
    // Refused by the body step's depth limit now, before any parser or rule sees it.
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, `malformed JSON body: ${TOO_DEEP}`));
  });

  it('regression: a deeply nested deliveryCode or addressType is named in the message, not a 500', async () => {
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    const body = JSON.stringify(
      outboundBody(vendor.vendorId, 2, { remoteInfos: [{ deliveryCode: 'DEEP', jeju: 0, notJeju: 0 }] }),
    );
    const res = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: body.replace('"DEEP"', deep),
    });
    // Past the body step's depth limit, which answers before the rules (and their naming) run.
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, `malformed JSON body: ${TOO_DEEP}`));

    // Within it, the rules name the value.
    const within = '['.repeat(1_000) + '1' + ']'.repeat(1_000);
    const address = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: JSON.stringify(outboundBody(vendor.vendorId, 3)).replace('"JIBUN"', within),
    });
    expect(address.status).toBe(400);
    expect(address.body.message).toContain('addressType');
  });

  it('regression: a deeply nested return-center deliverCode is named in the message, not a 500', async () => {
    const returnVendor = await createVendor(t, { userIds: ['testId'] });
    const deep = '['.repeat(100_000) + '1' + ']'.repeat(100_000);
    const body = JSON.stringify(seedReturnBody(returnVendor.vendorId)).replace('"CJGLS"', deep);
    const res = await signed(t, returnVendor, {
      method: 'POST',
      url: returnPath(returnVendor.vendorId),
      payload: body,
    });
    // Past the body step's depth limit, which answers before the rules (and their naming) run.
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, `malformed JSON body: ${TOO_DEEP}`));
  });

  it('answers a list of 500,000 items 400, not 500 (walked without spreading into push)', async () => {
    const res = await signed(t, vendor, {
      method: 'POST',
      url: outboundPath(vendor.vendorId),
      payload: `{"vendorId":"${vendor.vendorId}","x":[${'1,'.repeat(499_999)}1]}`,
    });
    // Refused by the body step's count of values now, before any parser or rule sees it.
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, `malformed JSON body: ${TOO_MANY_VALUES}`));
  });

  it('regression: a path that is not valid percent-encoding answers 400 in its platform envelope, not Fastify’s body', async () => {
    const portone = await t.request({ method: 'GET', url: '/payments/%ZZ', headers: auth });
    expect(portone.status).toBe(400);
    expect(portone.body).toEqual(portoneError('the path is not valid percent-encoding'));
    expect(portone.headers['content-type']).toBe(JSON_TYPE);
    const sandbox = await t.request({ method: 'GET', url: '/sandbox/payments/%E0%A4%A/deliveries' });
    expect(sandbox.status).toBe(400);
    expect(sandbox.body).toEqual({ error: 'the path is not valid percent-encoding' });
    const coupang = await t.request({ method: 'PUT', url: `${outboundPath(vendor.vendorId)}/%ZZ` });
    expect(coupang.status).toBe(400);
    expect(coupang.body).toEqual({
      code: 'ERROR',
      message: 'the path is not valid percent-encoding',
      transactionId: expect.any(String),
    });
  });

  it('regression: a path value over 100 characters reaches the route (404), not Fastify’s 414 body', async () => {
    const res = await t.request({ method: 'GET', url: `/payments/imp_${'1'.repeat(5_000)}`, headers: auth });
    expect(res.status).toBe(404);
    expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    const coupang = await signed(t, vendor, {
      method: 'PUT',
      url: `${outboundPath(vendor.vendorId)}/${'9'.repeat(500)}`,
      payload: outboundBody(vendor.vendorId, 4),
    });
    expect(coupang.status).toBe(400);
    expect(coupang.body.message).toContain('outboundShippingPlaceCode');
  });

  it('regression: an absolute-form request target answers in the envelope of its path', async () => {
    const res = await t.request({ method: 'GET', url: 'http://example.com/v2/providers/nothing' });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'ERROR', message: 'Not Found' });
  });

  it('keeps a token usable after all of that', async () => {
    expect(await getToken(t, merchant)).toBe(auth.authorization);
  });
});

/** Writes raw bytes to the server and reads until it closes the connection. */
function rawExchange(server: RunningServer, bytes: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1');
    let out = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
    socket.write(bytes);
  });
}

function splitAnswer(raw: string) {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return {
    status: Number(statusLine.split(' ')[1]),
    headers,
    body: body === '' ? undefined : JSON.parse(body),
  };
}

describe('regressions in malformed HTTP (engine-independent)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, databaseUrl: ':memory:', logLevel: 'silent' });
  });
  afterAll(() => server.close());

  it('regression: a malformed request line answers a minimal 400 in the PortOne envelope, not Fastify’s body', async () => {
    const answer = splitAnswer(await rawExchange(server, 'GARBAGE\r\n\r\n'));
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(portoneError('malformed HTTP request'));
    expect(answer.headers['content-type']).toBe(JSON_TYPE);
    expect(answer.headers.connection).toBe('close');
  });

  it('regression: an invalid header answers 400 in the envelope of the path on the request line', async () => {
    const sandbox = splitAnswer(
      await rawExchange(server, 'POST /sandbox/merchants HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n'),
    );
    expect(sandbox.status).toBe(400);
    expect(sandbox.body).toEqual({ error: 'malformed HTTP request' });
    const coupang = splitAnswer(
      await rawExchange(server, 'GET /v2/providers/x HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n'),
    );
    expect(coupang.status).toBe(400);
    expect(coupang.body).toMatchObject({ code: 'ERROR', message: 'malformed HTTP request' });
  });

  it('regression: headers over the size limit answer 431 in the envelope, not Fastify’s body', async () => {
    const answer = splitAnswer(
      await rawExchange(server, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`),
    );
    expect(answer.status).toBe(431);
    expect(answer.body).toEqual({ error: 'the request headers are too large' });
  });

  it('regression: conflicting Content-Length and Transfer-Encoding answer 400, not a smuggled request', async () => {
    const answer = splitAnswer(
      await rawExchange(
        server,
        'POST /users/getToken HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n',
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(portoneError('malformed HTTP request'));
  });

  it('regression: a HEAD request refused for its size gets no body after its headers (HPE_CLOSED_CONNECTION)', async () => {
    const raw = await rawExchange(server, `HEAD /payments/${'x'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(raw).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
  });

  it('regression: CONNECT answers 405 in the envelope of its target and closes, rather than dropping the connection', async () => {
    const tunnel = splitAnswer(await rawExchange(server, 'CONNECT 127.0.0.1:80 HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(tunnel.status).toBe(405);
    expect(tunnel.body).toEqual(portoneError('Method Not Allowed'));
    expect(tunnel.headers.connection).toBe('close');
    const coupang = splitAnswer(
      await rawExchange(server, 'CONNECT /v2/providers/x HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    expect(coupang.status).toBe(405);
    expect(coupang.body).toMatchObject({ code: 'ERROR', message: 'Method Not Allowed' });
  });

  it('regression: TRACE on a known path answers 405 with the methods it serves, not 404', async () => {
    // fetch refuses to send TRACE: a raw request.
    const answer = splitAnswer(
      await rawExchange(server, 'TRACE /users/getToken HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'),
    );
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('POST');
    expect(answer.body).toEqual(portoneError('Method Not Allowed'));
  });

  it('still serves after malformed requests', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe.each(engines)('regressions found by the long fuzz ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({}, databaseUrl);
  });
  afterAll(() => t.close());

  it('regression: a payment with pg_provider "constructor" is created, not a 500 (Object.prototype lookup)', async () => {
    const { merchant, auth } = await signedIn(t);
    for (const pg of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const payment = await createPayment(t, merchant, { pg_provider: pg, escrow: false });
      expect(payment.pg_id).toBe(`test_${pg}`);
      const read = await t.request({ method: 'GET', url: `/payments/${payment.imp_uid}`, headers: auth });
      expect(read.body.response).toMatchObject({ pg_provider: pg, pg_id: `test_${pg}` });
    }
  });
});

describe.each(engines)('regressions in the sandbox control plane ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
  });
  afterAll(() => t.close());

  it('regression: a fault body nested 100,000 levels deep answers 400 naming body, not 500 (JSON.stringify overflow)', async () => {
    for (const depth of [1_001, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const res = await t.request({
        method: 'POST',
        url: '/sandbox/faults',
        payload: `{"action":"status","status":500,"body":${deep}}`,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe(JSON_TYPE);
      // 100,000 levels are past the body step's own limit, which answers first.
      expect(res.body).toEqual({
        error:
          depth === 1_001
            ? 'body may nest arrays and objects at most 1000 levels deep'
            : `malformed JSON body: ${TOO_DEEP}`,
      });
    }
    // 1,000 levels is kept, and answered as given.
    const { auth } = await signedIn(t);
    const kept = await t.request({
      method: 'POST',
      url: '/sandbox/faults',
      payload: `{"match":{"route":"GET /payments/{imp_uid}"},"action":"status","status":503,"body":${'['.repeat(1_000)}${']'.repeat(1_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(kept.status).toBe(201);
    const faulted = await t.request({ method: 'GET', url: '/payments/imp_1', headers: auth });
    expect(faulted.status).toBe(503);
    expect(faulted.raw.body).toBe(`${'['.repeat(1_000)}${']'.repeat(1_000)}`);
    await t.request({ method: 'DELETE', url: '/sandbox/faults' });
  });

  it('regression: a fault header a response cannot carry is refused 400, not every matching request answered 500', async () => {
    const { auth } = await signedIn(t);
    const res = await t.request({
      method: 'POST',
      url: '/sandbox/faults',
      payload: { action: 'status', status: 503, headers: { 'x-reason': '점검 중' } },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'headers.x-reason must be a string of one line, of characters up to U+00FF',
    });
    expect((await t.request({ method: 'GET', url: '/sandbox/faults' })).body).toEqual({ faults: [] });
    const read = await t.request({ method: 'GET', url: '/payments/imp_1', headers: auth });
    expect(read.status).toBe(404);
  });

  it('regression: payments and tokens asked for while their merchant is deleted answer 404 and 401, not 500 (foreign key)', async () => {
    for (let round = 0; round < 3; round++) {
      const m = await createMerchant(t);
      const asked: Promise<{ kind: string; status: number; body: unknown }>[] = [];
      for (let i = 0; i < 6; i++) {
        asked.push(
          t
            .request({
              method: 'POST',
              url: '/sandbox/payments',
              payload: { imp_key: m.imp_key, pg_provider: 'kcp', escrow: true },
            })
            .then((r) => ({ kind: 'payment', status: r.status, body: r.body })),
          t
            .request({
              method: 'POST',
              url: '/users/getToken',
              payload: { imp_key: m.imp_key, imp_secret: m.imp_secret },
            })
            .then((r) => ({ kind: 'token', status: r.status, body: r.body })),
        );
        if (i === 1) {
          asked.push(
            t
              .request({ method: 'DELETE', url: `/sandbox/merchants/${m.imp_key}` })
              .then((r) => ({ kind: 'delete', status: r.status, body: r.body })),
          );
        }
      }
      for (const answer of await Promise.all(asked)) {
        if (answer.kind === 'delete') expect(answer).toMatchObject({ status: 200, body: { deleted: true } });
        if (answer.kind === 'payment' && answer.status !== 201) {
          expect(answer).toMatchObject({
            status: 404,
            body: { error: `no merchant has imp_key ${m.imp_key}` },
          });
        }
        if (answer.kind === 'token' && answer.status !== 200) {
          expect(answer).toMatchObject({ status: 401, body: portoneError(messages.authFailed) });
        }
      }
      const left = await t.request({ method: 'GET', url: `/sandbox/payments?imp_key=${m.imp_key}` });
      expect(left.status).toBe(404);
    }
  });
});
