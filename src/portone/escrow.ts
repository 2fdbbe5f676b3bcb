import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { unixSeconds } from '../clock.js';
import type { AppContext } from '../context.js';
import { type Db, isUniqueViolation } from '../db/index.js';
import { prepareQuery } from '../db/prepared.js';
import type { EscrowDeliveriesTable } from '../db/schema.js';
import { bodyProblem } from '../http/body.js';
import { documentOnly } from '../http/schemas.js';
import { failure, ok } from './envelope.js';
import { checkEscrowDelivery, type EscrowDelivery, isEscrowPg } from './escrow-rules.js';
import { messages } from './messages.js';
import { findPayment } from './payments.js';
import { Envelope, ErrorEnvelope, EscrowDeliveryBody, EscrowLogis, ImpUidParams } from './schemas.js';

/** The escrow delivery as the sandbox shows it: the objects as last registered. */
export interface StoredEscrowDelivery {
  sender: Record<string, unknown>;
  receiver: Record<string, unknown>;
  logis: Record<string, unknown>;
  applied_at: number;
}

export function toEscrowLogis(row: EscrowDeliveriesTable): EscrowLogis {
  return {
    company: row.company,
    invoice: row.invoice,
    sent_at: Number(row.sent_at),
    applied_at: Number(row.applied_at),
  };
}

export function toStoredEscrowDelivery(row: EscrowDeliveriesTable): StoredEscrowDelivery {
  return {
    sender: JSON.parse(row.sender),
    receiver: JSON.parse(row.receiver),
    logis: JSON.parse(row.logis),
    applied_at: Number(row.applied_at),
  };
}

// Compiled once: GET and PUT are what clients repeat on this route.
const selectEscrowDelivery = prepareQuery((db: Db, p: { impUid: string }) =>
  db.selectFrom('escrow_deliveries').selectAll().where('imp_uid', '=', p.impUid),
);

const updateEscrowDelivery = prepareQuery((db: Db, p: EscrowDeliveriesTable) =>
  db
    .updateTable('escrow_deliveries')
    .set({
      sender: p.sender,
      receiver: p.receiver,
      logis: p.logis,
      company: p.company,
      invoice: p.invoice,
      sent_at: p.sent_at,
      applied_at: p.applied_at,
    })
    .where('imp_uid', '=', p.imp_uid)
    .returningAll(),
);

export async function findEscrowDelivery(ctx: AppContext, impUid: string) {
  const { rows } = await selectEscrowDelivery.execute(ctx.db, { impUid });
  return rows[0];
}

function toRow(impUid: string, delivery: EscrowDelivery, appliedAt: number): EscrowDeliveriesTable {
  return {
    imp_uid: impUid,
    sender: JSON.stringify(delivery.sender),
    receiver: JSON.stringify(delivery.receiver),
    logis: JSON.stringify(delivery.logis),
    company: delivery.logis.company,
    invoice: delivery.logis.invoice,
    sent_at: delivery.logis.sent_at,
    applied_at: appliedAt,
  };
}

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
      handler: (request, reply) => handleEscrow(ctx, method, request, reply),
    });
  }
}

async function handleEscrow(ctx: AppContext, method: Method, request: FastifyRequest, reply: FastifyReply) {
  const { imp_uid } = request.params as { imp_uid: string };
  const payment = await findPayment(ctx, request.merchantId, imp_uid);
  if (!payment) return reply.code(404).send(failure(messages.paymentNotFound));
  if (!isEscrowPg(payment.pg_provider)) {
    return reply.code(400).send(failure(messages.escrowUnsupportedPg(payment.pg_provider)));
  }

  let delivery: EscrowDelivery | undefined;
  if (method !== 'GET') {
    const check = checkEscrowDelivery(payment.pg_provider, request.body, bodyProblem(request));
    if (!check.ok) return reply.code(400).send(failure(messages.escrowInvalid(check.problems)));
    delivery = check.delivery;
  }

  if (!payment.escrow) return reply.code(409).send(failure(messages.notEscrow));
  if (payment.status !== 'paid') return reply.code(409).send(failure(messages.notPaid(payment.status)));

  const now = unixSeconds(ctx.clock);
  if (method === 'POST' && delivery) {
    const row = toRow(imp_uid, delivery, now);
    try {
      await ctx.writes.statement((db) => db.insertInto('escrow_deliveries').values(row).execute());
    } catch (err) {
      if (isUniqueViolation(err)) return reply.code(409).send(failure(messages.escrowAlreadyRegistered));
      throw err;
    }
    return ok(toEscrowLogis(row));
  }
  if (method === 'PUT' && delivery) {
    const {
      rows: [updated],
    } = await ctx.writes.statement((db) => updateEscrowDelivery.execute(db, toRow(imp_uid, delivery, now)));
    if (!updated) return reply.code(409).send(failure(messages.escrowNotRegistered));
    return ok(toEscrowLogis(updated));
  }
  const stored = await findEscrowDelivery(ctx, imp_uid);
  if (!stored) return reply.code(409).send(failure(messages.escrowNotRegistered));
  return ok(toEscrowLogis(stored));
}
