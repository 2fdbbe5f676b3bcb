import type { Transaction } from 'kysely';
import type { Tables } from '../../db/schema.js';
import { nextValue, SEQUENCES } from '../../db/sequences.js';
import { type ContentType, DEFAULT_TIMEOUTS, type WebhookFields } from './rules.js';

type Trx = Transaction<Tables>;

/** Where a merchant's webhooks go and how, as known at an event. */
export interface WebhookTarget {
  url: string;
  contentType: ContentType;
  retry: boolean;
  connectMs: number;
  readMs: number;
  retryTotalMs: number;
}

/**
 * The target of an event of a payment: its own `notice_url` wins over the merchant's setting, as
 * `notice_url` in `IMP.request_pay` overrides the console; the setting's content type, retries
 * and timeouts apply either way (JSON and the defaults without a setting). Undefined when
 * neither names a URL: nothing is sent.
 */
export async function webhookTarget(
  trx: Trx,
  merchantId: string,
  noticeUrl: string | null,
): Promise<WebhookTarget | undefined> {
  const setting = await trx
    .selectFrom('webhook_settings')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  const url = noticeUrl ?? setting?.url;
  if (url === undefined) return undefined;
  if (!setting) return { url, contentType: 'json', retry: false, ...DEFAULT_TIMEOUTS };
  return {
    url,
    contentType: setting.content_type as ContentType,
    retry: Boolean(setting.retry),
    connectMs: Number(setting.connect_ms),
    readMs: Number(setting.read_ms),
    retryTotalMs: Number(setting.retry_total_ms),
  };
}

/**
 * Writes the webhook of an event into the outbox, in the event's own transaction: it exists
 * exactly when the event's change does, and goes out once that is committed, however the process
 * ends meanwhile. `nowMs` is the merchant's clock: the first attempt is due at once.
 */
export async function queueWebhook(
  trx: Trx,
  event: { merchantId: string; impKey: string; target: WebhookTarget; fields: WebhookFields; nowMs: number },
): Promise<void> {
  const id = await nextValue(trx, SEQUENCES.webhooks);
  const { target } = event;
  await trx
    .insertInto('webhooks')
    .values({
      id,
      merchant_id: event.merchantId,
      imp_key: event.impKey,
      imp_uid: event.fields.imp_uid,
      merchant_uid: event.fields.merchant_uid,
      status: event.fields.status,
      url: target.url,
      content_type: target.contentType,
      body: JSON.stringify(event.fields),
      state: 'pending',
      created_at_ms: event.nowMs,
      due_at_ms: event.nowMs,
      attempts: 0,
      retry: target.retry ? 1 : 0,
      replay: 0,
      connect_ms: target.connectMs,
      read_ms: target.readMs,
      retry_total_ms: target.retryTotalMs,
      lease_owner: null,
      lease_until_ms: null,
    })
    .execute();
}
