import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { isStorableText } from '../db/text.js';
import { ApiError } from '../http/api-error.js';
import { findEscrowDelivery, toStoredEscrowDelivery } from '../portone/escrow-store.js';
import { createMerchant, findMerchantByKey } from '../portone/merchants.js';
import { readCancelRequest } from '../portone/cancel-rules.js';
import { cancelPayment } from '../portone/cancel-store.js';
import { messages } from '../portone/messages.js';
import { createPayment, markPaid } from '../portone/payments.js';
import { webhookUrlProblem } from '../portone/webhooks/rules.js';
import { documentOnly } from '../http/schemas.js';
import { paymentwallHistory } from '../portone/paymentwall-store.js';
import { Payment } from '../portone/schemas.js';
import type { SandboxSecurity } from './admin.js';
import { unknownMerchant, unknownPayment } from './gone.js';
import {
  ConsoleCancelBody,
  ImpUidParams,
  NewMerchantBody,
  NewPaymentBody,
  PaymentDeliveries,
  SandboxError,
  sandboxErrors,
  SandboxMerchant,
} from './schemas.js';

const errors = { ...sandboxErrors, 409: SandboxError };

/** The PortOne side of the sandbox: merchants, payments as if buyers had made them, their deliveries. */
export async function portoneSandboxRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  app.post('/sandbox/merchants', {
    // Every field is optional, so no body at all is an empty one.
    preValidation: async (request) => {
      request.body ??= {};
    },
    schema: {
      tags: ['Sandbox'],
      summary: 'Creates a PortOne merchant with its REST API key and secret',
      security,
      body: NewMerchantBody,
      response: { 201: SandboxMerchant, ...errors },
    },
    handler: async (request, reply) =>
      reply.code(201).send(await createMerchant(ctx, request.body as NewMerchantBody)),
  });

  app.post('/sandbox/payments', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Records a payment as if a buyer had made it',
      security,
      body: NewPaymentBody,
      response: { 201: Payment, ...errors },
    },
    handler: async (request, reply) => {
      if (request.body === undefined) throw new ApiError(400, 'body must be a JSON object');
      const body = request.body as NewPaymentBody;
      if (body.notice_url !== undefined) {
        const problem = webhookUrlProblem('notice_url', body.notice_url, ctx.config.webhookHosts);
        if (problem) throw new ApiError(400, problem);
      }
      const merchant = await findMerchantByKey(ctx, body.imp_key);
      if (!merchant) throw new ApiError(404, unknownMerchant(body.imp_key));
      const payment = await createPayment(
        ctx,
        {
          ...body,
          merchantId: merchant.merchant_id,
          impKey: merchant.imp_key,
          merchantName: merchant.name,
          pay_method: body.pay_method ?? 'card',
          escrow: body.escrow ?? false,
          status: body.status ?? 'paid',
          amount: body.amount ?? 1000,
        },
        ctx.clock.of({ merchant: merchant.imp_key }),
      );
      return reply.code(201).send(payment);
    },
  });

  app.post('/sandbox/payments/:imp_uid/paid', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Pays a ready payment (the deposit, for a virtual account); its webhook is sent',
      security,
      params: ImpUidParams,
      response: { 200: Payment, ...errors },
    },
    handler: async (request) => {
      const { imp_uid } = request.params as { imp_uid: string };
      const payment = isStorableText(imp_uid) ? await markPaid(ctx, imp_uid) : undefined;
      if (!payment) throw new ApiError(404, unknownPayment(imp_uid));
      return payment;
    },
  });

  app.post('/sandbox/payments/:imp_uid/cancel', {
    // An empty body cancels the whole balance; the fields are read by the cancel rules.
    validatorCompiler: documentOnly,
    schema: {
      tags: ['Sandbox'],
      summary:
        "The console's cancel, full or partial, by the rules of POST /payments/cancel; its webhook is sent",
      description: 'Refusals of `POST /payments/cancel` answer 409 with the same message.',
      security,
      params: ImpUidParams,
      body: ConsoleCancelBody,
      response: { 200: Payment, ...errors },
    },
    handler: async (request) => {
      const { imp_uid } = request.params as { imp_uid: string };
      const body = request.body ?? {};
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new ApiError(400, 'body must be a JSON object');
      }
      const { amount, reason, checksum } = body as Record<string, unknown>;
      const cancel = readCancelRequest({ amount, reason, checksum });
      if ('problem' in cancel) throw new ApiError(400, cancel.problem);
      const outcome = await cancelPayment(ctx, { kind: 'console' }, { ...cancel, impUid: imp_uid });
      if ('refusal' in outcome) {
        if (outcome.refusal === messages.cancel.notFound) throw new ApiError(404, unknownPayment(imp_uid));
        throw new ApiError(409, outcome.refusal);
      }
      return outcome.payment;
    },
  });

  app.get('/sandbox/payments/:imp_uid/deliveries', {
    schema: {
      tags: ['Sandbox'],
      summary:
        "A payment's deliveries: the escrow delivery as last registered, and every Paymentwall delivery call",
      security,
      params: ImpUidParams,
      response: { 200: PaymentDeliveries, ...errors },
    },
    handler: async (request) => {
      const { imp_uid } = request.params as { imp_uid: string };
      // A value PostgreSQL cannot hold names no payment (db/text.ts).
      const payment = !isStorableText(imp_uid)
        ? undefined
        : await ctx.db
            .selectFrom('payments')
            .select('imp_uid')
            .where('imp_uid', '=', imp_uid)
            .executeTakeFirst();
      if (!payment) throw new ApiError(404, unknownPayment(imp_uid));
      const escrow = await findEscrowDelivery(ctx, imp_uid);
      return {
        escrow: escrow ? toStoredEscrowDelivery(escrow) : null,
        paymentwall: await paymentwallHistory(ctx, imp_uid),
      };
    },
  });
}
