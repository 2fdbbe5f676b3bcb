/**
 * CoupangClient: the Coupang Open API (WING) shipping-place and order APIs, against the real gateway or
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
import type {
  AcknowledgementResult,
  InvoiceDto,
  InvoiceResult,
  OrderHistory,
  OrderSheetV4,
  OrderSheetV5,
  ReceiptV4,
  SellerCancelResult,
} from '../coupang/orders/schemas.js';
import { authorization } from '../coupang/gateway/hmac.js';
import { parseWithStringIds, type StringIds } from './ids.js';
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

/** An order sheet (a shipment box) as v4 writes it; ids are strings of digits. */
export type OrderSheet = StringIds<OrderSheetV4>;
/** An order sheet as v5 writes it: money as objects, times with microseconds, phones in E.164. */
export type OrderSheetV5Format = StringIds<OrderSheetV5>;
export type OrderSheetHistory = StringIds<OrderHistory>;
export type AcknowledgementResponse = StringIds<AcknowledgementResult>;
export type InvoiceResponse = StringIds<InvoiceResult>;
/** A return or cancel request (v4). */
export type ReturnRequest = StringIds<ReceiptV4>;
export type SellerCancelResponse = StringIds<SellerCancelResult>;

/** An invoice of one item of a box; ids as strings (or numbers below 2^53). */
export type InvoiceLine = Omit<InvoiceDto, 'splitShipping' | 'preSplitShipped' | 'estimatedShippingDate'> & {
  splitShipping?: boolean | undefined;
  preSplitShipped?: boolean | undefined;
  estimatedShippingDate?: string | undefined;
};

/** The order sheet list: KST dates (`yyyy-MM-dd`, or `yyyy-MM-ddTHH:mm` with `searchType: 'timeFrame'`). */
export interface OrderSheetQuery {
  createdAtFrom: string;
  createdAtTo: string;
  status: 'ACCEPT' | 'INSTRUCT' | 'DEPARTURE' | 'DELIVERING' | 'FINAL_DELIVERY' | 'NONE_TRACKING';
  /** 1–50, default 50. */
  maxPerPage?: number | undefined;
  /** The `nextToken` of the page before. */
  nextToken?: string | undefined;
  searchType?: 'timeFrame' | undefined;
}

/** The return request list: `status` (`RU`, `UC`, `CC`, `PR`) or `orderId` for RETURN; `cancelType: 'CANCEL'` takes no status. */
export interface ReturnRequestQuery {
  createdAtFrom: string;
  createdAtTo: string;
  cancelType?: 'RETURN' | 'CANCEL' | undefined;
  status?: 'RU' | 'UC' | 'CC' | 'PR' | undefined;
  orderId?: string | undefined;
  maxPerPage?: number | undefined;
  nextToken?: string | undefined;
  searchType?: 'timeFrame' | undefined;
}

/** Seller cancel: one box's items with their counts; the cancel codes default to `CANERR` and `CCPNER`. */
export interface OrderCancel {
  vendorItemIds: readonly string[];
  receiptCounts: readonly number[];
  /** The vendor's WING login ID. */
  userId: string;
  bigCancelCode?: string | undefined;
  middleCancelCode?: 'CCTTER' | 'CCPNER' | 'CCPRER' | undefined;
}

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

  // ── Orders ──────────────────────────────────────────────────────────────────────────────

  /** `GET …/ordersheets`: one page of the vendor's order sheets in a status, and the next page's token (`""` at the end). */
  async getOrderSheets(
    query: OrderSheetQuery,
    options: CallOptions = {},
  ): Promise<{ data: OrderSheet[]; nextToken: string }> {
    const res = await this.#orders(
      { method: 'GET', path: `${this.#vendorPath()}/ordersheets${search({ ...query })}` },
      options,
    );
    const data = envelopeData(res, isArray) as OrderSheet[];
    return { data, nextToken: String((res.body as { nextToken?: unknown }).nextToken ?? '') };
  }

  /** Every order sheet of the query, page after page. */
  async *eachOrderSheet(
    query: Omit<OrderSheetQuery, 'nextToken'>,
    options: CallOptions = {},
  ): AsyncGenerator<OrderSheet> {
    let nextToken = '';
    do {
      const page = await this.getOrderSheets({ ...query, nextToken }, options);
      yield* page.data;
      nextToken = page.nextToken;
    } while (nextToken !== '' && query.searchType !== 'timeFrame');
  }

  /** `GET …/ordersheets/{shipmentBoxId}` (v4 by default; `'v5'` for its formats). */
  getOrderSheet(shipmentBoxId: string, options?: CallOptions): Promise<OrderSheet>;
  getOrderSheet(shipmentBoxId: string, options: CallOptions, version: 'v5'): Promise<OrderSheetV5Format>;
  async getOrderSheet(
    shipmentBoxId: string,
    options: CallOptions = {},
    version: 'v4' | 'v5' = 'v4',
  ): Promise<OrderSheet | OrderSheetV5Format> {
    const path = `${this.#vendorPath(version)}/ordersheets/${segment(shipmentBoxId)}`;
    return envelopeData(await this.#orders({ method: 'GET', path }, options), isObject) as OrderSheet;
  }

  /** `GET …/{orderId}/ordersheets`: the order's open boxes. */
  async getOrderSheetsByOrderId(orderId: string, options: CallOptions = {}): Promise<OrderSheet[]> {
    const path = `${this.#vendorPath()}/${segment(orderId)}/ordersheets`;
    return envelopeData(await this.#orders({ method: 'GET', path }, options), isArray) as OrderSheet[];
  }

  /** `GET …/ordersheets/{shipmentBoxId}/history`: the statuses the box entered, newest first. */
  async getOrderSheetHistory(shipmentBoxId: string, options: CallOptions = {}): Promise<OrderSheetHistory> {
    const path = `${this.#vendorPath()}/ordersheets/${segment(shipmentBoxId)}/history`;
    return envelopeData(await this.#orders({ method: 'GET', path }, options), isObject) as OrderSheetHistory;
  }

  /**
   * `PUT …/ordersheets/acknowledgement`: marks up to 50 boxes 상품준비중 (ACCEPT → INSTRUCT). Answers a
   * result per box; a box's refusal is in its result, not thrown.
   */
  async acknowledgeOrderSheets(
    shipmentBoxIds: readonly string[],
    options: CallOptions = {},
  ): Promise<AcknowledgementResponse> {
    const res = await this.#orders(
      {
        method: 'PUT',
        path: `${this.#vendorPath()}/ordersheets/acknowledgement`,
        body: { vendorId: this.vendorId, shipmentBoxIds: [...shipmentBoxIds] },
        idempotent: true,
      },
      options,
    );
    return envelopeData(res, isObject) as AcknowledgementResponse;
  }

  /** `POST …/orders/invoices` (INSTRUCT → DEPARTURE), or with `update` `…/orders/updateInvoices`: a result per box. */
  async uploadInvoices(
    invoices: readonly InvoiceLine[],
    { update = false }: { update?: boolean } = {},
    options: CallOptions = {},
  ): Promise<InvoiceResponse> {
    const orderSheetInvoiceApplyDtos = invoices.map((line) => ({
      splitShipping: false,
      preSplitShipped: false,
      estimatedShippingDate: '',
      ...line,
    }));
    const res = await this.#orders(
      {
        method: 'POST',
        path: `${OPENAPI}/vendors/${segment(this.vendorId)}/orders/${update ? 'updateInvoices' : 'invoices'}`,
        body: { vendorId: this.vendorId, orderSheetInvoiceApplyDtos },
        idempotent: true,
      },
      options,
    );
    return envelopeData(res, isObject) as InvoiceResponse;
  }

  /** `GET …/returnRequests`: one page of return or cancel requests and the next page's token. */
  async getReturnRequests(
    query: ReturnRequestQuery,
    options: CallOptions = {},
  ): Promise<{ data: ReturnRequest[]; nextToken: string }> {
    const res = await this.#orders(
      { method: 'GET', path: `${this.#vendorPath()}/returnRequests${search({ ...query })}` },
      options,
    );
    const data = envelopeData(res, isArray) as ReturnRequest[];
    return { data, nextToken: String((res.body as { nextToken?: unknown }).nextToken ?? '') };
  }

  /** `GET …/returnRequests/{receiptId}`: the request (Coupang answers an array of one). */
  async getReturnRequest(receiptId: string, options: CallOptions = {}): Promise<ReturnRequest> {
    const path = `${this.#vendorPath()}/returnRequests/${segment(receiptId)}`;
    const res = await this.#orders({ method: 'GET', path }, options);
    const [receipt] = envelopeData(res, isArray) as ReturnRequest[];
    if (!receipt) throw new CoupangError(res, `HTTP ${res.status}: the answer holds no request`);
    return receipt;
  }

  /** `PUT …/returnRequests/{receiptId}/stoppedShipment`: stops the shipment of a stop request's `cancelCount` units. */
  async stopShipment(receiptId: string, cancelCount: number, options: CallOptions = {}): Promise<void> {
    await this.#receiptAction(receiptId, 'stoppedShipment', { cancelCount }, options);
  }

  /** `PUT …/returnRequests/{receiptId}/completedShipment`: answers a stop request as already shipped, with the invoice. */
  async markAlreadyShipped(
    receiptId: string,
    invoice: { deliveryCompanyCode: string; invoiceNumber: string },
    options: CallOptions = {},
  ): Promise<void> {
    await this.#receiptAction(receiptId, 'completedShipment', invoice, options);
  }

  /** `PUT …/returnRequests/{receiptId}/receiveConfirmation`: the returned units arrived. */
  async confirmReturnReceived(receiptId: string, options: CallOptions = {}): Promise<void> {
    await this.#receiptAction(receiptId, 'receiveConfirmation', {}, options);
  }

  /** `PUT …/returnRequests/{receiptId}/approval`: approves a confirmed return of `cancelCount` units. */
  async approveReturn(receiptId: string, cancelCount: number, options: CallOptions = {}): Promise<void> {
    await this.#receiptAction(receiptId, 'approval', { cancelCount }, options);
  }

  /**
   * `POST …/v5/vendors/{vendorId}/orders/{orderId}/cancel`: cancels units of one box of the order.
   * Not retried after a 5xx or a timeout unless the policy says `retryNonIdempotent`.
   */
  async cancelOrder(
    orderId: string,
    cancel: OrderCancel,
    options: CallOptions = {},
  ): Promise<SellerCancelResponse> {
    const res = await this.#orders(
      {
        method: 'POST',
        path: `/v2/providers/openapi/apis/api/v5/vendors/${segment(this.vendorId)}/orders/${segment(orderId)}/cancel`,
        body: {
          orderId,
          vendorItemIds: [...cancel.vendorItemIds],
          receiptCounts: [...cancel.receiptCounts],
          bigCancelCode: cancel.bigCancelCode ?? 'CANERR',
          middleCancelCode: cancel.middleCancelCode ?? 'CCPNER',
          vendorId: this.vendorId,
          userId: cancel.userId,
        },
        idempotent: false,
      },
      options,
    );
    const body = res.body as { code?: unknown } | undefined;
    if (ok(res) && (body?.code === 'SUCCESS' || body?.code === 'PARTIAL'))
      return res.body as SellerCancelResponse;
    throw new CoupangError(res);
  }

  async #receiptAction(
    receiptId: string,
    action: string,
    body: Record<string, unknown>,
    options: CallOptions,
  ) {
    const res = await this.#orders(
      {
        method: 'PUT',
        path: `${this.#vendorPath()}/returnRequests/${segment(receiptId)}/${action}`,
        body: { vendorId: this.vendorId, receiptId, ...body },
        idempotent: true,
      },
      options,
    );
    if (!ok(res) || (res.body as { code?: unknown } | undefined)?.code !== 200) throw new CoupangError(res);
  }

  /** An order route's request: ids in the answer are read as strings. */
  #orders(
    request: Omit<HttpRequest, 'headers' | 'idempotent'> & { idempotent?: boolean },
    options: CallOptions,
  ) {
    return this.#send({ idempotent: true, ...request, parse: parseWithStringIds }, options);
  }

  #vendorPath(version: 'v4' | 'v5' = 'v4'): string {
    return `${version === 'v4' ? OPENAPI : OPENAPI.replace('/v4', '/v5')}/vendors/${encodeURIComponent(this.vendorId)}`;
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

const isArray = (data: unknown): data is unknown[] => Array.isArray(data);
const isObject = (data: unknown): data is object => typeof data === 'object' && data !== null;

/** A path segment, encoded. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

/** A query string of the defined parameters, in order. */
function search(params: Record<string, string | number | undefined>): string {
  const pairs = Object.entries(params).filter((e): e is [string, string | number] => e[1] !== undefined);
  return pairs.length === 0
    ? ''
    : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
}
