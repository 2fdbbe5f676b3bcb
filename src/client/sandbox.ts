/**
 * SandboxClient: baesong's own `/sandbox` API, which sets up what the real platforms create
 * by other means (merchants, payments made in a browser, seller accounts) and shows what was registered.
 * Neither platform has it: use it against baesong only.
 */
import type { OrderSheetV4, ReceiptV4 } from '../coupang/orders/schemas.js';
import type { Payment } from '../portone/schemas.js';
import type {
  Fault,
  JournalEntry,
  JournalPage,
  NewFault,
  PlatformRoute,
  SandboxClock,
  TenantSelector,
} from '../sandbox/control-schemas.js';
import type {
  MerchantSummary,
  AdvanceBody,
  BuyerCancelBody,
  BuyerReturnBody,
  NewMerchantBody,
  NewOrderBody,
  NewPaymentBody,
  NewVendorBody,
  PickupBody,
  ReceiverChangeBody,
  OutboundPlaceListing,
  PaymentDeliveries,
  PaymentList,
  ReturnCenterListing,
  SandboxMerchant,
  SandboxVendor,
  VendorSummary,
  WebhookList,
  WebhookRecord,
  WebhookSetting,
  WebhookSettingBody,
} from '../sandbox/schemas.js';
import { type ClientClock, systemClock } from './clock.js';
import { SandboxError } from './errors.js';
import { parseWithStringIds, type StringIds } from './ids.js';
import { type CallOptions, type HttpRequest, type RetryPolicy, Transport } from './transport.js';

type OrderSheet = StringIds<OrderSheetV4>;
type ReturnRequest = StringIds<ReceiptV4>;

/** A page of a vendor's order boxes or receipts in the sandbox, newest first. */
export interface SandboxOrderQuery extends PageQuery {
  /** A box status (`ACCEPT`, …) or a receipt status (`RETURNS_UNCHECKED`, …). */
  status?: string | undefined;
}

/** Where `npm start` serves by default. */
export const BAESONG_BASE_URL = 'http://127.0.0.1:8080';

export interface SandboxClientOptions {
  /** Default `http://127.0.0.1:8080`. */
  baseUrl?: string | undefined;
  /** The server's BAESONG_ADMIN_TOKEN, when it has one. */
  adminToken?: string | undefined;
  timeoutMs?: number | undefined;
  retry?: RetryPolicy | undefined;
  fetch?: typeof fetch | undefined;
}

/** The filters of the request journal, all combined with AND. */
export interface RequestFilters {
  platform?: 'portone' | 'coupang' | undefined;
  method?: string | undefined;
  /** Exact, as the README's route table writes it: `POST /escrows/logis/{imp_uid}`. */
  route?: string | undefined;
  /** Exact. */
  path?: string | undefined;
  /** A status (`500`), or a class: `2xx`, `3xx`, `4xx`, `5xx`. */
  status?: number | `${1 | 2 | 3 | 4 | 5}xx` | undefined;
  /** A merchant's requests, by imp_key. */
  merchant?: string | undefined;
  /** A vendor's requests, by vendorId. */
  vendor?: string | undefined;
  /** Requests that arrived at or after this instant (by the sandbox clock). */
  since?: Date | string | undefined;
  /** true: only faulted requests; false: only unfaulted ones. */
  fault?: boolean | undefined;
}

/** A page of the journal: the filters, its order, its size, and where it starts. */
export interface RequestQuery extends RequestFilters {
  /** Newest first by default. */
  order?: 'asc' | 'desc' | undefined;
  /** 1 to 1000 (default 100). */
  limit?: number | undefined;
  /** The `next` of the page before, with the same filters. */
  cursor?: string | undefined;
}

/** A page of a listing: its size (1 to 1000, default 100) and where it starts (the `next` of the page before). */
export interface PageQuery {
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface PaymentQuery extends PageQuery {
  /** Only this merchant's payments. */
  imp_key?: string | undefined;
}

/**
 * The sandbox's clock, read once and then run on locally: `nowMs()` is the sandbox's now (a
 * tenant's own when one was named), to sign Coupang requests with once the clock has been moved
 * (`new CoupangClient({ ..., clock })`). Frozen, it stands still as the sandbox's does. Moving
 * the sandbox's clock later is not seen until `sync()`.
 */
export interface SyncedClock extends ClientClock {
  /** Reads the sandbox's clock again. */
  sync(options?: CallOptions): Promise<void>;
  /** The sandbox's now minus the local clock's, when last read. */
  readonly skewMs: number;
  readonly frozen: boolean;
}

/** The filters and page of `webhooks()`. */
export interface WebhookQuery {
  imp_key?: string | undefined;
  imp_uid?: string | undefined;
  state?: 'pending' | 'delivered' | 'failed' | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

type Query = Record<string, string | number | boolean | Date | undefined>;

/** `?a=1&b=2` of the defined values ('' when none); dates as ISO 8601. */
function queryString(params: Query): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    search.append(name, value instanceof Date ? value.toISOString() : String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The journal's filters as the query takes them. */
function filterParams(filters: RequestFilters): Query {
  const { platform, method, route, path, status, merchant, vendor, since, fault } = filters;
  return { platform, method, route, path, status, merchant, vendor, since, fault };
}

/** `merchant=` or `vendor=`, for the calls about one tenant. */
function tenantParams(tenant: TenantSelector | undefined): Query {
  return { merchant: tenant?.merchant, vendor: tenant?.vendor };
}

const segment = encodeURIComponent;

export class SandboxClient {
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #adminToken: string | undefined;

  constructor(options: SandboxClientOptions = {}) {
    this.#transport = new Transport({ ...options, baseUrl: options.baseUrl ?? BAESONG_BASE_URL });
    this.baseUrl = this.#transport.baseUrl;
    this.#adminToken = options.adminToken || undefined;
  }

  /** `POST /sandbox/merchants`: a PortOne merchant with its REST API key and secret (shown only here). */
  createMerchant(body: NewMerchantBody = {}): Promise<SandboxMerchant> {
    return this.#call({ method: 'POST', path: '/sandbox/merchants', body, idempotent: false });
  }

  /** `POST /sandbox/payments`: a payment as if a buyer had made it (paid, unless `status` says otherwise). */
  createPayment(body: NewPaymentBody): Promise<Payment> {
    return this.#call({ method: 'POST', path: '/sandbox/payments', body, idempotent: false });
  }

  /** `POST /sandbox/payments/{imp_uid}/paid`: a ready payment becomes paid (a virtual account's deposit). */
  payPayment(impUid: string, options: CallOptions = {}): Promise<Payment> {
    return this.#call(
      { method: 'POST', path: `/sandbox/payments/${segment(impUid)}/paid`, idempotent: false },
      options,
    );
  }

  /**
   * `POST /sandbox/payments/{imp_uid}/cancel`: the console's cancel, whole (no `amount`) or in
   * part, by the rules of `POST /payments/cancel`; its refusals are SandboxError 409 with the same message.
   */
  cancelPayment(
    impUid: string,
    body: { amount?: number; reason?: string; checksum?: number } = {},
    options: CallOptions = {},
  ): Promise<Payment> {
    return this.#call(
      { method: 'POST', path: `/sandbox/payments/${segment(impUid)}/cancel`, body, idempotent: false },
      options,
    );
  }

  /** `PUT /sandbox/merchants/{imp_key}/webhook`: where the merchant's webhooks go, and how. */
  setWebhook(impKey: string, body: WebhookSettingBody, options: CallOptions = {}): Promise<WebhookSetting> {
    return this.#call(
      { method: 'PUT', path: `/sandbox/merchants/${segment(impKey)}/webhook`, body, idempotent: true },
      options,
    );
  }

  /** `GET /sandbox/merchants/{imp_key}/webhook` (SandboxError 404 when it has none). */
  webhookSetting(impKey: string, options: CallOptions = {}): Promise<WebhookSetting> {
    return this.#get(`/sandbox/merchants/${segment(impKey)}/webhook`, options);
  }

  /** `DELETE /sandbox/merchants/{imp_key}/webhook` (SandboxError 404 when it has none). */
  async removeWebhook(impKey: string, options: CallOptions = {}): Promise<void> {
    await this.#call(
      { method: 'DELETE', path: `/sandbox/merchants/${segment(impKey)}/webhook`, idempotent: true },
      options,
    );
  }

  /** `GET /sandbox/webhooks`: a page of webhooks, newest first, each with every attempt. */
  webhooks(query: WebhookQuery = {}, options: CallOptions = {}): Promise<WebhookList> {
    const { imp_key, imp_uid, state, limit, cursor } = query;
    return this.#get(`/sandbox/webhooks${queryString({ imp_key, imp_uid, state, limit, cursor })}`, options);
  }

  /** `GET /sandbox/webhooks/{id}`. */
  webhook(id: string, options: CallOptions = {}): Promise<WebhookRecord> {
    return this.#get(`/sandbox/webhooks/${segment(id)}`, options);
  }

  /**
   * `POST /sandbox/webhooks/{id}/replay`: one more attempt now, to the same URL with the same
   * body, recorded on the same webhook (SandboxError 409 while it is still pending).
   */
  replayWebhook(id: string, options: CallOptions = {}): Promise<WebhookRecord> {
    return this.#call(
      { method: 'POST', path: `/sandbox/webhooks/${segment(id)}/replay`, idempotent: false },
      options,
    );
  }

  /** `GET /sandbox/payments/{imp_uid}/deliveries`: what was registered for a payment. */
  getDeliveries(impUid: string): Promise<PaymentDeliveries> {
    return this.#call({
      method: 'GET',
      path: `/sandbox/payments/${encodeURIComponent(impUid)}/deliveries`,
      idempotent: true,
    });
  }

  /**
   * `POST /sandbox/vendors`: a Coupang vendor with its Open API keys (the secret key is shown
   * only here), for CoupangClient. Every field is optional; a `vendorId` already taken is
   * refused with 409.
   */
  createVendor(body: NewVendorBody = {}): Promise<SandboxVendor> {
    return this.#call({ method: 'POST', path: '/sandbox/vendors', body, idempotent: false });
  }

  /** `POST /sandbox/reset`: deletes all data. */
  async reset(options: CallOptions = {}): Promise<void> {
    await this.#call({ method: 'POST', path: '/sandbox/reset', idempotent: true }, options);
  }

  // ── The request journal ────────────────────────────────────────────────────────────────

  /**
   * `GET /sandbox/requests`: a page of the platform requests the sandbox answered, newest first
   * (`order: 'asc'` for oldest first). `next` is the cursor of the following page, or null: pass
   * it back as `cursor` with the same filters, or let `eachRequest` do it.
   */
  requests(query: RequestQuery = {}, options: CallOptions = {}): Promise<JournalPage> {
    const { order, limit, cursor } = query;
    return this.#get(
      `/sandbox/requests${queryString({ ...filterParams(query), order, limit, cursor })}`,
      options,
    );
  }

  /** Every entry matching the query, page after page (`requests` with each `next`). */
  async *eachRequest(query: RequestQuery = {}, options: CallOptions = {}): AsyncGenerator<JournalEntry> {
    let cursor = query.cursor;
    do {
      const page = await this.requests({ ...query, cursor }, options);
      yield* page.requests;
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
  }

  /** `GET /sandbox/requests/count`: how many entries match. */
  async countRequests(filters: RequestFilters = {}, options: CallOptions = {}): Promise<number> {
    const { count } = await this.#get<{ count: number }>(
      `/sandbox/requests/count${queryString(filterParams(filters))}`,
      options,
    );
    return count;
  }

  /** `GET /sandbox/requests/{id}`: one entry (SandboxError 404 when there is none). */
  request(id: string, options: CallOptions = {}): Promise<JournalEntry> {
    return this.#get(`/sandbox/requests/${segment(id)}`, options);
  }

  /** `DELETE /sandbox/requests`: empties the journal, or a tenant's entries only; answers how many went. */
  async deleteRequests(tenant?: TenantSelector, options: CallOptions = {}): Promise<number> {
    return this.#deleted(`/sandbox/requests${queryString(tenantParams(tenant))}`, options);
  }

  // ── Faults ─────────────────────────────────────────────────────────────────────────────

  /** `POST /sandbox/faults`: makes matching platform requests fail or slow down; answers the fault with its id. */
  addFault(fault: NewFault, options: CallOptions = {}): Promise<Fault> {
    return this.#call({ method: 'POST', path: '/sandbox/faults', body: fault, idempotent: false }, options);
  }

  /** `GET /sandbox/faults`: every fault in force, oldest first, with its hits and what remains of it. */
  async faults(options: CallOptions = {}): Promise<Fault[]> {
    return (await this.#get<{ faults: Fault[] }>('/sandbox/faults', options)).faults;
  }

  /** `GET /sandbox/faults/{id}` (SandboxError 404 once it is gone, e.g. used up). */
  fault(id: string, options: CallOptions = {}): Promise<Fault> {
    return this.#get(`/sandbox/faults/${segment(id)}`, options);
  }

  /** `DELETE /sandbox/faults/{id}` (SandboxError 404 when there is none). */
  async removeFault(id: string, options: CallOptions = {}): Promise<void> {
    await this.#deleted(`/sandbox/faults/${segment(id)}`, options);
  }

  /** `DELETE /sandbox/faults`: removes every fault; answers how many there were. */
  removeFaults(options: CallOptions = {}): Promise<number> {
    return this.#deleted('/sandbox/faults', options);
  }

  /** `GET /sandbox/routes`: every platform route, named as a fault's `match.route` and the journal's `route` filter take it. */
  async routes(options: CallOptions = {}): Promise<PlatformRoute[]> {
    return (await this.#get<{ routes: PlatformRoute[] }>('/sandbox/routes', options)).routes;
  }

  // ── The clock ──────────────────────────────────────────────────────────────────────────

  /** `GET /sandbox/clock`: the sandbox's now, or a tenant's (its own offset added). */
  clock(tenant?: TenantSelector, options: CallOptions = {}): Promise<SandboxClock> {
    return this.#get(`/sandbox/clock${queryString(tenantParams(tenant))}`, options);
  }

  /** `POST /sandbox/clock` `{advanceSeconds}`: moves the clock (or a tenant's) forward. */
  advanceClock(seconds: number, tenant?: TenantSelector, options: CallOptions = {}): Promise<SandboxClock> {
    return this.#call(
      {
        method: 'POST',
        path: `/sandbox/clock${queryString(tenantParams(tenant))}`,
        body: { advanceSeconds: seconds },
        idempotent: false,
      },
      options,
    );
  }

  /** `POST /sandbox/clock` `{freeze}`: stops the clock where it stands (true) or lets it run on (false). Global only. */
  freezeClock(frozen = true, options: CallOptions = {}): Promise<SandboxClock> {
    return this.#call(
      { method: 'POST', path: '/sandbox/clock', body: { freeze: frozen }, idempotent: true },
      options,
    );
  }

  /** `DELETE /sandbox/clock`: back to real time (or a tenant's offset back to 0). */
  resetClock(tenant?: TenantSelector, options: CallOptions = {}): Promise<SandboxClock> {
    return this.#call(
      { method: 'DELETE', path: `/sandbox/clock${queryString(tenantParams(tenant))}`, idempotent: true },
      options,
    );
  }

  /**
   * The sandbox's clock (or a tenant's) as a clock the other clients take: read now, then run on
   * locally, standing still while the sandbox's is frozen. A vendor's, so that CoupangClient signs
   * with the time the gateway judges by once the clock has been moved:
   *
   *     const clock = await sandbox.syncedClock({ vendor: vendorId });
   *     const coupang = new CoupangClient({ ...keys, baseUrl, clock });
   *     await sandbox.advanceClock(3600, { vendor: vendorId });
   *     await clock.sync();
   *
   * `localClock` (default the system clock) is what it runs on between reads.
   */
  async syncedClock(
    tenant?: TenantSelector,
    { localClock = systemClock, ...options }: CallOptions & { localClock?: ClientClock } = {},
  ): Promise<SyncedClock> {
    const read = async (signal?: CallOptions) => {
      const sentMs = localClock.nowMs();
      const clock = await this.clock(tenant, signal ?? options);
      const receivedMs = localClock.nowMs();
      // The server read its clock somewhere between sending and receiving: the middle is the best guess.
      return {
        skewMs: Date.parse(clock.now) - (sentMs + receivedMs) / 2,
        frozenAtMs: Date.parse(clock.now),
        frozen: clock.frozen,
      };
    };
    let state = await read();
    return {
      nowMs: () => (state.frozen ? state.frozenAtMs : localClock.nowMs() + state.skewMs),
      sync: async (callOptions) => {
        state = await read(callOptions);
      },
      get skewMs() {
        return state.skewMs;
      },
      get frozen() {
        return state.frozen;
      },
    };
  }

  // ── Tenants and listings ───────────────────────────────────────────────────────────────

  /** `GET /sandbox/merchants`: every merchant, oldest first, with how many payments it has (no secrets). */
  async merchants(options: CallOptions = {}): Promise<MerchantSummary[]> {
    return (await this.#get<{ merchants: MerchantSummary[] }>('/sandbox/merchants', options)).merchants;
  }

  /** `DELETE /sandbox/merchants/{imp_key}`: the merchant with all it owns (SandboxError 404 when unknown). */
  async deleteMerchant(impKey: string, options: CallOptions = {}): Promise<void> {
    await this.#call(
      { method: 'DELETE', path: `/sandbox/merchants/${segment(impKey)}`, idempotent: true },
      options,
    );
  }

  /**
   * `GET /sandbox/payments`: a page of payments, newest first, each with its escrow delivery and
   * how many Paymentwall calls it has; `imp_key` for one merchant's. `next` as for `requests`.
   */
  payments(query: PaymentQuery = {}, options: CallOptions = {}): Promise<PaymentList> {
    const { imp_key, limit, cursor } = query;
    return this.#get(`/sandbox/payments${queryString({ imp_key, limit, cursor })}`, options);
  }

  /** Every payment matching the query, page after page. */
  async *eachPayment(
    query: PaymentQuery = {},
    options: CallOptions = {},
  ): AsyncGenerator<PaymentList['payments'][number]> {
    let cursor = query.cursor;
    do {
      const page = await this.payments({ ...query, cursor }, options);
      yield* page.payments;
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
  }

  /** `GET /sandbox/vendors`: every vendor, oldest first, with its counts (no secret keys). */
  async vendors(options: CallOptions = {}): Promise<VendorSummary[]> {
    return (await this.#get<{ vendors: VendorSummary[] }>('/sandbox/vendors', options)).vendors;
  }

  /** `DELETE /sandbox/vendors/{vendorId}`: the vendor with all it owns (SandboxError 404 when unknown). */
  async deleteVendor(vendorId: string, options: CallOptions = {}): Promise<void> {
    await this.#call(
      { method: 'DELETE', path: `/sandbox/vendors/${segment(vendorId)}`, idempotent: true },
      options,
    );
  }

  /** `GET /sandbox/vendors/{vendorId}/outbound-places`: a page of its places, oldest first, as Coupang's query shows them. */
  outboundPlaces(
    vendorId: string,
    query: PageQuery = {},
    options: CallOptions = {},
  ): Promise<OutboundPlaceListing> {
    const { limit, cursor } = query;
    return this.#get(
      `/sandbox/vendors/${segment(vendorId)}/outbound-places${queryString({ limit, cursor })}`,
      options,
    );
  }

  /** `GET /sandbox/vendors/{vendorId}/return-centers`: a page of its return centers, oldest first, as Coupang's reads show them. */
  returnCenters(
    vendorId: string,
    query: PageQuery = {},
    options: CallOptions = {},
  ): Promise<ReturnCenterListing> {
    const { limit, cursor } = query;
    return this.#get(
      `/sandbox/vendors/${segment(vendorId)}/return-centers${queryString({ limit, cursor })}`,
      options,
    );
  }

  // ── Coupang orders: the sandbox plays the buyer and the courier ───────────────────────────

  /** `POST /sandbox/vendors/{vendorId}/orders`: a new box in ACCEPT (ids as strings). */
  createCoupangOrder(vendorId: string, order: NewOrderBody, options: CallOptions = {}): Promise<OrderSheet> {
    return this.#orderCall('POST', `${orders(vendorId)}`, order, options);
  }

  /** `PUT …/orders/{shipmentBoxId}/receiver`: the buyer changes the receiver (ACCEPT only; SandboxError 409 after). */
  changeCoupangReceiver(
    vendorId: string,
    shipmentBoxId: string,
    change: ReceiverChangeBody,
    options: CallOptions = {},
  ): Promise<OrderSheet> {
    return this.#orderCall('PUT', `${orders(vendorId)}/${segment(shipmentBoxId)}/receiver`, change, options);
  }

  /** `POST …/orders/{shipmentBoxId}/buyer-cancel`: a CANCEL receipt in ACCEPT, a stop-shipment request in INSTRUCT. */
  buyerCancel(
    vendorId: string,
    shipmentBoxId: string,
    request: BuyerCancelBody = {},
    options: CallOptions = {},
  ): Promise<ReturnRequest> {
    return this.#orderCall(
      'POST',
      `${orders(vendorId)}/${segment(shipmentBoxId)}/buyer-cancel`,
      request,
      options,
    );
  }

  /** `POST …/orders/{shipmentBoxId}/return`: the buyer returns delivered units. */
  buyerReturn(
    vendorId: string,
    shipmentBoxId: string,
    request: BuyerReturnBody = {},
    options: CallOptions = {},
  ): Promise<ReturnRequest> {
    return this.#orderCall('POST', `${orders(vendorId)}/${segment(shipmentBoxId)}/return`, request, options);
  }

  /** `POST …/orders/{shipmentBoxId}/advance`: the courier moves the box on (DELIVERING, FINAL_DELIVERY). */
  advanceDelivery(
    vendorId: string,
    shipmentBoxId: string,
    to?: AdvanceBody['to'],
    options: CallOptions = {},
  ): Promise<OrderSheet> {
    const body = to === undefined ? {} : { to };
    return this.#orderCall('POST', `${orders(vendorId)}/${segment(shipmentBoxId)}/advance`, body, options);
  }

  /** `POST /sandbox/vendors/{vendorId}/receipts/{receiptId}/pickup`: the courier picks a return up. */
  pickUpReturn(
    vendorId: string,
    receiptId: string,
    pickup: PickupBody = {},
    options: CallOptions = {},
  ): Promise<ReturnRequest> {
    return this.#orderCall(
      'POST',
      `/sandbox/vendors/${segment(vendorId)}/receipts/${segment(receiptId)}/pickup`,
      pickup,
      options,
    );
  }

  /** `GET /sandbox/vendors/{vendorId}/orders`: a page of the vendor's boxes, newest first (closed ones too). */
  coupangOrders(
    vendorId: string,
    query: SandboxOrderQuery = {},
    options: CallOptions = {},
  ): Promise<{ orders: OrderSheet[]; next: string | null }> {
    const { status, limit, cursor } = query;
    return this.#orderCall(
      'GET',
      `${orders(vendorId)}${queryString({ status, limit, cursor })}`,
      undefined,
      options,
    );
  }

  /** `GET /sandbox/vendors/{vendorId}/receipts`: a page of the vendor's cancel and return requests, newest first. */
  coupangReceipts(
    vendorId: string,
    query: SandboxOrderQuery = {},
    options: CallOptions = {},
  ): Promise<{ receipts: ReturnRequest[]; next: string | null }> {
    const { status, limit, cursor } = query;
    return this.#orderCall(
      'GET',
      `/sandbox/vendors/${segment(vendorId)}/receipts${queryString({ status, limit, cursor })}`,
      undefined,
      options,
    );
  }

  #orderCall<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    options: CallOptions,
  ): Promise<T> {
    // A repeated create or buyer action would place or ask twice.
    return this.#call(
      { method, path, body, idempotent: method !== 'POST', parse: parseWithStringIds },
      options,
    );
  }

  #get<T>(path: string, options: CallOptions): Promise<T> {
    return this.#call({ method: 'GET', path, idempotent: true }, options);
  }

  async #deleted(path: string, options: CallOptions): Promise<number> {
    const { deleted } = await this.#call<{ deleted: number }>(
      { method: 'DELETE', path, idempotent: true },
      options,
    );
    return deleted;
  }

  async #call<T>(request: Omit<HttpRequest, 'headers'>, options: CallOptions = {}): Promise<T> {
    const headers: Record<string, string> = this.#adminToken
      ? { authorization: `Bearer ${this.#adminToken}` }
      : {};
    const res = await this.#transport.send({ ...request, headers, signal: options.signal });
    if (res.status >= 200 && res.status < 300) return res.body as T;
    throw new SandboxError(res);
  }
}

const orders = (vendorId: string) => `/sandbox/vendors/${segment(vendorId)}/orders`;
