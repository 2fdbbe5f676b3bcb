/**
 * Valid request bodies, shared by the tests and the bench. Each is a function that returns a new
 * object, so a caller may change its copy; a test that needs a variation builds it from one of
 * these and its change. Plain data only: the bench imports this module outside vitest.
 */

type Body = Record<string, unknown>;

// ---------------------------------------------------------------- PortOne

/** The PGs with escrow deliveries: KG INICIS, NHN KCP and PAYJOA (`daou`). */
export type EscrowPg = 'html5_inicis' | 'kcp' | 'daou';

const sender = () => ({
  name: '김발송',
  tel: '02-1234-5678',
  addr: '서울특별시 중구 세종대로 110',
  postcode: '04524',
});
const receiver = () => ({
  name: '이수령',
  tel: '010-1234-5678',
  addr: '부산광역시 해운대구 센텀중앙로 79',
  postcode: '48058',
});

/** What each PG requires of an escrow delivery, every required field present. */
const escrowBodies = {
  // KG INICIS: sender's and receiver's name, phone, address and postcode.
  html5_inicis: () => ({
    sender: sender(),
    receiver: receiver(),
    logis: { company: 'CJGLS', invoice: '123456789012', sent_at: 1795000000 },
  }),
  // NHN KCP: the courier, invoice and date alone.
  kcp: () => ({
    sender: {},
    receiver: {},
    logis: { company: 'HANJIN', invoice: '4321', sent_at: 1795000000 },
  }),
  // PAYJOA: the sender's relationship, the receiving date and address.
  daou: () => ({
    sender: { relationship: '본인' },
    receiver: {},
    logis: {
      company: 'EPOST',
      invoice: '1111',
      sent_at: 1795000000,
      receiving_at: '20261125',
      address: '성수이로 20길 16',
    },
  }),
};

export interface EscrowBody {
  sender: Record<string, string>;
  receiver: Record<string, string>;
  logis: { company: string; invoice: string; sent_at: number; receiving_at?: string; address?: string };
}

/** A complete escrow delivery body for `pg`, with `logis` fields changed or added. */
export function escrowBody(pg: EscrowPg, logis: Partial<EscrowBody['logis']> = {}): EscrowBody {
  const body: EscrowBody = escrowBodies[pg]();
  return { ...body, logis: { ...body.logis, ...logis } };
}

/** An escrow delivery body every escrow PG accepts: each one's required fields together. */
export function escrowBodyForAnyPg(logis: Partial<EscrowBody['logis']> = {}): EscrowBody {
  return {
    sender: { ...sender(), relationship: '본인' },
    receiver: receiver(),
    logis: {
      company: 'CJGLS',
      invoice: '123456789012',
      sent_at: 1795000000,
      receiving_at: '20261125',
      address: '성수이로 20길 16',
      ...logis,
    },
  };
}

/**
 * A Paymentwall delivery of a physical order with every field, valid for the payment given
 * (status `order_placed`, a US address); `overrides` change or add fields.
 */
export function paymentwallBody(
  payment: { imp_uid: string; merchant_uid: string },
  overrides: Body = {},
): Record<string, string | number> & Body {
  return {
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    type: 'physical',
    status: 'order_placed',
    estimated_delivery_datetime: 1795600000,
    estimated_update_datetime: 1795500000,
    refundable: 'yes',
    shipping_address_email: 'buyer@example.com',
    carrier_tracking_id: '123456789012',
    carrier_type: 'CJ Logistics',
    shipping_address_country: 'US',
    shipping_address_state: 'CA',
    shipping_address_city: 'San Jose',
    shipping_address_zip: '95113',
    shipping_address_street: '1 Market St',
    shipping_address_phone: '+1-408-555-0100',
    shipping_address_firstname: 'Minji',
    shipping_address_lastname: 'Kim',
    ...overrides,
  };
}

/** The address fields of a Paymentwall delivery to Korea (a state of `N/A`), to put over the US one. */
export function paymentwallKoreanAddress() {
  return {
    shipping_address_country: 'KR',
    shipping_address_state: 'N/A',
    shipping_address_city: 'Seoul',
    shipping_address_zip: '04524',
    shipping_address_street: '110 Sejong-daero',
    shipping_address_phone: '010-1234-5678',
  };
}

// ---------------------------------------------------------------- Coupang shipping places

/** Seed 003's own request example, with the vendor put in and digits for its masked phone numbers. */
export function seedOutboundBody(vendorId: string) {
  return {
    vendorId,
    userId: 'testId',
    shippingPlaceName: '상품출고지 생성',
    global: 'false',
    usable: 'true',
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
      { deliveryCode: 'KGB', jeju: '5000', notJeju: '2500' },
      { deliveryCode: 'CJGLS', jeju: '5000', notJeju: '2500' },
    ],
  };
}

/**
 * A small valid outbound shipping place body of the vendor's user `wing-user` (the sandbox
 * default), each `n` a different name and address; `overrides` change top-level fields.
 */
export function outboundBody(vendorId: string, n: string | number, overrides: Body = {}) {
  return {
    vendorId,
    userId: 'wing-user',
    shippingPlaceName: `출고지 ${n}`,
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        returnZipCode: '05510',
        returnAddress: '서울특별시 송파구 신천동',
        returnAddressDetail: `7-${n}`,
      },
    ],
    ...overrides,
  };
}

/** The twelve fees of a return center, all at `amount`, as the seeds send them (strings). */
export function returnFees(amount: number | string = '2500') {
  return Object.fromEntries(
    ['vendorCreditFee', 'vendorCashFee', 'consumerCashFee', 'returnFee'].flatMap((kind) =>
      ['05kg', '10kg', '20kg'].map((weight) => [`${kind}${weight}`, amount]),
    ),
  ) as Record<string, number | string>;
}

/** Seed 002's own request example, with the vendor put in (its user `testId`). */
export function seedReturnBody(vendorId: string) {
  return {
    userId: 'testId',
    vendorId,
    shippingPlaceName: '반품지01',
    goodsflowInfoOpenApiDto: {
      deliverCode: 'CJGLS',
      contractNumber: '85500067',
      contractCustomerNumber: '',
      ...returnFees('2500'),
    },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        phoneNumber2: '',
        returnZipCode: '112207',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: '294-58',
      },
    ],
  };
}

/**
 * A small valid return center body of `wing-user`, each `n` a different name and address;
 * `overrides` change top-level fields, `courier` those of `goodsflowInfoOpenApiDto`.
 */
export function returnBody(vendorId: string, n: string | number, overrides: Body = {}, courier: Body = {}) {
  return {
    vendorId,
    userId: 'wing-user',
    shippingPlaceName: `반품지 ${n}`,
    goodsflowInfoOpenApiDto: {
      deliverCode: 'HANJIN',
      contractNumber: '12345',
      ...returnFees(3000),
      ...courier,
    },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-111-1111',
        returnZipCode: '42701',
        returnAddress: '대구시 달서구 성서공단로',
        returnAddressDetail: `${n}`,
      },
    ],
    ...overrides,
  };
}

// ── Variations of a place body, for the tests of its rules ──────────────────────────────────

type Address = Record<string, unknown>;

/** A copy of a place `body` with its first address changed. */
export function withAddress(body: Body, changes: Address): Body {
  const [first, ...rest] = body.placeAddresses as Address[];
  return { ...body, placeAddresses: [{ ...first, ...changes }, ...rest] };
}

/** A copy of a place `body` with its first address lacking `field`. */
export function withoutAddressField(body: Body, field: string): Body {
  const [first, ...rest] = body.placeAddresses as Address[];
  const { [field]: _gone, ...kept } = first as Address;
  return { ...body, placeAddresses: [kept, ...rest] };
}

/** A copy of `body` without `field`. */
export function without(body: Body, field: string): Body {
  const { [field]: _gone, ...kept } = body;
  return kept;
}
