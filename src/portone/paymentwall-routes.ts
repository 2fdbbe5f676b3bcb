import type { FastifyInstance } from 'fastify';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import { ok } from './envelope.js';
import { messages } from './messages.js';
import { findPayment } from './payments.js';
import { checkPaymentwallDelivery, givenImpUid } from './paymentwall-rules.js';
import { recordPaymentwallDelivery } from './paymentwall-store.js';
import {
  Envelope,
  ErrorEnvelope,
  PaymentwallDeliveryAccepted,
  PaymentwallDeliveryBody,
  type PaymentwallDeliveryProblems,
  PaymentwallErrorEnvelope,
} from './schemas.js';

const ACCEPTED: PaymentwallDeliveryAccepted = { success: 1, error_code: null, error: null, notices: [] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `POST /paymentwall/delivery`: registers a delivery step of a Paymentwall payment. */
export async function paymentwallRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/paymentwall/delivery', {
    // Fields are checked by the Paymentwall rules, to report every problem at once.
    config: { bodyTypes: ['json', 'form'] },
    validatorCompiler: documentOnly,
    schema: {
      tags: ['PortOne Paymentwall'],
      summary: 'Registers Paymentwall delivery information',
      description:
        'Required by Paymentwall for physical goods. JSON or form; timestamps may come as numeric strings. ' +
        'Every broken field rule is listed in `response.notices`. A status may not go back from the ' +
        "payment's last accepted one (order_placed < order_shipped < delivering < delivered).",
      security: [{ portoneToken: [] }],
      consumes: ['application/json', 'application/x-www-form-urlencoded'],
      body: PaymentwallDeliveryBody,
      response: {
        200: Envelope(PaymentwallDeliveryAccepted),
        400: PaymentwallErrorEnvelope,
        401: ErrorEnvelope,
        404: ErrorEnvelope,
        409: ErrorEnvelope,
      },
    },
    handler: async (request) => {
      // No body at all is an empty one: every required field is then reported missing.
      const body = request.body === undefined ? {} : request.body;
      if (!isPlainObject(body)) throw new ApiError(400, messages.paymentwall.bodyNotObject);

      const impUid = givenImpUid(body);
      const payment = impUid === undefined ? undefined : await findPayment(ctx, request.merchantId, impUid);
      if (impUid !== undefined && !payment) throw new ApiError(404, messages.paymentNotFound);

      const check = checkPaymentwallDelivery(body, payment);
      if (!check.ok) {
        const [first = ''] = check.problems;
        const problems: PaymentwallDeliveryProblems = {
          error_code: 400,
          error: first,
          notices: check.problems,
        };
        throw new ApiError(400, first, problems);
      }
      // imp_uid is required, so a delivery that passed the rules named a payment that was found.
      if (!payment) throw new Error('a checked Paymentwall delivery without its payment');
      if (payment.status !== 'paid') throw new ApiError(409, messages.notPaid(payment.status));

      const recorded = await recordPaymentwallDelivery(ctx, check.delivery, unixSeconds(request.clock));
      if (!recorded.accepted) {
        throw new ApiError(
          409,
          messages.paymentwall.statusBackwards(recorded.lastStatus, check.delivery.status),
        );
      }
      return ok(ACCEPTED);
    },
  });
}
