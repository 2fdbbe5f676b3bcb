import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CoupangClient,
  type CoupangClientOptions,
  CoupangError,
  MAX_RETURN_CENTER_CODES,
  type NewReturnShippingCenter,
  RETURN_CONTRACT_UNCONFIRMED,
  SandboxClient,
  type SandboxVendor,
} from '../../src/client/index.js';
import { ManualClock } from '../../src/clock.js';
import { placeMessages as p, returnMessages as r } from '../../src/coupang/messages.js';
import { type RunningServer, startServer } from '../../src/server.js';
import { returnBody } from '../support/fixtures.js';
import { recordingFetch } from '../support/client.js';
import { engines, sharedDatabaseUrl } from '../support/server.js';

const START = Date.UTC(2026, 10, 23, 3, 0, 0);
const RETURN_CENTERS = /\/v4\/vendors\/A\d{8}\/returnShippingCenters$/;

/** A small valid center, each `n` a different name and address; the client sends its vendor. */
function center(
  n: number,
  overrides: Partial<NewReturnShippingCenter> = {},
  courier: Partial<NewReturnShippingCenter['goodsflowInfoOpenApiDto']> = {},
): NewReturnShippingCenter {
  const { vendorId: _vendorId, ...body } = returnBody('', n, {}, courier);
  return { ...(body as NewReturnShippingCenter), ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<CoupangError> {
  const err = await promise.then(
    () => expect.unreachable('expected a CoupangError'),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CoupangError);
  return err as CoupangError;
}

/** Expects the shipping-place failure envelope with this status and message. */
function expectPlaceError(err: CoupangError, status: number, message: string) {
  expect({ status: err.status, code: err.code, message: err.message, body: err.body }).toEqual({
    status,
    code: status,
    message,
    body: { code: status, message, data: null },
  });
}

describe.each(engines)('CoupangClient return shipping centers against baesong ($name)', ({ databaseUrl }) => {
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
    vendor = await sandbox.createVendor({
      contracts: [
        { deliverCode: 'HANJIN', contractNumber: '12345' },
        { deliverCode: 'CJGLS', contractNumber: '555', confirmed: false },
      ],
    });
  });

  describe('createReturnShippingCenter', () => {
    it('creates the center, the vendorId filled in, and answers its code as the API’s string', async () => {
      const c = client();
      const code = await c.createReturnShippingCenter(center(1));
      expect(code).toBe('1100000001');
      const [created] = await c.getReturnShippingCentersByCodes([code]);
      expect(created).toMatchObject({
        vendorId: vendor.vendorId,
        returnCenterCode: code,
        shippingPlaceName: '반품지 1',
        deliverCode: 'HANJIN',
        deliverName: '한진택배',
        goodsflowStatus: '승인',
        errorMessage: '',
        createdAt: START,
        returnFee05kg: 3000,
        returnFee02kg: null,
        usable: true,
      });
      expect(await c.createReturnShippingCenter(center(2))).toBe('1100000002');
    });

    it('throws 400 with the exact message of the first broken rule, and creates nothing', async () => {
      const c = client();
      const cases: Array<[NewReturnShippingCenter, string]> = [
        [center(1, { userId: 'nobody' }), p.userIdUnknown('nobody')],
        [center(1, { shippingPlaceName: 'x'.repeat(51) }), p.shippingPlaceNameTooLong],
        [center(1, {}, { deliverCode: 'LOTTE' as 'HANJIN' }), r.deliverCodeNotReturnCourier('LOTTE')],
        [center(1, {}, { returnFee05kg: 0 }), r.fee('returnFee05kg')],
        [center(1, { vendorId: 'A99999999' }), p.returnVendorMismatch],
      ];
      for (const [body, message] of cases) {
        expectPlaceError(await failure(c.createReturnShippingCenter(body)), 400, message);
      }
      expect((await c.listReturnShippingCenters()).content).toEqual([]);
    });

    it('throws the three duplicate errors', async () => {
      const c = client();
      const code = await c.createReturnShippingCenter(center(1));
      expectPlaceError(await failure(c.createReturnShippingCenter(center(1))), 400, r.registeredAlready);
      const sameName = center(2, { shippingPlaceName: '반품지 1' });
      expectPlaceError(await failure(c.createReturnShippingCenter(sameName)), 400, r.duplicateName(code));
      const sameAddress = center(1, { shippingPlaceName: '다른 반품지' });
      expectPlaceError(
        await failure(c.createReturnShippingCenter(sameAddress)),
        400,
        r.duplicateAddress('반품지 1'),
      );
    });

    it('throws the unconfirmed-contract 500, never retried, and the center is then listed as 승인불가', async () => {
      const recorder = recordingFetch();
      const c = client({
        fetch: recorder.fetch,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, retryNonIdempotent: true },
      });
      const err = await failure(
        c.createReturnShippingCenter(center(1, {}, { deliverCode: 'CJGLS', contractNumber: '555' })),
      );
      expectPlaceError(err, 500, RETURN_CONTRACT_UNCONFIRMED);
      expect(err.message).toBe(r.contractUnconfirmed);
      expect(recorder.calls.map((call) => call.status)).toEqual([500]);

      const { content } = await c.listReturnShippingCenters();
      expect(content).toEqual([
        expect.objectContaining({
          returnCenterCode: '1100000001',
          shippingPlaceName: '반품지 1',
          deliverCode: 'CJGLS',
          goodsflowStatus: '승인불가',
          errorMessage: r.contractUnconfirmed,
        }),
      ]);
    });

    it('does not send a create again after another 5xx unless retryNonIdempotent', async () => {
      const unknownContract = center(1, {}, { contractNumber: '999' });
      for (const [retryNonIdempotent, statuses] of [
        [false, [500]],
        [true, [500, 500, 500]],
      ] as const) {
        const recorder = recordingFetch();
        const c = client({
          fetch: recorder.fetch,
          retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 5, retryNonIdempotent },
        });
        expectPlaceError(await failure(c.createReturnShippingCenter(unknownContract)), 500, r.createError);
        expect(recorder.calls.map((call) => call.status)).toEqual(statuses);
        expect(recorder.calls.every((call) => RETURN_CENTERS.test(call.path))).toBe(true);
      }
      // A contract the vendor does not have stores nothing.
      expect((await client().listReturnShippingCenters()).content).toEqual([]);
    });
  });

  describe('updateReturnShippingCenter', () => {
    it('changes what is given, vendorId and returnCenterCode filled in, fees in goodsflowInfoDto', async () => {
      const c = client();
      const code = await c.createReturnShippingCenter(center(1));
      await c.updateReturnShippingCenter(code, {
        userId: 'wing-user',
        shippingPlaceName: '새 반품지',
        usable: false,
        goodsflowInfoDto: { returnFee05kg: 4000, vendorCashFee20kg: '5000' },
      });
      const [changed] = await c.getReturnShippingCentersByCodes([code]);
      expect(changed).toMatchObject({
        returnCenterCode: code,
        shippingPlaceName: '새 반품지',
        usable: false,
        returnFee05kg: 4000,
        vendorCashFee20kg: 5000,
        returnFee10kg: 3000,
        placeAddresses: [expect.objectContaining({ returnAddressDetail: '1' })],
      });
      // The code as a number does too.
      await c.updateReturnShippingCenter(Number(code), { userId: 'wing-user', usable: true });
      expect((await c.getReturnShippingCentersByCodes([code]))[0]?.usable).toBe(true);
    });

    it('throws 400 naming returnCenterCode for an unknown code, and the rule’s message', async () => {
      const c = client();
      const code = await c.createReturnShippingCenter(center(1));
      const err = await failure(c.updateReturnShippingCenter('1100000099', { userId: 'wing-user' }));
      expectPlaceError(err, 400, r.centerCodeUnknown('1100000099'));
      expect(err.message).toContain('returnCenterCode');
      expectPlaceError(
        await failure(
          c.updateReturnShippingCenter(code, { userId: 'wing-user', returnCenterCode: '1100000002' }),
        ),
        400,
        r.centerCodeMismatch('1100000002', code),
      );
      expectPlaceError(
        await failure(
          c.updateReturnShippingCenter(code, { userId: 'wing-user', goodsflowInfoDto: { returnFee20kg: 0 } }),
        ),
        400,
        r.fee('returnFee20kg'),
      );
    });
  });

  describe('listReturnShippingCenters', () => {
    it('pages the vendor’s own centers, oldest first, from the envelope’s data', async () => {
      const c = client();
      const codes: string[] = [];
      for (let n = 1; n <= 3; n++) {
        codes.push(await c.createReturnShippingCenter(center(n)));
        clock.advanceSeconds(1);
      }
      const other = await sandbox.createVendor();
      await client({
        accessKey: other.accessKey,
        secretKey: other.secretKey,
        vendorId: other.vendorId,
      }).createReturnShippingCenter(center(9));

      const all = await c.listReturnShippingCenters();
      expect(all.content.map((x) => x.returnCenterCode)).toEqual(codes);
      expect(all.pagination).toEqual({ currentPage: 1, totalPages: 1, totalElements: 3, countPerPage: 10 });
      const second = await c.listReturnShippingCenters({ pageNum: 2, pageSize: 2 });
      expect(second.content.map((x) => x.returnCenterCode)).toEqual([codes[2]]);
      expect(second.pagination).toEqual({ currentPage: 2, totalPages: 2, totalElements: 3, countPerPage: 2 });
    });

    it('throws 400 for a bad page', async () => {
      const c = client();
      expectPlaceError(await failure(c.listReturnShippingCenters({ pageSize: 51 })), 400, p.pageSize);
      expectPlaceError(await failure(c.listReturnShippingCenters({ pageNum: 0 })), 400, p.pageNum);
    });
  });

  describe('getReturnShippingCentersByCodes', () => {
    it('answers the vendor’s centers among the codes, in the order asked, unknown codes left out', async () => {
      const c = client();
      const first = await c.createReturnShippingCenter(center(1));
      const second = await c.createReturnShippingCenter(center(2));
      const found = await c.getReturnShippingCentersByCodes([second, '1100000099', Number(first)]);
      expect(found.map((x) => x.returnCenterCode)).toEqual([second, first]);
      expect(await c.getReturnShippingCentersByCodes(['1100000099'])).toEqual([]);
    });

    it('answers an empty list without asking; takes 100 codes and refuses 101 before sending', async () => {
      const recorder = recordingFetch();
      const c = client({ fetch: recorder.fetch });
      const code = await c.createReturnShippingCenter(center(1));
      expect(await c.getReturnShippingCentersByCodes([])).toEqual([]);
      expect(recorder.calls).toHaveLength(1);

      const hundred = [code, ...Array.from({ length: 99 }, (_, i) => String(1_100_500_000 + i))];
      expect(hundred).toHaveLength(MAX_RETURN_CENTER_CODES);
      expect((await c.getReturnShippingCentersByCodes(hundred)).map((x) => x.returnCenterCode)).toEqual([
        code,
      ]);
      expect(recorder.calls).toHaveLength(2);

      await expect(c.getReturnShippingCentersByCodes([...hundred, '1100600000'])).rejects.toThrow(
        new RangeError('getReturnShippingCentersByCodes takes at most 100 codes, not 101'),
      );
      expect(recorder.calls).toHaveLength(2);
    });
  });
});
