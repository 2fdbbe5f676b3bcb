/**
 * The story the `/docs` examples are recorded from: the README's worked example (a merchant
 * `배송상점`, a paid KG INICIS escrow payment of 25,000 won, its delivery CJGLS 123456789012; a
 * vendor with the WING user `testId`, its outbound place and return center), carried on to every
 * operation of `/openapi.json`, each called once as a client would and answered for real. A
 * second call of most operations records their main failure (no token, no signature, an unknown
 * id). `npm run examples` writes what it records into `src/http/recorded-examples.ts`; the tests
 * of `test/examples/` run it again and hold the written examples to it.
 *
 * It imports nothing but the Coupang signer, so that the writer and the tests can each send it
 * through their own server.
 */
import { authorization } from '../../src/coupang/gateway/hmac.js';
import { paymentwallBody } from '../support/fixtures.js';

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

export interface Answer {
  status: number;
  /** The answer's text, as sent (ids above 2^53 digit for digit). */
  body: string;
}

export type Send = (request: Sent) => Promise<Answer>;

/** One operation's request, as the recording keeps it: texts, before any id is renamed. */
export interface RecordedRequest {
  params?: Record<string, string>;
  query?: Record<string, string | number | string[]>;
  /** The JSON text of the body. */
  body?: string;
}

export interface RecordedOperation {
  request: RecordedRequest;
  /** The first answer of each status, as text. */
  responses: Record<string, string>;
}

/** Operations by `METHOD /path/{param}`, as `/openapi.json` names them. */
export type Recording = Record<string, RecordedOperation>;

export interface ScenarioOptions {
  /** The sandbox's now (ms), for signing Coupang requests. */
  nowMs(): number;
  /** Where the merchant's webhooks go: a receiver that answers 200. */
  webhookUrl: string;
  /** The server's BAESONG_ADMIN_TOKEN: the sandbox's routes need it, and answer 401 without. */
  adminToken: string;
}

/** Generated values and the README's names for them, applied to the whole recording. */
export type Renames = Map<string, string>;

const KST_DAY = 'createdAtFrom=2026-11-23&createdAtTo=2026-11-23';

type Auth =
  | { kind: 'none' }
  | { kind: 'admin'; token: string }
  | { kind: 'portone'; token: string }
  | { kind: 'coupang'; vendor: Vendor };

interface Vendor {
  vendorId: string;
  accessKey: string;
  secretKey: string;
}

interface Call {
  params?: Record<string, string>;
  query?: Record<string, string | number | string[]>;
  /** An object, or JSON text (for ids above 2^53). */
  body?: unknown;
  /** Sent as a form instead of JSON. */
  form?: boolean;
}

/** Records what `send` answers, operation by operation. */
class Recorder {
  readonly recording: Recording = {};
  constructor(private readonly send: Send) {}

  /** Sends one request of `operation`; `record: false` sends it without recording it. */
  async call(
    operation: string,
    auth: Auth,
    call: Call = {},
    nowMs?: () => number,
    record = true,
  ): Promise<Answer> {
    const [method = '', template = ''] = operation.split(' ');
    const path = template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = call.params?.[name];
      if (value === undefined) throw new Error(`${operation}: no value for ${name}`);
      return encodeURIComponent(value);
    });
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(call.query ?? {}))
      for (const one of [value].flat()) search.append(name, String(one));
    const query = search.toString();
    const url = query ? `${path}?${query}` : path;
    const headers: Record<string, string> = {};
    let payload: string | undefined;
    let bodyText: string | undefined;
    if (call.body !== undefined) {
      bodyText = typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
      if (call.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(call.body as Record<string, string>).toString();
      } else {
        headers['content-type'] = 'application/json;charset=UTF-8';
        payload = bodyText;
      }
    }
    if (auth.kind === 'portone' || auth.kind === 'admin') headers.authorization = `Bearer ${auth.token}`;
    if (auth.kind === 'coupang') {
      headers.authorization = authorization({
        accessKey: auth.vendor.accessKey,
        secretKey: auth.vendor.secretKey,
        method,
        url,
        signedAtMs: (nowMs ?? Date.now)(),
      });
    }
    const answer = await this.send({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    if (!record) return answer;
    const entry = (this.recording[operation] ??= {
      request: {
        ...(call.params ? { params: call.params } : {}),
        ...(call.query ? { query: call.query } : {}),
        ...(bodyText === undefined ? {} : { body: bodyText }),
      },
      responses: {},
    });
    entry.responses[String(answer.status)] ??= answer.body;
    return answer;
  }
}

const json = (answer: Answer) => JSON.parse(answer.body);
/** Ids as the answer writes them: digits, however long. */
const idsIn = (answer: Answer, field: string) =>
  [...answer.body.matchAll(new RegExp(`"${field}":(\\d+)`, 'g'))].map((m) => m[1] as string);
const firstId = (answer: Answer, field: string) => {
  const id = idsIn(answer, field)[0];
  if (id === undefined) throw new Error(`no ${field} in ${answer.body.slice(0, 200)}`);
  return id;
};

function expectStatus(answer: Answer, status: number, what: string): Answer {
  if (answer.status !== status)
    throw new Error(`${what}: expected ${status}, answered ${answer.status} ${answer.body.slice(0, 300)}`);
  return answer;
}

/** Runs the whole story; answers what was recorded and which generated values to rename. */
export async function runScenario(
  send: Send,
  options: ScenarioOptions,
): Promise<{ recording: Recording; renames: Renames }> {
  const r = new Recorder(send);
  const renames: Renames = new Map();
  const none: Auth = { kind: 'none' };
  const admin: Auth = { kind: 'admin', token: options.adminToken };
  const fails = async (operation: string, auth: Auth, call: Call, status: number) =>
    expectStatus(await r.call(operation, auth, call, options.nowMs), status, `${operation} (failure)`);
  /** A success; a sandbox call is then sent again without the admin token, for its 401. */
  const ok = async (operation: string, auth: Auth, call: Call = {}, status = 200) => {
    const answer = expectStatus(await r.call(operation, auth, call, options.nowMs), status, operation);
    if (auth.kind === 'admin') await fails(operation, none, call, 401);
    return answer;
  };
  /** A call the story needs that is not an example (its operation has one already). */
  const quietly = async (operation: string, auth: Auth, call: Call, status: number) =>
    expectStatus(await r.call(operation, auth, call, options.nowMs, false), status, operation);

  // ── PortOne, through the sandbox: the worked example ────────────────────────────────────
  const merchant = json(await ok('POST /sandbox/merchants', admin, { body: { name: '배송상점' } }, 201));
  await fails('POST /sandbox/merchants', admin, { body: { imp_key: merchant.imp_key } }, 409);
  renames.set(merchant.imp_key, '1234567890123456');
  const impKey: string = merchant.imp_key;

  const paymentBody = { imp_key: impKey, pg_provider: 'html5_inicis', escrow: true, amount: 25000 };
  const payment = json(await ok('POST /sandbox/payments', admin, { body: paymentBody }, 201));
  await fails('POST /sandbox/payments', admin, { body: { ...paymentBody, imp_key: 'no-such-key' } }, 404);
  renames.set(payment.imp_uid, 'imp_123456789012');
  renames.set(payment.merchant_uid, 'order-20261123-0001');
  const impUid: string = payment.imp_uid;

  const tokenBody = { imp_key: impKey, imp_secret: merchant.imp_secret };
  const token = json(await ok('POST /users/getToken', none, { body: tokenBody })).response.access_token;
  await fails('POST /users/getToken', none, { body: { ...tokenBody, imp_secret: 'wrong' } }, 401);
  const portone: Auth = { kind: 'portone', token };
  /**
   * The merchant's own clock a minute on, so that each payment starts at its own second and
   * listings (newest first) come in one order, whatever ids were drawn.
   */
  const tick = () =>
    quietly('POST /sandbox/clock', admin, { query: { merchant: impKey }, body: { advanceSeconds: 60 } }, 200);
  /** A success, then the same request without a token: 401. */
  const portoneOk = async (operation: string, call: Call = {}, status = 200) => {
    const answer = await ok(operation, portone, call, status);
    await fails(operation, none, call, 401);
    return answer;
  };

  const delivery = {
    sender: { name: '김발송', tel: '02-1234-5678', addr: '서울특별시 중구 세종대로 110', postcode: '04524' },
    receiver: {
      name: '이수령',
      tel: '010-1234-5678',
      addr: '부산광역시 해운대구 센텀중앙로 79',
      postcode: '48058',
    },
    logis: { company: 'CJGLS', invoice: '123456789012', sent_at: 1795000000 },
  };
  const escrow = { imp_uid: impUid };
  await portoneOk('POST /escrows/logis/{imp_uid}', { params: escrow, body: delivery });
  await fails('POST /escrows/logis/{imp_uid}', portone, { params: escrow, body: delivery }, 409);
  await portoneOk('GET /escrows/logis/{imp_uid}', { params: escrow });
  await portoneOk('PUT /escrows/logis/{imp_uid}', {
    params: escrow,
    body: { ...delivery, logis: { ...delivery.logis, invoice: '123456789013' } },
  });
  await portoneOk('GET /payments/{imp_uid}', { params: escrow });
  await fails('GET /payments/{imp_uid}', portone, { params: { imp_uid: 'imp_000000000000' } }, 404);
  await ok('GET /sandbox/payments/{imp_uid}/deliveries', admin, { params: escrow });
  await fails(
    'GET /sandbox/payments/{imp_uid}/deliveries',
    admin,
    { params: { imp_uid: 'imp_000000000000' } },
    404,
  );

  const merchantUid = { merchant_uid: payment.merchant_uid as string };
  await portoneOk('GET /payments/find/{merchant_uid}', {
    params: merchantUid,
    query: { sorting: '-started' },
  });
  await fails(
    'GET /payments/find/{merchant_uid}',
    portone,
    { params: { merchant_uid: 'no-such-order' } },
    404,
  );
  await portoneOk('GET /payments/find/{merchant_uid}/{payment_status}', {
    params: { ...merchantUid, payment_status: 'paid' },
  });
  await fails(
    'GET /payments/find/{merchant_uid}/{payment_status}',
    portone,
    { params: { ...merchantUid, payment_status: 'done' } },
    400,
  );
  for (const path of ['/payments', '/payments/']) {
    await portoneOk(`GET ${path}`, { query: { 'imp_uid[]': [impUid] } });
    await fails(`GET ${path}`, portone, { query: { 'imp_uid[]': [impUid, 'imp_000000000000'] } }, 207);
    await fails(`GET ${path}`, portone, { query: { 'imp_uid[]': ['imp_000000000000'] } }, 404);
  }

  // Prepare: an order number's amount fixed before the payment.
  const prepared = { merchant_uid: 'order-20261123-0002', amount: 25000 };
  await portoneOk('POST /payments/prepare', { body: prepared });
  await portoneOk('PUT /payments/prepare', { body: { ...prepared, amount: 26000 } });
  await fails(
    'PUT /payments/prepare',
    portone,
    { body: { merchant_uid: 'no-such-order', amount: 1000 } },
    404,
  );
  await portoneOk('GET /payments/prepare/{merchant_uid}', {
    params: { merchant_uid: prepared.merchant_uid },
  });
  await fails(
    'GET /payments/prepare/{merchant_uid}',
    portone,
    { params: { merchant_uid: 'no-such-order' } },
    404,
  );

  // Cancels, of a card payment of their own; the console's cancel last.
  await tick();
  const card = json(
    await ok(
      'POST /sandbox/payments',
      admin,
      {
        body: { imp_key: impKey, pg_provider: 'kcp', amount: 30000, merchant_uid: 'order-20261123-0003' },
      },
      201,
    ),
  );
  renames.set(card.imp_uid, 'imp_210987654321');
  await portoneOk('POST /payments/cancel', {
    body: { imp_uid: card.imp_uid, amount: 5000, checksum: 30000, reason: '부분 환불' },
  });
  await portoneOk('POST /payments/cancel/', {
    body: { imp_uid: card.imp_uid, amount: 5000, checksum: 25000, reason: '부분 환불' },
  });
  await ok('POST /sandbox/payments/{imp_uid}/cancel', admin, {
    params: { imp_uid: card.imp_uid },
    body: { amount: 5000, reason: '부분 환불', checksum: 20000 },
  });
  await fails(
    'POST /sandbox/payments/{imp_uid}/cancel',
    admin,
    { params: { imp_uid: card.imp_uid }, body: { amount: 5000, checksum: 30000 } },
    409,
  );

  // Paymentwall, continuing the example.
  await tick();
  const pw = json(
    await ok('POST /sandbox/payments', admin, { body: { imp_key: impKey, pg_provider: 'paymentwall' } }, 201),
  );
  renames.set(pw.imp_uid, 'imp_310987654321');
  renames.set(pw.merchant_uid, 'order-20261123-0004');
  await portoneOk('POST /paymentwall/delivery', { body: paymentwallBody(pw, { status: 'order_shipped' }) });
  await fails(
    'POST /paymentwall/delivery',
    portone,
    { body: { imp_uid: pw.imp_uid, merchant_uid: pw.merchant_uid, type: 'digital', status: 'order_placed' } },
    400,
  );

  // ── The merchant's webhook: a virtual account issued, then paid ──────────────────────────
  const hook = { imp_key: impKey };
  await ok('PUT /sandbox/merchants/{imp_key}/webhook', admin, {
    params: hook,
    body: { url: options.webhookUrl, retry: true },
  });
  await fails(
    'PUT /sandbox/merchants/{imp_key}/webhook',
    admin,
    { params: hook, body: { url: 'not a url' } },
    400,
  );
  await ok('GET /sandbox/merchants/{imp_key}/webhook', admin, { params: hook });
  await tick();
  const vbank = json(
    await ok(
      'POST /sandbox/payments',
      admin,
      {
        body: { imp_key: impKey, pg_provider: 'kcp', pay_method: 'vbank', status: 'ready', amount: 25000 },
      },
      201,
    ),
  );
  renames.set(vbank.imp_uid, 'imp_410987654321');
  renames.set(vbank.merchant_uid, 'order-20261123-0005');
  await ok('POST /sandbox/payments/{imp_uid}/paid', admin, { params: { imp_uid: vbank.imp_uid } });
  await fails('POST /sandbox/payments/{imp_uid}/paid', admin, { params: { imp_uid: vbank.imp_uid } }, 409);
  const webhookId = await delivered(r, admin, vbank.imp_uid);
  await ok('GET /sandbox/webhooks', admin, { query: { imp_key: impKey, limit: 2 } });
  await fails('GET /sandbox/webhooks', admin, { query: { state: 'lost' } }, 400);
  await ok('GET /sandbox/webhooks/{id}', admin, { params: { id: webhookId } });
  await fails('GET /sandbox/webhooks/{id}', admin, { params: { id: '999999' } }, 404);
  await ok('POST /sandbox/webhooks/{id}/replay', admin, { params: { id: webhookId } }, 202);
  await fails('POST /sandbox/webhooks/{id}/replay', admin, { params: { id: '999999' } }, 404);
  await ok('DELETE /sandbox/merchants/{imp_key}/webhook', admin, { params: hook });
  await fails('GET /sandbox/merchants/{imp_key}/webhook', admin, { params: hook }, 404);
  await fails(
    'DELETE /sandbox/merchants/{imp_key}/webhook',
    admin,
    { params: { imp_key: 'no-such-key' } },
    404,
  );

  await ok('GET /sandbox/merchants', admin);
  await ok('GET /sandbox/payments', admin, { query: { imp_key: impKey, limit: 2 } });
  await fails('GET /sandbox/payments', admin, { query: { imp_key: impKey, limit: 0 } }, 400);

  // ── Coupang: a vendor, its places and return centers ────────────────────────────────────
  const vendor: Vendor = json(
    await ok('POST /sandbox/vendors', admin, { body: { userIds: ['testId'] } }, 201),
  );
  await fails('POST /sandbox/vendors', admin, { body: { vendorId: vendor.vendorId } }, 409);
  renames.set(vendor.vendorId, 'A00012345');
  const vendorId = vendor.vendorId;
  const coupang: Auth = { kind: 'coupang', vendor };
  /** A success, then the same request unsigned: the gateway's 401. */
  const coupangOk = async (operation: string, call: Call = {}, status = 200) => {
    const answer = await ok(operation, coupang, call, status);
    await fails(operation, none, call, 401);
    return answer;
  };
  const v = (version: string) => `/v2/providers/openapi/apis/api/${version}/vendors/{vendorId}`;

  const place = (name: string, detail: string) => ({
    vendorId,
    userId: 'testId',
    shippingPlaceName: name,
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1500-1234',
        returnZipCode: '10516',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: detail,
      },
    ],
    remoteInfos: [{ deliveryCode: 'CJGLS', jeju: 5000, notJeju: 2500 }],
  });
  const placeCodes: Record<string, string> = {};
  for (const [version, name, detail] of [
    ['v4', '상품출고지 생성', '294-58'],
    ['v5', '상품출고지 2', '294-59'],
  ] as const) {
    const created = json(
      await coupangOk(`POST ${v(version)}/outboundShippingCenters`, {
        params: { vendorId },
        body: place(name, detail),
      }),
    );
    placeCodes[version] = created.data.resultMessage;
  }
  // The duplicates after both creates: on PostgreSQL a refused create still draws a code (a gap),
  // so the codes shown are the same on both engines only when nothing is refused between creates.
  await fails(
    `POST ${v('v4')}/outboundShippingCenters`,
    coupang,
    { params: { vendorId }, body: place('상품출고지 생성', '294-58') },
    400,
  );
  await fails(
    `POST ${v('v5')}/outboundShippingCenters`,
    coupang,
    { params: { vendorId }, body: place('상품출고지 2', '294-59') },
    400,
  );
  for (const version of ['v4', 'v5'] as const) {
    const code = placeCodes[version] as string;
    const name = version === 'v4' ? '상품출고지 생성' : '상품출고지 2';
    await coupangOk(`PUT ${v(version)}/outboundShippingCenters/{outboundShippingPlaceCode}`, {
      params: { vendorId, outboundShippingPlaceCode: code },
      body: {
        ...place(name, version === 'v4' ? '294-58' : '294-59'),
        outboundShippingPlaceCode: Number(code),
        remoteInfos: [{ deliveryCode: 'HANJIN', jeju: 3000, notJeju: 3000 }],
      },
    });
  }
  for (const version of ['v1', 'v2']) {
    await coupangOk(
      `GET /v2/providers/marketplace_openapi/apis/api/${version}/vendor/shipping-place/outbound`,
      {
        query: { pageNum: 1, pageSize: 10 },
      },
    );
  }

  const center = (name: string, detail: string) => ({
    userId: 'testId',
    vendorId,
    shippingPlaceName: name,
    goodsflowInfoOpenApiDto: {
      deliverCode: 'CJGLS',
      contractNumber: '85500067',
      contractCustomerNumber: '',
      ...Object.fromEntries(
        ['vendorCreditFee', 'vendorCashFee', 'consumerCashFee', 'returnFee'].flatMap((fee) =>
          ['05kg', '10kg', '20kg'].map((kg) => [`${fee}${kg}`, '2500']),
        ),
      ),
    },
    placeAddresses: [
      {
        addressType: 'JIBUN',
        companyContactNumber: '02-1234-5678',
        phoneNumber2: '',
        returnZipCode: '112207',
        returnAddress: '경기도 파주시 탄현면 월롱산로',
        returnAddressDetail: detail,
      },
    ],
  });
  const centerCodes: Record<string, string> = {};
  for (const [version, name, detail] of [
    ['v4', '반품지01', '294-58'],
    ['v5', '반품지02', '294-59'],
  ] as const) {
    const created = json(
      await coupangOk(`POST ${v(version)}/returnShippingCenters`, {
        params: { vendorId },
        body: center(name, detail),
      }),
    );
    centerCodes[version] = created.data.resultMessage;
  }
  // After both creates, as for the outbound places.
  await fails(
    `POST ${v('v4')}/returnShippingCenters`,
    coupang,
    { params: { vendorId }, body: center('반품지01', '294-58') },
    400,
  );
  await fails(
    `POST ${v('v5')}/returnShippingCenters`,
    coupang,
    { params: { vendorId }, body: center('반품지02', '294-59') },
    400,
  );
  for (const version of ['v4', 'v5'] as const) {
    await coupangOk(`GET ${v(version)}/returnShippingCenters`, {
      params: { vendorId },
      query: { pageNum: 1, pageSize: 10 },
    });
    const code = centerCodes[version] as string;
    await coupangOk(`PUT ${v(version)}/returnShippingCenters/{returnCenterCode}`, {
      params: { vendorId, returnCenterCode: code },
      body: {
        vendorId,
        returnCenterCode: code,
        userId: 'testId',
        goodsflowInfoDto: { returnFee05kg: 3000, returnFee10kg: 3000, returnFee20kg: 3000 },
      },
    });
  }
  for (const path of [
    '/v2/providers/openapi/apis/api/v3/return/shipping-places/center-code',
    '/v2/providers/greatwall_api/apis/api/v2/return/shipping-places/center-code',
  ]) {
    await coupangOk(`GET ${path}`, { query: { returnCenterCodes: `${centerCodes.v4},${centerCodes.v5}` } });
  }

  // ── Coupang orders, the sandbox playing the buyer and the courier ───────────────────────
  const orders = `/sandbox/vendors/{vendorId}/orders`;
  const vendorParams = { vendorId };
  /** A box placed in the sandbox: its ids, digit for digit. */
  const order = async (body: unknown = { items: [{}] }) => {
    const answer = await ok(`POST ${orders}`, admin, { params: vendorParams, body }, 201);
    return {
      shipmentBoxId: firstId(answer, 'shipmentBoxId'),
      orderId: firstId(answer, 'orderId'),
      vendorItemId: firstId(answer, 'vendorItemId'),
    };
  };
  const first = await order();
  await fails(`POST ${orders}`, admin, { params: { vendorId: 'A99999999' }, body: { items: [{}] } }, 404);
  await ok(`GET ${orders}`, admin, { params: vendorParams, query: { status: 'ACCEPT', limit: '1' } });
  await fails(`GET ${orders}`, admin, { params: { vendorId: 'A99999999' } }, 404);
  await ok(`PUT ${orders}/{shipmentBoxId}/receiver`, admin, {
    params: { vendorId, shipmentBoxId: first.shipmentBoxId },
    body: {
      name: '이수령',
      addr1: '부산광역시 해운대구 센텀중앙로 79',
      addr2: '101동 1001호',
      postCode: '48058',
    },
  });
  await fails(
    `PUT ${orders}/{shipmentBoxId}/receiver`,
    admin,
    {
      params: { vendorId, shipmentBoxId: '1' },
      body: { name: '이수령' },
    },
    404,
  );
  const box = { vendorId, shipmentBoxId: first.shipmentBoxId };
  for (const version of ['v4', 'v5']) {
    await coupangOk(`GET ${v(version)}/ordersheets`, {
      params: vendorParams,
      query: Object.fromEntries(new URLSearchParams(`${KST_DAY}&status=ACCEPT&maxPerPage=1`)),
    });
    await coupangOk(`GET ${v(version)}/ordersheets/{shipmentBoxId}`, { params: box });
    await coupangOk(`GET ${v(version)}/{orderId}/ordersheets`, {
      params: { vendorId, orderId: first.orderId },
    });
    await coupangOk(`GET ${v(version)}/ordersheets/{shipmentBoxId}/history`, { params: box });
  }

  // Acknowledgement: ACCEPT → INSTRUCT, four boxes for its four operations.
  const instructed = [first];
  for (let i = 0; i < 3; i++) instructed.push(await order());
  let n = 0;
  for (const version of ['v4', 'v5'])
    for (const method of ['PATCH', 'PUT']) {
      const one = instructed[n++] as typeof first;
      await coupangOk(`${method} ${v(version)}/ordersheets/acknowledgement`, {
        params: vendorParams,
        body: `{"vendorId":"${vendorId}","shipmentBoxIds":[${one.shipmentBoxId}]}`,
      });
    }
  // Invoices: INSTRUCT → DEPARTURE, then a changed invoice.
  const invoiceOf = (one: typeof first, invoice: string) =>
    `{"vendorId":"${vendorId}","orderSheetInvoiceApplyDtos":[{"shipmentBoxId":${one.shipmentBoxId},` +
    `"orderId":${one.orderId},"vendorItemId":${one.vendorItemId},"deliveryCompanyCode":"CJGLS",` +
    `"invoiceNumber":"${invoice}","splitShipping":false,"preSplitShipped":false,"estimatedShippingDate":""}]}`;
  const shipped = instructed[0] as typeof first;
  await coupangOk(`POST ${v('v4')}/orders/invoices`, {
    params: vendorParams,
    body: invoiceOf(shipped, '123456789012'),
  });
  await coupangOk(`POST ${v('v4')}/orders/updateInvoices`, {
    params: vendorParams,
    body: invoiceOf(shipped, '123456789013'),
  });
  await ok(`POST ${orders}/{shipmentBoxId}/advance`, admin, {
    params: { vendorId, shipmentBoxId: shipped.shipmentBoxId },
    body: { to: 'FINAL_DELIVERY' },
  });
  await fails(
    `POST ${orders}/{shipmentBoxId}/advance`,
    admin,
    {
      params: { vendorId, shipmentBoxId: shipped.shipmentBoxId },
      body: {},
    },
    409,
  );

  // Buyer cancels of instructed boxes: stop requests, answered stopped or already shipped.
  const stops: string[] = [];
  for (const one of instructed.slice(1)) {
    const answer = await ok(
      `POST ${orders}/{shipmentBoxId}/buyer-cancel`,
      admin,
      {
        params: { vendorId, shipmentBoxId: one.shipmentBoxId },
        body: { reason: '마음이 바뀜' },
      },
      201,
    );
    stops.push(firstId(answer, 'receiptId'));
  }
  for (const extra of [await order(), await order()]) {
    for (const method of ['PUT']) {
      await quietly(
        `${method} ${v('v4')}/ordersheets/acknowledgement`,
        coupang,
        {
          params: vendorParams,
          body: `{"vendorId":"${vendorId}","shipmentBoxIds":[${extra.shipmentBoxId}]}`,
        },
        200,
      );
    }
    const answer = await ok(
      `POST ${orders}/{shipmentBoxId}/buyer-cancel`,
      admin,
      {
        params: { vendorId, shipmentBoxId: extra.shipmentBoxId },
        body: { reason: '마음이 바뀜' },
      },
      201,
    );
    stops.push(firstId(answer, 'receiptId'));
  }
  await fails(
    `POST ${orders}/{shipmentBoxId}/buyer-cancel`,
    admin,
    {
      params: { vendorId, shipmentBoxId: shipped.shipmentBoxId },
      body: {},
    },
    409,
  );
  const receipt = (receiptId: string) => ({ vendorId, receiptId });
  const [stopA, stopB, stopC, stopD] = stops as [string, string, string, string];
  await coupangOk(`PATCH ${v('v4')}/returnRequests/{receiptId}/stoppedShipment`, {
    params: receipt(stopA),
    body: `{"vendorId":"${vendorId}","receiptId":${stopA},"cancelCount":1}`,
  });
  await coupangOk(`PUT ${v('v4')}/returnRequests/{receiptId}/stoppedShipment`, {
    params: receipt(stopB),
    body: `{"vendorId":"${vendorId}","receiptId":${stopB},"cancelCount":1}`,
  });
  for (const [method, id] of [
    ['PATCH', stopC],
    ['PUT', stopD],
  ] as const) {
    await coupangOk(`${method} ${v('v4')}/returnRequests/{receiptId}/completedShipment`, {
      params: receipt(id),
      body: `{"vendorId":"${vendorId}","receiptId":${id},"deliveryCompanyCode":"CJGLS","invoiceNumber":"555566667777"}`,
    });
  }

  // Returns after delivery: asked, picked up, received, approved; one per operation.
  const returns: string[] = [];
  for (let i = 0; i < 4; i++) {
    const one = await order();
    await quietly(
      `PUT ${v('v4')}/ordersheets/acknowledgement`,
      coupang,
      {
        params: vendorParams,
        body: `{"vendorId":"${vendorId}","shipmentBoxIds":[${one.shipmentBoxId}]}`,
      },
      200,
    );
    await quietly(
      `POST ${v('v4')}/orders/invoices`,
      coupang,
      { params: vendorParams, body: invoiceOf(one, `12345678902${i}`) },
      200,
    );
    await ok(`POST ${orders}/{shipmentBoxId}/advance`, admin, {
      params: { vendorId, shipmentBoxId: one.shipmentBoxId },
      body: { to: 'FINAL_DELIVERY' },
    });
    const answer = await ok(
      `POST ${orders}/{shipmentBoxId}/return`,
      admin,
      {
        params: { vendorId, shipmentBoxId: one.shipmentBoxId },
        body: { reason: '사이즈가 맞지 않음', faultByType: 'CUSTOMER' },
      },
      201,
    );
    const receiptId = firstId(answer, 'receiptId');
    await ok('POST /sandbox/vendors/{vendorId}/receipts/{receiptId}/pickup', admin, {
      params: receipt(receiptId),
      body: { deliveryCompanyCode: 'CJGLS', invoiceNumber: '987654321098' },
    });
    returns.push(receiptId);
  }
  await fails(
    `POST ${orders}/{shipmentBoxId}/return`,
    admin,
    {
      params: { vendorId, shipmentBoxId: (instructed[1] as typeof first).shipmentBoxId },
      body: {},
    },
    409,
  );
  n = 0;
  for (const version of ['v4', 'v5'])
    for (const method of ['PATCH', 'PUT']) {
      const id = returns[n++] as string;
      await coupangOk(`${method} ${v(version)}/returnRequests/{receiptId}/receiveConfirmation`, {
        params: receipt(id),
        body: `{"vendorId":"${vendorId}","receiptId":${id}}`,
      });
    }
  await fails(
    'POST /sandbox/vendors/{vendorId}/receipts/{receiptId}/pickup',
    admin,
    {
      params: receipt(returns[0] as string),
      body: {},
    },
    409,
  );
  n = 0;
  for (const version of ['v4', 'v5'])
    for (const method of ['PATCH', 'PUT']) {
      const id = returns[n++] as string;
      await coupangOk(`${method} ${v(version)}/returnRequests/{receiptId}/approval`, {
        params: receipt(id),
        body: `{"vendorId":"${vendorId}","receiptId":${id},"cancelCount":1}`,
      });
    }
  for (const version of ['v4', 'v6']) {
    await coupangOk(`GET ${v(version)}/returnRequests`, {
      params: vendorParams,
      query: Object.fromEntries(new URLSearchParams(`${KST_DAY}&status=CC&maxPerPage=1`)),
    });
    await coupangOk(`GET ${v(version)}/returnRequests/{receiptId}`, {
      params: receipt(returns[0] as string),
    });
  }
  await ok('GET /sandbox/vendors/{vendorId}/receipts', admin, {
    params: vendorParams,
    query: { status: 'RETURNS_COMPLETED', limit: '1' },
  });
  await fails('GET /sandbox/vendors/{vendorId}/receipts', admin, { params: { vendorId: 'A99999999' } }, 404);

  // Seller cancels, of boxes still in ACCEPT.
  for (const path of [
    `${v('v5')}/orders/{orderId}/cancel`,
    `${v('v6')}/orders/{orderId}/cancel`,
    '/v2/providers/wing_api/apis/internal-api/v5/vendors/{vendorId}/orders/{orderId}/cancel',
  ]) {
    const one = await order();
    await coupangOk(`POST ${path}`, {
      params: { vendorId, orderId: one.orderId },
      body:
        `{"orderId":${one.orderId},"vendorItemIds":[${one.vendorItemId}],"receiptCounts":[1],` +
        `"bigCancelCode":"CANERR","middleCancelCode":"CCPNER","vendorId":"${vendorId}","userId":"testId"}`,
    });
  }

  // ── The sandbox's own listings, journal, faults and clock ───────────────────────────────
  await ok('GET /sandbox/vendors', admin);
  for (const listing of ['outbound-places', 'return-centers']) {
    await ok(`GET /sandbox/vendors/{vendorId}/${listing}`, admin, {
      params: vendorParams,
      query: { limit: 1 },
    });
    await fails(
      `GET /sandbox/vendors/{vendorId}/${listing}`,
      admin,
      { params: { vendorId: 'A99999999' } },
      404,
    );
  }

  const journal = json(
    await ok('GET /sandbox/requests', admin, {
      query: { merchant: impKey, route: 'POST /escrows/logis/{imp_uid}', order: 'asc', limit: 1 },
    }),
  );
  await fails('GET /sandbox/requests', admin, { query: { page: '2' } }, 400);
  await ok('GET /sandbox/requests/count', admin, { query: { merchant: impKey, status: '4xx' } });
  await fails('GET /sandbox/requests/count', admin, { query: { status: '6xx' } }, 400);
  await ok('GET /sandbox/requests/{id}', admin, { params: { id: journal.requests[0].id } });
  await fails('GET /sandbox/requests/{id}', admin, { params: { id: '999999' } }, 404);

  const fault = json(
    await ok(
      'POST /sandbox/faults',
      admin,
      {
        body: {
          match: { route: 'POST /escrows/logis/{imp_uid}', merchant: impKey },
          action: 'status',
          status: 500,
          when: 'after',
          times: 1,
        },
      },
      201,
    ),
  );
  await fails('POST /sandbox/faults', admin, { body: { action: 'status', status: 200 } }, 400);
  await ok('GET /sandbox/faults', admin);
  await ok('GET /sandbox/faults/{id}', admin, { params: { id: fault.id } });
  await ok('DELETE /sandbox/faults/{id}', admin, { params: { id: fault.id } });
  await fails('GET /sandbox/faults/{id}', admin, { params: { id: fault.id } }, 404);
  await fails('DELETE /sandbox/faults/{id}', admin, { params: { id: fault.id } }, 404);
  await ok('DELETE /sandbox/faults', admin);
  await ok('GET /sandbox/routes', admin);

  await ok('GET /sandbox/clock', admin);
  await fails('GET /sandbox/clock', admin, { query: { merchant: 'no-such-key' } }, 404);
  await ok('POST /sandbox/clock', admin, { body: { advanceSeconds: 1900 } });
  await fails('POST /sandbox/clock', admin, { body: { advanceSeconds: 0 } }, 400);
  await ok('DELETE /sandbox/clock', admin);
  await fails('DELETE /sandbox/clock', admin, { query: { vendor: 'A99999999' } }, 404);

  // ── Clean-up: a tenant's journal, the tenants, then everything ──────────────────────────
  await ok('DELETE /sandbox/requests', admin, { query: { vendor: vendorId } });
  await fails('DELETE /sandbox/requests', admin, { query: { page: '1' } }, 400);
  await ok('DELETE /sandbox/vendors/{vendorId}', admin, { params: vendorParams });
  await fails('DELETE /sandbox/vendors/{vendorId}', admin, { params: vendorParams }, 404);
  await ok('DELETE /sandbox/merchants/{imp_key}', admin, { params: hook });
  await fails('DELETE /sandbox/merchants/{imp_key}', admin, { params: hook }, 404);
  await ok('POST /sandbox/reset', admin);

  return { recording: r.recording, renames };
}

/** Waits until the webhook of a payment is delivered (the sender works on its own); answers its id. */
async function delivered(r: Recorder, admin: Auth, impUid: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await r.call(
      'GET /sandbox/webhooks',
      admin,
      { query: { imp_uid: impUid } },
      undefined,
      false,
    );
    const [webhook] = json(answer).webhooks as { id: string; state: string }[];
    if (webhook && webhook.state !== 'pending') return webhook.id;
    if (Date.now() > deadline) throw new Error(`the webhook of ${impUid} was not delivered`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
