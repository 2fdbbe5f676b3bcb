import { type AddressInfo, createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { formatEnv, formatJson, formatTable, type SeedResult, seed } from '../../src/cli/seed.js';
import { CoupangClient, PortOneClient } from '../../src/client/index.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { runCli } from '../support/processes.js';
import { engines } from '../support/server.js';

/** A port nothing listens on: one just freed. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe.each(engines)('baesong seed ($name)', ({ databaseUrl }) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ port: 0, databaseUrl, logLevel: 'silent', adminToken: 'admin-secret' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('creates a merchant with a paid payment per PG, usable through PortOne, and a Coupang vendor', async () => {
    const result = await seed({ baseUrl: server.url, adminToken: 'admin-secret' });
    const { portone, coupang } = result;
    expect(portone.baseUrl).toBe(server.url);
    expect(portone.payments.map((p) => [p.variable, p.pg_provider, p.escrow])).toEqual([
      ['BAESONG_IMP_UID_INICIS', 'html5_inicis', true],
      ['BAESONG_IMP_UID_KCP', 'kcp', true],
      ['BAESONG_IMP_UID_DAOU', 'daou', true],
      ['BAESONG_IMP_UID_PAYMENTWALL', 'paymentwall', false],
    ]);
    const client = new PortOneClient({
      baseUrl: server.url,
      impKey: portone.impKey,
      impSecret: portone.impSecret,
    });
    for (const p of portone.payments) {
      expect(await client.getPayment(p.imp_uid)).toMatchObject({
        imp_uid: p.imp_uid,
        pg_provider: p.pg_provider,
        escrow: p.escrow,
        status: 'paid',
      });
    }

    expect(formatEnv(result)).toBe(
      [
        `export PORTONE_BASE_URL='${server.url}'`,
        `export PORTONE_IMP_KEY='${portone.impKey}'`,
        `export PORTONE_IMP_SECRET='${portone.impSecret}'`,
        ...portone.payments.map((p) => `export ${p.variable}='${p.imp_uid}'`),
        `export COUPANG_BASE_URL='${server.url}'`,
        `export COUPANG_VENDOR_ID='${coupang.vendorId}'`,
        `export COUPANG_ACCESS_KEY='${coupang.accessKey}'`,
        `export COUPANG_SECRET_KEY='${coupang.secretKey}'`,
        '',
      ].join('\n'),
    );
    const json = JSON.parse(formatJson(result));
    expect(json.portone).toEqual(portone);
    expect(json.coupang).toEqual(coupang);
    expect(json.variables.BAESONG_IMP_UID_KCP).toBe(portone.payments[1]?.imp_uid);
    expect(json.variables.COUPANG_SECRET_KEY).toBe(coupang.secretKey);
    const table = formatTable(result);
    for (const value of [
      portone.impKey,
      portone.impSecret,
      ...portone.payments.map((p) => p.imp_uid),
      coupang.vendorId,
      coupang.accessKey,
      coupang.secretKey,
      'wing-user',
    ]) {
      expect(table).toContain(value);
    }
  });

  it('creates a vendor whose keys sign Coupang requests', async () => {
    const { coupang } = await seed({ baseUrl: server.url, adminToken: 'admin-secret' });
    expect(coupang).toEqual({
      baseUrl: server.url,
      vendorId: expect.stringMatching(/^A\d{8}$/),
      accessKey: expect.any(String),
      secretKey: expect.stringMatching(/^[0-9a-f]{40}$/),
      userIds: ['wing-user'],
    });
    const client = new CoupangClient(coupang);
    const code = await client.createOutboundShippingPlace({
      userId: 'wing-user',
      shippingPlaceName: '데모 출고지',
      placeAddresses: [
        {
          addressType: 'JIBUN',
          companyContactNumber: '02-1500-1234',
          returnZipCode: '10516',
          returnAddress: '경기도 파주시 탄현면 월롱산로',
          returnAddressDetail: '294-58',
        },
      ],
    });
    const page = await client.queryOutboundShippingPlaces();
    expect(page.content.map((p) => p.outboundShippingPlaceCode)).toEqual([code]);
  });

  it('places the vendor a few orders in several states, as the order routes read them', async () => {
    const result = await seed({ baseUrl: server.url, adminToken: 'admin-secret' });
    expect(result.coupangOrders.map((o) => o.status)).toEqual([
      'ACCEPT',
      'INSTRUCT',
      'DEPARTURE',
      'FINAL_DELIVERY',
    ]);
    const client = new CoupangClient(result.coupang);
    for (const order of result.coupangOrders) {
      expect(order.shipmentBoxId).toMatch(/^\d{18}$/);
      expect((await client.getOrderSheet(order.shipmentBoxId)).status).toBe(order.status);
    }
    expect(formatTable(result)).toContain(result.coupangOrders[0]?.shipmentBoxId);
  });

  it('quotes values for the shell', () => {
    const result: SeedResult = {
      portone: { baseUrl: "http://it's", merchantId: 'm', impKey: 'k', impSecret: 's', payments: [] },
      coupang: { baseUrl: "http://it's", vendorId: 'v', accessKey: 'a', secretKey: 's', userIds: [] },
      coupangOrders: [],
    };
    expect(formatEnv(result).split('\n')[0]).toBe(`export PORTONE_BASE_URL='http://it'\\''s'`);
  });

  it('names the problem when the server refuses or cannot be reached', async () => {
    const refused = await seed({ baseUrl: server.url }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CliError);
    expect((refused as CliError).message).toBe(
      `cannot seed ${server.url}: the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>`,
    );
    const base = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = await seed({ baseUrl: base }).catch((e: unknown) => e);
    expect(unreachable).toBeInstanceOf(CliError);
    expect((unreachable as CliError).message).toMatch(
      new RegExp(`^cannot seed ${base}: POST ${base}/sandbox/merchants: fetch failed \\(ECONNREFUSED`),
    );
  });

  it('runs as a command, the admin token from the environment', async () => {
    const ok = await runCli(['seed', '--json', '--base-url', server.url], {
      BAESONG_ADMIN_TOKEN: 'admin-secret',
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).portone.payments).toHaveLength(4);
    expect(JSON.parse(ok.stdout).coupang.vendorId).toMatch(/^A\d{8}$/);

    const refused = await runCli(['seed', '--base-url', server.url]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `baesong: cannot seed ${server.url}: the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>\n`,
    );
    const both = await runCli(['seed', '--json', '--env']);
    expect([both.code, both.stderr]).toEqual([2, 'baesong: choose one of --json and --env\n']);
  });
});
