import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { placeMessages as p, returnMessages as r } from '../../../src/coupang/messages.js';
import {
  returnBody,
  returnFees,
  seedReturnBody,
  without,
  withAddress,
  withoutAddressField,
} from '../../support/fixtures.js';
import {
  centerCodePath,
  createVendor,
  placeError,
  returnPath,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { drawnSequences } from '../../support/sequences.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

type Body = Record<string, unknown>;
type Address = Record<string, unknown>;

/** A copy of `body` with its courier object changed (`undefined` removes a field). */
function withCourier(body: Body, changes: Record<string, unknown>): Body {
  const dto = { ...(body.goodsflowInfoOpenApiDto as Body), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) delete dto[key];
  return { ...body, goodsflowInfoOpenApiDto: dto };
}

const roadname = {
  addressType: 'ROADNAME',
  companyContactNumber: '02-1234-5678',
  returnZipCode: '10881',
  returnAddress: '경기도 파주시 탄현면 월롱산로 294-58',
  returnAddressDetail: '',
};

const FEES = Object.keys(returnFees());

describe.each(engines)('POST .../returnShippingCenters ($name)', ({ name: engine, databaseUrl }) => {
  describe('the seed example and what it stores', () => {
    let t: TestApp;
    let vendor: Vendor;
    beforeEach(async () => {
      t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
      vendor = await createVendor(t, { vendorId: 'A00012345', userIds: ['testId'] });
    });
    afterEach(() => t.close());

    it('creates the center of seed 002’s own example; the list and the lookup return it with every field', async () => {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: returnPath('A00012345'),
        payload: seedReturnBody('A00012345'),
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({
        code: 200,
        message: 'SUCCESS',
        data: { resultCode: 'SUCCESS', resultMessage: '1100000001' },
      });

      const center = {
        vendorId: 'A00012345',
        returnCenterCode: '1100000001',
        shippingPlaceName: '반품지01',
        deliverCode: 'CJGLS',
        deliverName: 'CJ대한통운',
        goodsflowStatus: '승인',
        errorMessage: '',
        createdAt: Date.UTC(2026, 10, 23, 3, 0, 0),
        vendorCreditFee02kg: null,
        vendorCreditFee05kg: 2500,
        vendorCreditFee10kg: 2500,
        vendorCreditFee20kg: 2500,
        vendorCashFee02kg: null,
        vendorCashFee05kg: 2500,
        vendorCashFee10kg: 2500,
        vendorCashFee20kg: 2500,
        consumerCashFee02kg: null,
        consumerCashFee05kg: 2500,
        consumerCashFee10kg: 2500,
        consumerCashFee20kg: 2500,
        returnFee02kg: null,
        returnFee05kg: 2500,
        returnFee10kg: 2500,
        returnFee20kg: 2500,
        usable: true,
        placeAddresses: [
          {
            addressType: 'JIBUN',
            countryCode: 'KR',
            companyContactNumber: '02-1234-5678',
            phoneNumber2: '',
            returnZipCode: '112207',
            returnAddress: '경기도 파주시 탄현면 월롱산로',
            returnAddressDetail: '294-58',
          },
        ],
      };

      const list = await signed(t, vendor, {
        method: 'GET',
        url: `${returnPath('A00012345')}?pageNum=1&pageSize=10`,
      });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        code: 200,
        message: 'SUCCESS',
        data: {
          content: [center],
          pagination: { currentPage: 1, totalPages: 1, totalElements: 1, countPerPage: 10 },
        },
      });
      // In the real service's order.
      expect(Object.keys(list.body.data.content[0])).toEqual(Object.keys(center));

      for (const which of ['v3', 'greatwall'] as const) {
        const lookup = await signed(t, vendor, {
          method: 'GET',
          url: `${centerCodePath(which)}?returnCenterCodes=1100000001`,
        });
        expect(lookup.status).toBe(200);
        expect(lookup.body).toEqual({ code: 200, message: 'SUCCESS', data: [center] });
      }
    });

    it('serves /v5/ as /v4/', async () => {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: returnPath('A00012345', 'v5'),
        payload: seedReturnBody('A00012345'),
      });
      expect(res.body.data.resultMessage).toBe('1100000001');
      const list = await signed(t, vendor, { method: 'GET', url: returnPath('A00012345', 'v5') });
      expect(list.body.data.content[0].returnCenterCode).toBe('1100000001');
    });

    it('allocates codes in sequence: 10 digits starting 1100', async () => {
      const codes: string[] = [];
      for (let n = 1; n <= 3; n++) {
        const res = await signed(t, vendor, {
          method: 'POST',
          url: returnPath(vendor.vendorId),
          payload: returnBody(vendor.vendorId, n, { userId: 'testId' }),
        });
        codes.push(res.body.data.resultMessage);
      }
      expect(codes).toEqual(['1100000001', '1100000002', '1100000003']);
      for (const code of codes) expect(code).toMatch(/^1100\d{6}$/);
    });

    it('takes numbers where strings are meant, keeps a deliverName sent, and defaults what may be left out', async () => {
      const numeric = await createVendor(t, { userIds: ['12345'] });
      const body = {
        vendorId: numeric.vendorId,
        userId: 12345,
        shippingPlaceName: 2026,
        usable: 'false',
        goodsflowInfoOpenApiDto: {
          deliverCode: 'EPOST',
          deliverName: '우체국택배',
          contractNumber: 4001,
          contractCustomerNumber: 77,
          ...returnFees(1),
          returnFee02kg: 100,
        },
        placeAddresses: [
          {
            addressType: 'JIBUN',
            countryCode: 'US',
            companyContactNumber: 212345678,
            returnZipCode: 10516,
            returnAddress: 77,
          },
          { ...roadname, returnZipCode: 10881 },
        ],
      };
      const res = await signed(t, numeric, {
        method: 'POST',
        url: returnPath(numeric.vendorId),
        payload: body,
      });
      expect(res.status).toBe(200);
      const list = await signed(t, numeric, { method: 'GET', url: returnPath(numeric.vendorId) });
      const [center] = list.body.data.content;
      expect(center).toMatchObject({
        shippingPlaceName: '2026',
        deliverCode: 'EPOST',
        deliverName: '우체국택배',
        returnFee02kg: null,
        returnFee20kg: 1,
        usable: false,
        placeAddresses: [
          {
            addressType: 'JIBUN',
            countryCode: 'KR',
            companyContactNumber: '212345678',
            returnZipCode: '10516',
            returnAddress: '77',
            returnAddressDetail: '',
          },
          { addressType: 'ROADNAME', countryCode: 'KR', returnZipCode: '10881' },
        ],
      });
      expect(center.placeAddresses[0]).not.toHaveProperty('phoneNumber2');
      expect(center).not.toHaveProperty('contractNumber');
    });

    it('names each return courier in Korean when deliverName is left out or blank', async () => {
      const names: Record<string, string> = {
        HYUNDAI: '롯데택배',
        KGB: '로젠택배',
        EPOST: '우체국',
        HANJIN: '한진택배',
        CJGLS: 'CJ대한통운',
        ILYANG: '일양택배',
      };
      let n = 0;
      for (const [deliverCode, name] of Object.entries(names)) {
        n++;
        const res = await signed(t, vendor, {
          method: 'POST',
          url: returnPath(vendor.vendorId),
          payload: returnBody(
            vendor.vendorId,
            n,
            { userId: 'testId' },
            { deliverCode, contractCustomerNumber: '1', ...(n % 2 ? { deliverName: '' } : {}) },
          ),
        });
        expect(res.status).toBe(200);
        const lookup = await signed(t, vendor, {
          method: 'GET',
          url: `${centerCodePath()}?returnCenterCodes=${res.body.data.resultMessage}`,
        });
        expect(lookup.body.data[0]).toMatchObject({ deliverCode, deliverName: name });
      }
    });

    it('accepts the limits themselves', async () => {
      const body = returnBody(vendor.vendorId, 1, {
        userId: 'testId',
        shippingPlaceName: '가'.repeat(50),
        placeAddresses: [
          {
            addressType: 'JIBUN',
            companyContactNumber: '1'.repeat(13),
            phoneNumber2: '123456789',
            returnZipCode: '123456',
            returnAddress: '가'.repeat(150),
            returnAddressDetail: '나'.repeat(200),
          },
          { ...roadname, companyContactNumber: '123456789', returnZipCode: '12345' },
        ],
      });
      const res = await signed(t, vendor, {
        method: 'POST',
        url: returnPath(vendor.vendorId),
        payload: withCourier(body, { contractNumber: '9'.repeat(20), ...returnFees('1') }),
      });
      expect(res.status).toBe(200);
    });
  });

  describe('the rules, each with its exact message', () => {
    let t: TestApp;
    let vendor: Vendor;
    let other: Vendor;
    beforeAll(async () => {
      t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
      vendor = await createVendor(t, { vendorId: 'A00012345' });
      other = await createVendor(t, { vendorId: 'A00099999' });
    });
    afterAll(() => t.close());

    const base = () => returnBody('A00012345', 1);
    const create = (payload: unknown, pathVendorId = 'A00012345') =>
      signed(t, vendor, { method: 'POST', url: returnPath(pathVendorId), payload });
    const expectRefused = async (payload: unknown, message: string, pathVendorId?: string, status = 400) => {
      const res = await create(payload, pathVendorId);
      expect(res.status).toBe(status);
      expect(res.body).toEqual(placeError(status, message));
    };
    const expectNaming = async (payload: unknown, ...words: string[]) => {
      const res = await create(payload);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, expect.any(String)));
      for (const word of words) expect(res.body.message).toContain(word);
    };

    // One case per shared rule, for the wiring, the status and the envelope: the cases of each
    // rule are test/coupang/place-rules.test.ts's.
    describe('shared rules', () => {
      it('any field as JSON null (a fee)', async () => {
        await expectRefused(withCourier(base(), { returnFee10kg: null }), 'params are not allowed null...');
      });

      it('path vendorId not A + 8 digits', async () => {
        await expectRefused(base(), 'Invalid vendor ID', 'A0001234');
      });

      it('body vendorId not A + 8 digits', async () => {
        await expectRefused({ ...base(), vendorId: '12345678' }, 'Invalid vendor ID');
      });

      it('body vendorId missing', async () => {
        await expectRefused(without(base(), 'vendorId'), 'The vendorId is required');
      });

      it('path vendorId not the access key’s vendor', async () => {
        await expectRefused(
          { ...base(), vendorId: other.vendorId },
          "The vendorId in path or requestBody doesn't match the one got from api-gateway.",
          other.vendorId,
        );
      });

      it('body vendorId not the access key’s vendor', async () => {
        await expectRefused(
          { ...base(), vendorId: other.vendorId },
          "The vendorId in path or requestBody doesn't match the one got from api-gateway.",
        );
      });

      it('userId not a WING user of the vendor', async () => {
        await expectRefused(
          { ...base(), userId: 'testId' },
          'The userId testId is not a WING user of this vendor',
        );
      });

      it('shippingPlaceName missing', async () => {
        await expectRefused(without(base(), 'shippingPlaceName'), 'The shippingPlaceName can not be empty');
      });

      it('shippingPlaceName over 50 characters', async () => {
        await expectRefused(
          { ...base(), shippingPlaceName: '가'.repeat(51) },
          'The max length of the shipping place name is 50, please input the correct length name',
        );
      });

      it('placeAddresses empty', async () => {
        await expectRefused(
          { ...base(), placeAddresses: [] },
          "The address detail info can't be null(placeAddress)",
        );
      });

      it('companyContactNumber missing', async () => {
        await expectRefused(
          withoutAddressField(base(), 'companyContactNumber'),
          'Must input the default phone number(phoneNumber1)',
        );
      });

      it('phoneNumber2 not a phone number', async () => {
        await expectRefused(
          withAddress(base(), { phoneNumber2: '+82-10-1234-5678' }),
          "Please input the correct phone number format including numbers and '-' (min 9, max 13)",
        );
      });

      it('returnZipCode empty', async () => {
        await expectRefused(withAddress(base(), { returnZipCode: '' }), "Post code can't be empty");
      });

      it('returnZipCode with a non-digit', async () => {
        await expectRefused(
          withAddress(base(), { returnZipCode: '05-510' }),
          'The format of postal code is invalid, it can only be number',
        );
      });

      it('returnZipCode of digits but not 5-6 long', async () => {
        await expectRefused(
          withAddress(base(), { returnZipCode: '0551' }),
          'The format of postal code is invalid, it can only be number, min length is 5 and max length is 6',
        );
      });

      it('returnAddress missing', async () => {
        await expectRefused(
          withoutAddressField(base(), 'returnAddress'),
          'Must input the default address(address1)',
        );
      });

      it('returnAddress over 150 characters, naming it and its limit', async () => {
        await expectRefused(
          withAddress(base(), { returnAddress: '가'.repeat(151) }),
          'The max length of returnAddress is 150',
        );
      });

      it('returnAddressDetail over 200 characters, naming it and its limit', async () => {
        await expectRefused(
          withAddress(base(), { returnAddressDetail: '가'.repeat(201) }),
          'The max length of returnAddressDetail is 200',
        );
      });

      it.each([
        ['usable', 'yes'],
        ['global', 'no'],
      ])('%s of %s, not a boolean, naming it', async (field, value) => {
        await expectRefused({ ...base(), [field]: value }, `The ${field} must be a boolean (true or false)`);
      });

      it('a ROADNAME address without a JIBUN one', async () => {
        await expectRefused(
          { ...base(), placeAddresses: [roadname] },
          '도로명 주소 등록 시, 반드시 지번 주소를 함께 등록해야합니다.',
        );
      });
    });

    describe('return rules', () => {
      it('goodsflowInfoOpenApiDto missing, or not an object, naming it', async () => {
        await expectNaming(without(base(), 'goodsflowInfoOpenApiDto'), 'goodsflowInfoOpenApiDto');
        await expectNaming({ ...base(), goodsflowInfoOpenApiDto: 'CJGLS' }, 'goodsflowInfoOpenApiDto');
        await expectNaming({ ...base(), goodsflowInfoOpenApiDto: [] }, 'goodsflowInfoOpenApiDto');
      });

      it.each([
        ['missing', undefined],
        ['empty', ''],
      ])('deliverCode %s, naming it', async (_case, value) => {
        await expectNaming(withCourier(base(), { deliverCode: value }), 'deliverCode');
      });

      it.each([
        ['missing', undefined],
        ['empty', ''],
        ['an object', {}],
      ])('contractNumber %s, naming it', async (_case, value) => {
        await expectNaming(withCourier(base(), { contractNumber: value }), 'contractNumber');
      });

      it.each([['LOTTE'], ['KDEXP'], ['DIRECT'], ['cjgls'], ['KGBPS'], [7]])(
        'deliverCode %s, not one of the six return couriers, naming the code',
        async (code) => {
          await expectRefused(
            withCourier(base(), { deliverCode: code }),
            r.deliverCodeNotReturnCourier(String(code)),
          );
          expect(r.deliverCodeNotReturnCourier(String(code))).toContain(`deliverCode ${code}`);
        },
      );

      it.each(FEES.map((fee) => [fee]))('%s missing, naming it', async (fee) => {
        await expectNaming(withCourier(base(), { [fee]: undefined }), fee);
      });

      it.each([[0], ['0'], [-2500], ['-1'], ['2,500'], [''], [true], ['2500원'], [2500.5], [{}]])(
        'a fee of %s: not a number greater than 0, naming it',
        async (value) => {
          await expectNaming(withCourier(base(), { vendorCashFee10kg: value }), 'vendorCashFee10kg');
          await expectNaming(withCourier(base(), { returnFee20kg: value }), 'returnFee20kg');
        },
      );

      it.each([['OVERSEA'], ['jibun'], ['JIBUN&ROADNAME'], [1]])(
        'addressType %s, naming it',
        async (addressType) => {
          await expectNaming(withAddress(base(), { addressType }), 'addressType');
        },
      );

      it('addressType missing, naming it', async () => {
        await expectNaming(withoutAddressField(base(), 'addressType'), 'addressType');
      });
    });

    describe('the order of the checks', () => {
      it('path vendorId before the body, the body before its vendorId, the vendorId before the field rules', async () => {
        await expectRefused('{"broken', p.invalidVendorId, 'A123');
        await expectRefused('{"broken', p.returnVendorMismatch, other.vendorId);
        const res = await create('{"broken');
        expect(res.status).toBe(400);
        expect(res.body.message).toMatch(/^malformed JSON body/);
        await expectRefused({ ...base(), vendorId: 'nope', usable: null }, p.nullParam);
        await expectRefused(
          { ...without(base(), 'userId'), vendorId: other.vendorId },
          p.returnVendorMismatch,
        );
      });

      it('the shared table before the return table', async () => {
        await expectRefused(
          { ...without(base(), 'goodsflowInfoOpenApiDto'), placeAddresses: [roadname] },
          p.roadnameNeedsJibun,
        );
        await expectRefused(
          withCourier({ ...base(), usable: 'maybe' }, { deliverCode: 'LOTTE' }),
          p.notBoolean('usable'),
        );
      });

      it('the return table in its order', async () => {
        await expectRefused(
          withCourier(base(), { deliverCode: undefined, contractNumber: undefined }),
          r.deliverCodeRequired,
        );
        await expectRefused(
          withCourier(base(), { deliverCode: 'LOTTE', contractNumber: undefined }),
          r.contractNumberRequired,
        );
        await expectRefused(
          withCourier(base(), { deliverCode: 'LOTTE', vendorCreditFee05kg: 0 }),
          r.deliverCodeNotReturnCourier('LOTTE'),
        );
        // The fees in the documents' order.
        await expectRefused(
          withCourier(base(), { returnFee05kg: 0, vendorCashFee20kg: 0, consumerCashFee05kg: 0 }),
          r.fee('vendorCashFee20kg'),
        );
        await expectRefused(
          withAddress(withCourier(base(), { returnFee20kg: -1 }), { addressType: 'OVERSEA' }),
          r.fee('returnFee20kg'),
        );
      });

      it('the field rules before the contract checks', async () => {
        await expectRefused(
          withCourier(base(), { deliverCode: 'EPOST', contractNumber: 'not digits', returnFee10kg: 0 }),
          r.fee('returnFee10kg'),
        );
      });

      it('stored none of the refused requests', async () => {
        const list = await signed(t, vendor, { method: 'GET', url: returnPath(vendor.vendorId) });
        expect(list.body.data.content).toEqual([]);
        for (const table of ['coupang_return_centers', 'coupang_return_address_keys'] as const) {
          expect(await t.database.db.selectFrom(table).selectAll().execute()).toEqual([]);
        }
        // No code was drawn (the journal's own sequence numbers its entries).
        const { journal: _, ...drawn } = await drawnSequences(t.database.db);
        expect(drawn).toEqual({});
      });
    });
  });

  describe('contracts', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    });
    afterEach(() => t.close());

    const create = (vendor: Vendor, body: Body) =>
      signed(t, vendor, { method: 'POST', url: returnPath(vendor.vendorId), payload: body });
    const centersOf = async (vendor: Vendor) =>
      (await signed(t, vendor, { method: 'GET', url: returnPath(vendor.vendorId) })).body.data.content;

    describe('a vendor created without contracts', () => {
      it('accepts any contract number of 1 to 20 digits, for any return courier, as confirmed', async () => {
        const vendor = await createVendor(t);
        for (const [n, contractNumber] of ['1', '9'.repeat(20), '00012'].entries()) {
          const res = await create(
            vendor,
            returnBody(vendor.vendorId, n, {}, { deliverCode: 'KGB', contractNumber }),
          );
          expect(res.status).toBe(200);
        }
        expect((await centersOf(vendor)).map((c: Body) => c.goodsflowStatus)).toEqual([
          '승인',
          '승인',
          '승인',
        ]);
      });

      it.each([['8550-0067'], ['1'.repeat(21)], ['CJ123'], [' 123']])(
        'refuses the contract number %s: 500 and nothing stored',
        async (contractNumber) => {
          const vendor = await createVendor(t);
          const res = await create(vendor, returnBody(vendor.vendorId, 1, {}, { contractNumber }));
          expect(res.status).toBe(500);
          expect(res.body).toEqual(placeError(500, 'shipping-places create error.'));
          expect(await centersOf(vendor)).toEqual([]);
        },
      );

      it.each([
        ['missing', undefined],
        ['empty', ''],
      ])('EPOST with contractCustomerNumber %s: 500 and nothing stored', async (_case, value) => {
        const vendor = await createVendor(t);
        const res = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'EPOST', contractCustomerNumber: value }),
        );
        expect(res.status).toBe(500);
        expect(res.body).toEqual(placeError(500, 'Server error (unknown/new error)'));
        expect(await centersOf(vendor)).toEqual([]);
      });
    });

    describe('a vendor with contracts on file', () => {
      let vendor: Vendor;
      beforeEach(async () => {
        vendor = await createVendor(t, {
          contracts: [
            { deliverCode: 'CJGLS', contractNumber: '85500067' },
            { deliverCode: 'EPOST', contractNumber: '4001', contractCustomerNumber: 'V7788' },
            { deliverCode: 'EPOST', contractNumber: '4002' },
            { deliverCode: 'HANJIN', contractNumber: '555', confirmed: false },
          ],
        });
      });

      it('accepts a confirmed contract of the courier', async () => {
        const res = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'CJGLS', contractNumber: '85500067' }),
        );
        expect(res.status).toBe(200);
        expect((await centersOf(vendor))[0]).toMatchObject({ goodsflowStatus: '승인', errorMessage: '' });
      });

      it.each([
        ['an unknown contract number', { deliverCode: 'CJGLS', contractNumber: '85500068' }],
        ['the contract of another courier', { deliverCode: 'KGB', contractNumber: '85500067' }],
      ])('refuses %s: 500 and nothing stored', async (_case, courier) => {
        const res = await create(vendor, returnBody(vendor.vendorId, 1, {}, courier));
        expect(res.status).toBe(500);
        expect(res.body).toEqual(placeError(500, 'shipping-places create error.'));
        expect(await centersOf(vendor)).toEqual([]);
      });

      it('refuses the contract of another vendor', async () => {
        const second = await createVendor(t, { contracts: [{ deliverCode: 'KGB', contractNumber: '31' }] });
        const res = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'KGB', contractNumber: '31' }),
        );
        expect(res.body).toEqual(placeError(500, r.createError));
        expect(
          (
            await create(
              second,
              returnBody(second.vendorId, 1, {}, { deliverCode: 'KGB', contractNumber: '31' }),
            )
          ).status,
        ).toBe(200);
      });

      it('checks the EPOST vendor code against the one on file', async () => {
        const epost = (n: number, contractNumber: string, contractCustomerNumber?: string) =>
          create(
            vendor,
            returnBody(
              vendor.vendorId,
              n,
              {},
              { deliverCode: 'EPOST', contractNumber, contractCustomerNumber },
            ),
          );
        expect((await epost(1, '4001', 'V0000')).body).toEqual(placeError(500, r.serverError));
        expect((await epost(1, '4001')).body).toEqual(placeError(500, r.serverError));
        expect((await epost(1, '4001', 'V7788')).status).toBe(200);
        // No vendor code on file: any given one does.
        expect((await epost(2, '4002', 'ANY')).status).toBe(200);
      });

      it('creates the center of an unconfirmed contract, answering 500, and lists it as 승인불가', async () => {
        const res = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'HANJIN', contractNumber: '555' }),
        );
        expect(res.status).toBe(500);
        expect(res.body).toEqual(
          placeError(500, 'It has been registered, but contract confirmation has failed.'),
        );
        const [center] = await centersOf(vendor);
        expect(center).toMatchObject({
          returnCenterCode: '1100000001',
          shippingPlaceName: '반품지 1',
          deliverCode: 'HANJIN',
          goodsflowStatus: '승인불가',
          errorMessage: r.contractUnconfirmed,
        });
        const lookup = await signed(t, vendor, {
          method: 'GET',
          url: `${centerCodePath()}?returnCenterCodes=1100000001`,
        });
        expect(lookup.body.data).toEqual([center]);
        // It is a center like any other: the same again is a duplicate.
        const again = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'HANJIN', contractNumber: '555' }),
        );
        expect(again.body).toEqual(placeError(400, r.registeredAlready));
      });

      it('refuses every contract for a vendor created with an empty list', async () => {
        const none = await createVendor(t, { contracts: [] });
        const res = await create(none, returnBody(none.vendorId, 1));
        expect(res.body).toEqual(placeError(500, r.createError));
      });

      it('checks the duplicates before the contract; a refused contract gives its code back on SQLite only', async () => {
        const first = await create(
          vendor,
          returnBody(vendor.vendorId, 1, {}, { deliverCode: 'CJGLS', contractNumber: '85500067' }),
        );
        expect(first.body.data.resultMessage).toBe('1100000001');
        const duplicate = await create(vendor, returnBody(vendor.vendorId, 1, {}, { contractNumber: '999' }));
        expect(duplicate.body).toEqual(placeError(400, r.registeredAlready));
        const epost = await create(
          vendor,
          returnBody(vendor.vendorId, 1, { shippingPlaceName: '반품지 2' }, { deliverCode: 'EPOST' }),
        );
        expect(epost.body).toEqual(placeError(400, r.duplicateAddress('반품지 1')));
        const refused = await create(vendor, returnBody(vendor.vendorId, 2, {}, { contractNumber: '999' }));
        expect(refused.body).toEqual(placeError(500, r.createError));
        const next = await create(
          vendor,
          returnBody(vendor.vendorId, 2, {}, { deliverCode: 'CJGLS', contractNumber: '85500067' }),
        );
        // PostgreSQL's sequence keeps the three refused creates' codes: the next is greater, past them.
        expect(next.body.data.resultMessage).toBe(engine === 'sqlite' ? '1100000002' : '1100000005');
      });
    });
  });

  describe('duplicates', () => {
    let t: TestApp;
    let vendor: Vendor;
    beforeEach(async () => {
      t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
      vendor = await createVendor(t);
    });
    afterEach(() => t.close());

    const create = (body: Body, as = vendor) =>
      signed(t, as, { method: 'POST', url: returnPath(as.vendorId), payload: body });
    const codeOf = (res: { body: { data: { resultMessage: string } } }) => res.body.data.resultMessage;

    it('refuses the same name and the same address as a center of the vendor', async () => {
      expect((await create(returnBody(vendor.vendorId, 1))).status).toBe(200);
      const res = await create(
        returnBody(vendor.vendorId, 1, {}, { deliverCode: 'KGB', ...returnFees(9000) }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, 'Registered service request info already exists.'));
    });

    it('refuses the same name only, naming the code of the center that has it', async () => {
      const first = await create(returnBody(vendor.vendorId, 1));
      const res = await create(returnBody(vendor.vendorId, 2, { shippingPlaceName: '반품지 1' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        placeError(
          400,
          `[Duplicate Shipping Location] The address name is already registered (Duplicate address code: ${codeOf(first)}).`,
        ),
      );
    });

    it('answers the same name as a name duplicate also when the address is another center’s', async () => {
      const first = await create(returnBody(vendor.vendorId, 1));
      await create(returnBody(vendor.vendorId, 2));
      const res = await create(returnBody(vendor.vendorId, 2, { shippingPlaceName: '반품지 1' }));
      expect(res.body).toEqual(placeError(400, r.duplicateName(codeOf(first))));
    });

    it('refuses the same returnAddress + returnAddressDetail only, naming the center that has it', async () => {
      await create(returnBody(vendor.vendorId, 1));
      const res = await create(returnBody(vendor.vendorId, 1, { shippingPlaceName: '다른 반품지' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        placeError(400, '[Duplicate shipping location] Duplicated request. name:반품지 1'),
      );
    });

    it('compares the detail too (a space makes another address), and any address of a center', async () => {
      const two = returnBody(vendor.vendorId, 1, {
        placeAddresses: [...(returnBody(vendor.vendorId, 1).placeAddresses as Address[]), roadname],
      });
      expect((await create(two)).status).toBe(200);
      expect(
        (await create(withAddress(returnBody(vendor.vendorId, 9), { returnAddressDetail: '1 ' }))).status,
      ).toBe(200);
      const sameRoadname = returnBody(vendor.vendorId, 3, {
        placeAddresses: [...(returnBody(vendor.vendorId, 3).placeAddresses as Address[]), roadname],
      });
      expect((await create(sameRoadname)).body).toEqual(placeError(400, r.duplicateAddress('반품지 1')));
    });

    it('lets one address stand twice in one request, and another vendor use the same name and address', async () => {
      const address = (returnBody(vendor.vendorId, 1).placeAddresses as Address[])[0] as Address;
      const res = await create(
        returnBody(vendor.vendorId, 1, {
          placeAddresses: [address, { ...address, addressType: 'ROADNAME' }],
        }),
      );
      expect(res.status).toBe(200);
      const second = await createVendor(t);
      const theirs = await create(returnBody(second.vendorId, 1), second);
      expect(theirs.status).toBe(200);
      expect(codeOf(theirs)).toBe('1100000002');
    });

    it('checks the field rules before the duplicates', async () => {
      await create(returnBody(vendor.vendorId, 1));
      const res = await create(returnBody(vendor.vendorId, 1, {}, { returnFee05kg: 0 }));
      expect(res.body).toEqual(placeError(400, r.fee('returnFee05kg')));
    });

    it('gives fifty concurrent identical creates exactly one center; the others get the documented duplicate', async () => {
      const body = seedReturnBody(vendor.vendorId);
      body.userId = 'wing-user';
      const answers = await Promise.all(Array.from({ length: 50 }, () => create(body)));
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      for (const lost of answers.filter((a) => a.status !== 200)) {
        expect(lost.status).toBe(400);
        expect(lost.body).toEqual(placeError(400, 'Registered service request info already exists.'));
      }
      expect(await t.database.db.selectFrom('coupang_return_centers').selectAll().execute()).toHaveLength(1);
      expect(
        await t.database.db.selectFrom('coupang_return_address_keys').selectAll().execute(),
      ).toHaveLength(1);
      // The losers' codes went back to SQLite's sequence; PostgreSQL's drew fifty codes, each once.
      const next = await create(returnBody(vendor.vendorId, 2));
      expect(codeOf(next)).toBe(
        engine === 'sqlite' ? String(Number(won[0]?.body.data.resultMessage) + 1) : '1100000051',
      );
    });

    it('gives concurrent creates of one address under different names one success', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          create(returnBody(vendor.vendorId, 1, { shippingPlaceName: `이름 ${i}` })),
        ),
      );
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      const list = await signed(t, vendor, { method: 'GET', url: returnPath(vendor.vendorId) });
      const winner = list.body.data.content[0].shippingPlaceName;
      for (const lost of answers.filter((a) => a.status !== 200)) {
        expect(lost.body).toEqual(placeError(400, r.duplicateAddress(winner)));
      }
    });
  });
});
