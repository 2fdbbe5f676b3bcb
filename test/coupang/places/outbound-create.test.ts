import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { outboundMessages as o, placeMessages as p } from '../../../src/coupang/messages.js';
import {
  outboundBody,
  seedOutboundBody,
  without,
  withAddress,
  withoutAddressField,
} from '../../support/fixtures.js';
import {
  createVendor,
  outboundPath,
  outboundQueryPath,
  placeError,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

type Body = Record<string, unknown>;
type Address = Record<string, unknown>;

const roadname = {
  addressType: 'ROADNAME',
  companyContactNumber: '02-1234-5678',
  returnZipCode: '05510',
  returnAddress: '서울특별시 송파구 올림픽로 300',
  returnAddressDetail: '롯데월드타워',
};

describe.each(engines)('POST .../outboundShippingCenters ($name)', ({ name: engine, databaseUrl }) => {
  describe('the seed example and what it stores', () => {
    let t: TestApp;
    let vendor: Vendor;
    beforeEach(async () => {
      t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
      vendor = await createVendor(t, { vendorId: 'A00011620', userIds: ['testId'] });
    });
    afterEach(() => t.close());

    it('creates the place of seed 003’s own example, and the query returns it', async () => {
      // 00:30 on 24 November in Korea: the creation date is Korea's.
      t.clock.set(Date.UTC(2026, 10, 23, 15, 30, 0));
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath('A00011620'),
        payload: seedOutboundBody('A00011620'),
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({
        code: 200,
        message: 'SUCCESS',
        data: { resultCode: 'SUCCESS', resultMessage: '1000001' },
      });

      const list = await signed(t, vendor, {
        method: 'GET',
        url: `${outboundQueryPath()}?pageNum=1&pageSize=10`,
      });
      expect(list.status).toBe(200);
      expect(list.body).toEqual({
        content: [
          {
            outboundShippingPlaceCode: 1000001,
            shippingPlaceName: '상품출고지 생성',
            createDate: '2026/11/24',
            placeAddresses: [
              {
                addressType: 'JIBUN',
                countryCode: 'KR',
                companyContactNumber: '02-1500-1234',
                phoneNumber2: '010-1234-5678',
                returnZipCode: '10516',
                returnAddress: '경기도 파주시 탄현면 월롱산로',
                returnAddressDetail: '294-58',
              },
            ],
            remoteInfos: [
              {
                remoteInfoId: expect.any(Number),
                deliveryCode: 'KGB',
                jeju: 5000,
                notJeju: 2500,
                usable: true,
              },
              {
                remoteInfoId: expect.any(Number),
                deliveryCode: 'CJGLS',
                jeju: 5000,
                notJeju: 2500,
                usable: true,
              },
            ],
            usable: true,
          },
        ],
        pagination: { currentPage: 1, totalPages: 1, totalElements: 1, countPerPage: 10 },
      });
      const [kgb, cj] = list.body.content[0].remoteInfos;
      expect(cj.remoteInfoId).toBeGreaterThan(kgb.remoteInfoId);
    });

    it('serves /v5/ as /v4/', async () => {
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath('A00011620', 'v5'),
        payload: seedOutboundBody('A00011620'),
      });
      expect(res.body.data.resultMessage).toBe('1000001');
    });

    it('allocates codes in sequence', async () => {
      const codes: string[] = [];
      for (let n = 1; n <= 3; n++) {
        const res = await signed(t, vendor, {
          method: 'POST',
          url: outboundPath(vendor.vendorId),
          payload: outboundBody(vendor.vendorId, n, { userId: 'testId' }),
        });
        codes.push(res.body.data.resultMessage);
      }
      expect(codes).toEqual(['1000001', '1000002', '1000003']);
    });

    it('takes numbers where strings are meant, as their digits, and defaults what may be left out', async () => {
      const numeric = await createVendor(t, { userIds: ['12345'] });
      const body = {
        vendorId: numeric.vendorId,
        userId: 12345,
        shippingPlaceName: 2026,
        placeAddresses: [
          { addressType: 'JIBUN', companyContactNumber: 212345678, returnZipCode: 10516, returnAddress: 77 },
        ],
        remoteInfos: [{ deliveryCode: 'EPOST', jeju: 400, notJeju: 0, usable: 'false' }],
      };
      const res = await signed(t, numeric, {
        method: 'POST',
        url: outboundPath(numeric.vendorId),
        payload: body,
      });
      expect(res.status).toBe(200);
      const list = await signed(t, numeric, { method: 'GET', url: outboundQueryPath() });
      expect(list.body.content[0]).toMatchObject({
        shippingPlaceName: '2026',
        usable: true,
        placeAddresses: [
          {
            addressType: 'JIBUN',
            countryCode: 'KR',
            companyContactNumber: '212345678',
            returnZipCode: '10516',
            returnAddress: '77',
            returnAddressDetail: '',
          },
        ],
        remoteInfos: [{ deliveryCode: 'EPOST', jeju: 400, notJeju: 0, usable: false }],
      });
      expect(list.body.content[0].placeAddresses[0]).not.toHaveProperty('phoneNumber2');
    });

    it('accepts the limits themselves', async () => {
      const body = outboundBody(vendor.vendorId, 1, {
        userId: 'testId',
        shippingPlaceName: '가'.repeat(50),
        usable: false,
        placeAddresses: [
          {
            addressType: 'JIBUN',
            companyContactNumber: '1'.repeat(13),
            phoneNumber2: '',
            returnZipCode: '123456',
            returnAddress: '가'.repeat(150),
            returnAddressDetail: '나'.repeat(200),
          },
          { ...roadname, companyContactNumber: '123456789', returnZipCode: '12345' },
        ],
        remoteInfos: [
          { deliveryCode: 'EPOST', jeju: 100, notJeju: 0 },
          { deliveryCode: 'HYUNDAI', jeju: 20000, notJeju: 1000 },
          { deliveryCode: 'DIRECT', jeju: 0, notJeju: 1100 },
        ],
      });
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: body,
      });
      expect(res.status).toBe(200);
    });

    it('takes an OVERSEA address for a global place', async () => {
      const body = outboundBody(vendor.vendorId, 1, {
        userId: 'testId',
        global: true,
        placeAddresses: [
          {
            addressType: 'OVERSEA',
            countryCode: 'US',
            companyContactNumber: '1-212-5550100',
            returnZipCode: '10001',
            returnAddress: '350 Fifth Avenue',
          },
        ],
      });
      const res = await signed(t, vendor, {
        method: 'POST',
        url: outboundPath(vendor.vendorId),
        payload: body,
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

    const base = () => outboundBody('A00012345', 1);
    const create = (payload: unknown, pathVendorId = 'A00012345') =>
      signed(t, vendor, { method: 'POST', url: outboundPath(pathVendorId), payload });
    const expectRefused = async (payload: unknown, message: string, pathVendorId?: string) => {
      const res = await create(payload, pathVendorId);
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, message));
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
      it('any field as JSON null (a remote info field)', async () => {
        await expectRefused(
          { ...base(), remoteInfos: [{ deliveryCode: 'KGB', jeju: null, notJeju: 0 }] },
          'params are not allowed null...',
        );
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
          "params's vendorId not equals gateway's vendorId!",
          other.vendorId,
        );
      });

      it('body vendorId not the access key’s vendor', async () => {
        await expectRefused(
          { ...base(), vendorId: other.vendorId },
          "params's vendorId not equals gateway's vendorId!",
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

    describe('outbound rules', () => {
      it.each([['HOME'], ['jibun'], [7]])('addressType %s, naming it', async (addressType) => {
        await expectNaming(withAddress(base(), { addressType }), 'addressType');
      });

      it('addressType missing, naming it', async () => {
        await expectNaming(withoutAddressField(base(), 'addressType'), 'addressType');
      });

      it('an OVERSEA address while global is false (or left out), naming global', async () => {
        await expectNaming(withAddress(base(), { addressType: 'OVERSEA' }), 'global');
        await expectNaming({ ...withAddress(base(), { addressType: 'OVERSEA' }), global: 'false' }, 'global');
      });

      it('a domestic address while global is true, naming global', async () => {
        await expectNaming({ ...base(), global: true }, 'global');
      });

      it.each([['KOR'], ['K'], ['']])('countryCode %s, not 2 characters', async (countryCode) => {
        await expectRefused(
          withAddress(base(), { countryCode }),
          'The length of country code is 2, please input correct length country code',
        );
      });

      it.each([['LOTTE'], ['KGBPS'], ['DONGBU'], ['cjgls']])(
        'deliveryCode %s, not a Coupang code, naming it',
        async (code) => {
          await expectNaming(
            { ...base(), remoteInfos: [{ deliveryCode: code, jeju: 0, notJeju: 0 }] },
            `deliveryCode ${code}`,
          );
        },
      );

      it('a remote info without a deliveryCode, naming it', async () => {
        await expectNaming({ ...base(), remoteInfos: [{ jeju: 0, notJeju: 0 }] }, 'deliveryCode');
      });

      it.each([
        ['jeju', 'missing', { notJeju: 0 }],
        ['jeju', 'text', { jeju: '5천', notJeju: 0 }],
        ['jeju', 'a boolean', { jeju: true, notJeju: 0 }],
        ['notJeju', 'missing', { jeju: 0 }],
        ['notJeju', 'empty', { jeju: 0, notJeju: '' }],
      ])('%s %s, naming it', async (field, _case, fees) => {
        await expectNaming({ ...base(), remoteInfos: [{ deliveryCode: 'KGB', ...fees }] }, field);
      });

      it('the same deliveryCode twice, naming it', async () => {
        await expectNaming(
          {
            ...base(),
            remoteInfos: [
              { deliveryCode: 'KGB', jeju: 5000, notJeju: 2500 },
              { deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 },
              { deliveryCode: 'KGB', jeju: 3000, notJeju: 2000, usable: false },
            ],
          },
          'deliveryCode KGB',
        );
      });

      it.each([[500], [150], [-100], ['1000'], [50]])('EPOST fee %s', async (fee) => {
        await expectRefused(
          { ...base(), remoteInfos: [{ deliveryCode: 'EPOST', jeju: 0, notJeju: fee }] },
          '배송비는 0원, 100원 이상 400원 이하만 가능합니다.',
        );
      });

      it.each([[999], [20100], [1050], ['25000'], [-1000], [100], [1000.5]])(
        'fee %s of another courier',
        async (fee) => {
          await expectRefused(
            { ...base(), remoteInfos: [{ deliveryCode: 'CJGLS', jeju: fee, notJeju: 2500 }] },
            '배송비는 0원, 1000원 이상 20000원 이하만 가능합니다.',
          );
        },
      );
    });

    describe('the order of the checks', () => {
      it('path vendorId before the body', async () => {
        await expectRefused('{"broken', p.invalidVendorId, 'A123');
        await expectRefused('{"broken', p.outboundVendorMismatch, other.vendorId);
      });

      it('the body (malformed, null) before its vendorId', async () => {
        const res = await create('{"broken');
        expect(res.body.message).toMatch(/^malformed JSON body/);
        await expectRefused({ ...base(), vendorId: 'nope', usable: null }, p.nullParam);
      });

      it('the body’s vendorId before the field rules', async () => {
        await expectRefused({ ...without(base(), 'userId'), vendorId: 'nope' }, p.invalidVendorId);
        await expectRefused(
          { ...without(base(), 'userId'), vendorId: other.vendorId },
          p.outboundVendorMismatch,
        );
        await expectRefused(without(without(base(), 'userId'), 'vendorId'), p.vendorIdRequired);
      });

      it('the shared table in its order', async () => {
        await expectRefused(
          { ...base(), userId: 'nobody', shippingPlaceName: '' },
          p.userIdUnknown('nobody'),
        );
        await expectRefused(
          { ...base(), shippingPlaceName: 'x'.repeat(51), placeAddresses: [] },
          p.shippingPlaceNameTooLong,
        );
        // Rule by rule across the addresses: the second address's missing phone before the first one's zip code.
        await expectRefused(
          {
            ...base(),
            placeAddresses: [
              { ...(base().placeAddresses as Address[])[0], returnZipCode: '' },
              without((base().placeAddresses as Address[])[0] as Body, 'companyContactNumber'),
            ],
          },
          p.phoneRequired,
        );
        await expectRefused(withAddress(base(), { returnZipCode: 'abc', returnAddress: '' }), p.zipNotDigits);
        await expectRefused(
          { ...withAddress(base(), { returnAddress: '' }), usable: 'maybe' },
          p.addressRequired,
        );
        await expectRefused(
          { ...base(), usable: 'maybe', placeAddresses: [roadname] },
          p.notBoolean('usable'),
        );
      });

      it('the shared table before the outbound table', async () => {
        await expectRefused(
          {
            ...base(),
            placeAddresses: [roadname, { ...roadname, addressType: 'HOME', returnAddressDetail: '2' }],
          },
          p.roadnameNeedsJibun,
        );
        await expectRefused(
          {
            ...withAddress(base(), { returnZipCode: '1' }),
            remoteInfos: [{ deliveryCode: 'LOTTE', jeju: 0, notJeju: 0 }],
          },
          p.zipLength,
        );
      });

      it('the outbound table in its order', async () => {
        await expectRefused(
          { ...withAddress(base(), { addressType: 'HOME', countryCode: 'KOR' }), global: true },
          o.addressType('HOME'),
        );
        await expectRefused(
          { ...withAddress(base(), { countryCode: 'KOR' }), global: true },
          o.domesticNeedsNotGlobal,
        );
        await expectRefused(
          {
            ...withAddress(base(), { countryCode: 'KOR' }),
            remoteInfos: [{ deliveryCode: 'LOTTE', jeju: 0, notJeju: 0 }],
          },
          o.countryCode,
        );
        await expectRefused(
          {
            ...base(),
            remoteInfos: [
              { deliveryCode: 'KGB', notJeju: 0 },
              { deliveryCode: 'LOTTE', jeju: 0, notJeju: 0 },
            ],
          },
          o.deliveryCodeUnknown('LOTTE'),
        );
        await expectRefused(
          {
            ...base(),
            remoteInfos: [
              { deliveryCode: 'KGB', jeju: 1, notJeju: 1 },
              { deliveryCode: 'KGB', notJeju: 0 },
            ],
          },
          o.feeNotNumber('jeju', 1),
        );
        await expectRefused(
          {
            ...base(),
            remoteInfos: [
              { deliveryCode: 'KGB', jeju: 1, notJeju: 1 },
              { deliveryCode: 'KGB', jeju: 0, notJeju: 0 },
            ],
          },
          o.deliveryCodeTwice('KGB'),
        );
        await expectRefused(
          {
            ...base(),
            remoteInfos: [
              { deliveryCode: 'KGB', jeju: 1, notJeju: 1 },
              { deliveryCode: 'EPOST', jeju: 1000, notJeju: 0 },
            ],
          },
          o.epostFee,
        );
      });

      it('stored none of the refused requests', async () => {
        const list = await signed(t, vendor, { method: 'GET', url: outboundQueryPath() });
        expect(list.body.content).toEqual([]);
        for (const table of [
          'coupang_outbound_places',
          'coupang_outbound_address_keys',
          'coupang_outbound_remote_infos',
        ] as const) {
          expect(await t.database.db.selectFrom(table).selectAll().execute()).toEqual([]);
        }
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
      signed(t, as, { method: 'POST', url: outboundPath(as.vendorId), payload: body });

    it('refuses a name already used by a place of the vendor', async () => {
      await create(outboundBody(vendor.vendorId, 1));
      const res = await create(outboundBody(vendor.vendorId, 2, { shippingPlaceName: '출고지 1' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(placeError(400, '[출고지중복] Duplicated request. name:출고지 1'));
    });

    it('refuses an address (returnAddress + returnAddressDetail) of another place, naming that place', async () => {
      const first = await create(outboundBody(vendor.vendorId, 1));
      const res = await create(outboundBody(vendor.vendorId, 1, { shippingPlaceName: '다른 이름' }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        placeError(
          400,
          `[출고지중복] 이미 등록된 주소지명이 있습니다 (중복 주소지 코드:${first.body.data.resultMessage})`,
        ),
      );
    });

    it('compares the address detail too, and any address of a place', async () => {
      const first = await create(
        outboundBody(vendor.vendorId, 1, {
          placeAddresses: [...(outboundBody(vendor.vendorId, 1).placeAddresses as Address[]), roadname],
        }),
      );
      expect(first.status).toBe(200);
      const otherDetail = await create(outboundBody(vendor.vendorId, 2));
      expect(otherDetail.status).toBe(200);
      const sameRoadname = await create(
        outboundBody(vendor.vendorId, 3, {
          placeAddresses: [...(outboundBody(vendor.vendorId, 3).placeAddresses as Address[]), roadname],
        }),
      );
      expect(sameRoadname.body).toEqual(
        placeError(400, o.duplicateAddress(Number(first.body.data.resultMessage))),
      );
    });

    it('names the name first when both collide', async () => {
      await create(outboundBody(vendor.vendorId, 1));
      await create(outboundBody(vendor.vendorId, 2));
      const res = await create(outboundBody(vendor.vendorId, 2, { shippingPlaceName: '출고지 1' }));
      expect(res.body).toEqual(placeError(400, o.duplicateName('출고지 1')));
    });

    it('checks the field rules before the duplicates', async () => {
      await create(outboundBody(vendor.vendorId, 1));
      const res = await create(
        outboundBody(vendor.vendorId, 1, { remoteInfos: [{ deliveryCode: 'KGB', jeju: 1, notJeju: 0 }] }),
      );
      expect(res.body).toEqual(placeError(400, o.fee));
    });

    it('lets one address stand twice in one request (a place does not collide with itself)', async () => {
      const address = (outboundBody(vendor.vendorId, 1).placeAddresses as Address[])[0] as Address;
      const res = await create(
        outboundBody(vendor.vendorId, 1, {
          placeAddresses: [address, { ...address, addressType: 'ROADNAME' }],
        }),
      );
      expect(res.status).toBe(200);
    });

    it('lets another vendor use the same name and address', async () => {
      const second = await createVendor(t);
      expect((await create(outboundBody(vendor.vendorId, 1))).status).toBe(200);
      const res = await create(outboundBody(second.vendorId, 1), second);
      expect(res.status).toBe(200);
      expect(res.body.data.resultMessage).toBe('1000002');
    });

    it('gives fifty concurrent identical creates exactly one success', async () => {
      const body = outboundBody(vendor.vendorId, 1, {
        remoteInfos: [{ deliveryCode: 'KGB', jeju: 5000, notJeju: 2500 }],
      });
      const answers = await Promise.all(Array.from({ length: 50 }, () => create(body)));
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      for (const lost of answers.filter((a) => a.status !== 200)) {
        expect(lost.status).toBe(400);
        expect(lost.body).toEqual(placeError(400, o.duplicateName('출고지 1')));
      }
      expect(await t.database.db.selectFrom('coupang_outbound_places').selectAll().execute()).toHaveLength(1);
      expect(
        await t.database.db.selectFrom('coupang_outbound_remote_infos').selectAll().execute(),
      ).toHaveLength(1);
      // The losers' codes went back to SQLite's sequence; PostgreSQL's drew fifty codes, each once.
      const next = await create(outboundBody(vendor.vendorId, 2));
      expect(next.body.data.resultMessage).toBe(
        engine === 'sqlite' ? String(Number(won[0]?.body.data.resultMessage) + 1) : '1000051',
      );
    });

    it('gives concurrent creates of one address under different names one success', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          create(outboundBody(vendor.vendorId, 1, { shippingPlaceName: `이름 ${i}` })),
        ),
      );
      const won = answers.filter((a) => a.status === 200);
      expect(won).toHaveLength(1);
      const code = Number(won[0]?.body.data.resultMessage);
      for (const lost of answers.filter((a) => a.status !== 200)) {
        expect(lost.body).toEqual(placeError(400, o.duplicateAddress(code)));
      }
    });
  });
});
