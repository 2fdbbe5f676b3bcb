import type { Kysely } from 'kysely';

/**
 * The sandbox control plane (README, Testing the hard cases): the request journal and the
 * faults. Ids come from the `sequences` table, so they are unique across the instances of a
 * database and grow with each flush: the journal prunes its oldest entries by id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('journal')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('route', 'text')
    .addColumn('merchant', 'text')
    .addColumn('vendor', 'text')
    .addColumn('status', 'integer')
    .addColumn('fault', 'text')
    .addColumn('duration_ms', 'double precision', (c) => c.notNull())
    .addColumn('request_headers', 'text', (c) => c.notNull())
    .addColumn('request_body', 'text')
    .addColumn('response_body', 'text')
    .execute();
  // Pages are read newest (or oldest) first by arrival, ties by id.
  await db.schema.createIndex('journal_at').on('journal').columns(['at_ms', 'id']).execute();
  await db.schema.createIndex('journal_merchant').on('journal').columns(['merchant', 'id']).execute();
  await db.schema.createIndex('journal_vendor').on('journal').columns(['vendor', 'id']).execute();

  await db.schema
    .createTable('faults')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('spec', 'text', (c) => c.notNull())
    .addColumn('remaining', 'integer')
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('faults').execute();
  await db.schema.dropTable('journal').execute();
}
