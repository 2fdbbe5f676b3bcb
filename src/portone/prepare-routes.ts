import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../context.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import { ok, refused } from './envelope.js';
import { messages } from './messages.js';
import { readPrepareBody } from './prepare-rules.js';
import { findPrepare, insertPrepare, updatePrepare } from './prepare-store.js';
import {
  Envelope,
  ErrorEnvelope,
  MerchantUidParams,
  OutcomeEnvelope,
  PrepareBody,
  Prepared,
} from './schemas.js';

const TAGS = ['PortOne prepare'];
const security = [{ portoneToken: [] }];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The body's prepared amount, or the 400 naming its first bad field. */
function preparedOf(request: FastifyRequest) {
  const body = request.body ?? {};
  if (!isPlainObject(body)) throw new ApiError(400, 'body must be a JSON object or a form of fields');
  const prepared = readPrepareBody(body);
  if ('problem' in prepared) throw new ApiError(400, prepared.problem);
  return prepared;
}

/**
 * `/payments/prepare`: the amount a merchant_uid must be paid with. The sandbox's payments of
 * that merchant_uid are then held to it (`POST /sandbox/payments` answers 409 otherwise).
 */
export async function prepareRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const bodySchema = {
    security,
    consumes: ['application/json', 'application/x-www-form-urlencoded'],
    body: PrepareBody,
  };
  app.post('/payments/prepare', {
    config: { bodyTypes: ['json', 'form'] },
    validatorCompiler: documentOnly,
    schema: {
      tags: TAGS,
      summary: 'Prepares the amount of an order number before its payment',
      description:
        'A merchant_uid prepared already is answered HTTP 200 with `code` 1 (결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).).',
      ...bodySchema,
      response: { 200: OutcomeEnvelope(Prepared), 400: ErrorEnvelope, 401: ErrorEnvelope },
    },
    handler: async (request) => {
      const prepared = preparedOf(request);
      if (!(await insertPrepare(ctx, request.merchantId, prepared)))
        return refused(messages.prepare.alreadyPrepared);
      return ok(prepared);
    },
  });

  app.put('/payments/prepare', {
    config: { bodyTypes: ['json', 'form'] },
    validatorCompiler: documentOnly,
    schema: {
      tags: TAGS,
      summary: 'Changes the prepared amount of an order number',
      ...bodySchema,
      response: { 200: Envelope(Prepared), 400: ErrorEnvelope, 401: ErrorEnvelope, 404: ErrorEnvelope },
    },
    handler: async (request) => {
      const prepared = preparedOf(request);
      if (!(await updatePrepare(ctx, request.merchantId, prepared))) {
        throw new ApiError(404, messages.prepare.notPrepared);
      }
      return ok(prepared);
    },
  });

  app.get('/payments/prepare/:merchant_uid', {
    schema: {
      tags: TAGS,
      summary: 'Reads the prepared amount of an order number',
      security,
      params: MerchantUidParams,
      response: { 200: Envelope(Prepared), 401: ErrorEnvelope, 404: ErrorEnvelope },
    },
    handler: async (request) => {
      const { merchant_uid } = request.params as { merchant_uid: string };
      const prepared = await findPrepare(ctx, request.merchantId, merchant_uid);
      if (!prepared) throw new ApiError(404, messages.prepare.notPrepared);
      return ok(prepared);
    },
  });
}
