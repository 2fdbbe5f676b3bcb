/**
 * The rules both kinds of Coupang shipping place share (`src/coupang/places/place-rules.ts`), as plain
 * functions: reading values, the request checks before the fields (path vendorId, body, body
 * vendorId), the shared field table in its order, the address keys, paging and dates. Each case
 * table lives here; test/coupang/places/outbound-create.test.ts and return-create.test.ts keep one HTTP
 * case per rule, for the wiring, the status and the envelope.
 */
import { describe, expect, it } from 'vitest';
import { placeMessages as p } from '../../../src/coupang/messages.js';
import {
  addressKeys,
  checkPlaceRequest,
  checkSharedFields,
  type PlaceRequestInput,
} from '../../../src/coupang/places/place-rules.js';
import { checkPaging, listParam, MAX_PAGE_SIZE, pagination } from '../../../src/coupang/paging.js';
import { checkPathVendor, isVendorId } from '../../../src/coupang/vendor-ids.js';
import {
  containsNull,
  isPlainObject,
  readBoolean,
  readNumber,
  readText,
  shownValue,
  WRONG_TYPE,
} from '../../../src/coupang/values.js';
import { koreanDate } from '../../../src/coupang/kst.js';
import {
  outboundBody,
  returnBody,
  without,
  withAddress,
  withoutAddressField,
} from '../../support/fixtures.js';

type Body = Record<string, unknown>;
type Address = Record<string, unknown>;

const vendor = { vendorId: 'A00012345', userIds: ['wing-user'] };
const refused = (message: string) => ({ ok: false, message });

const roadname = {
  addressType: 'ROADNAME',
  companyContactNumber: '02-1234-5678',
  returnZipCode: '05510',
  returnAddress: '서울특별시 송파구 올림픽로 300',
  returnAddressDetail: '롯데월드타워',
};

describe('reading values as the API sends them', () => {
  it('text: a string as it is, a finite number as its digits, anything else the wrong type', () => {
    expect(readText(undefined)).toBeUndefined();
    expect(readText('')).toBe('');
    expect(readText('서울')).toBe('서울');
    expect(readText(10516)).toBe('10516');
    expect(readText(2.5)).toBe('2.5');
    for (const value of [true, null, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(readText(value)).toBe(WRONG_TYPE);
    }
  });

  it('numbers: a finite number, or a decimal string', () => {
    expect(readNumber(undefined)).toBeUndefined();
    expect(readNumber(2500)).toBe(2500);
    expect(readNumber('2500')).toBe(2500);
    expect(readNumber('-100')).toBe(-100);
    expect(readNumber('2500.5')).toBe(2500.5);
    for (const value of ['25,00', '', ' 2500', '2500원', '1e3', '.5', true, null, {}, Number.NaN]) {
      expect(readNumber(value)).toBe(WRONG_TYPE);
    }
  });

  it('booleans: true and false, also as the strings "true" and "false"', () => {
    expect(readBoolean(undefined)).toBeUndefined();
    expect(readBoolean(true)).toBe(true);
    expect(readBoolean('true')).toBe(true);
    expect(readBoolean(false)).toBe(false);
    expect(readBoolean('false')).toBe(false);
    for (const value of ['False', 'TRUE', 'yes', 'no', 1, 0, '', null]) {
      expect(readBoolean(value)).toBe(WRONG_TYPE);
    }
  });

  it('shows a value of the wrong type as its JSON text, and one nested too deep by its kind', () => {
    expect(shownValue({ a: 1 })).toBe('{"a":1}');
    expect(shownValue(7)).toBe('7');
    expect(shownValue(undefined)).toBe('undefined');
    let deepArray: unknown = [];
    let deepObject: unknown = {};
    for (let i = 0; i < 100_000; i++) {
      deepArray = [deepArray];
      deepObject = { a: deepObject };
    }
    expect(shownValue(deepArray)).toBe('(a deeply nested array)');
    expect(shownValue(deepObject)).toBe('(a deeply nested object)');
  });

  it('tells a plain object from an array, null and other values', () => {
    expect(isPlainObject({})).toBe(true);
    for (const value of [[], null, 'x', 1, undefined]) expect(isPlainObject(value)).toBe(false);
  });

  it('finds a null anywhere, however deep', () => {
    expect(containsNull({ a: [{ b: 1 }, { c: null }] })).toBe(true);
    expect(containsNull({ a: [{ b: 1 }], c: '' })).toBe(false);
    expect(containsNull(null)).toBe(true);
    expect(containsNull([1, [2, [null]]])).toBe(true);
    let deep: unknown = { leaf: null };
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(containsNull(deep)).toBe(true);
    expect(containsNull(Array.from({ length: 500_000 }, () => 0))).toBe(false);
  });

  it('knows a vendorId: A and 8 digits', () => {
    expect(isVendorId('A00012345')).toBe(true);
    for (const value of ['B00012345', 'A0001234', 'A000123456', 'a00012345', '12345678', '', ' A00012345']) {
      expect(isVendorId(value)).toBe(false);
    }
  });
});

describe('the path’s vendorId', () => {
  it('must be A + 8 digits, then the access key’s vendor, in the wording each kind gives', () => {
    expect(checkPathVendor('A00012345', vendor, 'mismatch')).toEqual({ ok: true, value: 'A00012345' });
    for (const pathVendorId of ['B00012345', 'A0001234', 'A000123456', 'a00012345']) {
      expect(checkPathVendor(pathVendorId, vendor, 'mismatch')).toEqual(refused('Invalid vendor ID'));
    }
    expect(checkPathVendor('A00099999', vendor, p.outboundVendorMismatch)).toEqual(
      refused("params's vendorId not equals gateway's vendorId!"),
    );
    expect(checkPathVendor('A00099999', vendor, p.returnVendorMismatch)).toEqual(
      refused("The vendorId in path or requestBody doesn't match the one got from api-gateway."),
    );
  });
});

describe('the request before its fields', () => {
  const body = outboundBody('A00012345', 1);
  const input: PlaceRequestInput = {
    pathVendorId: 'A00012345',
    body,
    unreadable: null,
    vendor,
    vendorMismatchMessage: p.outboundVendorMismatch,
  };
  const check = (changes: Partial<PlaceRequestInput>) => checkPlaceRequest({ ...input, ...changes });

  it('answers the body as an object when all is well', () => {
    expect(checkPlaceRequest(input)).toEqual({ ok: true, value: body });
  });

  it.each([['B00012345'], ['A0001234'], ['A000123456'], ['a00012345']])(
    'path vendorId %s not A + 8 digits',
    (pathVendorId) => {
      expect(check({ pathVendorId })).toEqual(refused('Invalid vendor ID'));
    },
  );

  it('path vendorId not the access key’s vendor, in the kind’s own wording', () => {
    expect(check({ pathVendorId: 'A00099999' })).toEqual(refused(p.outboundVendorMismatch));
    expect(check({ pathVendorId: 'A00099999', vendorMismatchMessage: p.returnVendorMismatch })).toEqual(
      refused(p.returnVendorMismatch),
    );
  });

  it('a body the parser could not read, with the parser’s message', () => {
    expect(check({ unreadable: { kind: 'malformed', message: 'bad JSON' }, body: undefined })).toEqual(
      refused('bad JSON'),
    );
    expect(
      check({ unreadable: { kind: 'media-type', message: 'text/plain is not accepted' }, body: 'x' }),
    ).toEqual(refused('text/plain is not accepted'));
  });

  it.each([
    ['an array', [outboundBody('A00012345', 1)]],
    ['a string', 'vendorId=A00012345'],
    ['a number', 1],
    ['null', null],
    ['nothing', undefined],
  ])('a body that is %s, not an object', (_case, value) => {
    expect(check({ body: value })).toEqual(refused('The request body must be a JSON object'));
  });

  it.each([
    ['a top-level field', () => ({ ...body, usable: null })],
    ['the shippingPlaceName', () => ({ ...body, shippingPlaceName: null })],
    ['an address field', () => withAddress(body, { phoneNumber2: null })],
    ['an address', () => ({ ...body, placeAddresses: [null] })],
    [
      'a remote info field',
      () => ({ ...body, remoteInfos: [{ deliveryCode: 'KGB', jeju: null, notJeju: 0 }] }),
    ],
    ['the remoteInfos', () => ({ ...body, remoteInfos: null })],
    ['a fee', () => returnBody('A00012345', 1, {}, { returnFee10kg: null })],
    ['the courier object', () => ({ ...returnBody('A00012345', 1), goodsflowInfoOpenApiDto: null })],
    ['the vendorId', () => ({ ...body, vendorId: null })],
  ])('any field as JSON null: %s', (_case, value) => {
    expect(check({ body: value() })).toEqual(refused('params are not allowed null...'));
  });

  it.each([
    ['missing', () => without(body, 'vendorId')],
    ['empty', () => ({ ...body, vendorId: '' })],
  ])('body vendorId %s', (_case, value) => {
    expect(check({ body: value() })).toEqual(refused('The vendorId is required'));
    expect(p.vendorIdRequired).toContain('vendorId');
  });

  it.each([['A0001234'], ['12345678'], [12345678], [{}], [true], ['a00012345']])(
    'body vendorId %s not A + 8 digits',
    (vendorId) => {
      expect(check({ body: { ...body, vendorId } })).toEqual(refused('Invalid vendor ID'));
    },
  );

  it('body vendorId not the access key’s vendor, in the kind’s own wording', () => {
    const other = { ...body, vendorId: 'A00099999' };
    expect(check({ body: other })).toEqual(refused(p.outboundVendorMismatch));
    expect(check({ body: other, vendorMismatchMessage: p.returnVendorMismatch })).toEqual(
      refused(p.returnVendorMismatch),
    );
  });

  it('checks the path, then the body (unreadable, not an object, null), then the body’s vendorId', () => {
    const broken = { ...body, vendorId: 'A1', usable: null };
    expect(check({ pathVendorId: 'A1', unreadable: { kind: 'malformed', message: 'bad JSON' } })).toEqual(
      refused(p.invalidVendorId),
    );
    expect(check({ pathVendorId: 'A00099999', body: [] })).toEqual(refused(p.outboundVendorMismatch));
    expect(check({ unreadable: { kind: 'malformed', message: 'bad JSON' }, body: broken })).toEqual(
      refused('bad JSON'),
    );
    expect(check({ body: broken })).toEqual(refused(p.nullParam));
    expect(check({ body: { ...broken, usable: true } })).toEqual(refused(p.invalidVendorId));
    // The field rules come after: a body with a bad vendorId and a bad field names the vendorId.
    expect(check({ body: { ...body, vendorId: 'A1', userId: '' } })).toEqual(refused(p.invalidVendorId));
  });
});

describe('the shared field table', () => {
  const base = () => outboundBody('A00012345', 1);
  const check = (body: Body, options: { nameOptional?: boolean; addressesOptional?: boolean } = {}) =>
    checkSharedFields(body, { userIds: ['wing-user', 'second-user'], ...options });

  it('reads the fields: numbers as digits, the detail empty when left out, booleans as sent', () => {
    const body = {
      ...base(),
      userId: 'second-user',
      usable: 'false',
      global: true,
      placeAddresses: [
        {
          addressType: 7,
          countryCode: 'KR',
          companyContactNumber: '02-1234-5678',
          phoneNumber2: '010-1234-5678',
          returnZipCode: 10516,
          returnAddress: '경기도 파주시',
        },
        {
          addressType: { kind: 'JIBUN' },
          companyContactNumber: '0212345678',
          returnZipCode: '105160',
          returnAddress: '서울',
        },
      ],
    };
    expect(check(body)).toEqual({
      ok: true,
      value: {
        userId: 'second-user',
        shippingPlaceName: '출고지 1',
        usable: false,
        global: true,
        placeAddresses: [
          {
            addressType: '7',
            countryCode: 'KR',
            companyContactNumber: '02-1234-5678',
            phoneNumber2: '010-1234-5678',
            returnZipCode: '10516',
            returnAddress: '경기도 파주시',
            returnAddressDetail: '',
          },
          {
            addressType: '{"kind":"JIBUN"}',
            countryCode: undefined,
            companyContactNumber: '0212345678',
            phoneNumber2: undefined,
            returnZipCode: '105160',
            returnAddress: '서울',
            returnAddressDetail: '',
          },
        ],
      },
    });
    const plain = check(base());
    expect(plain.ok && [plain.value.usable, plain.value.global]).toEqual([undefined, undefined]);
  });

  it.each([
    ['missing', () => without(base(), 'userId'), 'The userId is required: the WING login ID of the vendor'],
    ['empty', () => ({ ...base(), userId: '' }), p.userIdRequired],
    [
      'not a WING user of the vendor',
      () => ({ ...base(), userId: 'testId' }),
      'The userId testId is not a WING user of this vendor',
    ],
    ['an object', () => ({ ...base(), userId: {} }), 'The userId must be a string'],
  ])('userId %s, naming it', (_case, body, message) => {
    expect(check(body())).toEqual(refused(message));
    expect(message).toContain('userId');
  });

  it.each([
    ['missing', () => without(base(), 'shippingPlaceName'), 'The shippingPlaceName can not be empty'],
    ['empty', () => ({ ...base(), shippingPlaceName: '' }), p.shippingPlaceNameRequired],
    ['a boolean', () => ({ ...base(), shippingPlaceName: true }), p.mustBeString('shippingPlaceName')],
  ])('shippingPlaceName %s, naming it', (_case, body, message) => {
    expect(check(body())).toEqual(refused(message));
    expect(message).toContain('shippingPlaceName');
  });

  it('shippingPlaceName over 50 characters, as String.length counts them', () => {
    const message = 'The max length of the shipping place name is 50, please input the correct length name';
    expect(check({ ...base(), shippingPlaceName: '가'.repeat(51) })).toEqual(refused(message));
    expect(check({ ...base(), shippingPlaceName: `${'a'.repeat(49)}😀` })).toEqual(refused(message));
    expect(check({ ...base(), shippingPlaceName: '가'.repeat(50) }).ok).toBe(true);
  });

  it('shippingPlaceName may be left out where the kind allows it, but not sent empty', () => {
    const left = check(without(base(), 'shippingPlaceName'), { nameOptional: true });
    expect(left.ok && left.value.shippingPlaceName).toBeUndefined();
    expect(check({ ...base(), shippingPlaceName: '' }, { nameOptional: true })).toEqual(
      refused(p.shippingPlaceNameRequired),
    );
  });

  it.each([
    ['missing', () => without(base(), 'placeAddresses')],
    ['empty', () => ({ ...base(), placeAddresses: [] })],
    ['not an array', () => ({ ...base(), placeAddresses: {} })],
    ['a string', () => ({ ...base(), placeAddresses: 'JIBUN' })],
  ])('placeAddresses %s', (_case, body) => {
    expect(check(body())).toEqual(refused("The address detail info can't be null(placeAddress)"));
  });

  it('each address must be an object, naming the first that is not', () => {
    const [address] = base().placeAddresses;
    expect(check({ ...base(), placeAddresses: ['x'] })).toEqual(
      refused('The placeAddresses[0] must be an object'),
    );
    expect(check({ ...base(), placeAddresses: [address, [address], 1] })).toEqual(
      refused(p.placeAddressNotObject(1)),
    );
  });

  it('placeAddresses may be left out where the kind allows it, but not sent empty', () => {
    const left = check(without(base(), 'placeAddresses'), { addressesOptional: true });
    expect(left.ok && left.value.placeAddresses).toBeUndefined();
    expect(check({ ...base(), placeAddresses: [] }, { addressesOptional: true })).toEqual(
      refused(p.placeAddressesRequired),
    );
  });

  it.each([
    ['missing', () => withoutAddressField(base(), 'companyContactNumber')],
    ['empty', () => withAddress(base(), { companyContactNumber: '' })],
  ])('companyContactNumber %s', (_case, body) => {
    expect(check(body())).toEqual(refused('Must input the default phone number(phoneNumber1)'));
  });

  it('companyContactNumber and phoneNumber2 of another type than text, naming them', () => {
    expect(check(withAddress(base(), { companyContactNumber: ['02-1234-5678'] }))).toEqual(
      refused('The companyContactNumber must be a string'),
    );
    expect(check(withAddress(base(), { phoneNumber2: true }))).toEqual(
      refused(p.mustBeString('phoneNumber2')),
    );
  });

  it.each([
    ['companyContactNumber with letters', { companyContactNumber: '02-1234-567a' }],
    ['companyContactNumber of 8 characters', { companyContactNumber: '0212-345' }],
    ['companyContactNumber of 14 characters', { companyContactNumber: '02-1234-5678-9' }],
    ['companyContactNumber with spaces', { companyContactNumber: '02 1234 5678' }],
    ['companyContactNumber as a number of 8 digits', { companyContactNumber: 21234567 }],
    ['phoneNumber2 too short', { phoneNumber2: '010-1234' }],
    ['phoneNumber2 with a plus', { phoneNumber2: '+82-10-1234-5678' }],
  ])('%s', (_case, changes) => {
    expect(check(withAddress(base(), changes))).toEqual(
      refused("Please input the correct phone number format including numbers and '-' (min 9, max 13)"),
    );
  });

  it('takes phone numbers of 9 to 13 digits and dashes, and phoneNumber2 left out or empty', () => {
    for (const changes of [
      { companyContactNumber: '021234567' },
      { companyContactNumber: '010-1234-5678' },
      { companyContactNumber: '0101-2345-678' },
      { phoneNumber2: '' },
      { phoneNumber2: '010-1234-5678' },
    ]) {
      expect(check(withAddress(base(), changes)).ok).toBe(true);
    }
  });

  it.each([
    ['missing', () => withoutAddressField(base(), 'returnZipCode')],
    ['empty', () => withAddress(base(), { returnZipCode: '' })],
  ])('returnZipCode %s', (_case, body) => {
    expect(check(body())).toEqual(refused("Post code can't be empty"));
  });

  it.each([['0551O'], ['05-510'], ['05510 '], ['-5510'], ['4270l'], ['42-701'], ['42701 '], [5510.5]])(
    'returnZipCode %s with a non-digit',
    (zip) => {
      expect(check(withAddress(base(), { returnZipCode: zip }))).toEqual(
        refused('The format of postal code is invalid, it can only be number'),
      );
    },
  );

  it.each([['0551'], ['0551000'], ['4270'], ['4270100'], [5510]])(
    'returnZipCode %s of digits but not 5-6 long',
    (zip) => {
      expect(check(withAddress(base(), { returnZipCode: zip }))).toEqual(
        refused(
          'The format of postal code is invalid, it can only be number, min length is 5 and max length is 6',
        ),
      );
    },
  );

  it('takes zip codes of 5 and 6 digits, also as numbers', () => {
    for (const zip of ['05510', '112207', 10516]) {
      expect(check(withAddress(base(), { returnZipCode: zip })).ok).toBe(true);
    }
  });

  it.each([
    ['missing', () => withoutAddressField(base(), 'returnAddress')],
    ['empty', () => withAddress(base(), { returnAddress: '' })],
  ])('returnAddress %s', (_case, body) => {
    expect(check(body())).toEqual(refused('Must input the default address(address1)'));
  });

  it('returnAddress over 150 characters and returnAddressDetail over 200, naming each and its limit', () => {
    const address = check(withAddress(base(), { returnAddress: '가'.repeat(151) }));
    expect(address).toEqual(refused('The max length of returnAddress is 150'));
    expect(address).toEqual(refused(p.tooLong('returnAddress', 150)));
    const detail = check(withAddress(base(), { returnAddressDetail: '가'.repeat(201) }));
    expect(detail).toEqual(refused('The max length of returnAddressDetail is 200'));
    expect(
      check(withAddress(base(), { returnAddress: '가'.repeat(150), returnAddressDetail: '나'.repeat(200) }))
        .ok,
    ).toBe(true);
  });

  it('returnAddressDetail of another type than text, naming it', () => {
    expect(check(withAddress(base(), { returnAddressDetail: { floor: 3 } }))).toEqual(
      refused('The returnAddressDetail must be a string'),
    );
  });

  it.each([
    ['usable', 'yes'],
    ['usable', 1],
    ['usable', 'TRUE'],
    ['global', 'no'],
    ['global', 0],
  ])('%s of %s, not a boolean, naming it', (field, value) => {
    const result = check({ ...base(), [field]: value });
    expect(result).toEqual(refused(`The ${field} must be a boolean (true or false)`));
    expect(result).toEqual(refused(p.notBoolean(field)));
  });

  it('a ROADNAME address without a JIBUN one', () => {
    expect(check({ ...base(), placeAddresses: [roadname] })).toEqual(
      refused('도로명 주소 등록 시, 반드시 지번 주소를 함께 등록해야합니다.'),
    );
    const [jibun] = base().placeAddresses;
    expect(check({ ...base(), placeAddresses: [roadname, jibun] }).ok).toBe(true);
  });

  it('goes down the table in its order, the first broken rule answering', () => {
    // Every rule broken at once; mending them one by one brings up the next, in the table's order.
    const steps: [Body, string][] = [];
    let body: Body = {
      ...base(),
      userId: '',
      shippingPlaceName: '',
      usable: 'yes',
      global: 'no',
      placeAddresses: [
        {
          addressType: 'ROADNAME',
          companyContactNumber: '',
          returnZipCode: '',
          returnAddress: '',
          returnAddressDetail: '가'.repeat(201),
        },
      ],
    };
    const mend = (changes: Body, address: Address = {}) => {
      body = withAddress({ ...body, ...changes }, address);
    };
    steps.push([body, p.userIdRequired]);
    mend({ userId: 'wing-user' });
    steps.push([body, p.shippingPlaceNameRequired]);
    mend({ shippingPlaceName: '출고지' });
    steps.push([body, p.phoneRequired]);
    mend({}, { companyContactNumber: '02-1234' });
    steps.push([body, p.phoneFormat]);
    mend({}, { companyContactNumber: '02-1234-5678' });
    steps.push([body, p.zipRequired]);
    mend({}, { returnZipCode: '0551a' });
    steps.push([body, p.zipNotDigits]);
    mend({}, { returnZipCode: '0551' });
    steps.push([body, p.zipLength]);
    mend({}, { returnZipCode: '05510' });
    steps.push([body, p.addressRequired]);
    mend({}, { returnAddress: '서울특별시 송파구 올림픽로 300' });
    steps.push([body, p.tooLong('returnAddressDetail', 200)]);
    mend({}, { returnAddressDetail: '' });
    steps.push([body, p.notBoolean('usable')]);
    mend({ usable: true });
    steps.push([body, p.notBoolean('global')]);
    mend({ global: false });
    steps.push([body, p.roadnameNeedsJibun]);
    for (const [step, message] of steps) expect(check(step)).toEqual(refused(message));
    mend({}, { addressType: 'JIBUN' });
    expect(check(body).ok).toBe(true);
  });

  it('applies each address rule to every address before the next rule', () => {
    const [first] = base().placeAddresses;
    const badZip = { ...first, returnZipCode: '1' };
    const noPhone = { ...first, companyContactNumber: '' };
    expect(check({ ...base(), placeAddresses: [badZip, noPhone] })).toEqual(refused(p.phoneRequired));
    expect(check({ ...base(), placeAddresses: [badZip, first] })).toEqual(refused(p.zipLength));
  });
});

describe('address keys', () => {
  it('are the distinct (returnAddress, returnAddressDetail) pairs, in order', () => {
    expect(
      addressKeys([
        { returnAddress: '서울', returnAddressDetail: '1' },
        { returnAddress: '서울', returnAddressDetail: '2' },
        { returnAddress: '서울', returnAddressDetail: '1' },
        { returnAddress: '서울', returnAddressDetail: '1 ' },
        { returnAddress: '서울1', returnAddressDetail: '' },
      ]),
    ).toEqual([
      { returnAddress: '서울', returnAddressDetail: '1' },
      { returnAddress: '서울', returnAddressDetail: '2' },
      { returnAddress: '서울', returnAddressDetail: '1 ' },
      { returnAddress: '서울1', returnAddressDetail: '' },
    ]);
  });
});

describe('query parameters and pages', () => {
  it('reads a list sent comma-separated or repeated: trimmed, empty items dropped, in order', () => {
    expect(listParam(undefined)).toBeUndefined();
    expect(listParam('')).toBeUndefined();
    expect(listParam(' , ,')).toBeUndefined();
    expect(listParam('2, 1,,3 ')).toEqual(['2', '1', '3']);
    expect(listParam(['2,1', '3', ''])).toEqual(['2', '1', '3']);
    expect(listParam([])).toBeUndefined();
  });

  it('pages by 10 from page 1 unless told', () => {
    expect(checkPaging({})).toEqual({ ok: true, value: { pageNum: 1, pageSize: 10 } });
    expect(checkPaging({ pageNum: '', pageSize: '' })).toEqual({
      ok: true,
      value: { pageNum: 1, pageSize: 10 },
    });
    expect(checkPaging({ pageNum: '3', pageSize: '50' })).toEqual({
      ok: true,
      value: { pageNum: 3, pageSize: 50 },
    });
    expect(checkPaging({ pageNum: ['2', '9'], pageSize: ['1'] })).toEqual({
      ok: true,
      value: { pageNum: 2, pageSize: 1 },
    });
    expect(MAX_PAGE_SIZE).toBe(50);
  });

  it.each([['0'], ['-1'], ['1.5'], ['one'], [' 1'], ['9007199254740993']])(
    'refuses pageNum %s',
    (pageNum) => {
      expect(checkPaging({ pageNum })).toEqual(refused('The pageNum must be a whole number of at least 1'));
    },
  );

  it.each([['0'], ['51'], ['-1'], ['ten'], ['2.0']])('refuses pageSize %s', (pageSize) => {
    expect(checkPaging({ pageSize })).toEqual(refused('The pageSize must be a whole number from 1 to 50'));
  });

  it('checks pageNum before pageSize', () => {
    expect(checkPaging({ pageNum: '0', pageSize: '0' })).toEqual(refused(p.pageNum));
  });

  it('counts the pages', () => {
    expect(pagination({ pageNum: 2, pageSize: 10 }, 25)).toEqual({
      currentPage: 2,
      totalPages: 3,
      totalElements: 25,
      countPerPage: 10,
    });
    expect(pagination({ pageNum: 1, pageSize: 10 }, 0)).toEqual({
      currentPage: 1,
      totalPages: 0,
      totalElements: 0,
      countPerPage: 10,
    });
    expect(pagination({ pageNum: 1, pageSize: 5 }, 10).totalPages).toBe(2);
  });
});

describe('dates', () => {
  it('writes creation dates in Korea time', () => {
    expect(koreanDate(Date.UTC(2026, 10, 23, 14, 59, 59) / 1000)).toBe('2026/11/23');
    expect(koreanDate(Date.UTC(2026, 10, 23, 15, 0, 0) / 1000)).toBe('2026/11/24');
    expect(koreanDate(Date.UTC(2026, 0, 1, 0, 0, 0) / 1000)).toBe('2026/01/01');
  });
});
