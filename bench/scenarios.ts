/**
 * The scenarios under load. Each is one small object: its name, which target applies (read or
 * write), the route the baseline answers, the status every answer must have, and a setup that
 * prepares data through baesong's sandbox API and returns the request to repeat.
 *
 * A new API gets its scenarios by adding objects to SCENARIOS; nothing else changes.
 */
import { authorization } from '../src/coupang/gateway/hmac.js';
import { escrowBody, outboundBody, paymentwallBody, returnBody } from '../test/support/fixtures.js';

export type Method = 'GET' | 'POST' | 'PUT';

/** The request a scenario repeats. */
export interface ScenarioRequest {
  method: Method;
  path: string;
  headers: Record<string, string>;
  /** The same body every time... */
  body?: string;
  /** ...or a fresh one for each request, for writes that must differ (unique names). */
  nextBody?: () => string;
  /**
   * Headers computed per request, over `headers`: Coupang's signatures name the second they were
   * made and expire after five minutes, longer than one scenario but not a whole run.
   */
  nextHeaders?: () => Record<string, string>;
}

/** The headers and body of the next request of a scenario. */
export function nextRequest(request: ScenarioRequest): { headers: Record<string, string>; body?: string } {
  // Always a copy: autocannon adds the body's content-length to the headers it is handed, and a
  // scenario's own headers object, so changed, would carry a stale length into the paced runs.
  const headers = { ...request.headers, ...request.nextHeaders?.() };
  const body = request.nextBody ? request.nextBody() : request.body;
  return body === undefined ? { headers } : { headers, body };
}

/** True when every request of the scenario is the same bytes. */
export const isFixed = (request: ScenarioRequest) => !request.nextBody && !request.nextHeaders;

export interface Scenario {
  name: string;
  /** Read scenarios must reach 0.6 × the baseline's req/s, write scenarios 0.4 ×. */
  kind: 'read' | 'write';
  method: Method;
  /** The route as Fastify writes it: the baseline answers it with baesong's sample answer. */
  route: string;
  /** The status every answer must have. */
  status: number;
  setup(api: SandboxApi): Promise<ScenarioRequest>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** baesong's sandbox API and the calls a setup needs, against the running server. */
export class SandboxApi {
  constructor(readonly baseUrl: string) {}

  async call(method: Method, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: body === undefined ? headers : { ...JSON_HEADERS, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  }

  merchant(): Promise<{ imp_key: string; imp_secret: string }> {
    return this.call('POST', '/sandbox/merchants', { name: 'bench' });
  }

  payment(
    imp_key: string,
    fields: Record<string, unknown>,
  ): Promise<{ imp_uid: string; merchant_uid: string }> {
    return this.call('POST', '/sandbox/payments', { imp_key, ...fields });
  }

  async token(merchant: { imp_key: string; imp_secret: string }): Promise<string> {
    const answer = await this.call('POST', '/users/getToken', merchant);
    return answer.response.access_token;
  }

  /** A Coupang vendor with its Open API keys. */
  vendor(): Promise<Vendor> {
    return this.call('POST', '/sandbox/vendors', {});
  }

  /** A merchant with a token, as every guarded PortOne scenario needs. */
  async signedIn() {
    const merchant = await this.merchant();
    return { merchant, headers: { authorization: `Bearer ${await this.token(merchant)}` } };
  }
}

/**
 * Coupang's gateway signature for one route, made anew each second (a signed-date has whole
 * seconds) so that it never expires however long the run.
 */
export function coupangSigner(vendor: Vendor, method: Method, url: string): () => Record<string, string> {
  let second = -1;
  let headers: Record<string, string> = {};
  return () => {
    const now = Date.now();
    if (Math.floor(now / 1000) !== second) {
      second = Math.floor(now / 1000);
      const { accessKey, secretKey } = vendor;
      headers = { authorization: authorization({ accessKey, secretKey, method, url, signedAtMs: now }) };
    }
    return headers;
  };
}

export interface Vendor {
  vendorId: string;
  accessKey: string;
  secretKey: string;
  userIds: string[];
}

/** Payments the cancel scenario takes turns over. */
const CANCEL_POOL = 256;

/** Unique per request within a run, so create scenarios never collide on a name or address. */
let uniqueCounter = 0;
const unique = () => `${process.pid}-${++uniqueCounter}`;

/**
 * The body of a new outbound place of `vendor`; `label` makes its name and address its own (a
 * new one per call unless given: the scale section fills places under labels of its own).
 */
export function outboundPlaceBody(vendor: Pick<Vendor, 'vendorId' | 'userIds'>, n: string = unique()) {
  return outboundBody(vendor.vendorId, n, {
    userId: vendor.userIds[0],
    shippingPlaceName: `bench outbound ${n}`,
    remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 3000, notJeju: 2500 }],
  });
}

/** A JSON POST of `vendor`'s to one of its own paths, signed anew each second, a new body each time. */
function vendorPost(vendor: Vendor, resource: string, nextBody: () => unknown): ScenarioRequest {
  const path = `/v2/providers/openapi/apis/api/v4/vendors/${vendor.vendorId}/${resource}`;
  return {
    method: 'POST',
    path,
    headers: JSON_HEADERS,
    nextHeaders: coupangSigner(vendor, 'POST', path),
    nextBody: () => JSON.stringify(nextBody()),
  };
}

/** Creating one of `vendor`'s outbound places, under a new name and address each time. */
export function outboundCreate(vendor: Vendor): ScenarioRequest {
  return vendorPost(vendor, 'outboundShippingCenters', () => outboundPlaceBody(vendor));
}

/**
 * Orders of the order list scenario's vendor: 100,000 unless BENCH_ORDERS says (read when the
 * scenario is set up, so that a script can set it after importing this module).
 */
const orderCount = () => Number(process.env.BENCH_ORDERS) || 100_000;

/** Places `count` orders of one box for `vendor`, 32 at a time; answers their ids, oldest first. */
async function placeOrders(api: SandboxApi, vendor: Vendor, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let done = 0; done < count; done += 32) {
    const batch = Array.from({ length: Math.min(32, count - done) }, async () => {
      const res = await fetch(`${api.baseUrl}/sandbox/vendors/${vendor.vendorId}/orders`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: '{"items":[{}]}',
      });
      const text = await res.text();
      if (res.status !== 201) throw new Error(`placing an order answered ${res.status}: ${text}`);
      // The id passes 2^53: read from the text, digit for digit.
      return /"shipmentBoxId":(\d+)/.exec(text)?.[1] ?? '';
    });
    ids.push(...(await Promise.all(batch)));
  }
  return ids.sort();
}

/** The KST date of now, for the order list's span. */
const kstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

export const SCENARIOS: Scenario[] = [
  {
    name: 'getToken',
    kind: 'read',
    method: 'POST',
    route: '/users/getToken',
    status: 200,
    // The same merchant again and again: each answer is its one current token.
    async setup(api) {
      const { imp_key, imp_secret } = await api.merchant();
      return {
        method: 'POST',
        path: '/users/getToken',
        headers: JSON_HEADERS,
        body: JSON.stringify({ imp_key, imp_secret }),
      };
    },
  },
  {
    name: 'GET /payments/{imp_uid}',
    kind: 'read',
    method: 'GET',
    route: '/payments/:imp_uid',
    status: 200,
    async setup(api) {
      const { merchant, headers } = await api.signedIn();
      const payment = await api.payment(merchant.imp_key, { pg_provider: 'html5_inicis', amount: 25000 });
      return { method: 'GET', path: `/payments/${payment.imp_uid}`, headers };
    },
  },
  {
    name: 'PUT /escrows/logis/{imp_uid}',
    kind: 'write',
    method: 'PUT',
    route: '/escrows/logis/:imp_uid',
    status: 200,
    // Registered once; each PUT then replaces it, committed before its answer.
    async setup(api) {
      const { merchant, headers } = await api.signedIn();
      const payment = await api.payment(merchant.imp_key, { pg_provider: 'html5_inicis', escrow: true });
      await api.call('POST', `/escrows/logis/${payment.imp_uid}`, escrowBody('html5_inicis'), headers);
      return {
        method: 'PUT',
        path: `/escrows/logis/${payment.imp_uid}`,
        headers: { ...headers, ...JSON_HEADERS },
        body: JSON.stringify(escrowBody('html5_inicis')),
      };
    },
  },
  {
    name: 'POST /paymentwall/delivery',
    kind: 'write',
    method: 'POST',
    route: '/paymentwall/delivery',
    status: 200,
    // The same status again is accepted and appended to the payment's history, so every
    // request is a write, on one payment whose history grows for the whole run.
    async setup(api) {
      const { merchant, headers } = await api.signedIn();
      const payment = await api.payment(merchant.imp_key, { pg_provider: 'paymentwall' });
      return {
        method: 'POST',
        path: '/paymentwall/delivery',
        headers: { ...headers, ...JSON_HEADERS },
        body: JSON.stringify(paymentwallBody(payment)),
      };
    },
  },
  {
    name: 'POST /payments/cancel',
    kind: 'write',
    method: 'POST',
    route: '/payments/cancel',
    status: 200,
    // Partial cancels of 1 won taking turns over a pool of payments (a payment's history is kept
    // in its row, and no payment is cancelled thousands of times): each request is a conditional
    // update of the payment and its history, committed before the answer. No checksum: requests of
    // one payment may be in flight together, and every cancel of 1 won succeeds.
    async setup(api) {
      const { merchant, headers } = await api.signedIn();
      const impUids: string[] = [];
      for (let i = 0; i < CANCEL_POOL; i++) {
        const payment = await api.payment(merchant.imp_key, {
          pg_provider: 'html5_inicis',
          amount: 1_000_000_000,
        });
        impUids.push(payment.imp_uid);
      }
      let turn = 0;
      return {
        method: 'POST',
        path: '/payments/cancel',
        headers: { ...headers, ...JSON_HEADERS },
        nextBody: () =>
          JSON.stringify({ imp_uid: impUids[turn++ % impUids.length], amount: 1, reason: 'bench' }),
      };
    },
  },
  {
    name: 'Coupang outbound create',
    kind: 'write',
    method: 'POST',
    route: '/v2/providers/openapi/apis/api/v4/vendors/:vendorId/outboundShippingCenters',
    status: 200,
    // A unique name and address for every request: duplicates are refused.
    async setup(api) {
      return outboundCreate(await api.vendor());
    },
  },
  {
    name: 'Coupang outbound query',
    kind: 'read',
    method: 'GET',
    route: '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound',
    status: 200,
    async setup(api) {
      const vendor = await api.vendor();
      const create = outboundCreate(vendor);
      for (let i = 0; i < 10; i++) {
        await api.call(
          'POST',
          create.path,
          JSON.parse(nextRequest(create).body as string),
          create.nextHeaders?.(),
        );
      }
      const path =
        '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound?pageNum=1&pageSize=10';
      return { method: 'GET', path, headers: {}, nextHeaders: coupangSigner(vendor, 'GET', path) };
    },
  },
  {
    name: 'Coupang return center create',
    kind: 'write',
    method: 'POST',
    route: '/v2/providers/openapi/apis/api/v4/vendors/:vendorId/returnShippingCenters',
    status: 200,
    async setup(api) {
      const vendor = await api.vendor();
      return vendorPost(vendor, 'returnShippingCenters', () => {
        const n = unique();
        return returnBody(vendor.vendorId, n, {
          userId: vendor.userIds[0],
          shippingPlaceName: `bench return ${n}`,
        });
      });
    },
  },
  {
    name: 'Coupang order list poll (50 of 100,000)',
    kind: 'read',
    method: 'GET',
    route: '/v2/providers/openapi/apis/api/v4/vendors/:vendorId/ordersheets',
    status: 200,
    // A vendor with 100,000 paid orders; the poll asks for the page after the middle one, so that
    // the index must serve both the filter and the token.
    async setup(api) {
      const vendor = await api.vendor();
      const ids = await placeOrders(api, vendor, orderCount());
      const token = ids[Math.floor(ids.length / 2)] ?? '';
      const day = kstToday();
      const path =
        `/v2/providers/openapi/apis/api/v4/vendors/${vendor.vendorId}/ordersheets` +
        `?createdAtFrom=${day}&createdAtTo=${day}&status=ACCEPT&maxPerPage=50&nextToken=${token}`;
      return { method: 'GET', path, headers: {}, nextHeaders: coupangSigner(vendor, 'GET', path) };
    },
  },
  {
    name: 'Coupang invoice batch (50 boxes)',
    kind: 'write',
    method: 'POST',
    route: '/v2/providers/openapi/apis/api/v4/vendors/:vendorId/orders/updateInvoices',
    status: 200,
    // Fifty shipped boxes whose invoices every request replaces, each box a new number each time:
    // fifty boxes judged and written per request.
    async setup(api) {
      const vendor = await api.vendor();
      const placed = await placeOrders(api, vendor, 50);
      const base = `/v2/providers/openapi/apis/api/v4/vendors/${vendor.vendorId}`;
      const ack = `${base}/ordersheets/acknowledgement`;
      const signedCall = async (method: 'PUT' | 'POST', path: string, body: string) => {
        const res = await fetch(api.baseUrl + path, {
          method,
          headers: { ...JSON_HEADERS, ...coupangSigner(vendor, method, path)() },
          body,
        });
        return res.text();
      };
      await signedCall('PUT', ack, `{"shipmentBoxIds":[${placed.join(',')}]}`);
      // The sandbox answers ids as JSON numbers: its text keeps them exact.
      const listing = await fetch(`${api.baseUrl}/sandbox/vendors/${vendor.vendorId}/orders?limit=50`);
      const raw = await listing.text();
      const boxes = [
        ...raw.matchAll(/"shipmentBoxId":(\d+),"orderId":(\d+)[\s\S]*?"vendorItemId":(\d+)/g),
      ].map((m) => ({ box: m[1], order: m[2], item: m[3] }));
      const dtos = (label: string) =>
        boxes
          .map(
            (b, i) =>
              `{"shipmentBoxId":${b.box},"orderId":${b.order},"vendorItemId":${b.item},"deliveryCompanyCode":"CJGLS",` +
              `"invoiceNumber":"${label}-${i}","splitShipping":false,"preSplitShipped":false,"estimatedShippingDate":""}`,
          )
          .join(',');
      const body = (label: string) =>
        `{"vendorId":"${vendor.vendorId}","orderSheetInvoiceApplyDtos":[${dtos(label)}]}`;
      await signedCall('POST', `${base}/orders/invoices`, body('first'));
      const path = `${base}/orders/updateInvoices`;
      return {
        method: 'POST',
        path,
        headers: JSON_HEADERS,
        nextHeaders: coupangSigner(vendor, 'POST', path),
        nextBody: () => body(unique()),
      };
    },
  },
];
