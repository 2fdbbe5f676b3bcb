/**
 * PortOneClient: PortOne (iamport) REST V1, against the real service or baesong.
 * Request and response types are the server's own schemas (type-only imports: nothing of
 * the server is loaded).
 */
import type {
  AccessToken,
  CancelBody,
  EscrowDeliveryBody,
  EscrowLogis,
  Payment,
  PaymentwallDeliveryAccepted,
  PaymentStatus,
  PaymentwallDeliveryBody,
  Prepared,
} from '../portone/schemas.js';
import { type ClientClock, systemClock } from './clock.js';
import { PortOneError } from './errors.js';
import {
  type CallOptions,
  type HttpRequest,
  type HttpResponse,
  type RetryPolicy,
  Transport,
} from './transport.js';

export const PORTONE_BASE_URL = 'https://api.iamport.kr';

/**
 * A token is renewed this long before it expires (by the server's clock). Asking within a
 * token's last 60 seconds extends it, so a renewal always yields minutes more, and a request
 * that is slow to arrive still carries a valid token.
 */
export const TOKEN_RENEWAL_MARGIN_SECONDS = 30;

export interface PortOneClientOptions {
  /** REST API key. */
  impKey: string;
  /** REST API secret. */
  impSecret: string;
  /** Default `https://api.iamport.kr`; a baesong server's URL, e.g. `http://127.0.0.1:8080`. */
  baseUrl?: string | undefined;
  /** Per attempt, until the whole answer has arrived (default 10 000 ms). */
  timeoutMs?: number | undefined;
  /** Off by default; see RetryPolicy for what is retried. */
  retry?: RetryPolicy | undefined;
  fetch?: typeof fetch | undefined;
  /** The clock token lifetimes are measured on (default the system clock). */
  clock?: ClientClock | undefined;
}

/** `sorting` of `findPayment`. */
export type PaymentSorting = '-started' | 'started' | '-paid' | 'paid' | '-updated' | 'updated';

/** The body of `preparePayment` and `updatePreparedPayment`. */
export interface PrepareRequest {
  merchant_uid: string;
  amount: number;
  currency?: string;
}

interface CachedToken {
  token: AccessToken;
  /** On the client's clock: when to ask for a token again. */
  renewAtMs: number;
}

export class PortOneClient {
  readonly baseUrl: string;
  readonly #transport: Transport;
  readonly #impKey: string;
  readonly #impSecret: string;
  readonly #clock: ClientClock;
  #cached: CachedToken | undefined;
  /** The token request in flight: concurrent callers share it. */
  #pending: Promise<CachedToken> | undefined;

  constructor(options: PortOneClientOptions) {
    if (!options.impKey || !options.impSecret)
      throw new TypeError('PortOneClient needs impKey and impSecret');
    this.#transport = new Transport({ ...options, baseUrl: options.baseUrl ?? PORTONE_BASE_URL });
    this.baseUrl = this.#transport.baseUrl;
    this.#impKey = options.impKey;
    this.#impSecret = options.impSecret;
    this.#clock = options.clock ?? systemClock;
  }

  /**
   * A valid access token: the cached one while it is fresh, else a new one from
   * `POST /users/getToken` (which PortOne answers with the same token while it is valid).
   */
  async getToken(): Promise<AccessToken> {
    return (await this.#validToken()).token;
  }

  /** `GET /payments/{imp_uid}`. 404 `존재하지 않는 결제정보입니다.` for an unknown payment. */
  getPayment(impUid: string, options: CallOptions = {}): Promise<Payment> {
    return this.#authorized<Payment>(
      { method: 'GET', path: `/payments/${path(impUid)}`, idempotent: true },
      options,
    );
  }

  /**
   * `POST /escrows/logis/{imp_uid}`: registers the escrow delivery, once per payment. A second
   * registration fails with 409 `이미 배송정보가 등록된 거래건입니다.`. Not retried after a 5xx
   * or a timeout unless the retry policy says `retryNonIdempotent`.
   */
  registerEscrowDelivery(
    impUid: string,
    body: EscrowDeliveryBody,
    options: CallOptions = {},
  ): Promise<EscrowLogis> {
    return this.#authorized<EscrowLogis>(
      { method: 'POST', path: `/escrows/logis/${path(impUid)}`, body, idempotent: false },
      options,
    );
  }

  /** `PUT /escrows/logis/{imp_uid}`: replaces the registered delivery. */
  updateEscrowDelivery(
    impUid: string,
    body: EscrowDeliveryBody,
    options: CallOptions = {},
  ): Promise<EscrowLogis> {
    return this.#authorized<EscrowLogis>(
      { method: 'PUT', path: `/escrows/logis/${path(impUid)}`, body, idempotent: true },
      options,
    );
  }

  /** `GET /escrows/logis/{imp_uid}`. 409 `등록된 배송정보가 존재하지 않습니다.` when none is registered. */
  getEscrowDelivery(impUid: string, options: CallOptions = {}): Promise<EscrowLogis> {
    return this.#authorized<EscrowLogis>(
      { method: 'GET', path: `/escrows/logis/${path(impUid)}`, idempotent: true },
      options,
    );
  }

  /**
   * `GET /payments/find/{merchant_uid}[/{payment_status}]`: the payment of the shop's own order
   * number (in that status, when given). 404 `존재하지 않는 결제정보입니다.` when there is none.
   */
  findPayment(
    merchantUid: string,
    query: { status?: PaymentStatus; sorting?: PaymentSorting } = {},
    options: CallOptions = {},
  ): Promise<Payment> {
    const status = query.status === undefined ? '' : `/${path(query.status)}`;
    const sorting = query.sorting === undefined ? '' : `?sorting=${encodeURIComponent(query.sorting)}`;
    return this.#authorized<Payment>(
      { method: 'GET', path: `/payments/find/${path(merchantUid)}${status}${sorting}`, idempotent: true },
      options,
    );
  }

  /**
   * `GET /payments`: several payments at once (at most 100 ids in all), in the order asked,
   * imp_uids first, each once. Ids not found are left out (PortOne answers 207); when none is
   * found, 404 `해당되는 결제건을 찾지 못하였습니다.`.
   */
  getPayments(
    ids: { impUids?: readonly string[]; merchantUids?: readonly string[] },
    options: CallOptions = {},
  ): Promise<Payment[]> {
    const query = new URLSearchParams();
    for (const id of ids.impUids ?? []) query.append('imp_uid[]', id);
    for (const id of ids.merchantUids ?? []) query.append('merchant_uid[]', id);
    return this.#authorized<Payment[]>(
      { method: 'GET', path: `/payments?${query.toString()}`, idempotent: true },
      options,
    );
  }

  /**
   * `POST /payments/prepare`: the amount an order number must be paid with. A merchant_uid
   * prepared already fails with a PortOneError of `code` 1 (HTTP 200).
   */
  preparePayment(body: PrepareRequest, options: CallOptions = {}): Promise<Prepared> {
    return this.#authorized<Prepared>(
      { method: 'POST', path: '/payments/prepare', body, idempotent: false },
      options,
    );
  }

  /** `PUT /payments/prepare`: changes a prepared amount; 404 `사전등록된 결제정보가 존재하지 않습니다.` when none. */
  updatePreparedPayment(body: PrepareRequest, options: CallOptions = {}): Promise<Prepared> {
    return this.#authorized<Prepared>(
      { method: 'PUT', path: '/payments/prepare', body, idempotent: true },
      options,
    );
  }

  /** `GET /payments/prepare/{merchant_uid}`; 404 `사전등록된 결제정보가 존재하지 않습니다.` when none. */
  getPreparedPayment(merchantUid: string, options: CallOptions = {}): Promise<Prepared> {
    return this.#authorized<Prepared>(
      { method: 'GET', path: `/payments/prepare/${path(merchantUid)}`, idempotent: true },
      options,
    );
  }

  /**
   * `POST /payments/cancel`: cancels the whole balance (no `amount`) or part of it, and answers
   * the payment after it. A refusal (already cancelled, over the balance, a checksum that is not
   * the balance, …) fails with a PortOneError of `code` 1 and HTTP status 200, as PortOne
   * answers it. A cancel that names its `checksum` cannot be applied twice, so it is retried
   * like an idempotent call; one without is retried only with `retryNonIdempotent`.
   */
  cancelPayment(body: CancelBody, options: CallOptions = {}): Promise<Payment> {
    const idempotent = body.checksum !== undefined && body.checksum !== null;
    return this.#authorized<Payment>({ method: 'POST', path: '/payments/cancel', body, idempotent }, options);
  }

  // ── Paymentwall ────────────────────────────────────────────────────────────────────────

  /**
   * `POST /paymentwall/delivery`: registers a delivery step of a Paymentwall payment, sent as
   * JSON. Failures: 400 listing every broken field rule (`err.notices`; `err.message` is the
   * first), 404 `존재하지 않는 결제정보입니다.` for an unknown payment, 409 for a payment that is
   * not paid or a status going back. Not idempotent (every accepted call is kept in the
   * payment's delivery history), so not retried after a 5xx or a timeout unless the retry
   * policy says `retryNonIdempotent`.
   */
  registerPaymentwallDelivery(
    body: PaymentwallDeliveryBody,
    options: CallOptions = {},
  ): Promise<PaymentwallDeliveryAccepted> {
    return this.#authorized<PaymentwallDeliveryAccepted>(
      { method: 'POST', path: '/paymentwall/delivery', body, idempotent: false },
      options,
    );
  }

  /** Sends a request with the token; on a 401, gets a new token and sends it once more. */
  async #authorized<T>(request: Omit<HttpRequest, 'headers'>, options: CallOptions): Promise<T> {
    const first = await this.#validToken();
    let res = await this.#send(request, first.token.access_token, options);
    if (res.status === 401) {
      // The token was refused (expired early, or the server forgot it): the request did not
      // reach the route, so sending it again is safe whatever its method.
      if (this.#cached === first) this.#cached = undefined;
      const second = await this.#validToken();
      res = await this.#send(request, second.token.access_token, options);
    }
    return unwrap<T>(res);
  }

  #send(request: Omit<HttpRequest, 'headers'>, token: string, options: CallOptions): Promise<HttpResponse> {
    return this.#transport.send({
      ...request,
      headers: { authorization: `Bearer ${token}` },
      signal: options.signal,
    });
  }

  #validToken(): Promise<CachedToken> {
    const cached = this.#cached;
    if (cached && this.#clock.nowMs() < cached.renewAtMs) return Promise.resolve(cached);
    this.#pending ??= this.#requestToken().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #requestToken(): Promise<CachedToken> {
    const res = await this.#transport.send({
      method: 'POST',
      path: '/users/getToken',
      body: { imp_key: this.#impKey, imp_secret: this.#impSecret },
      // PortOne answers with the same token while it is valid: asking twice does no harm.
      idempotent: true,
    });
    const token = unwrap<AccessToken>(res);
    const receivedMs = this.#clock.nowMs();
    // The lifetime is measured on the server's clock (expired_at - now) and applied to ours
    // from the moment the answer arrived, so a skewed local clock does not matter.
    const lifetimeMs = (token.expired_at - token.now) * 1000;
    const marginMs = Math.min(TOKEN_RENEWAL_MARGIN_SECONDS * 1000, lifetimeMs / 2);
    const cached = { token, renewAtMs: receivedMs + lifetimeMs - marginMs };
    this.#cached = cached;
    return cached;
  }
}

function path(segment: string): string {
  return encodeURIComponent(segment);
}

/** The envelope's `response` on success; PortOneError otherwise (also a 2xx whose `code` is not 0). */
function unwrap<T>(res: HttpResponse): T {
  const envelope = res.body as { code?: unknown; response?: unknown } | undefined;
  if (res.status >= 200 && res.status < 300 && typeof envelope === 'object' && envelope?.code === 0) {
    return envelope.response as T;
  }
  throw new PortOneError(res);
}
