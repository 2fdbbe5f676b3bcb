import type { FastifyInstance, FastifyRequest } from 'fastify';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { bodyProblem } from '../http/body.js';
import { documentOnly } from '../http/schemas.js';
import { ok } from './envelope.js';
import { checkEscrowRequest } from './escrow-rules.js';
import {
  findEscrowDelivery,
  insertEscrowDelivery,
  replaceEscrowDelivery,
  toEscrowLogis,
} from './escrow-store.js';
import { messages } from './messages.js';
import { findPayment } from './payments.js';
import { Envelope, ErrorEnvelope, EscrowDeliveryBody, EscrowLogis, ImpUidParams } from './schemas.js';

type Method = 'POST' | 'PUT' | 'GET';

const descriptions: Record<Method, string> = {
  POST: 'Registers the delivery info of an escrow payment (KG INICIS, NHN KCP, PAYJOA). Once per payment.',
  PUT: 'Replaces the registered delivery info of an escrow payment.',
  GET: 'Reads the registered delivery info of an escrow payment.',
};

/** `/escrows/logis/{imp_uid}`: POST registers, PUT changes, GET reads. */
export async function escrowRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const method of ['POST', 'PUT', 'GET'] as const) {
    app.route({
      method,
      url: '/escrows/logis/:imp_uid',
      // The body is checked by the escrow rules, in the documented order, never coerced.
      config: { bodyTypes: ['json'], reportsBodyProblems: true },
      validatorCompiler: documentOnly,
      schema: {
        tags: ['PortOne escrow'],
        summary: `${method} /escrows/logis/{imp_uid}`,
        description: descriptions[method],
        security: [{ portoneToken: [] }],
        params: ImpUidParams,
        ...(method === 'GET' ? {} : { body: EscrowDeliveryBody }),
        response: {
          200: Envelope(EscrowLogis),
          400: ErrorEnvelope,
          401: ErrorEnvelope,
          404: ErrorEnvelope,
          409: ErrorEnvelope,
        },
      },
      handler: (request) => handleEscrow(ctx, method, request),
    });
  }
}

async function handleEscrow(ctx: AppContext, method: Method, request: FastifyRequest) {
  const { imp_uid } = request.params as { imp_uid: string };
  const payment = await findPayment(ctx, request.merchantId, imp_uid);
  if (!payment) throw new ApiError(404, messages.paymentNotFound);
  const body = method === 'GET' ? undefined : { body: request.body, unreadable: bodyProblem(request) };
  const checked = checkEscrowRequest(payment, body);
  if (!checked.ok) throw new ApiError(checked.status, checked.message);

  // The merchant's clock (`request.clock`), as every timestamp of its data.
  const now = unixSeconds(request.clock);
  const { delivery } = checked;
  if (method === 'POST' && delivery) {
    const row = await insertEscrowDelivery(ctx, imp_uid, delivery, now);
    if (!row) throw new ApiError(409, messages.escrowAlreadyRegistered);
    return ok(toEscrowLogis(row));
  }
  if (method === 'PUT' && delivery) {
    const updated = await replaceEscrowDelivery(ctx, imp_uid, delivery, now);
    if (!updated) throw new ApiError(409, messages.escrowNotRegistered);
    return ok(toEscrowLogis(updated));
  }
  const stored = await findEscrowDelivery(ctx, imp_uid);
  if (!stored) throw new ApiError(409, messages.escrowNotRegistered);
  return ok(toEscrowLogis(stored));
}
