import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context.js';
import { isStorableText } from '../db/text.js';
import { ApiError } from '../http/api-error.js';
import { documentOnly } from '../http/schemas.js';
import { DEFAULT_TIMEOUTS, webhookUrlProblem } from '../portone/webhooks/rules.js';
import {
  deleteWebhookSetting,
  findWebhook,
  findWebhookSetting,
  listWebhooks,
  putWebhookSetting,
  replayWebhook,
  type StoredSetting,
  type WebhookWithAttempts,
} from '../portone/webhooks/store.js';
import type { SandboxSecurity } from './admin.js';
import { decodeCursor, encodeCursor, limitParam, page, queryParams } from './listing.js';
import {
  DeletedTenant,
  ImpKeyParams,
  SandboxError,
  sandboxErrors,
  WebhookIdParams,
  WebhookList,
  WebhookListQuery,
  WebhookRecord,
  WebhookSetting,
  WebhookSettingBody,
} from './schemas.js';
import { unknownMerchant, unknownWebhook } from './gone.js';
import { merchantIdOf } from './tenant-store.js';

const STATES = ['pending', 'delivered', 'failed'] as const;

/** ISO 8601 of a stored time (the merchant's sandbox clock). */
const iso = (ms: number) => new Date(ms).toISOString();

function toRecord(row: WebhookWithAttempts): WebhookRecord {
  return {
    id: String(row.id),
    imp_key: row.imp_key,
    imp_uid: row.imp_uid,
    merchant_uid: row.merchant_uid,
    status: row.status,
    url: row.url,
    contentType: row.content_type as WebhookRecord['contentType'],
    body: JSON.parse(row.body) as Record<string, string>,
    state: row.state as WebhookRecord['state'],
    createdAt: iso(Number(row.created_at_ms)),
    nextAttemptAt: row.state === 'pending' && row.due_at_ms !== null ? iso(Number(row.due_at_ms)) : null,
    attempts: row.attemptList.map((a) => ({
      at: iso(Number(a.at_ms)),
      status: a.status === null ? null : Number(a.status),
      durationMs: Number(a.duration_ms),
      error: a.error,
    })),
  };
}

/** A webhook id as the path gives it: digits naming a stored id, else none. */
function webhookId(raw: string): number | undefined {
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}

/** The merchants' webhook settings, and the record of every webhook sent, with its replay. */
export async function webhookRoutes(
  app: FastifyInstance,
  ctx: AppContext,
  security: SandboxSecurity,
): Promise<void> {
  const merchantOf = async (impKey: string) => {
    const id = isStorableText(impKey) ? await merchantIdOf(ctx, impKey) : undefined;
    if (id === undefined) throw new ApiError(404, unknownMerchant(impKey));
    return id;
  };

  app.put('/sandbox/merchants/:imp_key/webhook', {
    schema: {
      tags: ['Sandbox webhooks'],
      summary: "Sets the merchant's webhook: where its payments' events are sent, and how",
      description:
        'contentType json (default) or form; retry false by default; timeouts connectMs 10000, readMs 30000, retryTotalMs 15000 by default, each 100 to 60000.',
      security,
      params: ImpKeyParams,
      body: WebhookSettingBody,
      response: { 200: WebhookSetting, ...sandboxErrors },
    },
    handler: async (request) => {
      const { imp_key } = request.params as { imp_key: string };
      const body = request.body as WebhookSettingBody | undefined;
      if (body === undefined) throw new ApiError(400, 'body must be a JSON object with url');
      const problem = webhookUrlProblem('url', body.url, ctx.config.webhookHosts);
      if (problem) throw new ApiError(400, problem);
      const merchantId = await merchantOf(imp_key);
      const setting: StoredSetting = {
        url: body.url,
        contentType: body.contentType ?? 'json',
        retry: body.retry ?? false,
        timeouts: { ...DEFAULT_TIMEOUTS, ...body.timeouts },
      };
      await putWebhookSetting(ctx, merchantId, setting);
      return setting;
    },
  });

  app.get('/sandbox/merchants/:imp_key/webhook', {
    schema: {
      tags: ['Sandbox webhooks'],
      summary: "The merchant's webhook setting (404 when it has none)",
      security,
      params: ImpKeyParams,
      response: { 200: WebhookSetting, ...sandboxErrors },
    },
    handler: async (request) => {
      const { imp_key } = request.params as { imp_key: string };
      const setting = await findWebhookSetting(ctx, await merchantOf(imp_key));
      if (!setting) throw new ApiError(404, `merchant ${imp_key} has no webhook setting`);
      return setting;
    },
  });

  app.delete('/sandbox/merchants/:imp_key/webhook', {
    schema: {
      tags: ['Sandbox webhooks'],
      summary: "Removes the merchant's webhook setting (webhooks already queued still go out)",
      security,
      params: ImpKeyParams,
      response: { 200: DeletedTenant, ...sandboxErrors },
    },
    handler: async (request) => {
      const { imp_key } = request.params as { imp_key: string };
      if (!(await deleteWebhookSetting(ctx, await merchantOf(imp_key)))) {
        throw new ApiError(404, `merchant ${imp_key} has no webhook setting`);
      }
      return { deleted: true as const };
    },
  });

  app.get('/sandbox/webhooks', {
    // The query is checked below, with messages naming the parameter.
    validatorCompiler: documentOnly,
    schema: {
      tags: ['Sandbox webhooks'],
      summary: 'Webhooks queued and sent, newest first, each with every attempt',
      description:
        'Filters imp_key, imp_uid, state (pending, delivered, failed); `limit` 1 to 1000 (default 100), `cursor` the `next` of the page before.',
      security,
      querystring: WebhookListQuery,
      response: { 200: WebhookList, ...sandboxErrors },
    },
    handler: async (request) => {
      const params = queryParams(request.query, ['imp_key', 'imp_uid', 'state', 'limit', 'cursor']);
      const limit = limitParam(params.limit);
      const state = params.state;
      if (state !== undefined && !(STATES as readonly string[]).includes(state)) {
        throw new ApiError(400, 'state must be pending, delivered or failed');
      }
      const beforeId =
        params.cursor === undefined ? undefined : decodeCursor('webhooks', params.cursor, ['number'])[0];
      const merchantId = params.imp_key === undefined ? undefined : await merchantOf(params.imp_key);
      const impUid = params.imp_uid;
      if (impUid !== undefined && !isStorableText(impUid)) return { webhooks: [], next: null };
      const rows = await listWebhooks(ctx, {
        merchantId,
        impUid,
        state: state as (typeof STATES)[number] | undefined,
        beforeId,
        limit: limit + 1,
      });
      const { items, next } = page(rows, limit, (last) => encodeCursor('webhooks', [Number(last.id)]));
      return { webhooks: items.map(toRecord), next };
    },
  });

  app.get('/sandbox/webhooks/:id', {
    schema: {
      tags: ['Sandbox webhooks'],
      summary: 'A webhook with every attempt',
      security,
      params: WebhookIdParams,
      response: { 200: WebhookRecord, 401: SandboxError, 404: SandboxError },
    },
    handler: async (request) => {
      const { id } = request.params as { id: string };
      const n = webhookId(id);
      const row = n === undefined ? undefined : await findWebhook(ctx, n);
      if (!row) throw new ApiError(404, unknownWebhook(id));
      return toRecord(row);
    },
  });

  app.post('/sandbox/webhooks/:id/replay', {
    schema: {
      tags: ['Sandbox webhooks'],
      summary: 'Sends a finished webhook once more, now, to the same URL with the same body (not retried)',
      description:
        'The attempt is recorded on the same webhook. A webhook still pending is a 409: its attempts are under way.',
      security,
      params: WebhookIdParams,
      response: { 202: WebhookRecord, 401: SandboxError, 404: SandboxError, 409: SandboxError },
    },
    handler: async (request, reply) => {
      const { id } = request.params as { id: string };
      const n = webhookId(id);
      const replayed = n === undefined ? undefined : await replayWebhook(ctx, n);
      if (!replayed || n === undefined) throw new ApiError(404, unknownWebhook(id));
      if (replayed === 'pending')
        throw new ApiError(409, `webhook ${id} is pending: its attempts are under way`);
      const row = await findWebhook(ctx, n);
      if (!row) throw new ApiError(404, unknownWebhook(id));
      return reply.code(202).send(toRecord(row));
    },
  });
}
