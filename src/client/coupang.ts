/**
 * CoupangClient: the Coupang Open API (WING) shipping-place APIs, against the real gateway or
 * baesong. Every request is signed by the server's own signer (`coupang/gateway/hmac.ts`, which
 * imports only node:crypto), so the client and the gateway cannot disagree on a signature.
 * Request and response types are the server's schemas (type-only imports: erased).
 */
import type {
  OutboundPlaceBody,
  OutboundPlacePage,
  OutboundPlaceUpdateBody,
  PlaceResult,
  ReturnCenter,
  ReturnCenterBody,
  ReturnCenterPage,
  ReturnCenterUpdateBody,
} from '../coupang/schemas.js';
import { authorization } from '../coupang/gateway/hmac.js';
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
const CENTER_CODE_LOOKUP = '/v2/providers/openapi/apis/api/v3/return/shipping-places/center-code';

/** The most codes one lookup by codes takes, as Coupang documents it. */
export const MAX_RETURN_CENTER_CODES = 100;

/**
 * Coupang's 500 for a return center whose courier contract could not be confirmed: the center
 * was created all the same (listed with `goodsflowStatus` `승인불가`). Spelt here, not taken from
 * the server's message catalog, so that the client loads no server module.
 */
export const RETURN_CONTRACT_UNCONFIRMED = 'It has been registered, but contract confirmation has failed.';

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

/** The return center create body; `vendorId` may be left out, the client's is sent. */
export type NewReturnShippingCenter = Omit<ReturnCenterBody, 'vendorId'> & { vendorId?: string | undefined };

/**
 * The return center update body (fees in `goodsflowInfoDto`); `vendorId` and `returnCenterCode`
 * may be left out, the client's vendor and the code the method is given are sent.
 */
export type ReturnShippingCenterUpdate = Omit<ReturnCenterUpdateBody, 'vendorId' | 'returnCenterCode'> & {
  vendorId?: string | undefined;
  returnCenterCode?: ReturnCenterUpdateBody['returnCenterCode'] | undefined;
};

/** A page of the vendor's return centers (defaults 1 and 10; at most 50 a page). */
export interface ReturnShippingCenterQuery {
  pageNum?: number | undefined;
  pageSize?: number | undefined;
}

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

  /**
   * `POST .../vendors/{vendorId}/returnShippingCenters`: creates a return shipping center and
   * answers its code, a string of digits as the API gives it (`1100000001`). A name or an
   * address the vendor already has is refused with 400 (one of the three duplicate messages).
   *
   * A 500 `It has been registered, but contract confirmation has failed.` (RETURN_CONTRACT_UNCONFIRMED)
   * is thrown as a CoupangError like any failure, but the center **exists**: the answer gives
   * no code, and the list shows it under its name with `goodsflowStatus` `승인불가`. That answer
   * is never retried, whatever the policy (sent again, it would be refused as a duplicate).
   * Other 5xx and timeouts are not retried either unless the policy says `retryNonIdempotent`.
   */
  async createReturnShippingCenter(
    body: NewReturnShippingCenter,
    options: CallOptions = {},
  ): Promise<string> {
    const res = await this.#send(
      {
        method: 'POST',
        path: `${this.#vendorPath()}/returnShippingCenters`,
        body: { ...body, vendorId: body.vendorId ?? this.vendorId },
        idempotent: false,
        final: (answer) =>
          answer.status === 500 &&
          (answer.body as { message?: unknown } | undefined)?.message === RETURN_CONTRACT_UNCONFIRMED,
      },
      options,
    );
    const { resultMessage } = placeResult(res);
    if (!/^\d+$/.test(resultMessage)) {
      throw new CoupangError(res, `the answer has no return center code: ${resultMessage}`);
    }
    return resultMessage;
  }

  /**
   * `PUT .../vendors/{vendorId}/returnShippingCenters/{returnCenterCode}`: changes what the body
   * gives (`shippingPlaceName`, `usable`, `placeAddresses`, fees in `goodsflowInfoDto`); what is
   * left out stays. The courier and its contract cannot change. An unknown code is refused with
   * 400 naming `returnCenterCode`. Retried like a PUT: sent twice it does no more.
   */
  async updateReturnShippingCenter(
    returnCenterCode: number | string,
    body: ReturnShippingCenterUpdate,
    options: CallOptions = {},
  ): Promise<void> {
    const res = await this.#send(
      {
        method: 'PUT',
        path: `${this.#vendorPath()}/returnShippingCenters/${encodeURIComponent(String(returnCenterCode))}`,
        body: {
          ...body,
          vendorId: body.vendorId ?? this.vendorId,
          returnCenterCode: body.returnCenterCode ?? returnCenterCode,
        },
        idempotent: true,
      },
      options,
    );
    placeResult(res);
  }

  /**
   * `GET .../vendors/{vendorId}/returnShippingCenters`: a page of the vendor's return centers,
   * oldest first, as `{content, pagination}` (the envelope's `data`).
   */
  async listReturnShippingCenters(
    query: ReturnShippingCenterQuery = {},
    options: CallOptions = {},
  ): Promise<ReturnCenterPage> {
    const params: string[] = [];
    if (query.pageNum !== undefined) params.push(`pageNum=${encodeURIComponent(String(query.pageNum))}`);
    if (query.pageSize !== undefined) params.push(`pageSize=${encodeURIComponent(String(query.pageSize))}`);
    const path = `${this.#vendorPath()}/returnShippingCenters`;
    const res = await this.#send(
      { method: 'GET', path: params.length ? `${path}?${params.join('&')}` : path, idempotent: true },
      options,
    );
    return envelopeData(res, (data): data is ReturnCenterPage => {
      const page = data as Partial<ReturnCenterPage> | null | undefined;
      return Array.isArray(page?.content) && typeof page?.pagination === 'object';
    });
  }

  /**
   * `GET /v2/providers/openapi/apis/api/v3/return/shipping-places/center-code`: the vendor's
   * centers among `codes`, in the order asked; codes of no center of the vendor are left out.
   * An empty list answers `[]` without asking. More than 100 codes throw a RangeError before
   * any request: split the lookup.
   */
  async getReturnShippingCentersByCodes(
    codes: ReadonlyArray<number | string>,
    options: CallOptions = {},
  ): Promise<ReturnCenter[]> {
    if (codes.length === 0) return [];
    if (codes.length > MAX_RETURN_CENTER_CODES) {
      throw new RangeError(
        `getReturnShippingCentersByCodes takes at most ${MAX_RETURN_CENTER_CODES} codes, not ${codes.length}`,
      );
    }
    const res = await this.#send(
      { method: 'GET', path: `${CENTER_CODE_LOOKUP}?returnCenterCodes=${list(codes)}`, idempotent: true },
      options,
    );
    return envelopeData(res, (data): data is ReturnCenter[] => Array.isArray(data));
  }

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

/** The `data` of a success envelope when it has the expected shape; CoupangError for anything else. */
function envelopeData<T>(res: HttpResponse, expected: (data: unknown) => data is T): T {
  const envelope = res.body as { code?: unknown; data?: unknown } | undefined;
  if (ok(res) && envelope?.code === 200 && expected(envelope.data)) return envelope.data;
  throw ok(res)
    ? new CoupangError(res, `HTTP ${res.status}: the answer has no data of the expected shape`)
    : new CoupangError(res);
}

/** Comma-separated, each item URL-encoded (so a name in Korean is signed as it is sent). */
function list(items: ReadonlyArray<number | string>): string {
  return items.map((item) => encodeURIComponent(String(item))).join(',');
}
