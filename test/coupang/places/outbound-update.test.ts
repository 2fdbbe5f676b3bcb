import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboundMessages as o, placeMessages as p } from '../../../src/coupang/messages.js';
import { outboundBody } from '../../support/fixtures.js';
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

describe.each(engines)('PUT .../outboundShippingCenters/{code} ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let vendor: Vendor;
  let code: number;
  beforeEach(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    vendor = await createVendor(t);
    code = await create(
      outboundBody(vendor.vendorId, 1, {
        remoteInfos: [
          { deliveryCode: 'KGB', jeju: 5000, notJeju: 2500 },
          { deliveryCode: 'CJGLS', jeju: 4000, notJeju: 2000 },
        ],
      }),
    );
  });
  afterEach(() => t.close());

  async function create(body: Body, as = vendor): Promise<number> {
    const res = await signed(t, as, { method: 'POST', url: outboundPath(as.vendorId), payload: body });
    expect(res.status).toBe(200);
    return Number(res.body.data.resultMessage);
  }
  const update = (placeCode: number | string, body: Body, as = vendor, version: 'v4' | 'v5' = 'v4') =>
    signed(t, as, {
      method: 'PUT',
      url: `${outboundPath(as.vendorId, version)}/${placeCode}`,
      payload: body,
    });
  const place = async (placeCode = code, as = vendor) => {
    const res = await signed(t, as, { method: 'GET', url: `${outboundQueryPath()}?placeCodes=${placeCode}` });
    return res.body.content[0];
  };
  const idsOf = async () => {
    const infos = (await place()).remoteInfos as { remoteInfoId: number; deliveryCode: string }[];
    return Object.fromEntries(infos.map((r) => [r.deliveryCode, r.remoteInfoId])) as Record<string, number>;
  };
  const expectRefused = async (res: { status: number; body: unknown }, message: string) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, message));
  };
  const expectNaming = async (res: { status: number; body: { message?: string } }, ...words: string[]) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual(placeError(400, expect.any(String)));
    for (const word of words) expect(res.body.message).toContain(word);
  };

  it('changes the name, the addresses and usable', async () => {
    const body = outboundBody(vendor.vendorId, 9, { shippingPlaceName: '새 이름', usable: 'false' });
    const res = await update(code, body);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: 200,
      message: 'SUCCESS',
      data: { resultCode: 'SUCCESS', resultMessage: 'Modify successfully' },
    });
    expect(await place()).toMatchObject({
      outboundShippingPlaceCode: code,
      shippingPlaceName: '새 이름',
      usable: false,
      placeAddresses: [{ returnAddressDetail: '7-9' }],
      createDate: '2026/11/23',
    });
    // The old address is free again.
    await create(outboundBody(vendor.vendorId, 1, { shippingPlaceName: '다른 출고지' }));
  });

  it('serves /v5/ as /v4/', async () => {
    const res = await update(
      code,
      outboundBody(vendor.vendorId, 1, { shippingPlaceName: 'v5' }),
      vendor,
      'v5',
    );
    expect(res.status).toBe(200);
    expect((await place()).shippingPlaceName).toBe('v5');
  });

  it('keeps usable and remote infos when they are left out, and lets a place keep its own name and address', async () => {
    await update(code, outboundBody(vendor.vendorId, 1, { usable: false }));
    const res = await update(code, outboundBody(vendor.vendorId, 1));
    expect(res.status).toBe(200);
    const now = await place();
    expect(now.usable).toBe(false);
    expect(now.remoteInfos.map((r: { deliveryCode: string }) => r.deliveryCode)).toEqual(['KGB', 'CJGLS']);
  });

  it('takes the body’s outboundShippingPlaceCode when it equals the path’s, as a number or a string', async () => {
    expect(
      (await update(code, outboundBody(vendor.vendorId, 1, { outboundShippingPlaceCode: code }))).status,
    ).toBe(200);
    const asText = await update(
      code,
      outboundBody(vendor.vendorId, 1, { outboundShippingPlaceCode: String(code) }),
    );
    expect(asText.status).toBe(200);
  });

  it.each([[1], ['1000002'], ['abc'], [true]])(
    'refuses a body outboundShippingPlaceCode %s other than the path’s, naming it',
    async (given) => {
      const res = await update(code, outboundBody(vendor.vendorId, 1, { outboundShippingPlaceCode: given }));
      await expectNaming(res, 'outboundShippingPlaceCode');
    },
  );

  it('refuses an unknown code, naming outboundShippingPlaceCode', async () => {
    await expectRefused(
      await update(9999999, outboundBody(vendor.vendorId, 1)),
      o.placeCodeUnknown('9999999'),
    );
    await expectNaming(await update('abc', outboundBody(vendor.vendorId, 1)), 'outboundShippingPlaceCode');
  });

  it('refuses to change global, naming it; the same value, or none, is fine', async () => {
    await expectNaming(await update(code, outboundBody(vendor.vendorId, 1, { global: true })), 'global');
    expect((await update(code, outboundBody(vendor.vendorId, 1, { global: 'false' }))).status).toBe(200);
  });

  it('keeps a global place global when global is left out', async () => {
    const overseas = {
      addressType: 'OVERSEA',
      countryCode: 'JP',
      companyContactNumber: '81-3-12345678',
      returnZipCode: '100001',
      returnAddress: 'Chiyoda, Tokyo',
    };
    const globalCode = await create({
      ...outboundBody(vendor.vendorId, 2),
      global: true,
      placeAddresses: [overseas],
    });
    const res = await update(globalCode, { ...outboundBody(vendor.vendorId, 2), placeAddresses: [overseas] });
    expect(res.status).toBe(200);
    await expectRefused(await update(globalCode, outboundBody(vendor.vendorId, 2)), o.domesticNeedsNotGlobal);
  });

  it('applies the create rules, in their order', async () => {
    const body = outboundBody(vendor.vendorId, 1);
    await expectRefused(await update(code, { ...body, usable: null }), p.nullParam);
    await expectRefused(await update(code, { ...body, vendorId: 'A99999999' }), p.outboundVendorMismatch);
    await expectRefused(
      await update(code, { ...body, shippingPlaceName: 'x'.repeat(51) }),
      p.shippingPlaceNameTooLong,
    );
    await expectRefused(
      await update(code, { ...body, remoteInfos: [{ deliveryCode: 'EPOST', jeju: 500, notJeju: 0 }] }),
      o.epostFee,
    );
    // The place lookup comes after the vendorId checks, before the field rules.
    await expectRefused(await update(9999999, { ...body, vendorId: 'bad' }), p.invalidVendorId);
    await expectRefused(
      await update(9999999, { ...body, shippingPlaceName: '' }),
      o.placeCodeUnknown('9999999'),
    );
  });

  it('refuses another place’s name or address', async () => {
    const second = await create(outboundBody(vendor.vendorId, 2));
    await expectRefused(
      await update(second, outboundBody(vendor.vendorId, 2, { shippingPlaceName: '출고지 1' })),
      o.duplicateName('출고지 1'),
    );
    await expectRefused(
      await update(second, outboundBody(vendor.vendorId, 1, { shippingPlaceName: '출고지 2' })),
      o.duplicateAddress(code),
    );
  });

  describe('remote infos', () => {
    it('changes an entry by its remoteInfoId, adds entries without one, and keeps those not mentioned', async () => {
      const ids = await idsOf();
      const res = await update(
        code,
        outboundBody(vendor.vendorId, 1, {
          remoteInfos: [
            { remoteInfoId: ids.KGB, deliveryCode: 'KGB', jeju: '6000', notJeju: '3000', usable: true },
            { deliveryCode: 'EPOST', jeju: 300, notJeju: 200 },
          ],
        }),
      );
      expect(res.status).toBe(200);
      expect((await place()).remoteInfos).toEqual([
        { remoteInfoId: ids.KGB, deliveryCode: 'KGB', jeju: 6000, notJeju: 3000, usable: true },
        { remoteInfoId: ids.CJGLS, deliveryCode: 'CJGLS', jeju: 4000, notJeju: 2000, usable: true },
        { remoteInfoId: expect.any(Number), deliveryCode: 'EPOST', jeju: 300, notJeju: 200, usable: true },
      ]);
    });

    it('switches an entry off with "usable": false, and it reads back so', async () => {
      const ids = await idsOf();
      const res = await update(
        code,
        outboundBody(vendor.vendorId, 1, {
          remoteInfos: [{ remoteInfoId: String(ids.CJGLS), usable: false }],
        }),
      );
      expect(res.status).toBe(200);
      expect((await place()).remoteInfos[1]).toEqual({
        remoteInfoId: ids.CJGLS,
        deliveryCode: 'CJGLS',
        jeju: 4000,
        notJeju: 2000,
        usable: false,
      });
    });

    it('lets a switched-off courier be added again', async () => {
      const ids = await idsOf();
      const res = await update(
        code,
        outboundBody(vendor.vendorId, 1, {
          remoteInfos: [
            { remoteInfoId: ids.KGB, usable: false },
            { deliveryCode: 'KGB', jeju: 1000, notJeju: 1000 },
          ],
        }),
      );
      expect(res.status).toBe(200);
      const infos = (await place()).remoteInfos;
      expect(infos.filter((r: { deliveryCode: string }) => r.deliveryCode === 'KGB')).toHaveLength(2);
    });

    it('lets two entries swap couriers', async () => {
      const ids = await idsOf();
      const res = await update(
        code,
        outboundBody(vendor.vendorId, 1, {
          remoteInfos: [
            { remoteInfoId: ids.KGB, deliveryCode: 'CJGLS' },
            { remoteInfoId: ids.CJGLS, deliveryCode: 'KGB' },
          ],
        }),
      );
      expect(res.status).toBe(200);
      const infos = (await place()).remoteInfos;
      expect(infos.map((r: { deliveryCode: string }) => r.deliveryCode)).toEqual(['CJGLS', 'KGB']);
    });

    it('refuses a courier that would stand twice among switched-on entries, naming it', async () => {
      await expectRefused(
        await update(
          code,
          outboundBody(vendor.vendorId, 1, {
            remoteInfos: [{ deliveryCode: 'KGB', jeju: 1000, notJeju: 1000 }],
          }),
        ),
        o.deliveryCodeTwice('KGB'),
      );
      const ids = await idsOf();
      await expectRefused(
        await update(
          code,
          outboundBody(vendor.vendorId, 1, {
            remoteInfos: [{ remoteInfoId: ids.KGB, deliveryCode: 'CJGLS' }],
          }),
        ),
        o.deliveryCodeTwice('CJGLS'),
      );
    });

    it('checks a changed entry with its stored values filled in', async () => {
      const ids = await idsOf();
      // KGB's 5000 won is out of EPOST's range.
      await expectRefused(
        await update(
          code,
          outboundBody(vendor.vendorId, 1, {
            remoteInfos: [{ remoteInfoId: ids.KGB, deliveryCode: 'EPOST' }],
          }),
        ),
        o.epostFee,
      );
      await expectNaming(
        await update(
          code,
          outboundBody(vendor.vendorId, 1, {
            remoteInfos: [{ remoteInfoId: ids.KGB, deliveryCode: 'LOTTE' }],
          }),
        ),
        'deliveryCode LOTTE',
      );
      await expectNaming(
        await update(
          code,
          outboundBody(vendor.vendorId, 1, { remoteInfos: [{ remoteInfoId: ids.KGB, jeju: 'x' }] }),
        ),
        'jeju',
      );
    });

    it('refuses an unknown remoteInfoId, another place’s, or one given twice, naming remoteInfoId', async () => {
      const second = await create(
        outboundBody(vendor.vendorId, 2, {
          remoteInfos: [{ deliveryCode: 'HANJIN', jeju: 3000, notJeju: 3000 }],
        }),
      );
      const foreign = (await place(second)).remoteInfos[0].remoteInfoId;
      const ids = await idsOf();
      for (const remoteInfos of [
        [{ remoteInfoId: 42, usable: false }],
        [{ remoteInfoId: foreign, usable: false }],
        [{ remoteInfoId: 'abc', usable: false }],
        [
          { remoteInfoId: ids.KGB, usable: false },
          { remoteInfoId: ids.KGB, usable: true },
        ],
      ]) {
        await expectNaming(
          await update(code, outboundBody(vendor.vendorId, 1, { remoteInfos })),
          'remoteInfoId',
        );
      }
    });

    it('gives two concurrent updates adding the same courier one success', async () => {
      const body = outboundBody(vendor.vendorId, 1, {
        remoteInfos: [{ deliveryCode: 'HANJIN', jeju: 3000, notJeju: 3000 }],
      });
      const answers = await Promise.all([update(code, body), update(code, body), update(code, body)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400, 400]);
      for (const lost of answers.filter((a) => a.status === 400)) {
        expect(lost.body).toEqual(placeError(400, o.deliveryCodeTwice('HANJIN')));
      }
    });
  });

  it('changes nothing when it refuses an update', async () => {
    const before = await place();
    const ids = await idsOf();
    const refusals = [
      outboundBody(vendor.vendorId, 5, {
        shippingPlaceName: '',
        remoteInfos: [{ remoteInfoId: ids.KGB, usable: false }],
      }),
      outboundBody(vendor.vendorId, 5, {
        remoteInfos: [
          { remoteInfoId: ids.KGB, usable: false },
          { deliveryCode: 'CJGLS', jeju: 1000, notJeju: 1000 },
        ],
      }),
      outboundBody(vendor.vendorId, 5, { global: true }),
    ];
    for (const body of refusals) expect((await update(code, body)).status).toBe(400);
    // A duplicate address refuses the whole update, its new remote info included.
    await create(outboundBody(vendor.vendorId, 6));
    expect(
      (
        await update(
          code,
          outboundBody(vendor.vendorId, 6, {
            shippingPlaceName: 'fresh',
            remoteInfos: [{ deliveryCode: 'EPOST', jeju: 100, notJeju: 100 }],
          }),
        )
      ).status,
    ).toBe(400);
    expect(await place()).toEqual(before);
  });

  it('keeps vendors apart: another vendor cannot update this place', async () => {
    const stranger = await createVendor(t);
    const res = await update(code, outboundBody(stranger.vendorId, 1), stranger);
    await expectRefused(res, o.placeCodeUnknown(String(code)));
    expect((await place()).shippingPlaceName).toBe('출고지 1');
  });
});
