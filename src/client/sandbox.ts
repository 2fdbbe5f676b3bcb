/**
 * SandboxClient: baesong's own `/sandbox` API, which sets up what the real platforms create
 * by other means (merchants, payments made in a browser, seller accounts) and shows what was registered.
 * Neither platform has it: use it against baesong only.
 */
import type { Payment } from '../portone/schemas.js';
import type {
  NewMerchantBody,
  NewPaymentBody,
  NewVendorBody,
  PaymentDeliveries,
  SandboxMerchant,
  SandboxVendor,
} from '../sandbox/schemas.js';
import { SandboxError } from './errors.js';
import { type HttpRequest, type RetryPolicy, Transport } from './transport.js';

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
  async reset(): Promise<void> {
    await this.#call({ method: 'POST', path: '/sandbox/reset', idempotent: true });
  }

  async #call<T>(request: Omit<HttpRequest, 'headers'>): Promise<T> {
    const headers: Record<string, string> = this.#adminToken
      ? { authorization: `Bearer ${this.#adminToken}` }
      : {};
    const res = await this.#transport.send({ ...request, headers });
    if (res.status >= 200 && res.status < 300) return res.body as T;
    throw new SandboxError(res);
  }
}
