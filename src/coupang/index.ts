import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { setErrorRenderer } from '../http/errors.js';
import { installGateway, renderCoupangError } from './gateway.js';
import { outboundRoutes } from './outbound.js';
import { returnRoutes } from './returns.js';

/**
 * The Coupang Open API. Every route registered here sits behind the HMAC gateway, so every
 * Coupang route (`/v2/providers/...`) belongs in this plugin.
 */
export async function coupang(app: FastifyInstance, ctx: AppContext): Promise<void> {
  setErrorRenderer('coupang', renderCoupangError);
  installGateway(app, ctx);
  await outboundRoutes(app, ctx);
  await returnRoutes(app, ctx);
}
