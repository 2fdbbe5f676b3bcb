/**
 * Writers that keep every platform's write routes busy while their tenants are deleted or the
 * whole sandbox is reset under them (`reset-under-writes.test.ts`). Each writer owns a tenant it
 * creates through the sandbox and writes under it with valid bodies, so that every answer is either
 * the route's success or the answer of a request whose tenant is gone: when its tenant vanishes, it
 * creates another. Every answer is checked against the route's statuses and envelope
 * (`invariants.ts`) and, when it is a not-found, against the exact message the contract gives.
 */
import { gatewayMessages, outboundMessages, returnMessages } from '../../src/coupang/messages.js';
import { messages } from '../../src/portone/messages.js';
import { escrowBody, outboundBody, paymentwallBody, returnBody } from '../support/fixtures.js';
import { answerProblems } from './invariants.js';
import { type RouteSpec, routesOf } from './routes.js';
import { type Answer, type Exchange, type Send, signedHeaders } from './world.js';

/** What a run saw: answers by `METHOD template status`, and every answer outside the contract. */
export interface Tally {
  answers: Map<string, number>;
  problems: string[];
}

export const newTally = (): Tally => ({ answers: new Map(), problems: [] });

/** How many answers of `status` the routes matching `route` gave. */
export function countOf(tally: Tally, route: RegExp, status: number): number {
  let n = 0;
  for (const [key, count] of tally.answers) if (route.test(key) && key.endsWith(` ${status}`)) n += count;
  return n;
}

/** How many answers of the routes matching `route` were failures (each checked as a vanished parent's). */
export function failures(tally: Tally, route: RegExp): number {
  let n = 0;
  for (const [key, count] of tally.answers) if (route.test(key) && !/ [23]\d\d$/.test(key)) n += count;
  return n;
}

type Obj = Record<string, unknown>;

/**
 * What is wrong with the answer to a valid request of `template` sent to `url`: nothing when it is
 * a success, or the answer of a request whose tenant vanished while it was served, as the contract
 * gives it for a request sent after the deletion (an unknown token, key, merchant or access key),
 * or as the route's own checks find a payment, place, center or delivery gone.
 */
function vanishedProblem(template: string, url: string, answer: Answer, body: Obj): string | null {
  const { status } = answer;
  if (status < 300) return null;
  const [method, path = ''] = template.split(' ');
  if (path.startsWith('/v2/providers/')) {
    if (status === 400 && method === 'PUT' && /Centers\/\{/.test(path)) {
      const code = /\/(\d+)$/.exec(url)?.[1] ?? '';
      const unknown = path.includes('/outboundShippingCenters/')
        ? outboundMessages.placeCodeUnknown(code)
        : returnMessages.centerCodeUnknown(code);
      return body.message === unknown ? null : `a 400 other than "${unknown}"`;
    }
    return status === 401 && body.code === 'ERROR' && body.message === gatewayMessages.invalidSignature
      ? null
      : 'neither a success nor the gateway’s unknown access key';
  }
  if (path.startsWith('/sandbox/')) {
    return status === 404 && /^no (merchant has imp_key|vendor has vendorId) /.test(String(body.error))
      ? null
      : 'neither a success nor an unknown merchant or vendor';
  }
  if (status === 401) {
    const expected = path === '/users/getToken' ? messages.authFailed : messages.unauthorized;
    return body.message === expected ? null : `a 401 other than "${expected}"`;
  }
  if (status === 404 && /^\/(escrows|paymentwall)\//.test(path) && body.message === messages.paymentNotFound)
    return null;
  // The payment found, then its delivery gone with it: the answer for a delivery never registered.
  if (
    status === 409 &&
    template === 'PUT /escrows/logis/{imp_uid}' &&
    body.message === messages.escrowNotRegistered
  )
    return null;
  return 'neither a success, nor an unknown token, payment or delivery';
}

/** An answer: its status, its body parsed and as text (ids past 2^53), and whether the tenant was gone. */
interface Reply {
  status: number;
  body: Obj;
  text: string;
  gone: boolean;
}

/** A sender that checks every answer and counts it. */
export class Checked {
  private readonly routes: Map<string, RouteSpec>;

  constructor(
    private readonly send: Send,
    openapi: { paths: Record<string, Record<string, object>> },
    private readonly tally: Tally,
  ) {
    this.routes = new Map(routesOf(openapi).map((r) => [`${r.method} ${r.path}`, r]));
  }

  /**
   * Sends `exchange` as a request of `template` (`METHOD /openapi/path`); the answer's parsed
   * body, and whether the request's tenant was found gone.
   */
  async call(template: string, exchange: Exchange): Promise<Reply> {
    const route = this.routes.get(template);
    if (!route) throw new Error(`no route ${template} in /openapi.json`);
    let answer: Answer;
    try {
      answer = await this.send(exchange);
    } catch (err) {
      this.tally.problems.push(`${template}: no answer (${(err as Error).message})`);
      return { status: 0, body: {}, text: '', gone: true };
    }
    const key = `${template} ${answer.status}`;
    this.tally.answers.set(key, (this.tally.answers.get(key) ?? 0) + 1);
    const problems = answerProblems(
      { route, exchange, bentRoute: false, bigBody: false, bigHead: false, label: template },
      answer,
      { rateLimited: false },
    );
    let body: Obj = {};
    try {
      body = JSON.parse(answer.body) as Obj;
    } catch {
      // answerProblems said so.
    }
    // Its tenant is gone, or the request went wrong (counted above): the writer starts over.
    const gone = answer.status >= 400;
    const vanished = vanishedProblem(template, exchange.url, answer, body);
    if (vanished) problems.push(vanished);
    if (problems.length > 0) {
      this.tally.problems.push(
        `${exchange.method} ${exchange.url} → ${answer.status} ${answer.body.slice(0, 300)}: ${problems.join('; ')}`,
      );
    }
    return { status: answer.status, body, text: answer.body, gone };
  }
}

const json = (payload: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
});

let serial = 0;
/** A number no other request of this file sends: names, addresses and order numbers stay unique. */
const next = () => `${process.pid}-${++serial}`;

/**
 * A PortOne writer, until `running()` is false: a merchant, then rounds of an escrow payment's
 * delivery sent and changed, a Paymentwall delivery, a prepare, a cancel and a token asked again,
 * each under the merchant's token. A new merchant once its own is gone.
 */
export async function portoneWriter(api: Checked, running: () => boolean): Promise<void> {
  while (running()) {
    const merchant = await api.call('POST /sandbox/merchants', {
      method: 'POST',
      url: '/sandbox/merchants',
      ...json({ name: `writer ${next()}` }),
    });
    if (merchant.gone) continue;
    const { imp_key, imp_secret } = merchant.body as { imp_key: string; imp_secret: string };
    const getToken = () =>
      api.call('POST /users/getToken', {
        method: 'POST',
        url: '/users/getToken',
        ...json({ imp_key, imp_secret }),
      });
    const token = await getToken();
    if (token.gone) continue;
    const authorization = (token.body.response as { access_token: string }).access_token;
    const payment = async (body: Obj) => {
      const res = await api.call('POST /sandbox/payments', {
        method: 'POST',
        url: '/sandbox/payments',
        ...json({ imp_key, ...body }),
      });
      return res.gone ? undefined : (res.body as { imp_uid: string; merchant_uid: string });
    };
    while (running()) {
      const escrow = await payment({ pg_provider: 'html5_inicis', escrow: true });
      if (!escrow) break;
      const delivery = (method: 'POST' | 'PUT') =>
        api.call(`${method} /escrows/logis/{imp_uid}`, {
          method,
          url: `/escrows/logis/${escrow.imp_uid}`,
          ...json(escrowBody('html5_inicis', { invoice: next() }), { authorization }),
        });
      if ((await delivery('POST')).gone || (await delivery('PUT')).gone) break;
      const wall = await payment({ pg_provider: 'paymentwall' });
      if (!wall) break;
      const steps = [
        api.call('POST /paymentwall/delivery', {
          method: 'POST',
          url: '/paymentwall/delivery',
          ...json(paymentwallBody(wall, { status: 'order_placed' }), { authorization }),
        }),
        api.call('POST /payments/prepare', {
          method: 'POST',
          url: '/payments/prepare',
          ...json({ merchant_uid: `prepared-${next()}`, amount: 1000 }, { authorization }),
        }),
        api.call('POST /payments/cancel', {
          method: 'POST',
          url: '/payments/cancel',
          ...json({ imp_uid: escrow.imp_uid, reason: 'churn' }, { authorization }),
        }),
        getToken(),
      ];
      if ((await Promise.all(steps)).some((s) => s.gone)) break;
    }
  }
}

const API = '/v2/providers/openapi/apis/api/v4/vendors';

/**
 * A Coupang writer, until `running()` is false: a vendor, then rounds of an outbound place
 * created and changed, a return center created and changed, an order placed through the sandbox,
 * acknowledged and given an invoice, each signed with the vendor's keys. A new vendor once its own
 * is gone.
 */
export async function coupangWriter(api: Checked, running: () => boolean): Promise<void> {
  const clock = { nowMs: () => Date.now() };
  while (running()) {
    const created = await api.call('POST /sandbox/vendors', {
      method: 'POST',
      url: '/sandbox/vendors',
      ...json({}),
    });
    if (created.gone) continue;
    const vendor = created.body as { vendorId: string; accessKey: string; secretKey: string };
    const base = `${API}/${vendor.vendorId}`;
    const signed = (template: string, method: 'POST' | 'PUT', url: string, body: unknown) =>
      api.call(template, { method, url, ...json(body, signedHeaders(clock, vendor, method, url)) });
    while (running()) {
      const place = await signed(
        'POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/outboundShippingCenters',
        'POST',
        `${base}/outboundShippingCenters`,
        outboundBody(vendor.vendorId, next()),
      );
      if (place.gone) break;
      const placeCode = (place.body.data as { resultMessage: string }).resultMessage;
      const center = await signed(
        'POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters',
        'POST',
        `${base}/returnShippingCenters`,
        returnBody(vendor.vendorId, next()),
      );
      if (center.gone) break;
      const centerCode = (center.body.data as { resultMessage: string }).resultMessage;
      const order = await api.call('POST /sandbox/vendors/{vendorId}/orders', {
        method: 'POST',
        url: `/sandbox/vendors/${vendor.vendorId}/orders`,
        ...json({ items: [{}] }),
      });
      if (order.gone) break;
      const digits = (field: string) =>
        [...order.text.matchAll(new RegExp(`"${field}":(\\d+)`, 'g'))].map((m) => m[1]);
      const [shipmentBoxId] = digits('shipmentBoxId');
      const [orderId] = digits('orderId');
      const steps = [
        signed(
          'PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/outboundShippingCenters/{outboundShippingPlaceCode}',
          'PUT',
          `${base}/outboundShippingCenters/${placeCode}`,
          outboundBody(vendor.vendorId, next()),
        ),
        signed(
          'PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters/{returnCenterCode}',
          'PUT',
          `${base}/returnShippingCenters/${centerCode}`,
          {
            vendorId: vendor.vendorId,
            returnCenterCode: centerCode,
            userId: 'wing-user',
            shippingPlaceName: `반품지 ${next()}`,
          },
        ),
        (async () => {
          const ack = await signed(
            'PUT /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/ordersheets/acknowledgement',
            'PUT',
            `${base}/ordersheets/acknowledgement`,
            `{"shipmentBoxIds":[${shipmentBoxId}]}`,
          );
          if (ack.gone) return ack;
          const dtos = digits('vendorItemId').map(
            (item) =>
              `{"shipmentBoxId":${shipmentBoxId},"orderId":${orderId},"vendorItemId":${item},` +
              `"deliveryCompanyCode":"CJGLS","invoiceNumber":"${next().replace('-', '')}","splitShipping":false,"estimatedShippingDate":""}`,
          );
          return signed(
            'POST /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/orders/invoices',
            'POST',
            `${base}/orders/invoices`,
            `{"vendorId":"${vendor.vendorId}","orderSheetInvoiceApplyDtos":[${dtos.join(',')}]}`,
          );
        })(),
      ];
      if ((await Promise.all(steps)).some((s) => s.gone)) break;
    }
  }
}
