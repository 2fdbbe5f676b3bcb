/**
 * Every route the reliability tests exercise, derived from the server's own OpenAPI document
 * (`/openapi.json`) plus baesong's hidden routes, and the statuses the spec allows on each.
 * A route added to the server is fuzzed as soon as it appears in the document; its statuses
 * come from the first entry of `STATUS_TABLE` whose pattern matches it.
 */
import type { Platform } from '../../src/http/platform.js';

/** A JSON schema as the OpenAPI document carries it. */
export type JsonSchema = Record<string, unknown>;

export type Auth = 'portone-token' | 'coupang-hmac' | 'admin' | 'none';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. `/payments/{imp_uid}`. */
  path: string;
  platform: Platform;
  auth: Auth;
  /** Path parameter names, in order. */
  params: string[];
  /** Query parameter names. */
  query: string[];
  /** The body schema by media type, for routes that take a body. */
  body: Partial<Record<'application/json' | 'application/x-www-form-urlencoded', JsonSchema>>;
  /** Statuses the spec lists for this route (429 is added for Coupang routes when the rate limit is on). */
  statuses: number[];
  /** 500 messages the spec documents for this route (Coupang return centers' contract failures). */
  documented500: string[];
  /**
   * Routes the fuzz must not call at random: they delete everything or a tenant, or move the
   * clock that every other route is judged by (tokens would expire and signatures go stale).
   */
  destructive: boolean;
}

interface StatusEntry {
  /** Matched against `METHOD /openapi/path`. */
  match: RegExp;
  statuses: number[];
  documented500?: string[];
}

/**
 * The statuses each route may answer, as the platforms document them (README, Routes,
 * and docs/contract.md): the route's own, plus 413 for a body over 1 MiB on routes that take one.
 * Every path also answers 404 (unknown path), 405 (a method it does not serve) and 400 for a
 * path that is not valid percent-encoding: those are allowed for every request (`allowedStatuses`).
 * First match wins.
 */
export const STATUS_TABLE: StatusEntry[] = [
  // PortOne (portone.md)
  { match: /^POST \/users\/getToken$/, statuses: [200, 400, 401, 413] },
  // An empty imp_uid makes `/payments/`, the several-payments route, which answers 400 without ids.
  { match: /^GET \/payments\/\{imp_uid\}$/, statuses: [200, 400, 401, 404] },
  { match: /^(POST|PUT) \/escrows\/logis\/\{imp_uid\}$/, statuses: [200, 400, 401, 404, 409, 413] },
  { match: /^GET \/escrows\/logis\/\{imp_uid\}$/, statuses: [200, 400, 401, 404, 409] },
  { match: /^POST \/paymentwall\/delivery$/, statuses: [200, 400, 401, 404, 409, 413] },
  // Find, several, prepare and cancel (portone-payments.md); refusals of a cancel or a repeated
  // prepare answer 200 with code 1.
  {
    match: /^GET \/payments\/find\/\{merchant_uid\}(\/\{payment_status\})?$/,
    statuses: [200, 400, 401, 404],
  },
  { match: /^GET \/payments\/?$/, statuses: [200, 207, 400, 401, 404] },
  { match: /^POST \/payments\/prepare$/, statuses: [200, 400, 401, 413] },
  { match: /^PUT \/payments\/prepare$/, statuses: [200, 400, 401, 404, 413] },
  { match: /^GET \/payments\/prepare\/\{merchant_uid\}$/, statuses: [200, 401, 404] },
  { match: /^POST \/payments\/cancel\/?$/, statuses: [200, 400, 401, 413] },
  // Sandbox (00-overview.md: errors are 400, 401, 404, 409 or 413)
  { match: /^POST \/sandbox\/merchants$/, statuses: [201, 400, 401, 409, 413] },
  { match: /^POST \/sandbox\/payments$/, statuses: [201, 400, 401, 404, 409, 413] },
  { match: /^GET \/sandbox\/payments\/\{imp_uid\}\/deliveries$/, statuses: [200, 401, 404] },
  { match: /^POST \/sandbox\/payments\/\{imp_uid\}\/paid$/, statuses: [200, 401, 404, 409] },
  { match: /^POST \/sandbox\/payments\/\{imp_uid\}\/cancel$/, statuses: [200, 400, 401, 404, 409, 413] },
  // Webhooks (portone-payments.md, The merchant webhook)
  { match: /^PUT \/sandbox\/merchants\/\{imp_key\}\/webhook$/, statuses: [200, 400, 401, 404, 413] },
  { match: /^(GET|DELETE) \/sandbox\/merchants\/\{imp_key\}\/webhook$/, statuses: [200, 401, 404] },
  { match: /^GET \/sandbox\/webhooks$/, statuses: [200, 400, 401, 404] },
  { match: /^GET \/sandbox\/webhooks\/\{id\}$/, statuses: [200, 401, 404] },
  { match: /^POST \/sandbox\/webhooks\/\{id\}\/replay$/, statuses: [202, 401, 404, 409] },
  { match: /^POST \/sandbox\/vendors$/, statuses: [201, 400, 401, 409, 413] },
  { match: /^POST \/sandbox\/reset$/, statuses: [200, 401] },
  // The clock (README, The sandbox clock): 400 for a bad query or body, 404 for an unknown tenant.
  { match: /^GET \/sandbox\/clock$/, statuses: [200, 400, 401, 404] },
  { match: /^POST \/sandbox\/clock$/, statuses: [200, 400, 401, 404, 413] },
  { match: /^DELETE \/sandbox\/clock$/, statuses: [200, 400, 401, 404] },
  { match: /^GET \/sandbox\/(merchants|vendors)$/, statuses: [200, 401] },
  { match: /^DELETE \/sandbox\/(merchants\/\{imp_key\}|vendors\/\{vendorId\})$/, statuses: [200, 401, 404] },
  { match: /^GET \/sandbox\/payments$/, statuses: [200, 400, 401, 404] },
  {
    match: /^GET \/sandbox\/vendors\/\{vendorId\}\/(outbound-places|return-centers)$/,
    statuses: [200, 400, 401, 404],
  },
  // Coupang orders in the sandbox (coupang-orders.md, Sandbox setup): 404 unknown vendor or id, 409 wrong state.
  { match: /^POST \/sandbox\/vendors\/\{vendorId\}\/orders$/, statuses: [201, 400, 401, 404, 413] },
  { match: /^GET \/sandbox\/vendors\/\{vendorId\}\/(orders|receipts)$/, statuses: [200, 400, 401, 404] },
  {
    match: /^POST \/sandbox\/vendors\/\{vendorId\}\/orders\/\{shipmentBoxId\}\/(buyer-cancel|return)$/,
    statuses: [201, 400, 401, 404, 409, 413],
  },
  {
    match:
      /^(PUT|POST) \/sandbox\/vendors\/\{vendorId\}\/(orders\/\{shipmentBoxId\}\/(receiver|advance)|receipts\/\{receiptId\}\/pickup)$/,
    statuses: [200, 400, 401, 404, 409, 413],
  },
  { match: /^GET \/sandbox\/requests(\/count)?$/, statuses: [200, 400, 401] },
  { match: /^GET \/sandbox\/requests\/\{id\}$/, statuses: [200, 401, 404] },
  { match: /^DELETE \/sandbox\/requests$/, statuses: [200, 400, 401] },
  { match: /^POST \/sandbox\/faults$/, statuses: [201, 400, 401, 413] },
  { match: /^(GET|DELETE) \/sandbox\/faults$/, statuses: [200, 401] },
  { match: /^(GET|DELETE) \/sandbox\/faults\/\{id\}$/, statuses: [200, 401, 404] },
  { match: /^GET \/sandbox\/routes$/, statuses: [200, 401] },
  // Coupang (coupang.md): the gateway's 401 (and 429 with the limit on), the places' 400.
  { match: /^(POST|PUT) \/v2\/providers\/.*\/outboundShippingCenters/, statuses: [200, 400, 401, 413] },
  { match: /^GET \/v2\/providers\/.*\/shipping-place\/outbound$/, statuses: [200, 400, 401] },
  // Return shipping centers: their contract checks answer documented 500s (coupang.md, seed 002).
  // Allowed here ahead of the routes, so that they are fuzzed with these 500s as soon as they are served.
  {
    match: /^(POST|PUT) \/v2\/providers\/.*\/returnShippingCenters/,
    statuses: [200, 400, 401, 413, 500],
    documented500: [
      'Server error (unknown/new error)',
      'shipping-places create error.',
      'It has been registered, but contract confirmation has failed.',
    ],
  },
  { match: /^GET \/v2\/providers\/.*(returnShippingCenters|center-code)/, statuses: [200, 400, 401] },
  // Coupang orders (coupang-orders.md): 400 for every refusal; invoices answer 500 for an unknown courier.
  // A path id is 1–19 digits: any other text is no route (404).
  { match: /^GET \/v2\/providers\/.*\{(shipmentBoxId|orderId|receiptId)\}/, statuses: [200, 400, 401, 404] },
  { match: /^GET \/v2\/providers\/.*\/(ordersheets|returnRequests)$/, statuses: [200, 400, 401] },
  {
    match: /^(PATCH|PUT) \/v2\/providers\/.*\/ordersheets\/acknowledgement$/,
    statuses: [200, 400, 401, 413],
  },
  {
    match: /^POST \/v2\/providers\/.*\/orders\/(invoices|updateInvoices)$/,
    statuses: [200, 400, 401, 413, 500],
    documented500: ['internal exception'],
  },
  {
    match: /^(PATCH|PUT) \/v2\/providers\/.*\/returnRequests\/\{receiptId\}\/\w+$/,
    statuses: [200, 400, 401, 404, 413, 500],
    documented500: [
      '[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다.',
      'internal exception',
    ],
  },
  { match: /^POST \/v2\/providers\/.*\/orders\/\{orderId\}\/cancel$/, statuses: [200, 400, 401, 404, 413] },
  // baesong's own
  { match: /^GET \/healthz$/, statuses: [200] },
  { match: /^GET \/openapi\.json$/, statuses: [200] },
  { match: /^GET \/docs$/, statuses: [200, 302] },
];

/** Routes the OpenAPI document does not list (hidden from it on purpose). */
const HIDDEN_ROUTES: Pick<RouteSpec, 'method' | 'path'>[] = [
  { method: 'GET', path: '/healthz' },
  { method: 'GET', path: '/openapi.json' },
];

export function platformOfPath(path: string): Platform {
  if (path.startsWith('/v2/providers/')) return 'coupang';
  if (path.startsWith('/sandbox')) return 'sandbox';
  if (
    path === '/healthz' ||
    path === '/openapi.json' ||
    path.startsWith('/docs') ||
    path.startsWith('/console')
  )
    return 'baesong';
  return 'portone';
}

function authOf(path: string, security: unknown): Auth {
  const schemes = JSON.stringify(security ?? []);
  if (schemes.includes('portoneToken')) return 'portone-token';
  if (schemes.includes('coupangHmac') || path.startsWith('/v2/providers/')) return 'coupang-hmac';
  if (path.startsWith('/sandbox')) return 'admin';
  return 'none';
}

function statusEntry(method: string, path: string): StatusEntry {
  const key = `${method} ${path}`;
  const entry = STATUS_TABLE.find((e) => e.match.test(key));
  if (!entry) throw new Error(`no entry in STATUS_TABLE (test/reliability/routes.ts) for ${key}`);
  return entry;
}

interface OpenApiOperation {
  security?: unknown;
  parameters?: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

/** The routes of an OpenAPI document (`GET /openapi.json`), with their allowed statuses. */
export function routesOf(doc: { paths: Record<string, Record<string, OpenApiOperation>> }): RouteSpec[] {
  const routes: RouteSpec[] = [];
  const add = (method: string, path: string, op: OpenApiOperation) => {
    const entry = statusEntry(method.toUpperCase(), path);
    const content = op.requestBody?.content ?? {};
    const body: RouteSpec['body'] = {};
    for (const type of ['application/json', 'application/x-www-form-urlencoded'] as const) {
      const schema = content[type]?.schema;
      if (schema) body[type] = schema;
    }
    routes.push({
      method: method.toUpperCase() as RouteSpec['method'],
      path,
      platform: platformOfPath(path),
      auth: authOf(path, op.security),
      params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
      query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
      body,
      statuses: entry.statuses,
      documented500: entry.documented500 ?? [],
      // Deleting everything or a tenant, moving the clock, or adding a fault would change how the
      // other requests are answered.
      destructive:
        path === '/sandbox/reset' ||
        method.toUpperCase() === 'DELETE' ||
        (path === '/sandbox/clock' && method.toUpperCase() !== 'GET') ||
        (method.toUpperCase() === 'POST' && path === '/sandbox/faults'),
    });
  };
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) add(method, path, op);
  }
  for (const hidden of HIDDEN_ROUTES) {
    if (!routes.some((r) => r.method === hidden.method && r.path === hidden.path))
      add(hidden.method, hidden.path, {});
  }
  return routes;
}

/** Statuses of a request whose path or method was bent: routing answers and an undecodable path. */
export const ROUTING_STATUSES = [400, 404, 405];

export interface StatusOptions {
  /** Coupang's rate limit is on: 429 may come on Coupang routes. */
  rateLimited: boolean;
  /** The body is over 1 MiB. */
  bigBody: boolean;
  /** The request line and headers are near or past Node's 16 KiB limit (431 on a socket). */
  bigHead: boolean;
  /** The path or the method is not the route's own (odd segments, another method). */
  bentRoute: boolean;
}

/** The statuses allowed for one request to `route`. */
export function allowedStatuses(route: RouteSpec, options: StatusOptions): Set<number> {
  const allowed = new Set(route.statuses);
  if (options.bentRoute) for (const s of ROUTING_STATUSES) allowed.add(s);
  if (options.rateLimited && route.platform === 'coupang') allowed.add(429);
  if (options.bigBody) allowed.add(413);
  if (options.bigHead) allowed.add(431);
  return allowed;
}
