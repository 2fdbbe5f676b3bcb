import type { ApiSlice } from '../http/slice.js';
import { requireToken, tokenRoutes } from './auth.js';
import { failure } from './envelope.js';
import { cancelRoutes } from './cancel-routes.js';
import { escrowRoutes } from './escrow-routes.js';
import { paymentRoutes } from './payment-routes.js';
import { paymentwallRoutes } from './paymentwall-routes.js';
import { prepareRoutes } from './prepare-routes.js';

/** PortOne (iamport) REST V1. */
/** Alias paths of PortOne routes: the PHP client's trailing slashes. */
const ALIASES: Record<string, string> = {
  '/payments/': '/payments',
  '/payments/cancel/': '/payments/cancel',
};

export const portone: ApiSlice = {
  platform: 'portone',
  canonicalRoute: (template) => ALIASES[template] ?? template,
  renderError: (_request, error) => failure(error.message, error.details ?? null),
  tags: [],
  renderFault: (_status, message) => failure(message),
  async routes(app, ctx) {
    // The merchant a request is authenticated as: set by getToken's key check or the token guard.
    app.decorateRequest('merchantId', '');
    await app.register(async (open) => tokenRoutes(open, ctx));
    await app.register(async (guarded) => {
      requireToken(guarded, ctx);
      await paymentRoutes(guarded, ctx);
      await prepareRoutes(guarded, ctx);
      await cancelRoutes(guarded, ctx);
      await escrowRoutes(guarded, ctx);
      await paymentwallRoutes(guarded, ctx);
    });
  },
};
