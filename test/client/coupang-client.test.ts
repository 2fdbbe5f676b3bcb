import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  BaesongClientError,
  CoupangClient,
  type CoupangClientOptions,
  CoupangError,
  type NewOutboundPlace,
  SandboxClient,
  SandboxError,
  type SandboxVendor,
} from '../../src/client/index.js';
import { ManualClock } from '../../src/clock.js';
import {
  gatewayMessages as g,
  outboundMessages as o,
  placeMessages as p,
} from '../../src/coupang/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { seedOutboundBody } from '../support/fixtures.js';
import { outboundBody } from '../support/fixtures.js';
import { recordingFetch } from '../support/client.js';

import { engines, sharedDatabaseUrl } from '../support/server.js';

const START = Date.UTC(2026, 10, 23, 3, 0, 0);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A small valid place, each `n` a different name and address; the client sends its vendor. */
function place(n: number, overrides: Partial<NewOutboundPlace> = {}): NewOutboundPlace {
  const { vendorId: _vendorId, ...body } = outboundBody('', n);
  return { ...(body as NewOutboundPlace), ...overrides };
}

/** The error the promise rejects with, checked to be a CoupangError. */
async function failure(promise: Promise<unknown>): Promise<CoupangError> {
  const err = await promise.then(
    () => expect.unreachable('expected a CoupangError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoupangError);
  expect(err).toBeInstanceOf(BaesongClientError);
  return err as CoupangError;
}

/** Expects a 400 in the shipping-place envelope with this message. */
function expectPlaceError(err: CoupangError, message: string) {
  expect({ status: err.status, code: err.code, message: err.message, body: err.body }).toEqual({
    status: 400,
    code: 400,
    message,
    body: { code: 400, message, data: null },
  });
  expect(err.transactionId).toBeUndefined();
}

describe.each(engines)('CoupangClient against baesong ($name)', ({ databaseUrl }) => {
  // A database of its own: the tests reset it, which must not touch another file's rows.
  const database = sharedDatabaseUrl(databaseUrl);
  let server: RunningServer;
  let clock: ManualClock;
  let sandbox: SandboxClient;
  let vendor: SandboxVendor;

  const client = (options: Partial<CoupangClientOptions> = {}) =>
    new CoupangClient({
      baseUrl: server.url,
      accessKey: vendor.accessKey,
      secretKey: vendor.secretKey,
      vendorId: vendor.vendorId,
      // Signatures are dated by the server's clock, which the tests move by hand.
      clock,
      ...options,
    });

  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      clock,
      logLevel: 'silent',
      coupangRateLimit: 0,
    });
    sandbox = new SandboxClient({ baseUrl: server.url });
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
  });
  beforeEach(async () => {
    clock.set(START);
    await sandbox.reset();
    vendor = await sandbox.createVendor();
  });

  describe('SandboxClient.createVendor', () => {
    it('creates a vendor with generated keys and the default WING user', () => {
      expect(vendor).toEqual({
        vendorId: expect.stringMatching(/^A\d{8}$/),
        accessKey: expect.stringMatching(UUID),
        secretKey: expect.stringMatching(/^[0-9a-f]{40}$/),
        userIds: ['wing-user'],
        contracts: null,
      });
    });

    it('takes a vendorId, WING users and contracts', async () => {
      const created = await sandbox.createVendor({
        vendorId: 'A00012345',
        userIds: ['testId'],
        contracts: [{ deliverCode: 'CJGLS', contractNumber: '12345' }],
      });
      expect(created).toMatchObject({
        vendorId: 'A00012345',
        userIds: ['testId'],
        contracts: [{ deliverCode: 'CJGLS', contractNumber: '12345', confirmed: true }],
      });
    });

    it('throws SandboxError 409 for a vendorId already taken, 400 for a repeated contract', async () => {
      const taken = await sandbox.createVendor({ vendorId: vendor.vendorId }).catch((e: unknown) => e);
      expect(taken).toBeInstanceOf(SandboxError);
      expect(taken).toMatchObject({ status: 409, message: `vendorId ${vendor.vendorId} is already taken` });

      const contract = { deliverCode: 'KGB', contractNumber: '1' } as const;
      const repeated = await sandbox.createVendor({ contracts: [contract, contract] }).catch((e) => e);
      expect(repeated).toBeInstanceOf(SandboxError);
      expect(repeated).toMatchObject({
        status: 400,
        message: 'contracts[1] repeats deliverCode KGB with contractNumber 1',
      });
    });
  });

  describe('createOutboundShippingPlace', () => {
    it('creates the place, the vendorId filled in, and answers its code as a number', async () => {
      const c = client();
      const code = await c.createOutboundShippingPlace(place(1));
      expect(Number.isSafeInteger(code) && code >= 1_000_000).toBe(true);
      const { content } = await c.queryOutboundShippingPlaces({ placeCodes: [code] });
      expect(content).toEqual([
        {
          outboundShippingPlaceCode: code,
          shippingPlaceName: '출고지 1',
          createDate: '2026/11/23',
          placeAddresses: [
            {
              addressType: 'JIBUN',
              countryCode: 'KR',
              companyContactNumber: '02-1234-5678',
              returnZipCode: '05510',
              returnAddress: '서울특별시 송파구 신천동',
              returnAddressDetail: '7-1',
            },
          ],
          remoteInfos: [],
          usable: true,
        },
      ]);
      // Codes are allocated in sequence.
      expect(await c.createOutboundShippingPlace(place(2))).toBeGreaterThan(code);
    });

    it('sends the seed example as Coupang documents it, strings for numbers and booleans', async () => {
      const seeded = await sandbox.createVendor({ userIds: ['testId'] });
      const c = client({
        accessKey: seeded.accessKey,
        secretKey: seeded.secretKey,
        vendorId: seeded.vendorId,
      });
      const code = await c.createOutboundShippingPlace(seedOutboundBody(seeded.vendorId) as NewOutboundPlace);
      const [created] = (await c.queryOutboundShippingPlaces({ placeNames: ['상품출고지 생성'] })).content;
      expect(created?.outboundShippingPlaceCode).toBe(code);
      expect(created?.remoteInfos.map((r) => [r.deliveryCode, r.jeju, r.notJeju, r.usable])).toEqual([
        ['KGB', 5000, 2500, true],
        ['CJGLS', 5000, 2500, true],
      ]);
    });

    it('throws the duplicate-name error, then the duplicate-address one', async () => {
      const c = client();
      const code = await c.createOutboundShippingPlace(place(1));
      expectPlaceError(await failure(c.createOutboundShippingPlace(place(1))), o.duplicateName('출고지 1'));
      const sameAddress = place(1, { shippingPlaceName: '다른 이름' });
      expectPlaceError(await failure(c.createOutboundShippingPlace(sameAddress)), o.duplicateAddress(code));
    });

    it('throws 400 with the exact message of the first broken rule', async () => {
      const c = client();
      const address = place(1).placeAddresses[0] as NewOutboundPlace['placeAddresses'][number];
      const cases: Array<[NewOutboundPlace, string]> = [
        [place(1, { userId: 'nobody' }), p.userIdUnknown('nobody')],
        [place(1, { shippingPlaceName: 'x'.repeat(51) }), p.shippingPlaceNameTooLong],
        [place(1, { placeAddresses: [] }), p.placeAddressesRequired],
        [place(1, { placeAddresses: [{ ...address, returnZipCode: '055-10' }] }), p.zipNotDigits],
        [place(1, { placeAddresses: [{ ...address, companyContactNumber: '02 1234 5678' }] }), p.phoneFormat],
        [place(1, { placeAddresses: [{ ...address, addressType: 'ROADNAME' }] }), p.roadnameNeedsJibun],
        [
          place(1, { remoteInfos: [{ deliveryCode: 'LOTTE', jeju: 3000, notJeju: 3000 }] }),
          o.deliveryCodeUnknown('LOTTE'),
        ],
        [place(1, { remoteInfos: [{ deliveryCode: 'EPOST', jeju: 1000, notJeju: 0 }] }), o.epostFee],
        [place(1, { remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 500, notJeju: 0 }] }), o.fee],
        [place(1, { vendorId: 'A99999999' }), p.outboundVendorMismatch],
        [place(1, { vendorId: 'B1' }), p.invalidVendorId],
      ];
      for (const [body, message] of cases) {
        expectPlaceError(await failure(c.createOutboundShippingPlace(body)), message);
      }
      // Nothing was created.
      expect((await c.queryOutboundShippingPlaces()).content).toEqual([]);
    });

    it('throws 400 when the client’s vendorId is not the keys’ vendor', async () => {
      const other = await sandbox.createVendor();
      const err = await failure(client({ vendorId: other.vendorId }).createOutboundShippingPlace(place(1)));
      expectPlaceError(err, p.outboundVendorMismatch);
      const malformed = await failure(client({ vendorId: 'vendor-1' }).createOutboundShippingPlace(place(1)));
      expectPlaceError(malformed, p.invalidVendorId);
    });
  });

  describe('the gateway', () => {
    it('throws 401 Invalid signature. for a wrong secret key or an unknown access key', async () => {
      for (const c of [client({ secretKey: 'f'.repeat(40) }), client({ accessKey: crypto.randomUUID() })]) {
        const err = await failure(c.queryOutboundShippingPlaces());
        expect({ status: err.status, code: err.code, message: err.message }).toEqual({
          status: 401,
          code: 'ERROR',
          message: g.invalidSignature,
        });
        expect(err.transactionId).toMatch(UUID);
        expect(err.body).toEqual({
          code: 'ERROR',
          message: g.invalidSignature,
          transactionId: err.transactionId,
        });
        expect(err.method).toBe('GET');
        expect(err.url).toBe(
          `${server.url}/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound`,
        );
      }
    });

    it('dates signatures by its own clock: 5 minutes off is accepted, more is expired', async () => {
      const behind = new ManualClock(START - 5 * 60 * 1000);
      expect((await client({ clock: behind }).queryOutboundShippingPlaces()).content).toEqual([]);
      behind.advanceSeconds(-1);
      const err = await failure(client({ clock: behind }).queryOutboundShippingPlaces());
      expect([err.status, err.code, err.message]).toEqual([401, 'ERROR', g.expired]);
    });

    it('signs the path a base URL adds, and takes a trailing slash', async () => {
      expect((await client({ baseUrl: `${server.url}/` }).queryOutboundShippingPlaces()).content).toEqual([]);
      // The server sees (and checks the signature of) the prefixed path, and answers 404 for it.
      const err = await failure(
        client({ baseUrl: `${server.url}/v2/providers/x` }).queryOutboundShippingPlaces(),
      );
      expect([err.status, err.code, err.message]).toEqual([404, 'ERROR', g.notFound]);
    });

    it('refuses options it cannot sign with', () => {
      expect(() => new CoupangClient({ accessKey: '', secretKey: 's', vendorId: 'A00000001' })).toThrow(
        TypeError,
      );
      expect(
        () =>
          new CoupangClient({ accessKey: 'a', secretKey: 's', vendorId: 'A00000001', baseUrl: 'nowhere' }),
      ).toThrow(TypeError);
      expect(new CoupangClient({ accessKey: 'a', secretKey: 's', vendorId: 'A00000001' }).baseUrl).toBe(
        'https://api-gateway.coupang.com',
      );
    });
  });

  describe('updateOutboundShippingPlace', () => {
    it('changes the place; remote infos by remoteInfoId, added without one', async () => {
      const c = client();
      const code = await c.createOutboundShippingPlace(
        place(1, { remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 }] }),
      );
      const [before] = (await c.queryOutboundShippingPlaces({ placeCodes: [code] })).content;
      const remoteInfoId = before?.remoteInfos[0]?.remoteInfoId;

      await c.updateOutboundShippingPlace(code, {
        ...place(1, { shippingPlaceName: '새 이름', usable: false }),
        remoteInfos: [
          { remoteInfoId, usable: false },
          { deliveryCode: 'HANJIN', jeju: 3000, notJeju: 3000 },
        ],
      });
      const [after] = (await c.queryOutboundShippingPlaces({ placeCodes: [String(code)] })).content;
      expect(after).toMatchObject({
        outboundShippingPlaceCode: code,
        shippingPlaceName: '새 이름',
        usable: false,
      });
      expect(after?.remoteInfos.map((r) => [r.deliveryCode, r.usable])).toEqual([
        ['CJGLS', false],
        ['HANJIN', true],
      ]);
    });

    it('throws 400 for an unknown code, a mismatched body code, global changed, a taken name', async () => {
      const c = client();
      const code = await c.createOutboundShippingPlace(place(1));
      await c.createOutboundShippingPlace(place(2));
      expectPlaceError(
        await failure(c.updateOutboundShippingPlace(9_999_999, place(1))),
        o.placeCodeUnknown('9999999'),
      );
      expectPlaceError(
        await failure(
          c.updateOutboundShippingPlace(code, { ...place(1), outboundShippingPlaceCode: code + 1 }),
        ),
        o.placeCodeMismatch(String(code + 1), String(code)),
      );
      const oversea = {
        ...place(1, { global: true }),
        placeAddresses: [{ ...place(1).placeAddresses[0], addressType: 'OVERSEA', countryCode: 'US' }],
      } as NewOutboundPlace;
      expectPlaceError(await failure(c.updateOutboundShippingPlace(code, oversea)), o.globalUnchangeable);
      expectPlaceError(
        await failure(c.updateOutboundShippingPlace(code, place(1, { shippingPlaceName: '출고지 2' }))),
        o.duplicateName('출고지 2'),
      );
    });

    it('cannot change another vendor’s place', async () => {
      const other = await sandbox.createVendor();
      const theirs = await client({
        accessKey: other.accessKey,
        secretKey: other.secretKey,
        vendorId: other.vendorId,
      }).createOutboundShippingPlace(place(1));
      const err = await failure(client().updateOutboundShippingPlace(theirs, place(1)));
      expectPlaceError(err, o.placeCodeUnknown(String(theirs)));
    });
  });

  describe('queryOutboundShippingPlaces', () => {
    it('pages the vendor’s own places, oldest first, the answer as it comes', async () => {
      const c = client();
      const codes: number[] = [];
      for (let n = 1; n <= 3; n++) codes.push(await c.createOutboundShippingPlace(place(n)));
      const other = await sandbox.createVendor();
      await client({
        accessKey: other.accessKey,
        secretKey: other.secretKey,
        vendorId: other.vendorId,
      }).createOutboundShippingPlace(place(9));

      const all = await c.queryOutboundShippingPlaces();
      expect(all.content.map((x) => x.outboundShippingPlaceCode)).toEqual(codes);
      expect(all.pagination).toEqual({ currentPage: 1, totalPages: 1, totalElements: 3, countPerPage: 10 });
      const second = await c.queryOutboundShippingPlaces({ pageNum: 2, pageSize: 2 });
      expect(second.content.map((x) => x.outboundShippingPlaceCode)).toEqual([codes[2]]);
      expect(second.pagination).toEqual({ currentPage: 2, totalPages: 2, totalElements: 3, countPerPage: 2 });
    });

    it('looks up by codes and by exact names, the query encoded and signed as sent', async () => {
      const c = client();
      const names = ['출고지 1', 'A&B+C=D/E?', '100% 창고'];
      const codes: number[] = [];
      for (const [n, name] of names.entries()) {
        codes.push(await c.createOutboundShippingPlace(place(n, { shippingPlaceName: name })));
      }
      const byCodes = await c.queryOutboundShippingPlaces({
        placeCodes: [codes[2] as number, codes[0] as number],
      });
      expect(byCodes.content.map((x) => x.outboundShippingPlaceCode)).toEqual([codes[0], codes[2]]);
      expect(byCodes.pagination).toEqual({
        currentPage: 1,
        totalPages: 1,
        totalElements: 2,
        countPerPage: 2,
      });

      const byNames = await c.queryOutboundShippingPlaces({
        placeNames: [names[2] as string, names[1] as string],
      });
      expect(byNames.content.map((x) => x.shippingPlaceName)).toEqual(names.slice(1));
      const none = await c.queryOutboundShippingPlaces({ placeNames: ['없는 이름'] });
      expect(none).toEqual({
        content: [],
        pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 0 },
      });
    });

    it('answers an empty lookup itself: the API would take it as no lookup', async () => {
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch });
      await c.createOutboundShippingPlace(place(1));
      const empty = {
        content: [],
        pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 0 },
      };
      expect(await c.queryOutboundShippingPlaces({ placeCodes: [] })).toEqual(empty);
      expect(await c.queryOutboundShippingPlaces({ placeNames: [] })).toEqual(empty);
      expect(recorder.calls).toHaveLength(1);
    });

    it('throws 400 for a bad page or a code that is not a number', async () => {
      const c = client();
      expectPlaceError(await failure(c.queryOutboundShippingPlaces({ pageSize: 51 })), p.pageSize);
      expectPlaceError(await failure(c.queryOutboundShippingPlaces({ pageNum: 0 })), p.pageNum);
      expectPlaceError(
        await failure(c.queryOutboundShippingPlaces({ placeCodes: ['abc'] })),
        o.placeCodesInvalid('abc'),
      );
    });
  });
});

describe.each(engines)('CoupangClient and the gateway’s rate limit ($name)', ({ databaseUrl }) => {
  // A database of its own: the tests reset it, which must not touch another file's rows.
  const database = sharedDatabaseUrl(databaseUrl);
  let server: RunningServer;
  let clock: ManualClock;
  let vendor: SandboxVendor;
  beforeAll(async () => {
    clock = new ManualClock(START);
    server = await startServer({
      port: 0,
      databaseUrl: database.url,
      clock,
      logLevel: 'silent',
      coupangRateLimit: 1,
    });
    vendor = await new SandboxClient({ baseUrl: server.url }).createVendor();
  });
  afterAll(async () => {
    await server.close();
    await database.remove();
  });

  /**
   * A fetch that moves the server's clock on after every 429, as a retry's wait would; six
   * minutes, past a signature's life, so a retry succeeds only when it is signed afresh.
   */
  function timePassingFetch() {
    const recorder = recordingFetch();
    const fetchFn: typeof fetch = async (input, init) => {
      const res = await recorder.fetch(input, init);
      if (res.status === 429) clock.advanceSeconds(6 * 60);
      return res;
    };
    return { fetch: fetchFn, statuses: () => recorder.calls.map((call) => call.status) };
  }

  const client = (options: Partial<CoupangClientOptions>) =>
    new CoupangClient({
      baseUrl: server.url,
      accessKey: vendor.accessKey,
      secretKey: vendor.secretKey,
      vendorId: vendor.vendorId,
      clock,
      ...options,
    });

  it('throws 429 Too Many Requests without a retry policy', async () => {
    clock.advanceSeconds(10);
    const c = client({});
    await c.queryOutboundShippingPlaces();
    const err = await failure(c.queryOutboundShippingPlaces());
    expect([err.status, err.code, err.message]).toEqual([429, 'ERROR', g.tooManyRequests]);
    expect(err.transactionId).toMatch(UUID);
  });

  it('retries a 429, a POST included, signing each attempt afresh, and succeeds', async () => {
    clock.advanceSeconds(10);
    const timed = timePassingFetch();
    const c = client({ fetch: timed.fetch, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 } });
    await c.queryOutboundShippingPlaces();
    const code = await c.createOutboundShippingPlace(place(1));
    const { content } = await c.queryOutboundShippingPlaces({ placeCodes: [code] });
    expect(content.map((x) => x.shippingPlaceName)).toEqual(['출고지 1']);
    expect(timed.statuses()).toEqual([200, 429, 200, 429, 200]);
  });

  it('gives up after the policy’s attempts', async () => {
    clock.advanceSeconds(10);
    const recorder = recordingFetch();
    const c = client({ fetch: recorder.fetch, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 } });
    await c.queryOutboundShippingPlaces();
    const err = await failure(c.queryOutboundShippingPlaces());
    expect(err.status).toBe(429);
    expect(recorder.calls.map((call) => call.status)).toEqual([200, 429, 429]);
  });
});
