import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { useJsonParser } from '../../http/body.js';
import { parseLosslessJson } from './ids.js';
import { cancelRoutes } from './cancel-routes.js';
import { receiptRoutes } from './receipt-routes.js';
import { sheetRoutes } from './sheet-routes.js';
import { shipmentRoutes } from './shipment-routes.js';

/**
 * Coupang orders: order sheets, shipments, receipts, seller cancel. Registered in a scope of
 * their own, whose JSON bodies keep every digit of an id (the other Coupang routes keep the
 * shared parser).
 */
export async function orderRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await app.register(async (scope) => {
    useJsonParser(scope, parseLosslessJson);
    await sheetRoutes(scope, ctx);
    await shipmentRoutes(scope, ctx);
    await receiptRoutes(scope, ctx);
    await cancelRoutes(scope, ctx);
  });
}
