import type { ApiSlice } from '../http/slice.js';
import { installGateway, renderCoupangError } from './gateway.js';
import { outboundRoutes } from './outbound.js';
import { returnRoutes } from './returns.js';

/**
 * The Coupang Open API. Every route registered here sits behind the HMAC gateway, so every
 * Coupang route (`/v2/providers/...`) belongs in this slice.
 */
export const coupang: ApiSlice = {
  platform: 'coupang',
  renderError: renderCoupangError,
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
  ],
  async routes(app, ctx) {
    installGateway(app, ctx);
    await outboundRoutes(app, ctx);
    await returnRoutes(app, ctx);
  },
};
