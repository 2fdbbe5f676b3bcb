import { ApiError } from '../http/api-error.js';
import type { ApiSlice } from '../http/slice.js';
import { requireToken, tokenRoutes } from './auth.js';
import { failure } from './envelope.js';
import { messages } from './messages.js';
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
  // Parents vanish only with their merchant, whose key and tokens go with it: getToken's key is
  // then unknown, and every other route's token.
  parentGone: (request) =>
    new ApiError(
      401,
      request.url.startsWith('/users/getToken') ? messages.authFailed : messages.unauthorized,
    ),
  tags: [
    {
      name: 'PortOne auth',
      description: 'Tokens (`POST /users/getToken`): every other PortOne route needs one, as `portoneToken`.',
    },
    {
      name: 'PortOne payments',
      description:
        'Payments, as the sandbox created them: by `imp_uid`, by order number (`merchant_uid`), several at once.',
    },
    {
      name: 'PortOne prepare',
      description: 'The amount an order must be paid with, set before the payment.',
    },
    { name: 'PortOne cancel', description: 'Cancelling a payment in full or in part.' },
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
      await prepareRoutes(guarded, ctx);
      await cancelRoutes(guarded, ctx);
      await escrowRoutes(guarded, ctx);
      await paymentwallRoutes(guarded, ctx);
    });
  },
};
