import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import type { ErrorRenderer } from '../../http/errors.js';
import { gatewayError, placeFailure } from '../envelope.js';
import { parseAuthorization, signatureMatches } from './hmac.js';
import { gatewayMessages } from '../messages.js';
import { RateLimiter } from './rate-limit.js';
import { type CoupangVendor, findVendorByAccessKey } from '../vendors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The vendor whose access key signed this Coupang request; set once the gateway let it through. */
    coupangVendor: CoupangVendor | null;
  }
}

/** How far `signed-date` may be from the server clock (the vendor's sandbox clock), either way. */
const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

type GatewayVerdict = { ok: true; vendor: CoupangVendor } | { ok: false; status: 401 | 429; message: string };

/**
 * The gateway's checks, in the documented order (docs/contract.md): a CEA header, its format, the
 * signature's age, the key and signature, the vendor's rate. The path and query are taken
 * from the raw request target, as the client sent and signed them.
 *
 * The age is judged by the clock of the vendor whose access key signed (`ctx.clock.of`), so the
 * key is looked up before the age is checked; an unknown key's signature is judged by the global
 * clock. The answers keep the table's order: an expired signature is expired, known key or not.
 */
async function passGateway(
  ctx: AppContext,
  limiter: RateLimiter,
  request: Pick<FastifyRequest, 'headers' | 'method' | 'raw'>,
): Promise<GatewayVerdict> {
  const header = request.headers.authorization;
  const parsed = parseAuthorization(typeof header === 'string' ? header : undefined);
  if (!parsed.ok) {
    const message = parsed.reason === 'not-cea' ? gatewayMessages.notAuthorized : gatewayMessages.hmacFormat;
    return { ok: false, status: 401, message };
  }
  const { credentials } = parsed;
  const found = await findVendorByAccessKey(ctx, credentials.accessKey);
  const clock = ctx.clock.of(found ? { vendor: found.vendor.vendorId } : null);
  if (Math.abs(clock.nowMs() - credentials.signedAtMs) > SIGNATURE_WINDOW_MS) {
    return { ok: false, status: 401, message: gatewayMessages.expired };
  }
  if (!found || !signatureMatches(found.secretKey, credentials, request.method, request.raw.url ?? '')) {
    return { ok: false, status: 401, message: gatewayMessages.invalidSignature };
  }
  if (!limiter.take(found.vendor.vendorId)) {
    return { ok: false, status: 429, message: gatewayMessages.tooManyRequests };
  }
  return { ok: true, vendor: found.vendor };
}

/**
 * Puts every route of `app` behind the gateway. Routing answers (404, 405) come first, from
 * the root hooks of `http/errors.ts`; then this hook authenticates and binds the vendor.
 */
export function installGateway(app: FastifyInstance, ctx: AppContext): void {
  // Requests a second of real time: a frozen or moved sandbox clock neither blocks nor floods a vendor.
  const limiter = new RateLimiter(ctx.config.coupangRateLimit, ctx.clock.real);
  app.decorateRequest('coupangVendor', null);
  app.addHook('onRequest', async (request) => {
    const verdict = await passGateway(ctx, limiter, request);
    if (!verdict.ok) throw new ApiError(verdict.status, verdict.message);
    request.coupangVendor = verdict.vendor;
    request.tenant = { vendor: verdict.vendor.vendorId };
  });
}

/**
 * The envelope of a Coupang error that did not come from a rule: the gateway's before the
 * request is authenticated (404, 405), the shipping-place envelope after it (unusable bodies,
 * 413) and for server failures (an unreachable database answers as the APIs behind the gateway do).
 */
export const renderCoupangError: ErrorRenderer = (request, { status, message }) =>
  // A 401 is the gateway's, even once it let the request through (its vendor deleted meanwhile).
  status !== 401 && (request?.coupangVendor || status >= 500)
    ? placeFailure(status, message)
    : gatewayError(message);
