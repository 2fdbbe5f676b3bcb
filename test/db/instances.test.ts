import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorization } from '../../src/coupang/gateway/hmac.js';
import { outboundMessages, returnMessages } from '../../src/coupang/messages.js';
import { messages } from '../../src/portone/messages.js';
import { escrowBody, seedReturnBody } from '../support/fixtures.js';
import { placeError, returnPath } from '../support/coupang.js';
import { portoneError } from '../support/portone.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { postgresEngine, sharedDatabaseUrl } from '../support/server.js';

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  body: any;
}

async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text) };
}

/** What every attempt of a race sends; a function body differs per attempt (numbered from 0). */
interface Attempt {
  method: string;
  path: string;
  body: unknown | ((attempt: number) => unknown);
  headers?: Record<string, string>;
}

/**
 * A rule the database must hold across instances: `prepare` sets up what it needs (through the
 * first instance) and returns the request that every attempt sends; exactly one attempt gets
 * `wins`, every other one gets `loses`. A new uniqueness rule is one more entry.
 */
interface UniquenessRule {
  name: string;
  prepare(base: string): Promise<Attempt>;
  wins: number;
  loses: { status: number; body: unknown };
}

/** A sandbox vendor whose WING user is `racer`, and a signer of its requests. */
async function vendorWithKeys(base: string) {
  const vendor = await call(base, 'POST', '/sandbox/vendors', { userIds: ['racer'] });
  expect(vendor.status).toBe(201);
  const { vendorId, accessKey, secretKey } = vendor.body as {
    vendorId: string;
    accessKey: string;
    secretKey: string;
  };
  const outboundPath = `/v2/providers/openapi/apis/api/v4/vendors/${vendorId}/outboundShippingCenters`;
  const signed = (method: string, url: string) => ({
    authorization: authorization({ accessKey, secretKey, method, url, signedAtMs: Date.now() }),
  });
  return { vendorId, outboundPath, signed };
}

function outboundPlace(vendorId: string, name: string, address: string) {
  return {
    vendorId,
    userId: 'racer',
    shippingPlaceName: name,
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        returnZipCode: '10516',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: address,
      },
    ],
  };
}

const rnd = () => Math.random().toString(36).slice(2, 10);

async function merchantWithToken(base: string) {
  const merchant = await call(base, 'POST', '/sandbox/merchants', {});
  expect(merchant.status).toBe(201);
  const { imp_key, imp_secret } = merchant.body;
  const token = await call(base, 'POST', '/users/getToken', { imp_key, imp_secret });
  expect(token.status).toBe(200);
  return { imp_key: imp_key as string, token: token.body.response.access_token as string };
}

const rules: UniquenessRule[] = [
  {
    name: 'one escrow delivery per payment (POST /escrows/logis/{imp_uid})',
    async prepare(base) {
      const { imp_key, token } = await merchantWithToken(base);
      const payment = await call(base, 'POST', '/sandbox/payments', {
        imp_key,
        pg_provider: 'html5_inicis',
        escrow: true,
      });
      expect(payment.status).toBe(201);
      return {
        method: 'POST',
        path: `/escrows/logis/${payment.body.imp_uid}`,
        body: escrowBody('html5_inicis'),
        headers: { authorization: token },
      };
    },
    wins: 200,
    loses: { status: 409, body: portoneError(messages.escrowAlreadyRegistered) },
  },
  {
    name: 'one sandbox merchant per imp_key (POST /sandbox/merchants)',
    async prepare() {
      const imp_key = `race_${rnd()}`;
      return { method: 'POST', path: '/sandbox/merchants', body: { imp_key, imp_secret: 'secret' } };
    },
    wins: 201,
    loses: { status: 409, body: { error: expect.stringMatching(/^imp_key race_\w+ is already taken$/) } },
  },
  {
    name: "one payment per merchant's merchant_uid (POST /sandbox/payments)",
    async prepare(base) {
      const { imp_key } = await merchantWithToken(base);
      const merchant_uid = `order_${rnd()}`;
      return {
        method: 'POST',
        path: '/sandbox/payments',
        body: { imp_key, merchant_uid, pg_provider: 'kcp', escrow: true },
      };
    },
    wins: 201,
    loses: {
      status: 409,
      body: { error: expect.stringMatching(/^merchant_uid order_\w+ is already used by imp_\d{12}$/) },
    },
  },
  {
    name: 'one sandbox vendor per vendorId (POST /sandbox/vendors)',
    async prepare() {
      const vendorId = `A${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
      return { method: 'POST', path: '/sandbox/vendors', body: { vendorId } };
    },
    wins: 201,
    loses: { status: 409, body: { error: expect.stringContaining('is already taken') } },
  },
  {
    name: "one outbound place per vendor's shippingPlaceName (POST .../outboundShippingCenters)",
    async prepare(base) {
      const { vendorId, outboundPath, signed } = await vendorWithKeys(base);
      return {
        method: 'POST',
        path: outboundPath,
        body: outboundPlace(vendorId, '경쟁 출고지', '294-58'),
        headers: signed('POST', outboundPath),
      };
    },
    wins: 200,
    loses: {
      status: 400,
      body: { code: 400, message: outboundMessages.duplicateName('경쟁 출고지'), data: null },
    },
  },
  {
    name: "one outbound place per vendor's address, whatever the names (POST .../outboundShippingCenters)",
    async prepare(base) {
      const { vendorId, outboundPath, signed } = await vendorWithKeys(base);
      return {
        method: 'POST',
        path: outboundPath,
        body: (attempt: number) => outboundPlace(vendorId, `출고지 ${attempt}`, '같은 주소 1층'),
        headers: signed('POST', outboundPath),
      };
    },
    wins: 200,
    loses: {
      status: 400,
      body: {
        code: 400,
        message: expect.stringMatching(
          /^\[출고지중복\] 이미 등록된 주소지명이 있습니다 \(중복 주소지 코드:\d+\)$/,
        ),
        data: null,
      },
    },
  },
  {
    name: "one Coupang return center per vendor's name and address (POST .../returnShippingCenters)",
    async prepare(base) {
      const vendor = await call(base, 'POST', '/sandbox/vendors', { userIds: ['testId'] });
      expect(vendor.status).toBe(201);
      const { vendorId, accessKey, secretKey } = vendor.body;
      const path = returnPath(vendorId);
      // Signed once by the system clock, as the server processes keep time: good for 5 minutes.
      const signature = authorization({
        accessKey,
        secretKey,
        method: 'POST',
        url: path,
        signedAtMs: Date.now(),
      });
      return { method: 'POST', path, body: seedReturnBody(vendorId), headers: { authorization: signature } };
    },
    wins: 200,
    loses: { status: 400, body: placeError(400, returnMessages.registeredAlready) },
  },
];

const ATTEMPTS = 100;

/** Two server processes on one PostgreSQL database, as behind a load balancer. */
describe.skipIf(!postgresEngine)('several instances on one database (postgres)', () => {
  let place: { url: string; remove(): Promise<void> };
  let servers: ServerProcess[] = [];
  const bases = () => servers.map((s) => s.url);

  beforeAll(async () => {
    place = sharedDatabaseUrl(postgresEngine?.databaseUrl ?? '');
    // Both start at once on an empty schema: their migrations must not trip over each other.
    const env = { DATABASE_URL: place.url, COUPANG_RATE_LIMIT: '0' };
    servers = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await place?.remove();
  });

  it('both started on the same empty database, and both answer', async () => {
    for (const base of bases()) {
      expect(await call(base, 'GET', '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    }
  });

  it.each(rules)(`$name: ${ATTEMPTS} concurrent attempts across both, exactly one wins`, async (rule) => {
    const [a] = bases();
    const attempt = await rule.prepare(a ?? '');
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        call(
          bases()[i % 2] ?? '',
          attempt.method,
          attempt.path,
          typeof attempt.body === 'function' ? attempt.body(i) : attempt.body,
          attempt.headers,
        ),
      ),
    );
    const winners = answers.filter((x) => x.status === rule.wins);
    expect(winners).toHaveLength(1);
    for (const loser of answers.filter((x) => x.status !== rule.wins)) expect(loser).toEqual(rule.loses);
  });

  it('20 concurrent acknowledgements of one box across both: exactly one OK', async () => {
    const [a] = bases() as [string, string];
    const { vendorId, signed } = await vendorWithKeys(a);
    const placed = await fetch(`${a}/sandbox/vendors/${vendorId}/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{}] }),
    });
    const shipmentBoxId = /"shipmentBoxId":(\d+)/.exec(await placed.text())?.[1];
    const path = `/v2/providers/openapi/apis/api/v4/vendors/${vendorId}/ordersheets/acknowledgement`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const res = await fetch(`${bases()[i % 2]}${path}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...signed('PUT', path) },
          body: `{"shipmentBoxIds":[${shipmentBoxId}]}`,
        });
        return { status: res.status, text: await res.text() };
      }),
    );
    expect(answers.every((x) => x.status === 200)).toBe(true);
    const codes = answers.map((x) => /"resultCode":"(\w+)"/.exec(x.text)?.[1]);
    expect(codes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(codes.filter((c) => c === 'INVALID_STATUS')).toHaveLength(19);
  });

  it('accepts a token issued by one instance on the other', async () => {
    const [a, b] = bases() as [string, string];
    const { imp_key, token } = await merchantWithToken(a);
    const payment = await call(a, 'POST', '/sandbox/payments', { imp_key, pg_provider: 'kcp' });
    const seen = await call(b, 'GET', `/payments/${payment.body.imp_uid}`, undefined, {
      authorization: token,
    });
    expect(seen.status).toBe(200);
    expect(seen.body.response.imp_uid).toBe(payment.body.imp_uid);
  });

  it('gives concurrent first getToken calls on both instances one and the same token', async () => {
    const [a] = bases() as [string, string];
    const merchant = await call(a, 'POST', '/sandbox/merchants', {});
    const { imp_key, imp_secret } = merchant.body;
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        call(bases()[i % 2] ?? '', 'POST', '/users/getToken', { imp_key, imp_secret }),
      ),
    );
    expect(answers.every((x) => x.status === 200)).toBe(true);
    expect(new Set(answers.map((x) => x.body.response.access_token)).size).toBe(1);
    expect(new Set(answers.map((x) => x.body.response.expired_at)).size).toBe(1);
  });
});
