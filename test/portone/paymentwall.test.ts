import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messages } from '../../src/portone/messages.js';
import { paymentwallBody, paymentwallKoreanAddress } from '../support/fixtures.js';
import { createMerchant, createPayment, getToken, portoneError, signedIn } from '../support/portone.js';
import { engines, type TestApp, testApp } from '../support/server.js';

const say = messages.paymentwall;

type Body = Record<string, unknown>;
type Encoding = 'json' | 'form';

const ACCEPTED = {
  code: 0,
  message: null,
  response: { success: 1, error_code: null, error: null, notices: [] },
};

const TYPES = ['physical', 'digital'];
const STATUSES = ['order_placed', 'order_shipped', 'delivering', 'delivered'];
const PHYSICAL_ONLY = [
  'carrier_tracking_id',
  'carrier_type',
  'shipping_address_country',
  'shipping_address_city',
  'shipping_address_zip',
  'shipping_address_state',
  'shipping_address_street',
  'shipping_address_phone',
  'shipping_address_firstname',
  'shipping_address_lastname',
];

/** The 400 answer for these problems, in this order. */
function problems(...notices: string[]) {
  return portoneError(notices[0] as string, { error_code: 400, error: notices[0], notices });
}

/** A body as a form carries it: every value as text, absent values left out. */
function formOf(body: Body): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) if (value !== undefined) form.append(key, String(value));
  return form.toString();
}

describe.each(engines)('POST /paymentwall/delivery ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let auth: { authorization: string };
  let merchant: Awaited<ReturnType<typeof signedIn>>['merchant'];
  let payment: { imp_uid: string; merchant_uid: string };

  beforeEach(async () => {
    t = await testApp({}, databaseUrl);
    ({ merchant, auth } = await signedIn(t));
    payment = await createPayment(t, merchant, {
      pg_provider: 'paymentwall',
      escrow: false,
      merchant_uid: 'order-2026-0001',
    });
  });
  afterEach(() => t.close());

  /** Every field of a physical order, valid. */
  const physical = (overrides: Body = {}): Body =>
    paymentwallBody(payment, { ...paymentwallKoreanAddress(), ...overrides });

  /** The required fields of a digital order, valid. */
  const digital = (overrides: Body = {}): Body => ({
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    type: 'digital',
    status: 'delivered',
    estimated_delivery_datetime: 1795400000,
    estimated_update_datetime: 1795400000,
    refundable: 'no',
    shipping_address_email: 'buyer@example.com',
    ...overrides,
  });

  const send = (body: Body, encoding: Encoding = 'json', headers: Record<string, string> = auth) =>
    encoding === 'json'
      ? t.request({ method: 'POST', url: '/paymentwall/delivery', payload: body, headers })
      : t.request({
          method: 'POST',
          url: '/paymentwall/delivery',
          payload: formOf(body),
          headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        });

  const sendRaw = (payload: string, contentType: string) =>
    t.request({
      method: 'POST',
      url: '/paymentwall/delivery',
      payload,
      headers: { ...auth, 'content-type': contentType },
    });

  const history = async (impUid = payment.imp_uid) => {
    const res = await t.request({ method: 'GET', url: `/sandbox/payments/${impUid}/deliveries` });
    expect(res.status).toBe(200);
    return res.body.paymentwall as Body[];
  };

  const paymentwallPayment = (body: Body = {}) =>
    createPayment(t, merchant, { pg_provider: 'paymentwall', escrow: false, ...body });

  describe('success', () => {
    it.each<Encoding>(['json', 'form'])('accepts a physical order (%s) and keeps it', async (encoding) => {
      const res = await send(physical(), encoding);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual(ACCEPTED);
      expect(await history()).toEqual([{ ...physical(), received_at: Math.floor(t.clock.nowMs() / 1000) }]);
    });

    it.each<Encoding>(['json', 'form'])(
      'accepts a digital order without shipping details (%s)',
      async (encoding) => {
        const res = await send(digital(), encoding);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(ACCEPTED);
      },
    );

    it('accepts the timestamps as numeric strings and keeps them as numbers', async () => {
      const res = await send(
        physical({ estimated_delivery_datetime: '1795600000', estimated_update_datetime: '0001795500000' }),
      );
      expect(res.body).toEqual(ACCEPTED);
      const [kept] = await history();
      expect(kept?.estimated_delivery_datetime).toBe(1795600000);
      expect(kept?.estimated_update_datetime).toBe(1795500000);
    });

    it('keeps only the fields of the contract that were given, and reason and details when given', async () => {
      const res = await send(
        digital({
          reason: 'sent by e-mail',
          details: '다운로드 링크 발송',
          unknown_field: 'x',
          carrier_type: '',
        }),
      );
      expect(res.body).toEqual(ACCEPTED);
      expect(await history()).toEqual([
        {
          ...digital(),
          reason: 'sent by e-mail',
          details: '다운로드 링크 발송',
          received_at: Math.floor(t.clock.nowMs() / 1000),
        },
      ]);
    });

    it('takes a JSON number given for a text field as its digits', async () => {
      const res = await send(physical({ carrier_tracking_id: 123456789012, shipping_address_zip: 4524 }));
      expect(res.body).toEqual(ACCEPTED);
      const [kept] = await history();
      expect(kept?.carrier_tracking_id).toBe('123456789012');
      expect(kept?.shipping_address_zip).toBe('4524');
    });

    it('accepts every field at its length limit, counted in UTF-16 units', async () => {
      const res = await send(
        physical({
          merchant_uid: payment.merchant_uid,
          carrier_tracking_id: '1'.repeat(64),
          carrier_type: '택'.repeat(64),
          shipping_address_city: '서'.repeat(40),
          shipping_address_street: 's'.repeat(40),
          reason: 'r'.repeat(64),
          details: '상'.repeat(400),
          shipping_address_email: `${'a'.repeat(38)}@example.com`,
        }),
      );
      expect(res.body).toEqual(ACCEPTED);
    });

    it('accepts a merchant_uid of 40 characters that is the payment’s own', async () => {
      const long = await paymentwallPayment({ merchant_uid: 'm'.repeat(40) });
      const res = await send(physical({ imp_uid: long.imp_uid, merchant_uid: long.merchant_uid }));
      expect(res.body).toEqual(ACCEPTED);
    });
  });

  describe('401: the token comes first', () => {
    it.each([
      ['no token', {}],
      ['an unknown token', { authorization: 'f'.repeat(40) }],
    ])('answers 401 for %s, before reading the body', async (_case, headers) => {
      const res = await t.request({
        method: 'POST',
        url: '/paymentwall/delivery',
        payload: '{"imp_uid":',
        headers: { ...headers, 'content-type': 'application/json' },
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual(portoneError(messages.unauthorized));
    });

    it('answers 401 to a valid body without a token, and keeps nothing', async () => {
      const res = await send(physical(), 'json', {});
      expect(res.status).toBe(401);
      expect(res.body).toEqual(portoneError('Unauthorized'));
      expect(await history()).toEqual([]);
    });
  });

  describe('400: a body that cannot be read', () => {
    it('answers malformed JSON with response null', async () => {
      const res = await sendRaw('{"imp_uid": "imp_', 'application/json');
      expect(res.status).toBe(400);
      expect(res.body.code).toBe(-1);
      expect(res.body.message).toMatch(/^malformed JSON body/);
      expect(res.body.response).toBeNull();
    });

    it('answers a content type it does not take, naming it', async () => {
      const res = await sendRaw(formOf(physical()), 'text/plain');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        portoneError(
          'Content-Type text/plain is not accepted here; send application/json or application/x-www-form-urlencoded',
        ),
      );
    });

    it.each([
      ['an array', '[1, 2]'],
      ['a string', '"imp_123456789012"'],
      ['null', 'null'],
    ])('answers a JSON body that is %s with response null', async (_case, payload) => {
      const res = await sendRaw(payload, 'application/json');
      expect(res.status).toBe(400);
      expect(res.body).toEqual(portoneError(say.bodyNotObject));
    });

    it('reads no body at all as an empty one: every required field is missing', async () => {
      const res = await t.request({ method: 'POST', url: '/paymentwall/delivery', headers: auth });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(
        problems(
          say.required('imp_uid'),
          say.required('merchant_uid'),
          say.required('type'),
          say.required('status'),
          say.required('estimated_delivery_datetime'),
          say.required('estimated_update_datetime'),
          say.required('refundable'),
          say.required('shipping_address_email'),
        ),
      );
    });
  });

  describe('404: an unknown payment', () => {
    it.each<Encoding>(['json', 'form'])('answers an unknown imp_uid (%s)', async (encoding) => {
      const res = await send(physical({ imp_uid: 'imp_000000000000' }), encoding);
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError('존재하지 않는 결제정보입니다.'));
    });

    it('answers another merchant’s payment as unknown', async () => {
      const other = await createMerchant(t);
      const theirs = await createPayment(t, other, { pg_provider: 'paymentwall', escrow: false });
      const res = await send(physical({ imp_uid: theirs.imp_uid, merchant_uid: theirs.merchant_uid }));
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError(messages.paymentNotFound));
      expect(await history(theirs.imp_uid)).toEqual([]);
    });

    it('answers 404 before any field problem', async () => {
      const res = await send({ imp_uid: 'imp_000000000000', type: 'parcel' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual(portoneError(messages.paymentNotFound));
    });
  });

  describe('400: the field rules', () => {
    // Each case: what is broken, the body, and the notices in the contract's order.
    const cases: [string, () => Body, string[]][] = [
      // Always required; an empty value counts as not given.
      ['imp_uid missing', () => physical({ imp_uid: undefined }), [say.required('imp_uid')]],
      ['imp_uid empty', () => physical({ imp_uid: '' }), [say.required('imp_uid')]],
      ['merchant_uid missing', () => physical({ merchant_uid: undefined }), [say.required('merchant_uid')]],
      ['merchant_uid empty', () => physical({ merchant_uid: '' }), [say.required('merchant_uid')]],
      ['type missing', () => physical({ type: undefined }), [say.required('type')]],
      ['status missing', () => physical({ status: undefined }), [say.required('status')]],
      [
        'estimated_delivery_datetime missing',
        () => physical({ estimated_delivery_datetime: undefined }),
        [say.required('estimated_delivery_datetime')],
      ],
      [
        'estimated_update_datetime missing',
        () => physical({ estimated_update_datetime: undefined }),
        [say.required('estimated_update_datetime')],
      ],
      ['refundable missing', () => physical({ refundable: undefined }), [say.required('refundable')]],
      [
        'shipping_address_email missing',
        () => digital({ shipping_address_email: '' }),
        [say.required('shipping_address_email')],
      ],
      // Enumerations, matched exactly.
      ['type not an allowed value', () => physical({ type: 'parcel' }), [say.notOneOf('type', TYPES)]],
      ['type in capitals', () => physical({ type: 'PHYSICAL' }), [say.notOneOf('type', TYPES)]],
      [
        'status not an allowed value',
        () => physical({ status: 'shipped' }),
        [say.notOneOf('status', STATUSES)],
      ],
      [
        'refundable not yes or no',
        () => physical({ refundable: 'true' }),
        [say.notOneOf('refundable', ['yes', 'no'])],
      ],
      // Timestamps: positive integers of UNIX seconds.
      [
        'estimated_delivery_datetime zero',
        () => physical({ estimated_delivery_datetime: 0 }),
        [say.notTimestamp('estimated_delivery_datetime')],
      ],
      [
        'estimated_delivery_datetime negative',
        () => physical({ estimated_delivery_datetime: '-1795600000' }),
        [say.notTimestamp('estimated_delivery_datetime')],
      ],
      [
        'estimated_update_datetime a fraction',
        () => physical({ estimated_update_datetime: '1795500000.5' }),
        [say.notTimestamp('estimated_update_datetime')],
      ],
      [
        'estimated_update_datetime a date',
        () => physical({ estimated_update_datetime: '2026-11-25' }),
        [say.notTimestamp('estimated_update_datetime')],
      ],
      [
        'estimated_update_datetime past the year 9999',
        () => physical({ estimated_update_datetime: 253402300800 }),
        [say.notTimestamp('estimated_update_datetime')],
      ],
      // E-mail.
      [
        'shipping_address_email not an address',
        () => physical({ shipping_address_email: 'buyer at example.com' }),
        [say.notEmail('shipping_address_email')],
      ],
      [
        'shipping_address_email without a domain dot',
        () => physical({ shipping_address_email: 'buyer@localhost' }),
        [say.notEmail('shipping_address_email')],
      ],
      // Length limits, on every field given, whatever the type.
      [
        'merchant_uid over 40',
        () => physical({ merchant_uid: 'm'.repeat(41) }),
        [say.tooLong('merchant_uid', 40)],
      ],
      [
        'shipping_address_email over 50',
        () => physical({ shipping_address_email: `${'a'.repeat(39)}@example.com` }),
        [say.tooLong('shipping_address_email', 50)],
      ],
      [
        'carrier_tracking_id over 64',
        () => physical({ carrier_tracking_id: '1'.repeat(65) }),
        [say.tooLong('carrier_tracking_id', 64)],
      ],
      [
        'carrier_type over 64',
        () => physical({ carrier_type: '택'.repeat(65) }),
        [say.tooLong('carrier_type', 64)],
      ],
      ...['country', 'city', 'zip', 'state', 'street', 'phone', 'firstname', 'lastname'].map(
        (part): [string, () => Body, string[]] => [
          `shipping_address_${part} over 40`,
          () => physical({ [`shipping_address_${part}`]: 'x'.repeat(41) }),
          [say.tooLong(`shipping_address_${part}`, 40)],
        ],
      ),
      ['reason over 64', () => physical({ reason: 'r'.repeat(65) }), [say.tooLong('reason', 64)]],
      ['details over 400', () => digital({ details: '상'.repeat(401) }), [say.tooLong('details', 400)]],
      [
        'a shipping field over 40 on a digital order',
        () => digital({ shipping_address_city: 'c'.repeat(41), carrier_type: 'c'.repeat(65) }),
        [say.tooLong('carrier_type', 64), say.tooLong('shipping_address_city', 40)],
      ],
      // Required for physical orders only.
      ...PHYSICAL_ONLY.map((field): [string, () => Body, string[]] => [
        `${field} missing on a physical order`,
        () => physical({ [field]: undefined }),
        [say.requiredWhenPhysical(field)],
      ]),
      [
        'every shipping field missing on a physical order',
        () => digital({ type: 'physical' }),
        PHYSICAL_ONLY.map((f) => say.requiredWhenPhysical(f)),
      ],
      [
        'an invalid type: only type is reported',
        () => digital({ type: 'Physical' }),
        [say.notOneOf('type', TYPES)],
      ],
      // shipping_address_state.
      [
        'a state outside the USA',
        () => physical({ shipping_address_country: 'KR', shipping_address_state: 'Seoul' }),
        [say.stateNotApplicable],
      ],
      [
        'a state for "United States", which is not US or USA',
        () => physical({ shipping_address_country: 'United States', shipping_address_state: 'CA' }),
        [say.stateNotApplicable],
      ],
      [
        'N/A inside the USA',
        () => physical({ shipping_address_country: 'US', shipping_address_state: 'N/A' }),
        [say.stateNotUs],
      ],
      [
        'a territory, not a state',
        () => physical({ shipping_address_country: 'USA', shipping_address_state: 'Puerto Rico' }),
        [say.stateNotUs],
      ],
      [
        'an unknown state code',
        () => physical({ shipping_address_country: 'us', shipping_address_state: 'XX' }),
        [say.stateNotUs],
      ],
    ];

    describe.each<Encoding>(['json', 'form'])('sent as %s', (encoding) => {
      it.each(cases)('answers %s', async (_case, body, notices) => {
        const res = await send(body(), encoding);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(problems(...notices));
        expect(await history()).toEqual([]);
      });
    });

    // JSON alone can send values of other types.
    it.each([
      ['merchant_uid an object', { merchant_uid: { id: 1 } }, [say.notText('merchant_uid')]],
      ['carrier_tracking_id a boolean', { carrier_tracking_id: true }, [say.notText('carrier_tracking_id')]],
      ['type a number', { type: 1 }, [say.notOneOf('type', TYPES)]],
      ['refundable a boolean', { refundable: true }, [say.notOneOf('refundable', ['yes', 'no'])]],
      [
        'estimated_delivery_datetime a fraction',
        { estimated_delivery_datetime: 1795600000.5 },
        [say.notTimestamp('estimated_delivery_datetime')],
      ],
      [
        'estimated_update_datetime a boolean',
        { estimated_update_datetime: true },
        [say.notTimestamp('estimated_update_datetime')],
      ],
      ['status null', { status: null }, [say.required('status')]],
    ])('answers %s (JSON)', async (_case, overrides, notices) => {
      const res = await send(physical(overrides));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(problems(...notices));
    });

    it.each([
      ['US', 'CA'],
      ['us', 'ca'],
      ['USA', 'California'],
      ['uSa', 'new york'],
      ['US', 'District of Columbia'],
      ['USA', 'DC'],
      ['KR', 'n/a'],
      ['JP', 'N/A'],
    ])('accepts country %s with state %s', async (country, state) => {
      const res = await send(physical({ shipping_address_country: country, shipping_address_state: state }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual(ACCEPTED);
    });

    it('applies the state rule to physical orders only', async () => {
      const res = await send(digital({ shipping_address_country: 'KR', shipping_address_state: 'Seoul' }));
      expect(res.body).toEqual(ACCEPTED);
    });

    it('reports five broken rules at once, in the contract’s order', async () => {
      const res = await send(
        physical({
          shipping_address_lastname: undefined,
          refundable: 'maybe',
          merchant_uid: undefined,
          estimated_update_datetime: 'soon',
          shipping_address_email: 'nobody',
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        code: -1,
        message: 'merchant_uid is required',
        response: {
          error_code: 400,
          error: 'merchant_uid is required',
          notices: [
            'merchant_uid is required',
            say.notTimestamp('estimated_update_datetime'),
            say.notOneOf('refundable', ['yes', 'no']),
            say.notEmail('shipping_address_email'),
            say.requiredWhenPhysical('shipping_address_lastname'),
          ],
        },
      });
      const fields = [
        'merchant_uid',
        'estimated_update_datetime',
        'refundable',
        'shipping_address_email',
        'shipping_address_lastname',
      ];
      fields.forEach((field, i) => {
        expect(res.body.response.notices[i]).toContain(field);
      });
    });

    it('reports a state problem at the state’s place in the table', async () => {
      const res = await send(
        physical({
          shipping_address_state: 'Seoul',
          carrier_type: undefined,
          shipping_address_phone: undefined,
        }),
      );
      expect(res.body).toEqual(
        problems(
          say.requiredWhenPhysical('carrier_type'),
          say.stateNotApplicable,
          say.requiredWhenPhysical('shipping_address_phone'),
        ),
      );
    });
  });

  describe('400: the payment’s own checks, listed last', () => {
    it('refuses a payment not made with Paymentwall', async () => {
      const inicis = await createPayment(t, merchant, { pg_provider: 'html5_inicis', escrow: true });
      const res = await send(physical({ imp_uid: inicis.imp_uid, merchant_uid: inicis.merchant_uid }));
      expect(res.status).toBe(400);
      expect(res.body).toEqual(problems(say.notPaymentwall('html5_inicis')));
      expect(res.body.response.notices[0]).toContain('imp_uid');
      expect(await history(inicis.imp_uid)).toEqual([]);
    });

    it.each<Encoding>(['json', 'form'])(
      'refuses a merchant_uid that is not the payment’s (%s)',
      async (enc) => {
        const other = await paymentwallPayment();
        const res = await send(physical({ merchant_uid: other.merchant_uid }), enc);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(problems(say.merchantUidMismatch));
        expect(res.body.message).toContain('merchant_uid');
      },
    );

    it('lists the field problems first, then both payment checks', async () => {
      const kcp = await createPayment(t, merchant, { pg_provider: 'kcp', escrow: true });
      const res = await send(
        physical({
          imp_uid: kcp.imp_uid,
          merchant_uid: 'not-this-one',
          status: 'lost',
          reason: 'r'.repeat(65),
        }),
      );
      expect(res.body).toEqual(
        problems(
          say.notOneOf('status', STATUSES),
          say.tooLong('reason', 64),
          say.notPaymentwall('kcp'),
          say.merchantUidMismatch,
        ),
      );
    });

    it('does not compare a merchant_uid that broke its own rule', async () => {
      const res = await send(physical({ merchant_uid: 'm'.repeat(41) }));
      expect(res.body).toEqual(problems(say.tooLong('merchant_uid', 40)));
    });
  });

  describe('409', () => {
    it.each(['ready', 'cancelled', 'failed'])('refuses a payment that is %s', async (status) => {
      const unpaid = await paymentwallPayment({ status });
      const res = await send(physical({ imp_uid: unpaid.imp_uid, merchant_uid: unpaid.merchant_uid }));
      expect(res.status).toBe(409);
      expect(res.body).toEqual(portoneError(messages.notPaid(status)));
      expect(res.body.message).toBe(`결제완료 상태의 거래건이 아닙니다. (${status})`);
      expect(await history(unpaid.imp_uid)).toEqual([]);
    });

    it('reports field problems of an unpaid payment as 400 first', async () => {
      const unpaid = await paymentwallPayment({ status: 'ready' });
      const res = await send(
        physical({ imp_uid: unpaid.imp_uid, merchant_uid: unpaid.merchant_uid, type: 'x' }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toEqual(problems(say.notOneOf('type', TYPES)));
    });
  });

  describe('status progress', () => {
    it('walks a physical order through every status, and the history shows each step oldest first', async () => {
      const start = Math.floor(t.clock.nowMs() / 1000);
      for (const [i, status] of STATUSES.entries()) {
        if (i > 0) t.clock.advanceSeconds(300);
        const res = await send(physical({ status, carrier_type: `carrier ${i}` }));
        expect(res.status).toBe(200);
        expect(res.body).toEqual(ACCEPTED);
      }
      expect(await history()).toEqual(
        STATUSES.map((status, i) => ({
          ...physical({ status, carrier_type: `carrier ${i}` }),
          received_at: start + i * 300,
        })),
      );
    });

    it('refuses order_placed after delivered with 409, naming both, and keeps nothing of it', async () => {
      for (const status of STATUSES) expect((await send(physical({ status }))).status).toBe(200);
      const before = await history();
      t.clock.advanceSeconds(60);
      const res = await send(physical({ status: 'order_placed' }));
      expect(res.status).toBe(409);
      expect(res.body).toEqual(portoneError(say.statusBackwards('delivered', 'order_placed')));
      expect(res.body.message).toContain('delivered');
      expect(res.body.message).toContain('order_placed');
      expect(await history()).toEqual(before);
    });

    it.each<Encoding>(['json', 'form'])('refuses every earlier status (%s)', async (encoding) => {
      expect((await send(physical({ status: 'delivering' }), encoding)).status).toBe(200);
      for (const status of ['order_placed', 'order_shipped']) {
        const res = await send(physical({ status }), encoding);
        expect(res.status).toBe(409);
        expect(res.body).toEqual(portoneError(say.statusBackwards('delivering', status)));
      }
      expect((await history()).map((d) => d.status)).toEqual(['delivering']);
    });

    it('accepts the same status again and a later one that skips steps', async () => {
      for (const status of ['order_placed', 'order_placed', 'delivered', 'delivered']) {
        const res = await send(physical({ status }));
        expect(res.body).toEqual(ACCEPTED);
      }
      expect((await history()).map((d) => d.status)).toEqual([
        'order_placed',
        'order_placed',
        'delivered',
        'delivered',
      ]);
    });

    it('keeps each payment’s progress apart', async () => {
      const second = await paymentwallPayment();
      expect((await send(physical({ status: 'delivered' }))).status).toBe(200);
      const res = await send(
        physical({ imp_uid: second.imp_uid, merchant_uid: second.merchant_uid, status: 'order_placed' }),
      );
      expect(res.body).toEqual(ACCEPTED);
    });

    it('keeps the history monotonic under concurrent calls', async () => {
      const order = [3, 0, 2, 1, 3, 0, 1, 2, 2, 0, 1, 3, 0, 0, 2, 1];
      const answers = await Promise.all(order.map((i) => send(physical({ status: STATUSES[i] }))));
      const accepted = answers.filter((a) => a.status === 200).length;
      expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
      const ranks = (await history()).map((d) => STATUSES.indexOf(d.status as string));
      expect(ranks).toHaveLength(accepted);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    });

    it('accepts and keeps every one of many concurrent calls on one payment', async () => {
      const answers = await Promise.all(
        Array.from({ length: 100 }, () => send(physical({ status: 'order_placed' }))),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      expect(answers.every((a) => JSON.stringify(a.body) === JSON.stringify(ACCEPTED))).toBe(true);
      expect(await history()).toHaveLength(100);
    });
  });

  describe('JSON and form give the same answers', () => {
    const bodies: [string, () => Body][] = [
      ['a physical order', () => physical()],
      ['a digital order', () => digital({ reason: 'instant', details: 'key e-mailed' })],
      ['an invalid order', () => physical({ type: 'physical', status: 'x', shipping_address_zip: '' })],
      ['many broken rules', () => ({ imp_uid: payment.imp_uid, type: 'physical', refundable: 'YES' })],
      ['an unknown payment', () => physical({ imp_uid: 'imp_999999999999' })],
    ];

    it.each(bodies)('for %s', async (_case, body) => {
      const asJson = await send(body());
      // A repeated status is accepted, so the form meets a state that answers the same.
      const asForm = await send(body(), 'form');
      expect(asForm.status).toBe(asJson.status);
      expect(asForm.body).toEqual(asJson.body);
      const kept = await history();
      if (asJson.status === 200) expect(kept).toEqual([kept[0], kept[0]]);
      else expect(kept).toEqual([]);
    });
  });

  describe('refusals change nothing', () => {
    it('keeps the history as it was after every kind of refusal', async () => {
      expect((await send(physical({ status: 'order_shipped' }))).status).toBe(200);
      const before = await history();
      const refusals = [
        await send(physical({ status: 'delivered' }), 'json', {}), // 401
        await sendRaw('{', 'application/json'), // 400, unreadable
        await send(physical({ status: 'delivered', refundable: 'maybe' })), // 400, rules
        await send(physical({ status: 'delivered', merchant_uid: 'someone-else' })), // 400, payment
        await send(physical({ status: 'order_placed' })), // 409, backwards
      ];
      expect(refusals.map((r) => r.status)).toEqual([401, 400, 400, 400, 409]);
      expect(await history()).toEqual(before);
    });

    it('forgets the history on a sandbox reset', async () => {
      expect((await send(physical())).status).toBe(200);
      expect((await t.request({ method: 'POST', url: '/sandbox/reset' })).status).toBe(200);
      const res = await t.request({ method: 'GET', url: `/sandbox/payments/${payment.imp_uid}/deliveries` });
      expect(res.status).toBe(404);
    });
  });

  it('answers 405 in the envelope for GET', async () => {
    const res = await t.request({ method: 'GET', url: '/paymentwall/delivery', headers: auth });
    expect(res.status).toBe(405);
    expect(res.body).toEqual(portoneError(messages.methodNotAllowed));
  });

  it('documents the route in OpenAPI with its schemas', async () => {
    const res = await t.request({ method: 'GET', url: '/openapi.json' });
    const post = res.body.paths['/paymentwall/delivery'].post;
    expect(post.tags).toEqual(['PortOne Paymentwall']);
    expect(post.security).toEqual([{ portoneToken: [] }]);
    expect(Object.keys(post.requestBody.content)).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
    ]);
    expect(post.requestBody.content['application/json'].schema.required).toEqual([
      'imp_uid',
      'merchant_uid',
      'type',
      'status',
      'estimated_delivery_datetime',
      'estimated_update_datetime',
      'refundable',
      'shipping_address_email',
    ]);
    expect(Object.keys(post.responses)).toEqual(['200', '400', '401', '404', '409']);
  });
});

// Two apps on one SQLite file stand for two server instances on one database.
const fileEngines = engines.filter((e) => e.name === 'sqlite');

describe.each(fileEngines)('POST /paymentwall/delivery on two instances sharing a database ($name)', () => {
  let dir: string;
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baesong-pw-'));
    const url = join(dir, 'shared.sqlite');
    a = await testApp({}, url);
    b = await testApp({}, url);
  });
  afterEach(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets one status progress through, whichever instance is asked', async () => {
    const merchant = await createMerchant(a);
    const token = await getToken(a, merchant);
    const payment = await createPayment(a, merchant, { pg_provider: 'paymentwall', escrow: false });
    const body = (status: string) => ({
      imp_uid: payment.imp_uid,
      merchant_uid: payment.merchant_uid,
      type: 'digital',
      status,
      estimated_delivery_datetime: 1795400000,
      estimated_update_datetime: 1795400000,
      refundable: 'no',
      shipping_address_email: 'buyer@example.com',
    });
    const post = (app: TestApp, status: string) =>
      app.request({
        method: 'POST',
        url: '/paymentwall/delivery',
        payload: body(status),
        headers: { authorization: token },
      });

    expect((await post(a, 'delivered')).status).toBe(200);
    const res = await post(b, 'order_shipped');
    expect(res.status).toBe(409);
    expect(res.body).toEqual(
      portoneError(messages.paymentwall.statusBackwards('delivered', 'order_shipped')),
    );

    const statuses = ['delivered', 'order_placed', 'delivered', 'delivering', 'delivered', 'order_shipped'];
    await Promise.all(statuses.map((s, i) => post(i % 2 ? a : b, s)));
    const seen = await b.request({ method: 'GET', url: `/sandbox/payments/${payment.imp_uid}/deliveries` });
    expect(seen.body.paymentwall.map((d: { status: string }) => d.status)).toEqual([
      'delivered',
      'delivered',
      'delivered',
      'delivered',
    ]);
  });
});
