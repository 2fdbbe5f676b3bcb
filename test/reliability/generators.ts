/**
 * fast-check generators of hostile requests: bodies built from each route's own schema (the
 * OpenAPI document) or from known-good bodies, then broken (wrong types, missing and extra
 * fields, nulls, empty and 1 MB strings, deep nesting, Korean, emoji, NUL and right-to-left text,
 * `__proto__` and `constructor` keys, huge and odd numbers), raw bodies (truncated JSON, invalid
 * UTF-8, wrong Content-Type), credentials good and bad, odd paths and query strings.
 */
import fc from 'fast-check';
import { escrowBodyForAnyPg, paymentwallBody } from '../support/fixtures.js';
import type { JsonSchema, RouteSpec } from './routes.js';
import { type Exchange, outboundPlaceBody, signedHeaders, type World } from './world.js';

/** A request to send, with what the invariants need to know about it. */
export interface FuzzCase {
  route: RouteSpec;
  exchange: Exchange;
  /** The path or method is not the route's own. */
  bentRoute: boolean;
  /** The body is over 1 MiB. */
  bigBody: boolean;
  /** The request line and headers are near or past Node's 16 KiB limit of headers. */
  bigHead: boolean;
  /** What was done, for the report of a failure. */
  label: string;
}

const MIB = 1024 * 1024;

/** Strings that break naive code: empty, Korean, emoji, NUL, right-to-left, lone surrogates, injections. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '배송지 서울특별시',
  '🚚📦🇰🇷',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  'مرحبا',
  '\uD800',
  '\uDFFF\uD800',
  '\r\n\t',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  '-0',
  '1e308',
  'Infinity',
  '00000000000000000000000000001',
  '%00',
  '%ZZ',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; drop table payments; --',
  '{"a":1}',
  '<script>alert(1)</script>',
  '\\',
  '\u00A0\u2028\u2029',
  'ｆｕｌｌｗｉｄｔｈ',
  'x'.repeat(300),
];

export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  1.5,
  1e308,
  -1e308,
  5e-324,
  2 ** 53 + 2,
  -(2 ** 63),
  99999999999,
  253402300800,
];

const hostileString = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(10_000), '가'.repeat(5_000)) },
);

/** A JSON value of any type, hostile where it can be. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_NUMBERS) },
  { weight: 2, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '': null }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.integer().map((d) => nested(Math.abs(d % 200) + 50)) },
);

/** Arrays nested `depth` deep. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** A stand-in key replaced by `"__proto__"` in the JSON text (JSON.stringify would not write it as an own key). */
const PROTO_KEY = '__PROTO_KEY_PLACEHOLDER__';
const EXTRA_KEYS = [
  PROTO_KEY,
  'constructor',
  'prototype',
  '__defineGetter__',
  'hasOwnProperty',
  '배송',
  '',
  'x',
];

export function toJsonText(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').split(`"${PROTO_KEY}"`).join('"__proto__"');
}

// ---------------------------------------------------------------- values from schemas

/** A value that fits a JSON schema of the OpenAPI document (roughly: types, enums, required keys). */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.jsonValue({ maxDepth: 2 });
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  const union = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (union?.length) return fc.oneof(...union.map((s) => fromSchema(s, depth + 1)));
  switch (schema.type) {
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = (schema.required ?? []) as string[];
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) record[key] = fromSchema(sub, depth + 1);
      return fc.record(record, { requiredKeys: required.filter((k) => k in record) });
    }
    case 'array':
      return fc.array(fromSchema(schema.items as JsonSchema, depth + 1), {
        minLength: Number(schema.minItems ?? 0),
        maxLength: Math.max(Number(schema.minItems ?? 0), 3),
      });
    case 'string': {
      const max = Number(schema.maxLength ?? 30);
      const min = Number(schema.minLength ?? 0);
      return fc.oneof(
        fc.string({ minLength: min, maxLength: Math.min(max, 30) }),
        fc.constantFrom(
          '02-1234-5678',
          '05510',
          '서울특별시 중구 세종대로 110',
          'CJGLS',
          'wing-user',
          '20261125',
        ),
      );
    }
    case 'integer':
      return fc.integer({
        min: Math.max(Number(schema.minimum ?? -(2 ** 31)), -(2 ** 31)),
        max: Math.min(Number(schema.maximum ?? 2 ** 31), 2 ** 31),
      });
    case 'number':
      return fc.oneof(
        fc.integer({ min: 0, max: 30_000 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      );
    case 'boolean':
      return fc.boolean();
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

// ---------------------------------------------------------------- known-good bodies

/** A body the route accepts (or would, but for the payment's state), to break in small ways. */
export function goodBody(route: RouteSpec, world: World, n: number): unknown {
  const [a] = world.merchants;
  const [v] = world.vendors;
  if (route.path === '/users/getToken') return { imp_key: a.imp_key, imp_secret: a.imp_secret };
  if (route.path.startsWith('/escrows/logis/')) return escrowBodyForAnyPg({ invoice: `${100000 + n}` });
  if (route.path === '/paymentwall/delivery') {
    const payment = { imp_uid: a.payments.paymentwall, merchant_uid: a.paymentwallMerchantUid };
    return paymentwallBody(payment, { status: 'order_shipped' });
  }
  if (route.path === '/sandbox/merchants') return { name: `fuzz ${n}` };
  if (route.path === '/sandbox/payments') return { imp_key: a.imp_key, pg_provider: 'kcp', escrow: true };
  if (route.path === '/sandbox/vendors') return { userIds: ['wing-user'] };
  const box = v.shipmentBoxIds[n % v.shipmentBoxIds.length] ?? '';
  if (route.path.endsWith('/orders') && route.method === 'POST') return { items: [{}] };
  if (route.path.endsWith('/acknowledgement')) return { shipmentBoxIds: [box] };
  if (route.path.endsWith('/cancel'))
    return {
      orderId: v.orderIds[0],
      vendorItemIds: [v.vendorItemIds[0]],
      receiptCounts: [1],
      bigCancelCode: 'CANERR',
      middleCancelCode: 'CCPNER',
      vendorId: v.vendorId,
      userId: 'wing-user',
    };
  if (/Invoices$|invoices$/.test(route.path))
    return {
      vendorId: v.vendorId,
      orderSheetInvoiceApplyDtos: [
        {
          shipmentBoxId: box,
          orderId: v.orderIds[n % v.orderIds.length],
          vendorItemId: v.vendorItemIds[(n % v.shipmentBoxIds.length) * 2],
          deliveryCompanyCode: 'CJGLS',
          invoiceNumber: `${100000 + n}`,
          splitShipping: false,
          preSplitShipped: false,
          estimatedShippingDate: '',
        },
      ],
    };
  if (/\/(stoppedShipment|approval)$/.test(route.path)) return { cancelCount: 1 };
  if (route.path.endsWith('/completedShipment'))
    return { deliveryCompanyCode: 'CJGLS', invoiceNumber: `${n}` };
  if (route.path.includes('ShippingCenters')) {
    const { remoteInfos, ...body } = outboundPlaceBody(v.vendorId, `fuzz-${n}`);
    // An update keeps the place's remote infos; an entry sent without an id would be added twice.
    return route.method === 'PUT' ? body : { ...body, remoteInfos };
  }
  return {};
}

// ---------------------------------------------------------------- mutations

interface Mutation {
  /** Picks a place in the value: each number chooses among the keys (or items) at its depth. */
  walk: number[];
  op: 'delete' | 'null' | 'replace' | 'extra' | 'wrap' | 'stringify' | 'big';
  value: unknown;
  extraKey: string;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  walk: fc.array(fc.nat(), { maxLength: 4 }),
  op: fc.constantFrom('delete', 'null', 'replace', 'replace', 'replace', 'extra', 'wrap', 'stringify', 'big'),
  value: hostileValue,
  extraKey: fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 8 })),
});

function isContainer(v: unknown): v is Record<string, unknown> | unknown[] {
  return typeof v === 'object' && v !== null;
}

/** Applies a mutation to a copy of `value`. `big` (a string of nearly 1 MiB) is rare by construction. */
export function mutate(value: unknown, m: Mutation): unknown {
  const root = { root: structuredClone(value) } as Record<string, unknown>;
  let parent: Record<string, unknown> | unknown[] = root;
  let key: string | number = 'root';
  for (const pick of m.walk) {
    const here: unknown = (parent as Record<string, unknown>)[key as string];
    if (!isContainer(here)) break;
    const keys = Array.isArray(here) ? here.map((_, i) => i) : Object.keys(here);
    if (keys.length === 0) break;
    parent = here;
    key = keys[pick % keys.length] as string | number;
  }
  const target = parent as Record<string, unknown>;
  const current = target[key as string];
  switch (m.op) {
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete target[key as string];
      break;
    case 'null':
      target[key as string] = null;
      break;
    case 'replace':
      target[key as string] = m.value;
      break;
    case 'extra':
      if (isContainer(current) && !Array.isArray(current)) current[m.extraKey] = m.value;
      else target[key as string] = { [m.extraKey]: m.value };
      break;
    case 'wrap':
      target[key as string] = [current];
      break;
    case 'stringify':
      target[key as string] = typeof current === 'string' ? Number(current) : String(JSON.stringify(current));
      break;
    case 'big':
      target[key as string] = '가'.repeat(MIB / 4);
      break;
  }
  return root.root;
}

// ---------------------------------------------------------------- raw bodies

interface RawBody {
  payload: string | Buffer;
  contentType: string | undefined;
  label: string;
}

const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  '',
];

function rawBodies(text: string): fc.Arbitrary<RawBody> {
  return fc.oneof(
    fc.nat().map((n) => ({
      payload: text.slice(0, n % Math.max(text.length, 1)),
      contentType: 'application/json',
      label: 'truncated JSON',
    })),
    fc.nat().map((n) => {
      const cut = n % Math.max(text.length, 1);
      const bytes = Buffer.from(text, 'utf8');
      const at = Math.min(cut, bytes.length);
      return {
        payload: Buffer.concat([
          bytes.subarray(0, at),
          Buffer.from([0xff, 0xfe, 0xc0, 0x80, 0xed, 0xa0, 0x80]),
          bytes.subarray(at),
        ]),
        contentType: 'application/json',
        label: 'invalid UTF-8',
      };
    }),
    fc.record({ n: fc.nat(), depth: fc.constantFrom(100_000, 10_000, 1_000) }).map(({ n, depth }) => {
      // A field's value replaced by arrays nested `depth` deep (JSON.stringify cannot write them).
      const starts = [...text.matchAll(/":"/g)].map((m) => (m.index ?? 0) + 2);
      const at = starts.length > 0 ? starts[n % starts.length]! : -1;
      const end = at === -1 ? -1 : text.indexOf('"', at + 1);
      const deep = '['.repeat(depth) + '1' + ']'.repeat(depth);
      return {
        payload: at === -1 ? deep : text.slice(0, at) + deep + text.slice(end + 1),
        contentType: 'application/json',
        label: `a field nested ${depth} deep`,
      };
    }),
    fc.constantFrom(...CONTENT_TYPES).map((contentType) => ({
      payload: text,
      contentType: contentType || undefined,
      label: `Content-Type ${contentType || '(none)'}`,
    })),
    fc
      .constantFrom(
        '',
        ' ',
        'null',
        '[]',
        '"text"',
        '1e308',
        '-0',
        'NaN',
        '{"a":1,"a":2}',
        '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
        '\uFEFF{}',
        '['.repeat(100_000) + ']'.repeat(100_000),
        '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000),
        `{"x":"${'a'.repeat(MIB + 10)}"}`,
        `{"x":"${'a'.repeat(MIB - 100)}"}`,
      )
      .map((payload) => ({ payload, contentType: 'application/json', label: 'odd JSON text' })),
  );
}

// ---------------------------------------------------------------- paths and queries

/** Path segment values: mostly ones the world knows (so requests reach the routes' rules), and hostile ones. */
function paramValues(name: string, world: World): fc.Arbitrary<{ value: string; bent: boolean }> {
  const [a, b] = world.merchants;
  const [v, w] = world.vendors;
  const known: Record<string, string[]> = {
    imp_uid: [
      ...Object.values(a.payments),
      ...Object.values(a.payments),
      b.payments.inicis,
      'imp_000000000000',
    ],
    vendorId: [v.vendorId, v.vendorId, v.vendorId, w.vendorId, 'A0000000', 'a12345678'],
    // Journal entries and faults: the world's requests are journaled, ids count from 1.
    id: ['1', '2', '3', '10', '50', '0', '01', '1e3', '999999999999999', '9007199254740993', '-1'],
    imp_key: [a.imp_key, b.imp_key, 'unknown'],
    shipmentBoxId: [
      ...v.shipmentBoxIds,
      ...v.shipmentBoxIds,
      w.shipmentBoxIds[0] ?? '',
      '1',
      '0640000000000000001',
    ],
    orderId: [...v.orderIds, ...v.orderIds, w.orderIds[0] ?? '', '0', '99999999999999999999'],
    receiptId: [...v.receiptIds, ...v.receiptIds, w.receiptIds[0] ?? '', '1'],
    outboundShippingPlaceCode: [
      v.placeCode,
      v.placeCode,
      w.placeCode,
      '0',
      '-1',
      '99999999999999999999',
      '1e3',
    ],
  };
  const good = fc.constantFrom(...(known[name] ?? ['x'])).map((value) => ({ value, bent: false }));
  return fc.oneof(
    { weight: 8, arbitrary: good },
    {
      weight: 3,
      arbitrary: hostileString.map((s) => ({ value: encodeURIComponent(safeText(s)), bent: false })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          '%ZZ',
          '%',
          '%E0%A4%A',
          '%C0%AF',
          '..',
          '%2e%2e',
          'a/b',
          '%00',
          '%FF',
          'x'.repeat(20_000),
          '',
          ';a=b',
          'a%2Fb',
        )
        .map((value) => ({ value, bent: true })),
    },
  );
}

/** Lone surrogates cannot be percent-encoded: replaced by U+FFFD, as a client library would. */
function safeText(s: string): string {
  return s.replace(/[\uD800-\uDFFF]/g, (c, i: number, all: string) => {
    const code = c.charCodeAt(0);
    if (code <= 0xdbff) {
      const next = all.charCodeAt(i + 1);
      return next >= 0xdc00 && next <= 0xdfff ? c : '\uFFFD';
    }
    const prev = all.charCodeAt(i - 1);
    return prev >= 0xd800 && prev <= 0xdbff ? c : '\uFFFD';
  });
}

/** Values of the order and return request lists' parameters, good and bad. */
function orderQueryValues(name: string, world: World): string[] | undefined {
  const [v] = world.vendors;
  const values: Record<string, string[]> = {
    createdAtFrom: [
      '2026-11-23',
      '2026-11-01',
      '2026-11-23+09:00',
      '2026-11-23T11:00',
      '2026-02-30',
      '23-11-2026',
    ],
    createdAtTo: ['2026-11-23', '2026-12-31', '2026-11-23 09:00', '2026-11-23T13:00', '2026-11-22', ''],
    status: ['ACCEPT', 'INSTRUCT', 'DEPARTURE', 'RU', 'UC', 'CC', 'PR', 'accept', ''],
    maxPerPage: ['1', '50', '100', '0', 'x'],
    nextToken: ['', v.shipmentBoxIds[0] ?? '', v.receiptIds[0] ?? '', '0', '9'.repeat(30), 'abc'],
    searchType: ['timeFrame', 'day', ''],
    cancelType: ['RETURN', 'CANCEL', 'EXCHANGE'],
    orderId: [...v.orderIds, 'x'],
  };
  // Names such as `__proto__` are fuzzed too: only the object's own keys are values.
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

/** base64url of JSON: the form of the sandbox listings' cursors. */
function listingCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Values of the sandbox's query parameters (the journal's filters and pages, the listings' pages,
 * the clock's tenant), good and bad, so that requests reach the rules behind the first check.
 */
function sandboxQueryValues(name: string, world: World): string[] | undefined {
  const [a, b] = world.merchants;
  const [v, w] = world.vendors;
  const now = world.nowMs();
  const cursors = [
    listingCursor(['payments', Math.floor(now / 1000), a.payments.inicis]),
    listingCursor(['payments', 2 ** 53 - 1, '\uD800']),
    listingCursor(['payments', 1e21, 'x']),
    listingCursor(['outbound-places', Number(v.placeCode)]),
    listingCursor(['outbound-places', -(2 ** 53 - 1)]),
    listingCursor(['return-centers', 0]),
    listingCursor(['return-centers', '1']),
    listingCursor(['outbound-places']),
    listingCursor(['outbound-places', 1, 2]),
    listingCursor({ a: 1 }),
    listingCursor('x'.repeat(100)),
    `${now}_1`,
    `${now - 1}_999999999999999`,
    '0_0',
    '999999999999999_999999999999999',
    '9999999999999999_1',
    '1_',
    '-1_1',
    'AAAA',
    '!!!',
  ];
  const values: Record<string, string[]> = {
    platform: ['portone', 'coupang', 'sandbox', 'PortOne', ''],
    method: ['GET', 'post', 'PUT', 'P0ST', 'GET ', '', 'ü'],
    route: [
      'POST /escrows/logis/{imp_uid}',
      'GET /payments/{imp_uid}',
      'POST /users/getToken',
      'GET /v2/providers/openapi/apis/api/v4/vendors/{vendorId}/returnShippingCenters',
      '',
    ],
    path: [`/payments/${a.payments.inicis}`, '/users/getToken', '/payments/%00', ''],
    status: ['200', '2xx', '4XX', '1xx', '5xx', '404', '099', '600', '000', '2x', ''],
    merchant: [a.imp_key, a.imp_key, b.imp_key, 'unknown', ''],
    imp_key: [a.imp_key, a.imp_key, b.imp_key, 'unknown', ''],
    vendor: [v.vendorId, v.vendorId, w.vendorId, 'A0000000', ''],
    since: [
      new Date(now - 60_000).toISOString(),
      new Date(now + 60_000).toISOString(),
      '2026-11-23T03:00Z',
      '2026-11-23T12:00:00+09:00',
      '2026-11-23T12:00:00.123456789+0900',
      '2026-02-30T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-11-23T24:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
      '+275760-09-13T00:00:00Z',
      '2026-11-23',
      '2026-11-23T03:00:00',
      '1795402800000',
      '',
    ],
    fault: ['true', 'false', 'TRUE', '1', ''],
    order: ['asc', 'desc', 'ASC', ''],
    limit: ['1', '2', '100', '1000', '1001', '0', '01', '-1', '1.0', '1e3', ''],
    cursor: cursors,
  };
  // Own keys only: `__proto__` and `constructor` are names the fuzz sends.
  return Object.hasOwn(values, name) ? values[name] : undefined;
}

function queryArb(route: RouteSpec, world: World): fc.Arbitrary<string> {
  const names = [...route.query, '__proto__', 'constructor', 'pageNum[]', 'a[b]', ''];
  const values = fc.oneof(
    fc.constantFrom(
      '1',
      '2',
      '10',
      '50',
      '51',
      '0',
      '-1',
      '1.5',
      '1e3',
      '',
      '99999999999999999999',
      world.vendors[0].placeCode,
    ),
    fc.constantFrom(
      `${world.vendors[0].placeCode},${world.vendors[1].placeCode}`,
      '출고지 world-A',
      '출고지 world-B',
    ),
    hostileString,
  );
  /** A value for the parameter `name`: mostly its own (the sandbox's, the order lists'), else any. */
  const valueFor = (name: string): fc.Arbitrary<unknown> => {
    const own =
      route.platform === 'sandbox' ? sandboxQueryValues(name, world) : orderQueryValues(name, world);
    return own
      ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: values })
      : values;
  };
  // The sandbox's parameters are checked one by one, the first unknown one refused: its own
  // names come more often, so that requests reach the checks of the values and the reads.
  const nameArb =
    route.platform === 'sandbox' && route.query.length > 0
      ? fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...route.query) },
          { weight: 1, arbitrary: fc.constantFrom(...names) },
        )
      : fc.constantFrom(...names);
  const pair = nameArb.chain((name) =>
    fc.record({
      name: fc.constant(name),
      value: valueFor(name),
      raw: fc.oneof(
        { weight: 6, arbitrary: fc.constant<string | null>(null) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('%', '%ZZ', '%E0%A4%A', '+', '%FF', '%00', 'a=b=c', '&&', '%2C%2C'),
        },
      ),
    }),
  );
  // A parameter given twice is refused before the rest: the sandbox's are mostly given once.
  const pairs =
    route.platform === 'sandbox'
      ? fc.oneof(
          { weight: 3, arbitrary: fc.uniqueArray(pair, { maxLength: 3, selector: (p) => p.name }) },
          { weight: 1, arbitrary: fc.array(pair, { maxLength: 5 }) },
        )
      : fc.array(pair, { maxLength: 5 });
  return pairs.map((pairs) =>
    pairs
      .map((p) => `${encodeURIComponent(p.name)}=${p.raw ?? encodeURIComponent(safeText(String(p.value)))}`)
      .join('&'),
  );
}

// ---------------------------------------------------------------- credentials

type Credentials = (route: RouteSpec, method: string, url: string) => Record<string, string>;

function credentialsArb(world: World): fc.Arbitrary<{ make: Credentials; label: string }> {
  const [a, b] = world.merchants;
  const [v, w] = world.vendors;
  const portone: [number, string, (token: string) => Record<string, string>][] = [
    [6, 'token', () => ({ authorization: a.token })],
    [2, 'Bearer token', () => ({ authorization: `Bearer ${a.token}` })],
    [1, 'X-ImpTokenHeader', () => ({ 'x-imptokenheader': a.token })],
    [1, "other merchant's token", () => ({ authorization: b.token })],
    [1, 'garbage token', (t) => ({ authorization: t })],
    [1, 'no token', () => ({})],
  ];
  const coupang: [
    number,
    string,
    (method: string, url: string, garbage: string) => Record<string, string>,
  ][] = [
    [8, 'signature', (m, u) => signedHeaders(world, v, m, u)],
    [1, "other vendor's signature", (m, u) => signedHeaders(world, w, m, u)],
    [1, 'wrong secret', (m, u) => signedHeaders(world, { ...v, secretKey: w.secretKey }, m, u)],
    [1, 'expired', (m, u) => signedHeaders({ ...world, nowMs: () => world.nowMs() - 3_600_000 }, v, m, u)],
    [1, 'garbage CEA', (_m, _u, g) => ({ authorization: `CEA ${g}` })],
    [1, 'no signature', () => ({})],
  ];
  const garbage = fc.string({ maxLength: 60 }).map((s) => s.replace(/[^\x20-\x7e]/g, '').trim() || 'x');
  return fc.record({ p: fc.nat(), c: fc.nat(), g: garbage }).map(({ p, c, g }) => {
    const pick = <T extends [number, string, unknown]>(list: T[], n: number): T => {
      const total = list.reduce((sum, e) => sum + e[0], 0);
      let at = n % total;
      for (const e of list) {
        if (at < e[0]) return e;
        at -= e[0];
      }
      return list[0] as T;
    };
    const [, pLabel, pMake] = pick(portone, p);
    const [, cLabel, cMake] = pick(coupang, c);
    return {
      label: `${pLabel} / ${cLabel}`,
      make: (route, method, url) => {
        if (route.auth === 'portone-token') return pMake(g);
        if (route.auth === 'coupang-hmac') return cMake(method, url, g);
        return {};
      },
    };
  });
}

// ---------------------------------------------------------------- whole requests

const OTHER_METHODS = ['DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'GET', 'PUT', 'POST'];

interface BodyChoice {
  payload?: string | Buffer;
  contentType?: string | undefined;
  label: string;
}

function bodyArb(route: RouteSpec, world: World): fc.Arbitrary<BodyChoice> {
  const jsonSchema = route.body['application/json'];
  const formSchema = route.body['application/x-www-form-urlencoded'];
  if (!jsonSchema && !formSchema) {
    return fc.oneof(
      { weight: 9, arbitrary: fc.constant<BodyChoice>({ label: 'no body' }) },
      {
        weight: 1,
        arbitrary: fc.constant<BodyChoice>({
          label: 'empty JSON body',
          payload: '',
          contentType: 'application/json;charset=UTF-8',
        }),
      },
    );
  }
  const good = fc.nat().map((n) => goodBody(route, world, n));
  const fromRouteSchema = fromSchema(jsonSchema ?? formSchema);
  const value = fc.oneof(
    { weight: 3, arbitrary: good },
    { weight: 2, arbitrary: fromRouteSchema },
    { weight: 1, arbitrary: hostileValue },
  );
  const broken = fc.tuple(value, fc.array(mutationArb, { maxLength: 3 })).map(([v, ms]) => {
    // A 1 MB string at most once in a while: it costs time in every layer.
    const mutations = ms.filter((m, i) => m.op !== 'big' || (i === 0 && m.walk.length === 4));
    return { value: mutations.reduce(mutate, v), count: mutations.length };
  });
  const asJson = broken.map(({ value: v, count }) => ({
    payload: toJsonText(v),
    contentType: 'application/json',
    label: `JSON body, ${count} mutation(s)`,
  }));
  const asForm = broken.map(({ value: v, count }) => ({
    payload:
      isContainer(v) && !Array.isArray(v)
        ? new URLSearchParams(
            Object.entries(v).map(([k, x]): [string, string] => [
              k,
              typeof x === 'string' ? safeText(x) : (JSON.stringify(x) ?? ''),
            ]),
          ).toString()
        : String(v),
    contentType: 'application/x-www-form-urlencoded',
    label: `form body, ${count} mutation(s)`,
  }));
  const raw = good.chain((g) => rawBodies(toJsonText(g)));
  return fc.oneof(
    { weight: 6, arbitrary: asJson },
    { weight: formSchema ? 2 : 1, arbitrary: asForm },
    { weight: 3, arbitrary: raw },
    { weight: 1, arbitrary: fc.constant<BodyChoice>({ label: 'no body' }) },
  );
}

/** Any request to one of `routes`, mostly shaped to reach the route's rules. */
export function fuzzCaseArb(routes: RouteSpec[], world: World): fc.Arbitrary<FuzzCase> {
  const usable = routes.filter((r) => !r.destructive);
  return fc.constantFrom(...usable).chain((route) =>
    fc
      .record({
        params: fc.tuple(...route.params.map((name) => paramValues(name, world)), fc.constant(null)),
        query:
          route.query.length > 0
            ? queryArb(route, world)
            : fc.oneof(
                { weight: 9, arbitrary: fc.constant('') },
                { weight: 1, arbitrary: queryArb(route, world) },
              ),
        body: bodyArb(route, world),
        credentials: credentialsArb(world),
        otherMethod: fc.oneof(
          { weight: 12, arbitrary: fc.constant<string | null>(null) },
          { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
        ),
        extraHeaders: fc.oneof(
          { weight: 8, arbitrary: fc.constant<Record<string, string>>({}) },
          {
            weight: 1,
            arbitrary: fc.constantFrom<Record<string, string>>(
              { 'x-forwarded-for': '::1, 10.0.0.1' },
              { accept: 'text/html' },
              { 'accept-encoding': 'gzip, br' },
              { 'content-encoding': 'gzip' },
              { expect: '100-continue' },
            ),
          },
        ),
      })
      .map(({ params, query, body, credentials, otherMethod, extraHeaders }) => {
        let bent = false;
        let i = 0;
        const path = route.path.replace(/\{[^}]+\}/g, () => {
          const p = params[i++] as { value: string; bent: boolean };
          bent ||= p.bent;
          return p.value;
        });
        let method = otherMethod && otherMethod !== route.method ? otherMethod : route.method;
        // Another method may name another route of the same path (GET and POST /sandbox/merchants):
        // the request is then that route's, unless that route is destructive, which is never called at random.
        const twin =
          method === route.method
            ? undefined
            : routes.find((r) => r.path === route.path && r.method === method);
        if (twin?.destructive) method = route.method;
        const target = twin && !twin.destructive ? twin : route;
        if (method !== target.method) bent = true;
        const url = query === '' ? path : `${path}?${query}`;
        const headers: Record<string, string> = {
          ...credentials.make(route, method, url),
          ...(body.contentType ? { 'content-type': body.contentType } : {}),
          ...(body.payload !== undefined ? extraHeaders : {}),
        };
        const payload = body.payload;
        const size = payload === undefined ? 0 : Buffer.byteLength(payload);
        return {
          route: target,
          exchange: { method, url, headers, ...(payload !== undefined ? { payload } : {}) },
          bentRoute: bent,
          bigBody: size > MIB,
          bigHead: Buffer.byteLength(url) + Buffer.byteLength(JSON.stringify(headers)) > 16 * 1024 - 1024,
          label: `${method} ${target.path}: ${body.label}; ${credentials.label}`,
        };
      }),
  );
}
