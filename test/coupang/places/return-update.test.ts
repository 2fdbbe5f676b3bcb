import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeMessages as p, returnMessages as r } from '../../../src/coupang/messages.js';
import { returnBody, returnFees } from '../../support/fixtures.js';
import {
  centerCodePath,
  createVendor,
  placeError,
  returnPath,
  signed,
  type Vendor,
} from '../../support/coupang.js';
import { engines, type TestApp, testApp } from '../../support/server.js';

type Body = Record<string, unknown>;

const address = (detail: string, type = 'JIBUN') => ({
  addressType: type,
  companyContactNumber: '031-123-4567',
  returnZipCode: '10881',
  returnAddress: '경기도 파주시 문발로',
  returnAddressDetail: detail,
});

describe.each(engines)('PUT .../returnShippingCenters/{returnCenterCode} ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let code: string;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    code = await create(
      returnBody(vendor.vendorId, 1, {}, { deliverCode: 'EPOST', contractCustomerNumber: 'V1' }),
    );
  });
  afterEach(() => t.close());

  async function create(body: Body, as = vendor): Promise<string> {
    const res = await signed(t, as, { method: 'POST', url: returnPath(as.vendorId), payload: body });
    expect(res.status).toBe(200);
    return res.body.data.resultMessage;
  }
  const update = (centerCode: string, body: unknown, as = vendor, version: 'v4' | 'v5' = 'v4') =>
    signed(t, as, { method: 'PUT', url: `${returnPath(as.vendorId, version)}/${centerCode}`, payload: body });
  const center = async (centerCode = code, as = vendor) => {
    const res = await signed(t, as, {
      method: 'GET',
      url: `${centerCodePath()}?returnCenterCodes=${centerCode}`,
    });
    return res.body.data[0];
  };
  /** The smallest update: what the real service requires. */
  const minimal = (extra: Body = {}, centerCode: unknown = code): Body => ({
    vendorId: vendor.vendorId,
    returnCenterCode: centerCode,
    userId: 'wing-user',
    ...extra,
  });
  const expectRefused = (res: { status: number; body: unknown }, message: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, message));
  };
  const expectNaming = (res: { status: number; body: { message?: string } }, ...words: string[]) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, expect.any(String)));
    for (const word of words) expect(res.body.message).toContain(word);
  };

  it('changes the name, usable, the addresses and the fees given in goodsflowInfoDto', async () => {
    const before = await center();
    t.clock.advanceSeconds(60);
    const res = await update(
      code,
      minimal({
        shippingPlaceName: '새 반품지',
        usable: 'false',
        placeAddresses: [address('A동'), address('A동', 'ROADNAME')],
        goodsflowInfoDto: { vendorCreditFee05kg: 3500, returnFee20kg: '6000' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 200,
      message: 'SUCCESS',
      data: { resultCode: 'SUCCESS', resultMessage: 'Modify successfully' },
    });
    expect(await center()).toEqual({
      ...before,
      shippingPlaceName: '새 반품지',
      usable: false,
      placeAddresses: [
        { ...address('A동'), countryCode: 'KR' },
        { ...address('A동', 'ROADNAME'), countryCode: 'KR' },
      ],
      vendorCreditFee05kg: 3500,
      returnFee20kg: 6000,
    });
    // The old address and name are free again.
    await create(returnBody(vendor.vendorId, 1, { shippingPlaceName: '반품지 1' }));
  });

  it('keeps what is left out: a name left out or null, the addresses, usable and the other fees', async () => {
    const before = await center();
    expect((await update(code, minimal())).status).toBe(200);
    expect((await update(code, minimal({ shippingPlaceName: null }))).status).toBe(200);
    expect(await center()).toEqual(before);
  });

  it('takes the fees in goodsflowInfoOpenApiDto too; goodsflowInfoDto wins when both come', async () => {
    expect((await update(code, minimal({ goodsflowInfoOpenApiDto: { returnFee05kg: 1111 } }))).status).toBe(
      200,
    );
    expect(await center()).toMatchObject({ returnFee05kg: 1111 });
    const both = await update(
      code,
      minimal({ goodsflowInfoDto: { returnFee05kg: 2222 }, goodsflowInfoOpenApiDto: { returnFee05kg: 0 } }),
    );
    expect(both.status).toBe(200);
    expect(await center()).toMatchObject({ returnFee05kg: 2222 });
  });

  it('takes the body’s returnCenterCode as a number or a string, and serves /v5/ as /v4/', async () => {
    expect((await update(code, minimal({ shippingPlaceName: 'a' }, Number(code)))).status).toBe(200);
    expect((await update(code, minimal({ shippingPlaceName: 'b' }, code), vendor, 'v5')).status).toBe(200);
    expect((await center()).shippingPlaceName).toBe('b');
  });

  it('accepts the courier and contract sent back unchanged, and the create body with its fees', async () => {
    const body = {
      ...returnBody(vendor.vendorId, 1, {}, { deliverCode: 'EPOST', contractCustomerNumber: 'V1' }),
      returnCenterCode: code,
    };
    expect((await update(code, body)).status).toBe(200);
    const blank = minimal({
      goodsflowInfoDto: { deliverCode: '', contractNumber: '', contractCustomerNumber: '' },
    });
    expect((await update(code, blank)).status).toBe(200);
  });

  it.each([
    ['deliverCode', 'HANJIN'],
    ['contractNumber', '54321'],
    ['contractNumber', 12346],
    ['contractCustomerNumber', 'V2'],
  ])('refuses a change of %s (%s), naming it', async (field, value) => {
    const before = await center();
    expectNaming(
      await update(code, minimal({ goodsflowInfoDto: { [field]: value, returnFee05kg: 9000 } })),
      field,
    );
    expectRefused(
      await update(code, minimal({ goodsflowInfoOpenApiDto: { [field]: value } })),
      r.unchangeable(field),
    );
    expect(await center()).toEqual(before);
  });

  it('refuses a returnCenterCode missing, or not the path’s, naming it', async () => {
    const { returnCenterCode: _gone, ...noCode } = minimal();
    expectNaming(await update(code, noCode), 'returnCenterCode');
    expectNaming(await update(code, minimal({}, '')), 'returnCenterCode');
    expectNaming(await update(code, minimal({}, '1100000002')), 'returnCenterCode');
    expectNaming(await update(code, minimal({}, 'abc')), 'returnCenterCode');
    expectNaming(await update(code, minimal({}, true)), 'returnCenterCode');
  });

  it('refuses an unknown code, and another vendor’s center as unknown, naming returnCenterCode', async () => {
    expectRefused(await update('1100000099', minimal({}, '1100000099')), r.centerCodeUnknown('1100000099'));
    expectRefused(await update('abc', minimal({}, 'abc')), r.centerCodeUnknown('abc'));
    const second = await createVendor(t);
    const theirs = await create(returnBody(second.vendorId, 2), second);
    const res = await update(theirs, minimal({ shippingPlaceName: '가로채기' }, theirs));
    expectNaming(res, 'returnCenterCode', theirs);
    expect((await center(theirs, second)).shippingPlaceName).toBe('반품지 2');
    // Nor by naming the other vendor in the body.
    const foreign = await update(
      code,
      { ...minimal({ shippingPlaceName: 'x' }), vendorId: vendor.vendorId },
      second,
    );
    expectRefused(foreign, p.returnVendorMismatch);
    expect((await center()).shippingPlaceName).toBe('반품지 1');
  });

  it('checks the path and body vendorId with the return centers’ wording', async () => {
    const other = await createVendor(t);
    const res = await signed(t, vendor, {
      method: 'PUT',
      url: `${returnPath(other.vendorId)}/${code}`,
      payload: minimal({ vendorId: other.vendorId }),
    });
    expectRefused(res, "The vendorId in path or requestBody doesn't match the one got from api-gateway.");
    expectRefused(await update(code, minimal({ vendorId: other.vendorId })), p.returnVendorMismatch);
    expectRefused(await update(code, minimal({ vendorId: 'A1' })), p.invalidVendorId);
  });

  it('applies the rules of create to what is given, in their order', async () => {
    expectNaming(await update(code, { vendorId: vendor.vendorId, returnCenterCode: code }), 'userId');
    expectRefused(await update(code, minimal({ usable: null })), p.nullParam);
    expectRefused(await update(code, minimal({ shippingPlaceName: '' })), p.shippingPlaceNameRequired);
    expectRefused(
      await update(code, minimal({ shippingPlaceName: 'x'.repeat(51) })),
      p.shippingPlaceNameTooLong,
    );
    expectRefused(await update(code, minimal({ placeAddresses: [] })), p.placeAddressesRequired);
    expectRefused(
      await update(code, minimal({ placeAddresses: [{ ...address('1'), returnZipCode: '1' }] })),
      p.zipLength,
    );
    expectRefused(
      await update(code, minimal({ placeAddresses: [address('1', 'ROADNAME')] })),
      p.roadnameNeedsJibun,
    );
    expectNaming(await update(code, minimal({ goodsflowInfoDto: 'fees' })), 'goodsflowInfoDto');
    expectNaming(await update(code, minimal({ goodsflowInfoOpenApiDto: [] })), 'goodsflowInfoOpenApiDto');
    expectRefused(
      await update(code, minimal({ goodsflowInfoDto: { deliverCode: 'LOTTE' } })),
      r.deliverCodeNotReturnCourier('LOTTE'),
    );
    expectRefused(
      await update(code, minimal({ goodsflowInfoDto: { consumerCashFee10kg: 0 } })),
      r.fee('consumerCashFee10kg'),
    );
    expectRefused(
      await update(
        code,
        minimal({ goodsflowInfoDto: { returnFee05kg: '' }, placeAddresses: [address('1', 'OVERSEA')] }),
      ),
      r.fee('returnFee05kg'),
    );
    expectRefused(
      await update(code, minimal({ placeAddresses: [address('1', 'OVERSEA')] })),
      r.addressType('OVERSEA'),
    );
    expectRefused(await update(code, minimal({ usable: 'nope' })), p.notBoolean('usable'));
    const before = await center();
    expect(before).toMatchObject({ shippingPlaceName: '반품지 1', usable: true, returnFee05kg: 3000 });
  });

  it('refuses the three kinds of duplicate against other centers, each with its message', async () => {
    const second = await create(returnBody(vendor.vendorId, 2));
    const third = await create(returnBody(vendor.vendorId, 3));
    const addressOf = (n: number) => (returnBody(vendor.vendorId, n).placeAddresses as Body[])[0];
    expectRefused(
      await update(code, minimal({ shippingPlaceName: '반품지 2', placeAddresses: [addressOf(2)] })),
      'Registered service request info already exists.',
    );
    expectRefused(
      await update(code, minimal({ shippingPlaceName: '반품지 2' })),
      `[Duplicate Shipping Location] The address name is already registered (Duplicate address code: ${second}).`,
    );
    expectRefused(
      await update(code, minimal({ shippingPlaceName: '반품지 2', placeAddresses: [addressOf(3)] })),
      r.duplicateName(second),
    );
    expectRefused(
      await update(code, minimal({ placeAddresses: [addressOf(1), addressOf(3)] })),
      '[Duplicate shipping location] Duplicated request. name:반품지 3',
    );
    expect(third).toBe('1100000003');
    expect(await center()).toMatchObject({ shippingPlaceName: '반품지 1', placeAddresses: [addressOf(1)] });
    // A center does not collide with itself.
    expect(
      (await update(code, minimal({ shippingPlaceName: '반품지 1', placeAddresses: [addressOf(1)] }))).status,
    ).toBe(200);
  });

  it('changes no stored data when it refuses', async () => {
    const rows = async () => ({
      centers: await t.database.db.selectFrom('coupang_return_centers').selectAll().execute(),
      keys: await t.database.db.selectFrom('coupang_return_address_keys').selectAll().execute(),
    });
    await create(returnBody(vendor.vendorId, 2));
    const before = await rows();
    t.clock.advanceSeconds(60);
    await update(code, minimal({ shippingPlaceName: '반품지 2', placeAddresses: [address('9')] }));
    await update(code, minimal({ placeAddresses: [address('9')], goodsflowInfoDto: { deliverCode: 'KGB' } }));
    await update(code, minimal({ placeAddresses: [address('9')], goodsflowInfoDto: { returnFee10kg: -1 } }));
    expect(await rows()).toEqual(before);
  });

  it('keeps the goodsflowStatus of a center whose contract was not confirmed', async () => {
    const unconfirmed = await createVendor(t, {
      contracts: [{ deliverCode: 'KGB', contractNumber: '77', confirmed: false }],
    });
    const res = await signed(t, unconfirmed, {
      method: 'POST',
      url: returnPath(unconfirmed.vendorId),
      payload: returnBody(unconfirmed.vendorId, 1, {}, { deliverCode: 'KGB', contractNumber: '77' }),
    });
    expect(res.status).toBe(500);
    const updated = await update(
      '1100000002',
      { ...minimal({ goodsflowInfoDto: returnFees(4000) }, '1100000002'), vendorId: unconfirmed.vendorId },
      unconfirmed,
    );
    expect(updated.status).toBe(200);
    expect(await center('1100000002', unconfirmed)).toMatchObject({
      goodsflowStatus: '승인불가',
      errorMessage: r.contractUnconfirmed,
      vendorCashFee20kg: 4000,
    });
  });
});
