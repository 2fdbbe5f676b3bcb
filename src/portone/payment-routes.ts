import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import { ok } from './envelope.js';
import { readFindStatus, readPaymentIds, readSorting } from './lookup-rules.js';
import { messages } from './messages.js';
import { findPayment, findPaymentByMerchantUid, findPaymentsByIds, toPayment } from './payments.js';
import {
  Envelope,
  ErrorEnvelope,
  FindParams,
  FindQuery,
  ImpUidParams,
  MerchantUidParams,
  Payment,
  PaymentsEnvelope,
  PaymentsQuery,
} from './schemas.js';

const TAGS = ['PortOne payments'];
const security = [{ portoneToken: [] }];

/** The query string exactly as sent, without its `?`. */
function rawQuery(request: FastifyRequest): string {
  const url = request.raw.url ?? '';
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/** `GET /payments/{imp_uid}`, `GET /payments/find/…` and `GET /payments` (several at once). */
export async function paymentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.get('/payments/:imp_uid', {
    schema: {
      tags: TAGS,
      summary: 'Reads a payment',
      security,
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

  const find = async (request: FastifyRequest) => {
    const { merchant_uid, payment_status } = request.params as {
      merchant_uid: string;
      payment_status?: string;
    };
    const status = readFindStatus(payment_status);
    if (typeof status === 'object') throw new ApiError(400, status.problem);
    const sorting = readSorting((request.query as Record<string, unknown>).sorting);
    if (typeof sorting === 'object') throw new ApiError(400, sorting.problem);
    const payment = await findPaymentByMerchantUid(ctx, request.merchantId, merchant_uid, status, sorting);
    if (!payment) throw new ApiError(404, messages.paymentNotFound);
    return ok(toPayment(payment));
  };
  const findSchema = (withStatus: boolean) => ({
    tags: TAGS,
    summary: withStatus
      ? "Finds the merchant's payment of an order number in a status"
      : "Finds the merchant's payment of an order number",
    description:
      '`payment_status`: ready, paid, failed or cancelled; an empty segment and `undefined` mean any status. ' +
      'Another status is a 400 (지원되지 않는 상태값입니다.).',
    security,
    params: withStatus ? FindParams : MerchantUidParams,
    querystring: FindQuery,
    response: { 200: Envelope(Payment), 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope },
  });
  // Checked by hand, so that each problem has the documented message.
  app.get('/payments/find/:merchant_uid', {
    validatorCompiler: documentOnly,
    schema: findSchema(false),
    handler: find,
  });
  app.get('/payments/find/:merchant_uid/:payment_status', {
    validatorCompiler: documentOnly,
    schema: findSchema(true),
    handler: find,
  });

  const several = async (request: FastifyRequest, reply: FastifyReply) => {
    const ids = readPaymentIds(rawQuery(request));
    if ('problem' in ids) throw new ApiError(400, ids.problem);
    const rows = await findPaymentsByIds(ctx, request.merchantId, ids);
    const byImpUid = new Map(rows.map((row) => [row.imp_uid, row]));
    const byMerchantUid = new Map(rows.map((row) => [row.merchant_uid, row]));
    const found = new Map<string, ReturnType<typeof toPayment>>();
    let missing = false;
    for (const [asked, index] of [
      [ids.impUids, byImpUid],
      [ids.merchantUids, byMerchantUid],
    ] as const) {
      for (const id of asked) {
        const row = index.get(id);
        if (!row) missing = true;
        else if (!found.has(row.imp_uid)) found.set(row.imp_uid, toPayment(row));
      }
    }
    if (found.size === 0) throw new ApiError(404, messages.paymentsNotFound);
    // Some not found: 207 with the found ones, `code` 0 (the Node client reads the failed ids from it).
    return reply.code(missing ? 207 : 200).send(ok([...found.values()]));
  };
  for (const url of ['/payments', '/payments/']) {
    app.get(url, {
      validatorCompiler: documentOnly,
      schema: {
        tags: TAGS,
        summary: "Reads several of the merchant's payments at once",
        description:
          'Ids as `imp_uid[]=a&imp_uid[]=b`, `imp_uid[0]=a` or `imp_uid=a` (brackets raw or percent-encoded), likewise `merchant_uid`, ' +
          'at most 100 in all. Found payments in the order asked (imp_uids first), each once: all found 200, some 207, none 404.',
        security,
        querystring: PaymentsQuery,
        response: {
          200: PaymentsEnvelope,
          207: PaymentsEnvelope,
          400: ErrorEnvelope,
          401: ErrorEnvelope,
          404: ErrorEnvelope,
        },
      },
      handler: several,
    });
  }
}
