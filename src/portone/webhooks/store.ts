import { sql } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Db } from '../../db/index.js';
import type { WebhookAttemptsTable, WebhooksTable } from '../../db/schema.js';
import type { Writes } from '../../db/writes.js';
import {
  type AttemptOutcome,
  type ContentType,
  afterAttempt,
  type Timeouts,
  type WebhookState,
} from './rules.js';

/**
 * How long a claim holds a row: the contract's minute, by the global sandbox clock like every
 * other time of the sandbox, so that a suite can expire the lease of an instance it killed by
 * advancing the clock rather than waiting (and a frozen clock holds it, as it holds retries).
 */
const LEASE_MS = 60_000;
const LEASE_MARGIN_MS = 10_000;

/** A merchant's setting as the sandbox shows it. */
export interface StoredSetting {
  url: string;
  contentType: ContentType;
  retry: boolean;
  timeouts: Timeouts;
}

export async function putWebhookSetting(
  ctx: AppContext,
  merchantId: string,
  setting: StoredSetting,
): Promise<void> {
  const row = {
    url: setting.url,
    content_type: setting.contentType,
    retry: setting.retry ? 1 : 0,
    connect_ms: setting.timeouts.connectMs,
    read_ms: setting.timeouts.readMs,
    retry_total_ms: setting.timeouts.retryTotalMs,
  };
  await ctx.writes.statement((db) =>
    db
      .insertInto('webhook_settings')
      .values({ merchant_id: merchantId, ...row })
      .onConflict((oc) => oc.column('merchant_id').doUpdateSet(row))
      .execute(),
  );
}

export async function findWebhookSetting(
  ctx: AppContext,
  merchantId: string,
): Promise<StoredSetting | undefined> {
  const row = await ctx.db
    .selectFrom('webhook_settings')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  return (
    row && {
      url: row.url,
      contentType: row.content_type as ContentType,
      retry: Boolean(row.retry),
      timeouts: {
        connectMs: Number(row.connect_ms),
        readMs: Number(row.read_ms),
        retryTotalMs: Number(row.retry_total_ms),
      },
    }
  );
}

/** False when the merchant had no setting. */
export async function deleteWebhookSetting(ctx: AppContext, merchantId: string): Promise<boolean> {
  const result = await ctx.writes.statement((db) =>
    db.deleteFrom('webhook_settings').where('merchant_id', '=', merchantId).executeTakeFirst(),
  );
  return Number(result.numDeletedRows) > 0;
}

/** A webhook with its attempts, oldest first. */
export type WebhookWithAttempts = WebhooksTable & { attemptList: WebhookAttemptsTable[] };

async function withAttempts(db: Db, rows: WebhooksTable[]): Promise<WebhookWithAttempts[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'webhook_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('webhook_id')
    .orderBy('seq')
    .execute();
  const byId = new Map<number, WebhookAttemptsTable[]>();
  for (const attempt of attempts) {
    const id = Number(attempt.webhook_id);
    byId.set(id, [...(byId.get(id) ?? []), attempt]);
  }
  return rows.map((row) => ({ ...row, attemptList: byId.get(Number(row.id)) ?? [] }));
}

export interface WebhookFilter {
  merchantId?: string | undefined;
  impUid?: string | undefined;
  state?: WebhookState | undefined;
  /** Only ids below this one (the cursor's). */
  beforeId?: number | undefined;
  limit: number;
}

/** Webhooks newest first (by id, which grows with each event). */
export async function listWebhooks(ctx: AppContext, filter: WebhookFilter): Promise<WebhookWithAttempts[]> {
  let query = ctx.db.selectFrom('webhooks').selectAll();
  if (filter.merchantId !== undefined) query = query.where('merchant_id', '=', filter.merchantId);
  if (filter.impUid !== undefined) query = query.where('imp_uid', '=', filter.impUid);
  if (filter.state !== undefined) query = query.where('state', '=', filter.state);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(filter.limit).execute();
  return withAttempts(ctx.db, rows);
}

export async function findWebhook(ctx: AppContext, id: number): Promise<WebhookWithAttempts | undefined> {
  const row = await ctx.db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await withAttempts(ctx.db, [row]))[0];
}

/**
 * Queues one more attempt of a finished webhook, due now by the merchant's clock, to the same URL
 * with the same body, not retried. `pending`: the webhook is still being tried (nothing changed);
 * undefined: no such webhook.
 */
export async function replayWebhook(ctx: AppContext, id: number): Promise<'queued' | 'pending' | undefined> {
  const row = await ctx.db
    .selectFrom('webhooks')
    .select(['state', 'imp_key'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const nowMs = ctx.clock.of({ merchant: row.imp_key }).nowMs();
  const result = await ctx.writes.statement((db) =>
    db
      .updateTable('webhooks')
      .set({ state: 'pending', due_at_ms: nowMs, replay: 1 })
      .where('id', '=', id)
      .where('state', '<>', 'pending')
      .executeTakeFirst(),
  );
  if (Number(result.numUpdatedRows) === 0) return 'pending';
  ctx.webhooks?.wake();
  return 'queued';
}

/**
 * The outbox as the sender of one instance sees it: due rows are claimed with a lease, so that
 * each attempt is made by one instance, and a result is written only by the lease's holder.
 */
export class Outbox {
  constructor(
    private readonly db: Db,
    private readonly writes: Writes,
    private readonly engine: 'sqlite' | 'postgres',
    /** This instance's name on the leases it takes. */
    readonly owner: string,
  ) {}

  /**
   * Claims the webhook due first, if any: pending, due by its merchant's clock (`globalNowMs` plus
   * the merchant's own offset, as the sandbox clock table keeps it), and not leased by a live
   * holder. On PostgreSQL the row is taken with `FOR UPDATE SKIP LOCKED`, so instances claiming at
   * once take different rows; SQLite has one writer, which claims in one statement.
   */
  async claim(globalNowMs: number): Promise<WebhooksTable | undefined> {
    const due = (db: Db, lock: boolean) => {
      let query = db
        .selectFrom('webhooks')
        .select('id')
        .where('state', '=', 'pending')
        .where(
          (eb) =>
            sql<boolean>`${eb.ref('due_at_ms')} - coalesce((select c.offset_ms from sandbox_clock c where c.kind = 'merchant' and c.tenant = ${eb.ref('webhooks.imp_key')}), 0) <= ${globalNowMs}`,
        )
        .where((eb) => eb.or([eb('lease_until_ms', 'is', null), eb('lease_until_ms', '<', globalNowMs)]))
        .orderBy('due_at_ms')
        .limit(1);
      if (lock && this.engine === 'postgres') query = query.forUpdate().skipLocked();
      return query;
    };
    // A cheap read first: an idle outbox costs no write.
    if (!(await due(this.db, false).executeTakeFirst())) return undefined;
    return this.writes.statement(async (db) => {
      const claimed = await db
        .updateTable('webhooks')
        .set((eb) => ({
          lease_owner: this.owner,
          // A minute, or longer when the row's timeouts allow a slower attempt: a lease outlives
          // its attempt, so no other instance makes it again meanwhile.
          lease_until_ms: sql<number>`cast(${globalNowMs} as bigint) + case when ${eb.ref('connect_ms')} + ${eb.ref('read_ms')} + ${LEASE_MARGIN_MS} > ${LEASE_MS} then ${eb.ref('connect_ms')} + ${eb.ref('read_ms')} + ${LEASE_MARGIN_MS} else ${LEASE_MS} end`,
        }))
        .where('id', '=', due(db, true))
        .returningAll()
        .executeTakeFirst();
      return claimed;
    });
  }

  /**
   * Writes an attempt and what the webhook becomes, if this instance still holds its lease (a
   * reset or a merchant's deletion may have removed it meanwhile, another instance may have
   * taken an expired lease). False when it did not.
   */
  async record(
    webhook: WebhooksTable,
    outcome: AttemptOutcome,
    attempt: { atMs: number; durationMs: number; endedAtMs: number },
  ): Promise<boolean> {
    const attempts = Number(webhook.attempts) + 1;
    const next = afterAttempt(
      outcome,
      { attempts, retry: Boolean(webhook.retry), replay: Boolean(webhook.replay) },
      attempt.endedAtMs,
    );
    return this.writes.transaction(async (trx) => {
      const updated = await trx
        .updateTable('webhooks')
        .set({
          attempts,
          state: next.state,
          due_at_ms: next.dueAtMs,
          replay: 0,
          lease_owner: null,
          lease_until_ms: null,
        })
        .where('id', '=', webhook.id)
        .where('lease_owner', '=', this.owner)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await trx
        .insertInto('webhook_attempts')
        .values({
          webhook_id: webhook.id,
          seq: attempts,
          at_ms: attempt.atMs,
          status: outcome.status,
          duration_ms: attempt.durationMs,
          error: outcome.error,
        })
        .execute();
      return true;
    });
  }

  /** Gives back leases not used (shutting down): another instance, or the next start, takes them at once. */
  async release(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.writes.statement((db) =>
      db
        .updateTable('webhooks')
        .set({ lease_owner: null, lease_until_ms: null })
        .where('id', 'in', ids)
        .where('lease_owner', '=', this.owner)
        .execute(),
    );
  }
}
