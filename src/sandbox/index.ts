import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { TABLES_CHILDREN_FIRST } from '../db/schema.js';
import { isStorableText } from '../db/text.js';
import { findEscrowDelivery, toStoredEscrowDelivery } from '../portone/escrow.js';
import { createMerchant, findMerchantByKey, ImpKeyTakenError } from '../portone/merchants.js';
import { createPayment, MerchantUidTakenError } from '../portone/payments.js';
import { paymentwallHistory } from '../portone/paymentwall.js';
import { Payment } from '../portone/schemas.js';
import {
  ImpUidParams,
  NewMerchantBody,
  NewPaymentBody,
  PaymentDeliveries,
  ResetResult,
  SandboxError,
  SandboxMerchant,
} from './schemas.js';
import { vendorRoutes } from './vendors.js';

const errors = { 400: SandboxError, 401: SandboxError, 404: SandboxError, 409: SandboxError };

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison takes the same time whatever was sent.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

/** baesong's own `/sandbox` API: sets up what the real platforms create by other means. */
export async function sandbox(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const adminToken = ctx.config.adminToken;
  if (adminToken) {
    app.addHook('onRequest', async (request, reply) => {
      const given = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim() ?? '';
      if (!sameSecret(given, adminToken)) {
        return reply
          .code(401)
          .send({ error: 'the sandbox API needs Authorization: Bearer <BAESONG_ADMIN_TOKEN>' });
      }
    });
  }
  const security = adminToken ? [{ adminToken: [] }] : [];

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
    handler: async (request, reply) => {
      const body = request.body as NewMerchantBody;
      try {
        return reply.code(201).send(await createMerchant(ctx, body));
      } catch (err) {
        if (err instanceof ImpKeyTakenError) return reply.code(409).send({ error: err.message });
        throw err;
      }
    },
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
      if (request.body === undefined) return reply.code(400).send({ error: 'body must be a JSON object' });
      const body = request.body as NewPaymentBody;
      const merchant = await findMerchantByKey(ctx, body.imp_key);
      if (!merchant) return reply.code(404).send({ error: `no merchant has imp_key ${body.imp_key}` });
      try {
        const payment = await createPayment(ctx, {
          ...body,
          merchantId: merchant.merchant_id,
          escrow: body.escrow ?? false,
          status: body.status ?? 'paid',
          amount: body.amount ?? 1000,
        });
        return reply.code(201).send(payment);
      } catch (err) {
        if (err instanceof MerchantUidTakenError) return reply.code(409).send({ error: err.message });
        throw err;
      }
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
    handler: async (request, reply) => {
      const { imp_uid } = request.params as { imp_uid: string };
      // A value PostgreSQL cannot hold names no payment (db/text.ts).
      const payment = !isStorableText(imp_uid)
        ? undefined
        : await ctx.db
            .selectFrom('payments')
            .select('imp_uid')
            .where('imp_uid', '=', imp_uid)
            .executeTakeFirst();
      if (!payment) return reply.code(404).send({ error: `no payment has imp_uid ${imp_uid}` });
      const escrow = await findEscrowDelivery(ctx, imp_uid);
      return {
        escrow: escrow ? toStoredEscrowDelivery(escrow) : null,
        paymentwall: await paymentwallHistory(ctx, imp_uid),
      };
    },
  });

  await vendorRoutes(app, ctx, security);

  app.post('/sandbox/reset', {
    schema: {
      tags: ['Sandbox'],
      summary: 'Deletes all data: merchants, tokens, payments, deliveries, Coupang vendors and places',
      security,
      response: { 200: ResetResult, 401: SandboxError },
    },
    handler: async () => {
      await ctx.writes.transaction(async (trx) => {
        for (const table of TABLES_CHILDREN_FIRST) await trx.deleteFrom(table).execute();
      });
      return { reset: true as const };
    },
  });
}
