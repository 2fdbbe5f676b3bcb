import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { requireToken, tokenRoutes } from './auth.js';
import { escrowRoutes } from './escrow.js';
import { paymentRoutes } from './payment-routes.js';
import { paymentwallRoutes } from './paymentwall.js';

/** PortOne (iamport) REST V1. */
export async function portone(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (open) => tokenRoutes(open, ctx));
  await app.register(async (guarded) => {
    requireToken(guarded, ctx);
    await paymentRoutes(guarded, ctx);
    await escrowRoutes(guarded, ctx);
    await paymentwallRoutes(guarded, ctx);
  });
}
