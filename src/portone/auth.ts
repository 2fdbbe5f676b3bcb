import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { documentOnly } from '../http/schemas.js';
import { ApiError } from '../http/api-error.js';
import { ok } from './envelope.js';
import { findMerchantByKey, secretMatches } from './merchants.js';
import { messages } from './messages.js';
import { AccessToken, Envelope, ErrorEnvelope, GetTokenBody } from './schemas.js';
import { currentToken, merchantOfToken, tokenFromHeaders } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The merchant whose token authenticated this PortOne request. */
    merchantId: string;
  }
}

function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v !== '';
}

/** `POST /users/getToken`, JSON or form. */
export async function tokenRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  app.post('/users/getToken', {
    config: { bodyTypes: ['json', 'form'] },
    validatorCompiler: documentOnly,
    schema: {
      tags: ['PortOne auth'],
      summary: 'Issues an access token',
      description:
        'A token lives 30 minutes. Asking again while it is valid returns the same token; within its last 60 seconds the expiry is extended by 5 minutes.',
      body: GetTokenBody,
      response: { 200: Envelope(AccessToken), 400: ErrorEnvelope, 401: ErrorEnvelope },
    },
    // The key and secret are checked before the handler, as the token guard checks a token before
    // any other route's: the merchant is then known to what runs between (faults matched by merchant).
    preValidation: async (request) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const { imp_key, imp_secret } = body;
      if (!nonEmptyString(imp_key) || !nonEmptyString(imp_secret)) {
        throw new ApiError(400, messages.missingKeys);
      }
      const merchant = await findMerchantByKey(ctx, imp_key);
      if (!merchant || !secretMatches(imp_secret, merchant.imp_secret_hash)) {
        throw new ApiError(401, messages.authFailed);
      }
      request.merchantId = merchant.merchant_id;
      request.tenant = { merchant: merchant.imp_key };
    },
    handler: async (request) => {
      try {
        return ok(await currentToken(ctx, request.merchantId, request.clock));
      } catch (err) {
        // Deleted (`DELETE /sandbox/merchants/{imp_key}`, a reset) since its key was checked, after
        // the token's write and before its read: no token is left to read. As an unknown key (a
        // write that found the merchant gone answers so by `portone.parentGone`).
        const { tenant } = request;
        if (tenant && 'merchant' in tenant && !(await findMerchantByKey(ctx, tenant.merchant))) {
          throw new ApiError(401, messages.authFailed);
        }
        throw err;
      }
    },
  });
}

/** Guards every route registered on `app`: a valid token, sent in one of the three accepted ways. */
export function requireToken(app: FastifyInstance, ctx: AppContext): void {
  app.addHook('onRequest', async (request) => {
    const token = tokenFromHeaders(request.headers);
    const merchant = token ? await merchantOfToken(ctx, token) : undefined;
    if (!merchant) throw new ApiError(401, messages.unauthorized);
    request.merchantId = merchant.merchantId;
    request.tenant = { merchant: merchant.impKey };
  });
}
