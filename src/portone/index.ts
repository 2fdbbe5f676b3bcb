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
  tags: [],
  async routes(app, ctx) {
    await app.register(async (open) => tokenRoutes(open, ctx));
    await app.register(async (guarded) => {
      requireToken(guarded, ctx);
      await paymentRoutes(guarded, ctx);
      await escrowRoutes(guarded, ctx);
      await paymentwallRoutes(guarded, ctx);
    });
  },
};
