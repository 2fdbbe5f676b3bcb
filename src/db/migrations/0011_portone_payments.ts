import type { Kysely } from 'kysely';

/**
 * PortOne payments beyond their creation (README, PortOne: find, prepare, cancel and the webhook):
 * the cancel and virtual-account columns of a payment, prepared amounts, the merchants' webhook
 * settings, and the webhook outbox with its attempts. Touches only tables of 0001, so it applies
 * whatever other migrations came before it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const paymentColumns: [string, 'text' | 'bigint' | 'integer', string | number | null][] = [
    ['pay_method', 'text', 'card'],
    ['cancel_amount', 'bigint', 0],
    // JSON array of the cancels, oldest first: one row, so a cancel is one conditional update.
    ['cancel_history', 'text', '[]'],
    ['cancel_reason', 'text', null],
    ['vbank_num', 'text', null],
    ['vbank_holder', 'text', null],
    ['vbank_date', 'bigint', 0],
    ['vbank_issued_at', 'bigint', 0],
    ['notice_url', 'text', null],
    // 1 when a webhook URL was known as the payment was paid: an API cancel may then notify.
    ['notified', 'integer', 0],
  ];
  for (const [name, type, fallback] of paymentColumns) {
    await db.schema
      .alterTable('payments')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }

  await db.schema
    .createTable('payment_prepares')
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('merchant_uid', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addPrimaryKeyConstraint('payment_prepares_pk', ['merchant_id', 'merchant_uid'])
    .execute();

  await db.schema
    .createTable('webhook_settings')
    .addColumn('merchant_id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('retry', 'integer', (c) => c.notNull())
    .addColumn('connect_ms', 'integer', (c) => c.notNull())
    .addColumn('read_ms', 'integer', (c) => c.notNull())
    .addColumn('retry_total_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('merchant_id', 'text', (c) => c.notNull())
    .addColumn('imp_key', 'text', (c) => c.notNull())
    .addColumn('imp_uid', 'text', (c) => c.notNull())
    .addColumn('merchant_uid', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    // By the merchant's sandbox clock; null once no attempt is due.
    .addColumn('due_at_ms', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('retry', 'integer', (c) => c.notNull())
    // 1 while the next attempt is a replay: made once, never retried.
    .addColumn('replay', 'integer', (c) => c.notNull())
    .addColumn('connect_ms', 'integer', (c) => c.notNull())
    .addColumn('read_ms', 'integer', (c) => c.notNull())
    .addColumn('retry_total_ms', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    // By the global sandbox clock.
    .addColumn('lease_until_ms', 'bigint')
    .execute();
  await db.schema.createIndex('webhooks_due').on('webhooks').columns(['state', 'due_at_ms']).execute();
  await db.schema.createIndex('webhooks_merchant').on('webhooks').columns(['merchant_id', 'id']).execute();
  await db.schema.createIndex('webhooks_payment').on('webhooks').columns(['imp_uid', 'id']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('webhook_id', 'bigint', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('status', 'integer')
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('webhook_attempts_pk', ['webhook_id', 'seq'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('webhook_settings').execute();
  await db.schema.dropTable('payment_prepares').execute();
  for (const name of [
    'notified',
    'notice_url',
    'vbank_issued_at',
    'vbank_date',
    'vbank_holder',
    'vbank_num',
    'cancel_reason',
    'cancel_history',
    'cancel_amount',
    'pay_method',
  ]) {
    await db.schema.alterTable('payments').dropColumn(name).execute();
  }
}
