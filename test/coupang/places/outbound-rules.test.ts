import { describe, expect, it } from 'vitest';
import { COURIER_NAMES, courierName, isCourierCode, RETURN_COURIERS } from '../../../src/coupang/couriers.js';
import { outboundMessages as o } from '../../../src/coupang/messages.js';
import { checkOutboundFields, feeAllowed } from '../../../src/coupang/places/outbound-rules.js';

const vendor = { vendorId: 'A00012345', userIds: ['wing-user'] };
const address = {
  addressType: 'JIBUN',
  companyContactNumber: '02-1234-5678',
  returnZipCode: '05510',
  returnAddress: '서울특별시 송파구 신천동',
};
const body = {
  vendorId: 'A00012345',
  userId: 'wing-user',
  shippingPlaceName: '출고지',
  placeAddresses: [address],
};

describe('outbound rules', () => {
  it('plans a place with defaults', () => {
    expect(checkOutboundFields(body, vendor)).toEqual({
      ok: true,
      value: {
        shippingPlaceName: '출고지',
        usable: true,
        global: false,
        placeAddresses: [{ ...address, countryCode: 'KR', returnAddressDetail: '' }],
        changedRemoteInfos: [],
        newRemoteInfos: [],
      },
    });
  });

  it('allows fees of 0 or the courier’s range in steps of 100', () => {
    expect([0, 100, 400].every((fee) => feeAllowed('EPOST', fee))).toBe(true);
    expect([50, 450, 1000, 150].some((fee) => feeAllowed('EPOST', fee))).toBe(false);
    expect([0, 1000, 8000, 20000].every((fee) => feeAllowed('CJGLS', fee))).toBe(true);
    expect([900, 20100, 1010].some((fee) => feeAllowed('CJGLS', fee))).toBe(false);
  });

  it('judges update entries against the stored place', () => {
    const existing = {
      global: false,
      usable: true,
      remoteInfos: [{ remoteInfoId: 7, deliveryCode: 'KGB', jeju: 5000, notJeju: 2500, usable: true }],
    };
    const plan = checkOutboundFields(
      {
        ...body,
        remoteInfos: [
          { remoteInfoId: '7', usable: 'false' },
          { deliveryCode: 'KGB', jeju: 0, notJeju: 0 },
        ],
      },
      { ...vendor, existing },
    );
    expect(plan).toMatchObject({
      ok: true,
      value: {
        changedRemoteInfos: [
          { remoteInfoId: 7, deliveryCode: 'KGB', jeju: 5000, notJeju: 2500, usable: false },
        ],
        newRemoteInfos: [{ deliveryCode: 'KGB', jeju: 0, notJeju: 0, usable: true }],
      },
    });
    expect(checkOutboundFields({ ...body, global: true }, { ...vendor, existing })).toEqual({
      ok: false,
      message: o.globalUnchangeable,
    });
  });
});

describe('courier codes', () => {
  it('hold the current list, without merged, closed or invented codes', () => {
    expect(Object.keys(COURIER_NAMES)).toHaveLength(187);
    for (const code of ['HYUNDAI', 'KGB', 'EPOST', 'HANJIN', 'CJGLS', 'ILYANG', 'DIRECT', 'KOREX', 'DNDN']) {
      expect(isCourierCode(code)).toBe(true);
    }
    for (const code of [
      'LOTTE',
      'KGBPS',
      'KGBLS',
      'DONGBU',
      'YELLOW',
      'INNOGIS',
      'IQS',
      'WINION',
      'toString',
    ]) {
      expect(isCourierCode(code)).toBe(false);
    }
  });

  it('name the return couriers in Korean', () => {
    expect(RETURN_COURIERS.map(courierName)).toEqual([
      '롯데택배',
      '로젠택배',
      '우체국',
      '한진택배',
      'CJ대한통운',
      '일양택배',
    ]);
  });
});
