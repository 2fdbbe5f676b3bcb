import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * PostgreSQL draws identifiers from its own sequences (`db/sequences.ts`): `nextval` holds no lock
 * until the transaction ends, where the `sequences` table's row did, so that every create of every
 * vendor on every instance waited for the one before it to commit. Each sequence starts after the
 * last value the table handed out, so no code is given twice; the table's rows are then dropped
 * (the table stays, empty, for SQLite's sake). SQLite keeps the table: it has one writer.
 *
 * The names and first values as they stood when this migration was written (a new sequence comes
 * with a migration of its own). One value at a time (`CACHE 1`, the default): a cache would hand
 * each instance a block of its own, and a later create on one instance could get a smaller code
 * than an earlier one on another.
 */
const SEQUENCES: [name: string, start: number][] = [
  ['coupang_outbound_place_code', 1_000_001],
  ['coupang_outbound_remote_info_id', 100_001],
  ['coupang_return_center_code', 1_100_000_001],
  ['coupang_order_boxes', 1],
  ['coupang_order_items', 1],
  ['coupang_order_products', 1],
  ['coupang_order_orders', 1],
  ['coupang_order_receipts', 1],
  ['journal', 1],
  ['faults', 1],
  ['webhooks', 1],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [name, start] of SEQUENCES) {
    const sequence = sql.id(`${name}_seq`);
    await sql`create sequence ${sequence} start with ${sql.lit(start)} minvalue 1 cache 1`.execute(db);
    // The table's last value: the next nextval hands out the one after it.
    await sql`select setval(${`${name}_seq`}::regclass, s.last_value)
      from sequences s where s.name = ${name} and s.last_value >= ${start}`.execute(db);
  }
  await sql`delete from sequences where name in (${sql.join(SEQUENCES.map(([name]) => name))})`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  for (const [name, start] of SEQUENCES) {
    // Back into the table, so that the previous version goes on after the last value handed out.
    await sql`insert into sequences (name, last_value)
      select ${name}, last_value from ${sql.id(`${name}_seq`)} where is_called and last_value >= ${start}`.execute(
      db,
    );
    await sql`drop sequence ${sql.id(`${name}_seq`)}`.execute(db);
  }
}
