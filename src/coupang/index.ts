import { ApiError } from '../http/api-error.js';
import type { ApiSlice } from '../http/slice.js';
import { gatewayError, placeFailure } from './envelope.js';
import { installGateway, renderCoupangError } from './gateway/gateway.js';
import { gatewayMessages } from './messages.js';
import { SELLER_CANCEL_PATHS } from './orders/cancel-routes.js';
import { orderRoutes } from './orders/index.js';
import { outboundQueryPath, outboundRoutes } from './places/outbound.js';
import { CENTER_CODE_PATHS, returnRoutes } from './places/returns.js';

const [CENTER_CODE_PATH = '', ...CENTER_CODE_ALIASES] = CENTER_CODE_PATHS;

/** Alias paths and the path each stands for: `/v5/` (and `/v6/`) for `/v4/`, `/v2/` for `/v1/`, the older lookup, seller cancel's v6 and `wing_api` for its v5. */
function canonicalRoute(template: string): string {
  if (CENTER_CODE_ALIASES.includes(template)) return CENTER_CODE_PATH;
  // Seller cancel's route is v5; v6 and `wing_api` stand for it.
  if (SELLER_CANCEL_PATHS.includes(template)) return SELLER_CANCEL_PATHS[0] ?? template;
  // Receipts are v4 and v6.
  if (template.includes('/api/v6/vendors/')) return template.replace('/api/v6/vendors/', '/api/v4/vendors/');
  if (template === outboundQueryPath('v2')) return outboundQueryPath('v1');
  return template.replace('/openapi/apis/api/v5/vendors/', '/openapi/apis/api/v4/vendors/');
}

/**
 * The Coupang Open API. Every route registered here sits behind the HMAC gateway, so every
 * Coupang route (`/v2/providers/...`) belongs in this slice.
 */
export const coupang: ApiSlice = {
  platform: 'coupang',
  renderError: renderCoupangError,
  // Parents vanish only with their vendor, whose access key goes with it: the gateway's answer
  // for an unknown key.
  parentGone: () => new ApiError(401, gatewayMessages.invalidSignature),
  // The gateway's shape for the gateway's statuses, the shipping-place envelope for any other.
  renderFault: (status, message) =>
    status === 401 || status === 429 ? gatewayError(message) : placeFailure(status, message),
  canonicalRoute,
  tags: [
    {
      name: 'Coupang gateway',
      description:
        'Every `/v2/providers/...` route needs a `coupangHmac` signature. The gateway answers `401` (`Request is not authorized.`, ' +
        '`HMAC format is invalid.`, `Specified signature is expired.`, `Invalid signature.`) and `429` (`Too Many Requests`, ' +
        'over COUPANG_RATE_LIMIT requests a second per vendor) as `{"code":"ERROR","message","transactionId"}`.',
    },
    {
      name: 'Coupang outbound',
      description:
        'Outbound shipping places (seed 003). Answers `{"code":200,"message":"SUCCESS","data"}`, failures `{"code":<status>,"message","data":null}`.',
    },
    {
      name: 'Coupang return centers',
      description:
        'Return shipping centers (seed 002). Answers `{"code":200,"message":"SUCCESS","data"}`, failures `{"code":<status>,"message","data":null}` (400, and 500 for the contract checks).',
    },
    {
      name: 'Coupang orders',
      description:
        'Order sheets, acknowledgement, invoices, return and cancel requests, seller cancel. Answers `{"code":200,"message":"OK","data"}` (lists add `nextToken`), ' +
        'failures `{"code":<status>,"message","data":null}`. Ids (`shipmentBoxId` 18 digits, above 2^53) are bare JSON integers: read them as strings or bigints. ' +
        'Create orders with `POST /sandbox/vendors/{vendorId}/orders`.',
    },
  ],
  async routes(app, ctx) {
    installGateway(app, ctx);
    await outboundRoutes(app, ctx);
    await returnRoutes(app, ctx);
    await orderRoutes(app, ctx);
  },
};
