import { describe, expect, it } from 'vitest';
import { returnBody, returnFees } from '../../support/fixtures.js';
import { placeMessages as p, returnMessages as r } from '../../../src/coupang/messages.js';
import {
  checkBodyCenterCode,
  checkCenterCodes,
  checkContract,
  checkReturnCenterFields,
  checkReturnCenterUpdate,
  FEE_FIELDS,
  type ReturnCourierContract,
} from '../../../src/coupang/places/return-rules.js';

const courier = (changes: Partial<ReturnCourierContract> = {}): ReturnCourierContract => ({
  deliverCode: 'CJGLS',
  deliverName: 'CJ대한통운',
  contractNumber: '85500067',
  contractCustomerNumber: '',
  ...changes,
});

describe('return center rules', () => {
  it('reads a create body into what is stored', () => {
    const plan = checkReturnCenterFields(returnBody('A00012345', 1), { userIds: ['wing-user'] });
    expect(plan).toEqual({
      ok: true,
      value: {
        shippingPlaceName: '반품지 1',
        usable: true,
        placeAddresses: [
          {
            addressType: 'JIBUN',
            countryCode: 'KR',
            companyContactNumber: '02-111-1111',
            returnZipCode: '42701',
            returnAddress: '대구시 달서구 성서공단로',
            returnAddressDetail: '1',
          },
        ],
        courier: {
          deliverCode: 'HANJIN',
          deliverName: '한진택배',
          contractNumber: '12345',
          contractCustomerNumber: '',
        },
        fees: Object.fromEntries(FEE_FIELDS.map((f) => [f, 3000])),
      },
    });
  });

  it('checks the fees in the documents’ order', () => {
    expect(Object.keys(returnFees())).toEqual([...FEE_FIELDS]);
    const body = returnBody('A00012345', 1, {}, { consumerCashFee05kg: 0, vendorCashFee10kg: 0 });
    expect(checkReturnCenterFields(body, { userIds: ['wing-user'] })).toEqual({
      ok: false,
      message: r.fee('vendorCashFee10kg'),
    });
  });

  it('keeps on update what the body leaves out', () => {
    const created = checkReturnCenterFields(returnBody('A00012345', 1), { userIds: ['wing-user'] });
    if (!created.ok) throw new Error(created.message);
    const existing = created.value;
    const plan = checkReturnCenterUpdate(
      { userId: 'wing-user', goodsflowInfoDto: { returnFee10kg: '100' } },
      { userIds: ['wing-user'], existing },
    );
    expect(plan).toEqual({
      ok: true,
      value: {
        shippingPlaceName: existing.shippingPlaceName,
        usable: true,
        placeAddresses: existing.placeAddresses,
        fees: { ...existing.fees, returnFee10kg: 100 },
      },
    });
    expect(
      checkReturnCenterUpdate(
        { userId: 'wing-user', goodsflowInfoDto: { contractNumber: '1' } },
        { userIds: ['wing-user'], existing },
      ),
    ).toEqual({ ok: false, message: r.unchangeable('contractNumber') });
  });

  describe('the contract checks', () => {
    const contracts = [
      { deliverCode: 'CJGLS' as const, contractNumber: '85500067', confirmed: true },
      { deliverCode: 'EPOST' as const, contractNumber: '1', contractCustomerNumber: 'V1', confirmed: true },
      { deliverCode: 'HANJIN' as const, contractNumber: '2', confirmed: false },
    ];

    it('without contracts on file: 1 to 20 digits, confirmed', () => {
      expect(checkContract(courier(), null)).toEqual({ ok: true, confirmed: true });
      expect(checkContract(courier({ contractNumber: '1'.repeat(21) }), null)).toEqual({
        ok: false,
        message: r.createError,
      });
    });

    it('EPOST needs its vendor code first, whatever the contracts', () => {
      const epost = courier({ deliverCode: 'EPOST', contractNumber: 'x' });
      expect(checkContract(epost, null)).toEqual({ ok: false, message: r.serverError });
      expect(checkContract(epost, contracts)).toEqual({ ok: false, message: r.serverError });
    });

    it('with contracts on file: the courier’s, with the EPOST vendor code, confirmed or not', () => {
      expect(checkContract(courier(), contracts)).toEqual({ ok: true, confirmed: true });
      expect(checkContract(courier({ deliverCode: 'KGB' }), contracts)).toEqual({
        ok: false,
        message: r.createError,
      });
      const epost = (customer: string) =>
        checkContract(
          courier({ deliverCode: 'EPOST', contractNumber: '1', contractCustomerNumber: customer }),
          contracts,
        );
      expect(epost('V1')).toEqual({ ok: true, confirmed: true });
      expect(epost('V2')).toEqual({ ok: false, message: r.serverError });
      expect(checkContract(courier({ deliverCode: 'HANJIN', contractNumber: '2' }), contracts)).toEqual({
        ok: true,
        confirmed: false,
      });
      expect(checkContract(courier(), [])).toEqual({ ok: false, message: r.createError });
    });
  });

  it('reads the codes of a lookup', () => {
    expect(checkCenterCodes('1100000002, 1100000001,1100000002')).toEqual({
      ok: true,
      value: ['1100000002', '1100000001'],
    });
    expect(checkCenterCodes(undefined)).toEqual({ ok: false, message: r.centerCodesRequired });
    expect(checkCenterCodes(Array.from({ length: 101 }, () => '1').join(','))).toEqual({
      ok: false,
      message: r.centerCodesTooMany(101),
    });
  });

  it('compares the body’s returnCenterCode with the path’s', () => {
    expect(checkBodyCenterCode({ returnCenterCode: 1100000001 }, '1100000001', 1100000001).ok).toBe(true);
    expect(checkBodyCenterCode({ returnCenterCode: '1100000001' }, '1100000001', 1100000001).ok).toBe(true);
    expect(checkBodyCenterCode({}, '1100000001', 1100000001)).toEqual({
      ok: false,
      message: r.centerCodeRequired,
    });
    expect(checkBodyCenterCode({ returnCenterCode: 1100000002 }, '1100000001', 1100000001)).toEqual({
      ok: false,
      message: r.centerCodeMismatch('1100000002', '1100000001'),
    });
    expect(p.modified).toBe('Modify successfully');
  });
});
