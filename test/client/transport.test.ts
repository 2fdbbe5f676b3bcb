import { createServer } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BaesongClientError,
  CoupangClient,
  CoupangError,
  NetworkError,
  PortOneClient,
  PortOneError,
  SandboxClient,
  SandboxError,
  TimeoutError,
} from '../../src/client/index.js';
import { escrowBody } from '../support/fixtures.js';
import { type StubServer, sendJson, stubServer, TOKEN_OK } from '../support/client.js';

const PAYMENT_PATH = '/payments/imp_123456789012';
const PAYMENT_OK = { code: 0, message: null, response: { imp_uid: 'imp_123456789012' } };

let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** A stub that issues tokens and answers the other routes with `answers` in turn (the last one repeats). */
async function portoneStub(
  answers: Array<{ status: number; body?: unknown; headers?: Record<string, string> }>,
) {
  let n = 0;
  stub = await stubServer((req, res) => {
    if (req.url === '/users/getToken') return sendJson(res, 200, TOKEN_OK);
    const answer = answers[Math.min(n++, answers.length - 1)] ?? { status: 500 };
    if (typeof answer.body === 'string') {
      res.writeHead(answer.status, { 'content-type': 'text/html', ...answer.headers });
      return res.end(answer.body);
    }
    sendJson(
      res,
      answer.status,
      answer.body ?? { code: -1, message: `status ${answer.status}`, response: null },
      answer.headers,
    );
  });
  return stub;
}

const clientOf = (s: StubServer, options: Partial<ConstructorParameters<typeof PortOneClient>[0]> = {}) =>
  new PortOneClient({ baseUrl: s.url, impKey: 'key', impSecret: 'secret', ...options });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a rejection'),
    (e: unknown) => e,
  );
}

describe('timeouts and network errors', () => {
  it('throws TimeoutError when the server never answers', async () => {
    stub = await stubServer(() => {
      // never answers
    });
    const err = await rejection(clientOf(stub, { timeoutMs: 200 }).getToken());
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(BaesongClientError);
    expect(err).toMatchObject({ timeoutMs: 200, method: 'POST', url: `${stub.url}/users/getToken` });
  });

  it('throws TimeoutError when the answer stalls after its headers', async () => {
    stub = await stubServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"code":0,');
    });
    expect(await rejection(clientOf(stub, { timeoutMs: 200 }).getToken())).toBeInstanceOf(TimeoutError);
  });

  it('throws NetworkError naming the cause when nothing listens', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const client = new PortOneClient({ baseUrl: `http://127.0.0.1:${port}`, impKey: 'k', impSecret: 's' });
    const err = await rejection(client.getPayment('imp_123456789012'));
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).message).toContain('ECONNREFUSED');
  });

  it('rejects with the signal’s reason when the caller aborts', async () => {
    stub = await stubServer((req, res) => {
      if (req.url === '/users/getToken') sendJson(res, 200, TOKEN_OK);
    });
    const controller = new AbortController();
    const call = clientOf(stub).getPayment('imp_123456789012', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by the caller')), 50);
    expect(await rejection(call)).toEqual(new Error('stopped by the caller'));
  });
});

describe('odd answers', () => {
  it('reports a non-JSON error page with its status', async () => {
    const s = await portoneStub([{ status: 502, body: 'Bad Gateway' }]);
    const err = (await rejection(clientOf(s).getPayment('imp_123456789012'))) as PortOneError;
    expect(err).toBeInstanceOf(PortOneError);
    expect(err).toMatchObject({
      status: 502,
      code: undefined,
      message: 'HTTP 502: Bad Gateway',
      body: 'Bad Gateway',
    });
  });

  it('treats a 200 whose code is not 0 as a failure', async () => {
    const s = await portoneStub([
      { status: 200, body: { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null } },
    ]);
    const err = (await rejection(clientOf(s).getPayment('imp_123456789012'))) as PortOneError;
    expect(err).toMatchObject({ status: 200, code: 1, message: '취소할 결제건이 존재하지 않습니다.' });
  });

  it('sends a refused request once more only: a second 401 is thrown', async () => {
    const s = await portoneStub([
      { status: 401, body: { code: -1, message: 'Unauthorized', response: null } },
    ]);
    const err = (await rejection(clientOf(s).getPayment('imp_123456789012'))) as PortOneError;
    expect(err).toMatchObject({ status: 401, message: 'Unauthorized' });
    expect(s.requests).toEqual([
      'POST /users/getToken',
      `GET ${PAYMENT_PATH}`,
      'POST /users/getToken',
      `GET ${PAYMENT_PATH}`,
    ]);
  });

  it('sends the token as a Bearer token', async () => {
    let seen: string | undefined;
    stub = await stubServer((req, res) => {
      if (req.url === '/users/getToken') return sendJson(res, 200, TOKEN_OK);
      seen = req.headers.authorization;
      sendJson(res, 200, PAYMENT_OK);
    });
    await clientOf(stub).getPayment('imp_123456789012');
    expect(seen).toBe(`Bearer ${'a'.repeat(40)}`);
  });

  it('reports sandbox refusals as SandboxError', async () => {
    stub = await stubServer((_req, res) => sendJson(res, 401, { error: 'the sandbox API needs a token' }));
    const err = await rejection(new SandboxClient({ baseUrl: stub.url }).createMerchant());
    expect(err).toBeInstanceOf(SandboxError);
    expect(err).toMatchObject({ status: 401, message: 'the sandbox API needs a token' });
  });
});

describe('retry policy', () => {
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 10 };

  it('is off by default: a 429 is thrown at once', async () => {
    const s = await portoneStub([{ status: 429 }]);
    const err = (await rejection(clientOf(s).getPayment('imp_123456789012'))) as PortOneError;
    expect(err.status).toBe(429);
    expect(s.requests.filter((r) => r.startsWith('GET'))).toHaveLength(1);
  });

  it('retries 429s, whatever the method, and succeeds', async () => {
    const s = await portoneStub([
      { status: 429, headers: { 'retry-after': '3600' } },
      { status: 429 },
      { status: 200, body: { code: 0, message: null, response: { company: 'CJGLS' } } },
    ]);
    // Retry-After asks for an hour: maxDelayMs caps the wait.
    const logis = await clientOf(s, { retry }).registerEscrowDelivery('imp_123456789012', escrowBody('kcp'));
    expect(logis).toEqual({ company: 'CJGLS' });
    expect(s.requests.filter((r) => r.startsWith('POST /escrows'))).toHaveLength(3);
  });

  it('retries a read after 5xx answers, up to the attempts', async () => {
    const s = await portoneStub([
      { status: 503 },
      { status: 500 },
      { status: 502 },
      { status: 200, body: PAYMENT_OK },
    ]);
    const err = (await rejection(clientOf(s, { retry }).getPayment('imp_123456789012'))) as PortOneError;
    expect(err.status).toBe(502);
    expect(s.requests.filter((r) => r.startsWith('GET'))).toHaveLength(3);
  });

  it('retries a token request after a 5xx', async () => {
    let n = 0;
    stub = await stubServer((_req, res) =>
      n++ === 0 ? sendJson(res, 503, {}) : sendJson(res, 200, TOKEN_OK),
    );
    expect((await clientOf(stub, { retry }).getToken()).access_token).toBe('a'.repeat(40));
    expect(stub.requests).toHaveLength(2);
  });

  it('does not retry a POST after a 5xx, unless told to', async () => {
    const s = await portoneStub([
      { status: 500 },
      { status: 200, body: { code: 0, message: null, response: {} } },
    ]);
    const err = (await rejection(
      clientOf(s, { retry }).registerEscrowDelivery('imp_123456789012', escrowBody('kcp')),
    )) as PortOneError;
    expect(err.status).toBe(500);
    expect(s.requests.filter((r) => r.startsWith('POST /escrows'))).toHaveLength(1);

    const willing = clientOf(s, { retry: { ...retry, retryNonIdempotent: true } });
    expect(await willing.registerEscrowDelivery('imp_123456789012', escrowBody('kcp'))).toEqual({});
  });

  it('retries a PUT after a timeout', async () => {
    let n = 0;
    stub = await stubServer((req, res) => {
      if (req.url === '/users/getToken') return sendJson(res, 200, TOKEN_OK);
      if (n++ === 0) return; // the first attempt never gets an answer
      sendJson(res, 200, { code: 0, message: null, response: { invoice: '1' } });
    });
    const client = clientOf(stub, { retry, timeoutMs: 200 });
    expect(await client.updateEscrowDelivery('imp_123456789012', escrowBody('kcp'))).toEqual({
      invoice: '1',
    });
  });

  it('refuses a policy without attempts', () => {
    expect(() => new PortOneClient({ impKey: 'k', impSecret: 's', retry: { attempts: 0 } })).toThrow(
      RangeError,
    );
  });
});

describe('CoupangClient against odd answers', () => {
  const coupangOf = (s: StubServer, options: Partial<ConstructorParameters<typeof CoupangClient>[0]> = {}) =>
    new CoupangClient({
      baseUrl: s.url,
      accessKey: 'key',
      secretKey: 'secret',
      vendorId: 'A00012345',
      ...options,
    });
  const PLACE = {
    userId: 'wing-user',
    shippingPlaceName: '출고지',
    placeAddresses: [
      {
        addressType: 'JIBUN' as const,
        companyContactNumber: '02-1234-5678',
        returnZipCode: '05510',
        returnAddress: '서울특별시 송파구 신천동',
      },
    ],
  };

  it('reports an HTML error page with its status, and no code', async () => {
    stub = await stubServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/html' });
      res.end('<HTML>Access Denied</HTML>');
    });
    const err = (await rejection(coupangOf(stub).queryOutboundShippingPlaces())) as CoupangError;
    expect(err).toBeInstanceOf(CoupangError);
    expect(err).toMatchObject({
      status: 403,
      code: undefined,
      transactionId: undefined,
      message: 'HTTP 403: <HTML>Access Denied</HTML>',
    });
  });

  it('refuses a success without what the call answers', async () => {
    stub = await stubServer((req, res) =>
      req.method === 'GET'
        ? sendJson(res, 200, { code: 200, message: 'SUCCESS', data: [] })
        : sendJson(res, 200, {
            code: 200,
            message: 'SUCCESS',
            data: { resultCode: 'SUCCESS', resultMessage: 'OK' },
          }),
    );
    const query = (await rejection(coupangOf(stub).queryOutboundShippingPlaces())) as CoupangError;
    expect(query).toMatchObject({ status: 200, message: 'HTTP 200: the answer has no content' });
    const create = (await rejection(coupangOf(stub).createOutboundShippingPlace(PLACE))) as CoupangError;
    expect(create).toMatchObject({
      status: 200,
      message: 'the answer has no outbound shipping place code: OK',
    });
  });

  it('retries a query after a 5xx, never a create unless told to', async () => {
    const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 10 };
    const created = {
      code: 200,
      message: 'SUCCESS',
      data: { resultCode: 'SUCCESS', resultMessage: '1000001' },
    };
    const page = {
      content: [],
      pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 10 },
    };
    stub = await stubServer((req, res, i) => {
      // The first GET, the first POST and the second POST fail.
      if ([0, 2, 3].includes(i))
        return sendJson(res, 500, { code: 500, message: 'Internal Server Error', data: null });
      sendJson(res, 200, req.method === 'GET' ? page : created);
    });
    expect(await coupangOf(stub, { retry }).queryOutboundShippingPlaces()).toEqual(page);
    const err = (await rejection(
      coupangOf(stub, { retry }).createOutboundShippingPlace(PLACE),
    )) as CoupangError;
    expect(err).toMatchObject({ status: 500, code: 500, message: 'Internal Server Error' });
    const willing = coupangOf(stub, { retry: { ...retry, retryNonIdempotent: true } });
    expect(await willing.createOutboundShippingPlace(PLACE)).toBe(1000001);
    expect(stub.requests.map((r) => r.split('?')[0]?.split(' ')[0])).toEqual([
      'GET',
      'GET',
      'POST',
      'POST',
      'POST',
    ]);
  });

  it('sends the vendorId, a JSON body as Coupang’s samples do, and a CEA signature', async () => {
    let seen: { headers: Record<string, unknown>; body: string } | undefined;
    stub = await stubServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        seen = { headers: req.headers, body };
        sendJson(res, 200, {
          code: 200,
          message: 'SUCCESS',
          data: { resultCode: 'SUCCESS', resultMessage: '1000001' },
        });
      });
    });
    await coupangOf(stub, {
      clock: { nowMs: () => Date.UTC(2026, 10, 23, 3, 4, 5) },
    }).createOutboundShippingPlace(PLACE);
    expect(stub.requests).toEqual([
      'POST /v2/providers/openapi/apis/api/v4/vendors/A00012345/outboundShippingCenters',
    ]);
    expect(seen?.headers).toMatchObject({
      'content-type': 'application/json;charset=UTF-8',
      'x-requested-by': 'A00012345',
      authorization: expect.stringMatching(
        /^CEA algorithm=HmacSHA256, access-key=key, signed-date=261123T030405Z, signature=[0-9a-f]{64}$/,
      ),
    });
    expect(JSON.parse(seen?.body ?? '')).toEqual({ ...PLACE, vendorId: 'A00012345' });
  });
});

describe('the default fetch', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('is called as the global function, as a browser requires, not as a method of the client', async () => {
    const calls: unknown[] = [];
    // A browser's fetch throws "Illegal invocation" unless `this` is the window (or undefined).
    vi.stubGlobal('fetch', function (this: unknown) {
      calls.push(this);
      if (this !== undefined && this !== globalThis) throw new TypeError('Illegal invocation');
      return Promise.resolve(
        new Response('{"faults":[]}', { headers: { 'content-type': 'application/json' } }),
      );
    });
    expect(await new SandboxClient({ baseUrl: 'http://127.0.0.1:1' }).faults()).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});
