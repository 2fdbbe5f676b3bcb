import type { ApiSlice } from '../http/slice.js';
import { requireToken, tokenRoutes } from './auth.js';
import { failure } from './envelope.js';
import { escrowRoutes } from './escrow-routes.js';
import { paymentRoutes } from './payment-routes.js';
import { paymentwallRoutes } from './paymentwall-routes.js';

/** PortOne (iamport) REST V1. */
export const portone: ApiSlice = {
  platform: 'portone',
  renderError: (_request, error) => failure(error.message, error.details ?? null),
  tags: [
    {
      name: 'PortOne auth',
      description: 'Tokens (`POST /users/getToken`): every other PortOne route needs one, as `portoneToken`.',
    },
    { name: 'PortOne payments', description: 'Payments, as the sandbox created them.' },
    {
      name: 'PortOne escrow',
      description: 'Escrow delivery registration for KG INICIS, NHN KCP and Kiwoom Pay (daou) payments.',
    },
    { name: 'PortOne Paymentwall', description: 'Paymentwall delivery status.' },
  ],
  renderFault: (_status, message) => failure(message),
  async routes(app, ctx) {
    // The merchant a request is authenticated as: set by getToken's key check or the token guard.
    app.decorateRequest('merchantId', '');
    await app.register(async (open) => tokenRoutes(open, ctx));
    await app.register(async (guarded) => {
      requireToken(guarded, ctx);
      await paymentRoutes(guarded, ctx);
      await escrowRoutes(guarded, ctx);
      await paymentwallRoutes(guarded, ctx);
    });
  },
};
