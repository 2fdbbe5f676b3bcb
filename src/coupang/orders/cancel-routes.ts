/**
 * Seller cancel (`POST …/v5/vendors/{vendorId}/orders/{orderId}/cancel`, also v6 and the older
 * `wing_api` path): a paid box cancelled whole, or units of a box in preparation stopped.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../context.js';
import { ApiError } from '../../http/api-error.js';
import { documentOnly } from '../../http/schemas.js';
import { errorResponses, security, vendorOf } from '../vendor-routes.js';
import { newReceipt, counted } from './buyers.js';
import { type CancelPlan, checkCancelBody, planCancel } from './cancel-rules.js';
import { pathId, receiptIdOf } from './ids.js';
import { cancelMessages as c } from './messages.js';
import { SELLER_CANCEL_REASONS } from './receipt.js';
import { orderBody, pathParam } from './requests.js';
import { SellerCancelBody, SellerCancelResult } from './schemas.js';
import { ID } from './sheet-routes.js';
import { drawNumber, findOrderBoxes, insertReceipt, judgedAgain, saveBox } from './store.js';
import { Type } from '@sinclair/typebox';

/** The route first, then its aliases on the same state. */
export const SELLER_CANCEL_PATHS = [
  `/v2/providers/openapi/apis/api/v5/vendors/:vendorId/orders/:orderId${ID}/cancel`,
  `/v2/providers/openapi/apis/api/v6/vendors/:vendorId/orders/:orderId${ID}/cancel`,
  `/v2/providers/wing_api/apis/internal-api/v5/vendors/:vendorId/orders/:orderId${ID}/cancel`,
];

async function cancel(ctx: AppContext, plan: CancelPlan, nowMs: number) {
  const { box, done } = plan;
  const accepted = box.status === 'ACCEPT';
  return ctx.writes.transaction(async (trx) => {
    const receiptId = receiptIdOf(await drawNumber(trx, 'receipts'));
    const receipt = newReceipt(box, receiptId, done, nowMs, {
      receiptType: accepted ? 'CANCEL' : 'RETURN',
      status: 'RETURNS_COMPLETED',
      releaseStopStatus: accepted ? '비대상' : '처리(출고중지)',
      reasons: SELLER_CANCEL_REASONS,
      faultByType: 'VENDOR',
      completeConfirmType: 'VENDOR_CONFIRM',
      completeConfirmDateMs: nowMs,
    });
    await saveBox(trx, counted(box, done, 'cancelCount'));
    await insertReceipt(trx, receipt);
    return receipt;
  });
}

export async function cancelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const [i, path] of SELLER_CANCEL_PATHS.entries()) {
    app.post(path, {
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags: ['Coupang orders'],
        summary:
          i === 0
            ? 'Cancels an order’s units as the seller'
            : 'Cancels an order’s units as the seller (alias)',
        description:
          'One box per request. `ACCEPT`: the whole box, a `CANCEL` receipt; `INSTRUCT`: any units, a stop-shipment (`RETURN` receipt born `RETURNS_COMPLETED`). ' +
          'Items asked beyond what is left beside valid ones: `code` `PARTIAL`, those in `failedVendorItemIds`. Refusals answer 400 in the failure envelope.',
        security,
        params: Type.Object({ vendorId: Type.String(), orderId: Type.String() }),
        body: SellerCancelBody,
        response: { 200: SellerCancelResult, ...errorResponses },
      },
      handler: async (request) => {
        const { vendorId, body } = orderBody(request, { ownVendorRule: true });
        const checked = checkCancelBody(body, vendorOf(request));
        if (!checked.ok) throw new ApiError(400, checked.message);
        const pathOrderId = pathId(pathParam(request, 'orderId')) ?? '';
        const nowMs = request.clock.nowMs();
        const { plan, receipt } = await judgedAgain(async () => {
          const boxes = await findOrderBoxes(ctx.db, vendorId, checked.value.orderId);
          const planned = planCancel(checked.value, pathOrderId, boxes);
          if (!planned.ok) throw new ApiError(400, planned.message);
          return { plan: planned.value, receipt: await cancel(ctx, planned.value, nowMs) };
        });
        const requestId = randomUUID();
        const done = [...plan.done];
        return {
          code: plan.failed.length > 0 ? 'PARTIAL' : 'SUCCESS',
          message: plan.failed.map((id) => c.itemOverCount(requestId, id)).join('\r\n'),
          data: {
            receiptMap: {
              receiptId: BigInt(receipt.receiptId),
              receiptType: plan.box.status === 'ACCEPT' ? 'CANCEL' : 'STOP_SHIPMENT',
              vendorItemIds: done.map(([id]) => BigInt(id)),
              totalCount: done.reduce((sum, [, n]) => sum + n, 0),
            },
            orderId: BigInt(plan.box.orderId),
            failedVendorItemIds: plan.failed.map((id) => BigInt(id)),
          },
        };
      },
    });
  }
}
