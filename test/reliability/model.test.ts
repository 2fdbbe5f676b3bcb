/**
 * Model-based test: random sequences of token requests, payments, escrow registrations, changes
 * and reads, Paymentwall deliveries and outbound place creations, updates and queries, across two
 * merchants and two vendors. After every step the server's answer is compared with what a simple
 * model of the contract says it must be, and the model is compared with what the server holds.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboundMessages, placeMessages } from '../../src/coupang/messages.js';
import { messages } from '../../src/portone/messages.js';
import { escrowBodyForAnyPg } from '../support/fixtures.js';
import { engines, type TestApp, testApp } from '../support/server.js';
import { injectSender } from './send.js';
import {
  createMerchantWithPayments,
  createVendorWithPlace,
  outboundCreatePath,
  outboundPlaceBody,
  type Send,
  signedHeaders,
  type World,
  type WorldVendor,
} from './world.js';

// ---------------------------------------------------------------- the model

type Pg = 'html5_inicis' | 'kcp' | 'daou' | 'paymentwall' | 'tosspayments';
type PayStatus = 'paid' | 'ready' | 'cancelled';

interface ModelPayment {
  impUid: string;
  merchantUid: string;
  owner: number;
  pg: Pg;
  escrow: boolean;
  status: PayStatus;
  /** The registered escrow delivery, as GET answers it. */
  delivery?: { company: string; invoice: string; sent_at: number; applied_at: number };
  paymentwall: string[];
}

interface ModelPlace {
  code: string;
  owner: number;
  name: number;
  address: number;
  usable: boolean;
}

interface Model {
  tokens: (string | undefined)[];
  payments: ModelPayment[];
  places: ModelPlace[];
  nowSeconds: number;
}

interface Real {
  send: Send;
  t: TestApp;
  world: World;
  /** keys of the two merchants */
  merchants: { imp_key: string; imp_secret: string }[];
}

const PW_STATUSES = ['order_placed', 'order_shipped', 'delivering', 'delivered'] as const;
const ESCROW_PGS: Pg[] = ['html5_inicis', 'kcp', 'daou'];
const COURIERS = ['CJGLS', 'HANJIN', 'EPOST', 'LOTTE_UNKNOWN'];

type EscrowBodyKind = 'full' | 'minimal' | 'broken';

function escrowBody(kind: EscrowBodyKind, company: string, invoice: string) {
  const logis: Record<string, unknown> = { company, invoice, sent_at: 1795000000 };
  if (kind === 'broken') delete logis.invoice;
  if (kind !== 'full') return { sender: {}, receiver: {}, logis };
  return escrowBodyForAnyPg({ company, invoice });
}

function bodyValidFor(kind: EscrowBodyKind, pg: Pg): boolean {
  if (kind === 'full') return true;
  return kind === 'minimal' && pg === 'kcp';
}

const KNOWN_COURIERS = new Set(['CJGLS', 'HANJIN', 'EPOST']);

// ---------------------------------------------------------------- talking to the server

async function call(
  r: Real,
  method: string,
  url: string,
  headers: Record<string, string>,
  payload?: unknown,
) {
  const answer = await r.send({
    method,
    url,
    headers: { ...headers, ...(payload !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(payload !== undefined ? { payload: JSON.stringify(payload) } : {}),
  });
  return { status: answer.status, body: JSON.parse(answer.body) };
}

const tokenHeaders = (m: Model, who: number): Record<string, string> => {
  const token = m.tokens[who];
  return token ? { authorization: `Bearer ${token}` } : {};
};

function pick<T>(list: T[], n: number): T | undefined {
  return list.length === 0 ? undefined : list[n % list.length];
}

const failure = (message: string) => ({ code: -1, message, response: null });

/** A command of the model run: what it does, and how it changes the model. */
class Step implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly name: string,
    private readonly body: (m: Model, r: Real) => Promise<void>,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: Model, r: Real): Promise<void> {
    // Every step happens one second after the last: applied_at and token times move.
    m.nowSeconds += 1;
    r.t.clock.set(m.nowSeconds * 1000);
    await this.body(m, r);
  }
  toString(): string {
    return this.name;
  }
}

// ---------------------------------------------------------------- PortOne steps

const getToken = fc.nat(1).map(
  (who) =>
    new Step(`getToken(${who})`, async (m, r) => {
      const keys = r.merchants[who]!;
      const res = await call(r, 'POST', '/users/getToken', {}, keys);
      expect(res.status).toBe(200);
      // The same token while it is valid.
      if (m.tokens[who]) expect(res.body.response.access_token).toBe(m.tokens[who]);
      m.tokens[who] = res.body.response.access_token;
    }),
);

const createPayment = fc
  .record({
    who: fc.nat(1),
    pg: fc.constantFrom<Pg>('html5_inicis', 'kcp', 'daou', 'paymentwall', 'tosspayments'),
    escrow: fc.boolean(),
    status: fc.constantFrom<PayStatus>('paid', 'paid', 'ready', 'cancelled'),
  })
  .map(
    ({ who, pg, escrow, status }) =>
      new Step(`createPayment(${who}, ${pg}, escrow=${escrow}, ${status})`, async (m, r) => {
        const res = await call(
          r,
          'POST',
          '/sandbox/payments',
          {},
          {
            imp_key: r.merchants[who]!.imp_key,
            pg_provider: pg,
            escrow,
            status,
          },
        );
        expect(res.status).toBe(201);
        m.payments.push({
          impUid: res.body.imp_uid,
          merchantUid: res.body.merchant_uid,
          owner: who,
          pg,
          escrow,
          status,
          paymentwall: [],
        });
      }),
  );

const getPayment = fc.record({ who: fc.nat(1), p: fc.nat() }).map(
  ({ who, p }) =>
    new Step(`getPayment(${who}, #${p})`, async (m, r) => {
      const payment = pick(m.payments, p);
      if (!payment) return;
      const res = await call(r, 'GET', `/payments/${payment.impUid}`, tokenHeaders(m, who));
      if (!m.tokens[who])
        return void expect(res).toEqual({ status: 401, body: failure(messages.unauthorized) });
      if (payment.owner !== who)
        return void expect(res).toEqual({ status: 404, body: failure(messages.paymentNotFound) });
      expect(res.status).toBe(200);
      expect(res.body.response).toMatchObject({
        imp_uid: payment.impUid,
        merchant_uid: payment.merchantUid,
        pg_provider: payment.pg,
        escrow: payment.escrow,
        status: payment.status,
      });
    }),
);

/** What an escrow call must answer, in the documented order of checks; undefined: success. */
function escrowRefusal(
  m: Model,
  who: number,
  payment: ModelPayment,
  method: 'POST' | 'PUT' | 'GET',
  kind: EscrowBodyKind,
): { status: number; message: string } | undefined {
  if (!m.tokens[who]) return { status: 401, message: messages.unauthorized };
  if (payment.owner !== who) return { status: 404, message: messages.paymentNotFound };
  if (!ESCROW_PGS.includes(payment.pg))
    return { status: 400, message: messages.escrowUnsupportedPg(payment.pg) };
  if (method !== 'GET' && !bodyValidFor(kind, payment.pg))
    return { status: 400, message: '배송정보가 올바르지 않습니다' };
  if (!payment.escrow) return { status: 409, message: messages.notEscrow };
  if (payment.status !== 'paid') return { status: 409, message: messages.notPaid(payment.status) };
  if (method === 'POST' && payment.delivery)
    return { status: 409, message: messages.escrowAlreadyRegistered };
  if (method !== 'POST' && !payment.delivery) return { status: 409, message: messages.escrowNotRegistered };
  return undefined;
}

const escrow = fc
  .record({
    method: fc.constantFrom<'POST' | 'PUT' | 'GET'>('POST', 'POST', 'PUT', 'GET'),
    who: fc.nat(1),
    p: fc.nat(),
    kind: fc.constantFrom<EscrowBodyKind>('full', 'full', 'minimal', 'broken'),
    company: fc.constantFrom(...COURIERS),
    invoice: fc.integer({ min: 1000, max: 999999 }).map(String),
  })
  .map(
    ({ method, who, p, kind, company, invoice }) =>
      new Step(`escrow ${method}(${who}, #${p}, ${kind}, ${company}, ${invoice})`, async (m, r) => {
        const payment = pick(m.payments, p);
        if (!payment) return;
        const body = method === 'GET' ? undefined : escrowBody(kind, company, invoice);
        const res = await call(r, method, `/escrows/logis/${payment.impUid}`, tokenHeaders(m, who), body);
        const refusal = escrowRefusal(m, who, payment, method, kind);
        if (refusal) {
          expect(res.status).toBe(refusal.status);
          expect(res.body).toMatchObject({ code: -1, response: null });
          expect(res.body.message.startsWith(refusal.message)).toBe(true);
          return;
        }
        expect(res.status).toBe(200);
        if (method !== 'GET') {
          payment.delivery = {
            company: KNOWN_COURIERS.has(company) ? company : 'ETC',
            invoice,
            sent_at: 1795000000,
            applied_at: m.nowSeconds,
          };
        }
        expect(res.body).toEqual({ code: 0, message: null, response: payment.delivery });
      }),
  );

const paymentwall = fc.record({ who: fc.nat(1), p: fc.nat(), status: fc.nat(3) }).map(
  ({ who, p, status: s }) =>
    new Step(`paymentwall(${who}, #${p}, ${PW_STATUSES[s]})`, async (m, r) => {
      const payment = pick(m.payments, p);
      if (!payment) return;
      const status = PW_STATUSES[s]!;
      const res = await call(r, 'POST', '/paymentwall/delivery', tokenHeaders(m, who), {
        imp_uid: payment.impUid,
        merchant_uid: payment.merchantUid,
        type: 'digital',
        status,
        estimated_delivery_datetime: 1795600000,
        estimated_update_datetime: 1795500000,
        refundable: 'no',
        shipping_address_email: 'buyer@example.com',
      });
      if (!m.tokens[who])
        return void expect(res).toEqual({ status: 401, body: failure(messages.unauthorized) });
      if (payment.owner !== who)
        return void expect(res).toEqual({ status: 404, body: failure(messages.paymentNotFound) });
      if (payment.pg !== 'paymentwall') {
        expect(res.status).toBe(400);
        expect(res.body.message).toBe(messages.paymentwall.notPaymentwall(payment.pg));
        return;
      }
      if (payment.status !== 'paid')
        return void expect(res).toEqual({ status: 409, body: failure(messages.notPaid(payment.status)) });
      const last = payment.paymentwall.at(-1);
      if (last && PW_STATUSES.indexOf(last as never) > s) {
        return void expect(res).toEqual({
          status: 409,
          body: failure(messages.paymentwall.statusBackwards(last, status)),
        });
      }
      expect(res.status).toBe(200);
      payment.paymentwall.push(status);
    }),
);

const sandboxDeliveries = fc.nat().map(
  (p) =>
    new Step(`sandbox deliveries(#${p})`, async (m, r) => {
      const payment = pick(m.payments, p);
      if (!payment) return;
      const res = await call(r, 'GET', `/sandbox/payments/${payment.impUid}/deliveries`, {});
      expect(res.status).toBe(200);
      expect(res.body.escrow?.applied_at ?? null).toBe(payment.delivery?.applied_at ?? null);
      expect(res.body.escrow?.logis.invoice ?? null).toBe(payment.delivery?.invoice ?? null);
      expect(res.body.paymentwall.map((d: { status: string }) => d.status)).toEqual(payment.paymentwall);
    }),
);

// ---------------------------------------------------------------- Coupang steps

const placeName = (n: number) => `모델 출고지 ${n}`;
const placeDetail = (n: number) => `모델 ${n}`;

function placeBody(vendorId: string, name: number, address: number, usable: boolean, update = false) {
  const { remoteInfos, ...body } = outboundPlaceBody(vendorId, 'model');
  return {
    ...body,
    // An update leaves the place's remote infos as they are (an entry sent without an id would be added).
    ...(update ? {} : { remoteInfos }),
    shippingPlaceName: placeName(name),
    usable,
    placeAddresses: body.placeAddresses.map((a) => ({ ...a, returnAddressDetail: placeDetail(address) })),
  };
}

function signedCall(r: Real, vendor: WorldVendor, method: string, url: string, payload?: unknown) {
  return call(r, method, url, signedHeaders(r.world, vendor, method, url), payload);
}

/** The duplicate a write would hit among the vendor's other places, name first. */
function duplicateOf(
  m: Model,
  owner: number,
  name: number,
  address: number,
  self?: string,
): string | undefined {
  const others = m.places.filter((p) => p.owner === owner && p.code !== self);
  if (others.some((p) => p.name === name)) return outboundMessages.duplicateName(placeName(name));
  const other = others.find((p) => p.address === address);
  return other ? outboundMessages.duplicateAddress(Number(other.code)) : undefined;
}

const createPlace = fc
  .record({ v: fc.nat(1), name: fc.nat(3), address: fc.nat(3), usable: fc.boolean() })
  .map(
    ({ v, name, address, usable }) =>
      new Step(`createPlace(${v}, name ${name}, address ${address}, usable=${usable})`, async (m, r) => {
        const vendor = r.world.vendors[v]!;
        const res = await signedCall(
          r,
          vendor,
          'POST',
          outboundCreatePath(vendor.vendorId),
          placeBody(vendor.vendorId, name, address, usable),
        );
        const duplicate = duplicateOf(m, v, name, address);
        if (duplicate)
          return void expect(res).toEqual({
            status: 400,
            body: { code: 400, message: duplicate, data: null },
          });
        expect(res.status).toBe(200);
        m.places.push({ code: res.body.data.resultMessage, owner: v, name, address, usable });
      }),
  );

const updatePlace = fc
  .record({ v: fc.nat(1), p: fc.nat(), name: fc.nat(3), address: fc.nat(3), usable: fc.boolean() })
  .map(
    ({ v, p, name, address, usable }) =>
      new Step(
        `updatePlace(${v}, #${p}, name ${name}, address ${address}, usable=${usable})`,
        async (m, r) => {
          const place = pick(m.places, p);
          if (!place) return;
          const vendor = r.world.vendors[v]!;
          const url = `${outboundCreatePath(vendor.vendorId)}/${place.code}`;
          const res = await signedCall(
            r,
            vendor,
            'PUT',
            url,
            placeBody(vendor.vendorId, name, address, usable, true),
          );
          if (place.owner !== v) {
            const message = outboundMessages.placeCodeUnknown(place.code);
            return void expect(res).toEqual({ status: 400, body: { code: 400, message, data: null } });
          }
          const duplicate = duplicateOf(m, v, name, address, place.code);
          if (duplicate)
            return void expect(res).toEqual({
              status: 400,
              body: { code: 400, message: duplicate, data: null },
            });
          expect(res).toEqual({
            status: 200,
            body: {
              code: 200,
              message: 'SUCCESS',
              data: { resultCode: 'SUCCESS', resultMessage: placeMessages.modified },
            },
          });
          Object.assign(place, { name, address, usable });
        },
      ),
  );

const queryPlaces = fc.nat(1).map(
  (v) =>
    new Step(`queryPlaces(${v})`, async (m, r) => {
      const vendor = r.world.vendors[v]!;
      const url =
        '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1&pageSize=50';
      const res = await signedCall(r, vendor, 'GET', url);
      expect(res.status).toBe(200);
      const seen = res.body.content
        .filter(
          (c: { outboundShippingPlaceCode: number }) =>
            String(c.outboundShippingPlaceCode) !== vendor.placeCode,
        )
        .map(
          (c: {
            outboundShippingPlaceCode: number;
            shippingPlaceName: string;
            usable: boolean;
            placeAddresses: { returnAddressDetail: string }[];
          }) => ({
            code: String(c.outboundShippingPlaceCode),
            name: c.shippingPlaceName,
            usable: c.usable,
            detail: c.placeAddresses[0]?.returnAddressDetail,
          }),
        );
      const expected = m.places
        .filter((p) => p.owner === v)
        .map((p) => ({
          code: p.code,
          name: placeName(p.name),
          usable: p.usable,
          detail: placeDetail(p.address),
        }));
      expect(seen).toEqual(expected);
    }),
);

const allSteps = [
  { arbitrary: getToken, weight: 2 },
  { arbitrary: createPayment, weight: 3 },
  { arbitrary: getPayment, weight: 2 },
  { arbitrary: escrow, weight: 6 },
  { arbitrary: paymentwall, weight: 4 },
  { arbitrary: sandboxDeliveries, weight: 2 },
  { arbitrary: createPlace, weight: 4 },
  { arbitrary: updatePlace, weight: 3 },
  { arbitrary: queryPlaces, weight: 2 },
].flatMap(({ arbitrary, weight }) =>
  Array.from({ length: weight }, () => arbitrary as fc.Arbitrary<fc.AsyncCommand<Model, Real>>),
);

/** Runs per engine in `npm test`; `MODEL_RUNS=<n>` for more. */
const RUNS = Number(process.env.MODEL_RUNS) || 12;

describe.each(engines)('a model of merchants, payments, deliveries and places ($name)', ({ databaseUrl }) => {
  let t: TestApp;
  let send: Send;
  beforeAll(async () => {
    t = await testApp({ coupangRateLimit: 0 }, databaseUrl);
    send = injectSender(t);
  });
  afterAll(() => t.close());

  it(
    'answers every step as the model says, and holds what the model holds',
    { timeout: 180_000 },
    async () => {
      const start = Math.floor(t.clock.nowMs() / 1000);
      await fc.assert(
        fc.asyncProperty(
          fc.boolean(),
          fc.commands(allSteps, { maxCommands: 40 }),
          async (withTokens, steps) => {
            // Each run starts from an empty server: two merchants (one payment each) and two vendors.
            t.clock.set(start * 1000);
            expect((await send({ method: 'POST', url: '/sandbox/reset', headers: {} })).status).toBe(200);
            const a = await createMerchantWithPayments(send, 'A');
            const b = await createMerchantWithPayments(send, 'B');
            const nowMs = () => t.clock.nowMs();
            const world: World = {
              merchants: [a, b],
              vendors: [
                await createVendorWithPlace(send, nowMs, 'A'),
                await createVendorWithPlace(send, nowMs, 'B'),
              ],
              nowMs,
            };
            // The world's own payments and places are left out of the model, which starts with none.
            const model: Model = { tokens: [a.token, b.token], payments: [], places: [], nowSeconds: start };
            const real: Real = { send, t, world, merchants: [a, b] };
            // Half the runs send no token until a getToken step, to exercise the 401s.
            if (!withTokens) model.tokens = [undefined, undefined];
            await fc.asyncModelRun(() => ({ model, real }), steps);
          },
        ),
        { numRuns: RUNS, seed: Number(process.env.MODEL_SEED) || undefined },
      );
    },
  );
});
