/**
 * CoupangClient: the Coupang Open API (WING) shipping-place APIs, against the real gateway or
 * baesong. Every request is signed by the server's own signer (`coupang/hmac.ts`, which
 * imports only node:crypto), so the client and the gateway cannot disagree on a signature.
 * Request and response types are the server's schemas (type-only imports: erased).
 */
import type {
  OutboundPlaceBody,
  OutboundPlacePage,
  OutboundPlaceUpdateBody,
  PlaceResult,
} from '../coupang/schemas.js';
import { authorization } from '../coupang/hmac.js';
import { type ClientClock, systemClock } from './clock.js';
import { CoupangError } from './errors.js';
import {
  type CallOptions,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
  Transport,
} from './transport.js';

export const COUPANG_BASE_URL = 'https://api-gateway.coupang.com';

/** The paths Coupang's own documents and clients use; baesong also serves v5 and the v2 query. */
const OPENAPI = '/v2/providers/openapi/apis/api/v4';
const OUTBOUND_QUERY = '/v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound';

export interface CoupangClientOptions {
  /** The Open API access key. */
  accessKey: string;
  /** The Open API secret key: it signs requests and is never sent. */
  secretKey: string;
  /** The vendor of the keys, e.g. `A00012345`: filled in wherever the API asks for it. */
  vendorId: string;
  /** Default `https://api-gateway.coupang.com`; a baesong server's URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl?: string | undefined;
  /** Per attempt, until the whole answer has arrived (default 10 000 ms). */
  timeoutMs?: number | undefined;
  /** Off by default; with a policy, the gateway's 429s are retried. See RetryPolicy. */
  retry?: RetryPolicy | undefined;
  fetch?: typeof fetch | undefined;
  /** The clock signatures are dated by (default the system clock); the gateway allows 5 minutes either way. */
  clock?: ClientClock | undefined;
}

/** The create body; `vendorId` may be left out, the client's is sent. */
export type NewOutboundPlace = Omit<OutboundPlaceBody, 'vendorId'> & { vendorId?: string | undefined };

/** The update body; `vendorId` may be left out, the client's is sent. */
export type OutboundPlaceUpdate = Omit<OutboundPlaceUpdateBody, 'vendorId'> & {
  vendorId?: string | undefined;
};

/**
 * One of the three queries: a page of all the vendor's places (defaults 1 and 10), or the
 * places with the given codes, or with the given exact names (all on one page).
 */
export type OutboundPlaceQuery =
  | { pageNum?: number; pageSize?: number; placeCodes?: never; placeNames?: never }
  | { placeCodes: ReadonlyArray<number | string>; placeNames?: never; pageNum?: never; pageSize?: never }
  | { placeNames: readonly string[]; placeCodes?: never; pageNum?: never; pageSize?: never };

export class CoupangClient {
  readonly baseUrl: string;
  readonly vendorId: string;
  readonly #transport: Transport;
  readonly #accessKey: string;
  readonly #secretKey: string;
  readonly #clock: ClientClock;

  constructor(options: CoupangClientOptions) {
    if (!options.accessKey || !options.secretKey || !options.vendorId) {
      throw new TypeError('CoupangClient needs accessKey, secretKey and vendorId');
    }
    this.#transport = new Transport({ ...options, baseUrl: options.baseUrl ?? COUPANG_BASE_URL });
    this.baseUrl = this.#transport.baseUrl;
    // Signing needs the path the base URL adds; a URL that does not parse is refused now.
    if (!URL.canParse(this.baseUrl)) throw new TypeError(`CoupangClient: not a URL: ${this.baseUrl}`);
    this.vendorId = options.vendorId;
    this.#accessKey = options.accessKey;
    this.#secretKey = options.secretKey;
    this.#clock = options.clock ?? systemClock;
  }

  // ── Outbound shipping places ───────────────────────────────────────────────────────────

  /**
   * `POST .../vendors/{vendorId}/outboundShippingCenters`: creates an outbound shipping place
   * and answers its code. A name or an address the vendor already has is refused with 400
   * (`[출고지중복] …`). Not retried after a 5xx or a timeout unless the retry policy says
   * `retryNonIdempotent` (sent again, a created place would be refused as a duplicate).
   */
  async createOutboundShippingPlace(body: NewOutboundPlace, options: CallOptions = {}): Promise<number> {
    const res = await this.#send(
      {
        method: 'POST',
        path: `${this.#vendorPath()}/outboundShippingCenters`,
        body: { ...body, vendorId: body.vendorId ?? this.vendorId },
        idempotent: false,
      },
      options,
    );
    const { resultMessage } = placeResult(res);
    // The code comes as a string of digits in `resultMessage`; the query answers it as a number.
    const code = /^\d+$/.test(resultMessage) ? Number(resultMessage) : Number.NaN;
    if (!Number.isSafeInteger(code)) {
      throw new CoupangError(res, `the answer has no outbound shipping place code: ${resultMessage}`);
    }
    return code;
  }

  /**
   * `PUT .../vendors/{vendorId}/outboundShippingCenters/{code}`: replaces the place's fields.
   * A `remoteInfos` entry with a `remoteInfoId` changes that entry; one without is added;
   * entries not mentioned stay. An unknown code is refused with 400.
   */
  async updateOutboundShippingPlace(
    code: number | string,
    body: OutboundPlaceUpdate,
    options: CallOptions = {},
  ): Promise<void> {
    const res = await this.#send(
      {
        method: 'PUT',
        path: `${this.#vendorPath()}/outboundShippingCenters/${encodeURIComponent(String(code))}`,
        body: { ...body, vendorId: body.vendorId ?? this.vendorId },
        // Sent twice it changes nothing more: an added entry's courier would stand twice, and is refused.
        idempotent: true,
      },
      options,
    );
    placeResult(res);
  }

  /**
   * `GET /v2/providers/marketplace_openapi/apis/api/v1/vendor/shipping-place/outbound`: the
   * vendor's places, oldest first. Coupang answers it without the `{code, message, data}`
   * envelope; this returns `{content, pagination}` as it comes. A lookup of no codes or no
   * names finds nothing, without asking.
   */
  async queryOutboundShippingPlaces(
    query: OutboundPlaceQuery = {},
    options: CallOptions = {},
  ): Promise<OutboundPlacePage> {
    const lookup = query.placeCodes ?? query.placeNames;
    if (lookup?.length === 0) {
      // The API would take an empty list as no lookup at all and answer every place.
      return {
        content: [],
        pagination: { currentPage: 1, totalPages: 0, totalElements: 0, countPerPage: 0 },
      };
    }
    const params: Array<[string, string]> = [];
    if (query.placeCodes) params.push(['placeCodes', list(query.placeCodes)]);
    else if (query.placeNames) params.push(['placeNames', list(query.placeNames)]);
    else {
      if (query.pageNum !== undefined) params.push(['pageNum', String(query.pageNum)]);
      if (query.pageSize !== undefined) params.push(['pageSize', String(query.pageSize)]);
    }
    const search = params.map(([name, value]) => `${name}=${value}`).join('&');
    const res = await this.#send(
      { method: 'GET', path: search ? `${OUTBOUND_QUERY}?${search}` : OUTBOUND_QUERY, idempotent: true },
      options,
    );
    const page = res.body as Partial<OutboundPlacePage> | undefined;
    if (ok(res) && Array.isArray(page?.content) && typeof page?.pagination === 'object') {
      return page as OutboundPlacePage;
    }
    throw ok(res)
      ? new CoupangError(res, `HTTP ${res.status}: the answer has no content`)
      : new CoupangError(res);
  }

  // ── Return shipping centers ────────────────────────────────────────────────────────────
  // To come with baesong's return-center API, typed from its schemas in coupang/schemas.ts:
  //   createReturnShippingCenter(body)          POST .../vendors/{vendorId}/returnShippingCenters → the code
  //   updateReturnShippingCenter(code, body)    PUT  .../vendors/{vendorId}/returnShippingCenters/{code}
  //   listReturnShippingCenters({ pageNum, pageSize })  GET .../vendors/{vendorId}/returnShippingCenters
  //   getReturnShippingCenters(codes)           GET /v2/providers/openapi/apis/api/v3/return/shipping-places/center-code
  // Unlike the outbound query, both reads answer inside the envelope (`data`); the contract
  // failures are 500s in the shipping-place envelope, which #send already turns into CoupangError.

  #vendorPath(): string {
    return `${OPENAPI}/vendors/${encodeURIComponent(this.vendorId)}`;
  }

  /**
   * Sends a request signed afresh for every attempt (a retry waits, and the gateway dates
   * signatures). What is signed is the path and query as the URL parser leaves them, which
   * is what fetch sends: a base URL with a path of its own is signed with it.
   */
  #send(request: Omit<HttpRequest, 'headers'>, options: CallOptions): Promise<HttpResponse> {
    const url = new URL(this.baseUrl + request.path);
    const target = url.pathname + url.search;
    return this.#transport.send({
      ...request,
      signal: options.signal,
      headers: () => ({
        authorization: authorization({
          accessKey: this.#accessKey,
          secretKey: this.#secretKey,
          method: request.method,
          url: target,
          signedAtMs: this.#clock.nowMs(),
        }),
        // As Coupang's own samples and SDK send them.
        'x-requested-by': this.vendorId,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
      }),
    });
  }
}

function ok(res: HttpResponse): boolean {
  return res.status >= 200 && res.status < 300;
}

/** The `data` of a shipping-place success envelope; CoupangError for anything else. */
function placeResult(res: HttpResponse): PlaceResult {
  const envelope = res.body as { code?: unknown; data?: unknown } | undefined;
  const data = envelope?.data as Partial<PlaceResult> | null | undefined;
  if (ok(res) && envelope?.code === 200 && typeof data?.resultMessage === 'string')
    return data as PlaceResult;
  throw new CoupangError(res);
}

/** Comma-separated, each item URL-encoded (so a name in Korean is signed as it is sent). */
function list(items: ReadonlyArray<number | string>): string {
  return items.map((item) => encodeURIComponent(String(item))).join(',');
}
