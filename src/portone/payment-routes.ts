import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { ok } from './envelope.js';
import { messages } from './messages.js';
import { findPayment, toPayment } from './payments.js';
import { Envelope, ErrorEnvelope, ImpUidParams, Payment } from './schemas.js';

/** `GET /payments/{imp_uid}`. */
export async function paymentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/payments/:imp_uid', {
    schema: {
      tags: ['PortOne payments'],
      summary: 'Reads a payment',
      security: [{ portoneToken: [] }],
      params: ImpUidParams,
      response: { 200: Envelope(Payment), 401: ErrorEnvelope, 404: ErrorEnvelope },
    },
    handler: async (request) => {
      const { imp_uid } = request.params as { imp_uid: string };
      const payment = await findPayment(ctx, request.merchantId, imp_uid);
      if (!payment) throw new ApiError(404, messages.paymentNotFound);
      return ok(toPayment(payment));
    },
  });
}
