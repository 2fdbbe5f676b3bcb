import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import { readCancelRequest } from './cancel-rules.js';
import { cancelPayment } from './cancel-store.js';
import { ok, refused } from './envelope.js';
import { messages } from './messages.js';
import { CancelBody, ErrorEnvelope, OutcomeEnvelope, Payment } from './schemas.js';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `POST /payments/cancel` (also `/payments/cancel/`, where the PHP client posts): cancels all or
 * part of a payment. Business failures answer HTTP 200 with `code` 1 and change nothing.
 */
export async function cancelRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  for (const url of ['/payments/cancel', '/payments/cancel/']) {
    app.post(url, {
      config: { bodyTypes: ['json', 'form'] },
      // Checked by the cancel rules, in the contract's order, with its messages.
      validatorCompiler: documentOnly,
      schema: {
        tags: ['PortOne cancel'],
        summary: 'Cancels a payment in full or in part',
        description:
          'JSON or form; numbers may be numeric strings, booleans "true"/"false"; unknown fields are ignored. ' +
          '`amount` missing, null or 0 cancels the whole balance; `checksum` must equal the balance when given. ' +
          'Refusals answer HTTP 200 with `code` 1: 취소할 결제건이 존재하지 않습니다., 이미 전액취소된 주문입니다., ' +
          '결제완료 상태의 거래건이 아닙니다. (<status>), and the checksum, balance and tax-free checks.',
        security: [{ portoneToken: [] }],
        consumes: ['application/json', 'application/x-www-form-urlencoded'],
        body: CancelBody,
        response: { 200: OutcomeEnvelope(Payment), 400: ErrorEnvelope, 401: ErrorEnvelope },
      },
      handler: async (request) => {
        const body = request.body ?? {};
        if (!isPlainObject(body)) throw new ApiError(400, 'body must be a JSON object or a form of fields');
        const cancel = readCancelRequest(body);
        if ('problem' in cancel) throw new ApiError(400, cancel.problem);
        if (cancel.impUid === undefined && cancel.merchantUid === undefined)
          return refused(messages.cancel.noUid);
        const outcome = await cancelPayment(ctx, { kind: 'api', merchantId: request.merchantId }, cancel);
        return 'refusal' in outcome ? refused(outcome.refusal) : ok(outcome.payment);
      },
    });
  }
}
