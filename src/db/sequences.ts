import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';
import { prepareQuery } from './prepared.js';
import type { Tables } from './schema.js';

/** A named counter that hands out identifiers: the first is `start`, each later one greater. */
export interface Sequence {
  name: string;
  start: number;
}

/**
 * Every sequence baesong draws from, the one home of their names and first values. A new one
 * needs a migration too, which creates it on PostgreSQL (see 0012_postgres_sequences).
 */
export const SEQUENCES = {
  /** Outbound place codes: positive, 7 digits and more. */
  outboundPlaceCode: { name: 'coupang_outbound_place_code', start: 1_000_001 },
  outboundRemoteInfoId: { name: 'coupang_outbound_remote_info_id', start: 100_001 },
  /** Return center codes: 10 digits starting `1100`. */
  returnCenterCode: { name: 'coupang_return_center_code', start: 1_100_000_001 },
  orderBoxes: { name: 'coupang_order_boxes', start: 1 },
  orderItems: { name: 'coupang_order_items', start: 1 },
  orderProducts: { name: 'coupang_order_products', start: 1 },
  orderOrders: { name: 'coupang_order_orders', start: 1 },
  orderReceipts: { name: 'coupang_order_receipts', start: 1 },
  journal: { name: 'journal', start: 1 },
  faults: { name: 'faults', start: 1 },
  webhooks: { name: 'webhooks', start: 1 },
} as const satisfies Record<string, Sequence>;

/** True when `db` runs on PostgreSQL (a transaction shares its database's adapter). */
export const onPostgres = (db: Kysely<Tables>) => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * The PostgreSQL sequence behind a named one. Suffixed, because sequences share their names with
 * tables (`journal`, `faults`, `webhooks` are both).
 */
export const postgresSequenceName = (sequence: Sequence) => `${sequence.name}_seq`;

/** `nextval` of a sequence, for a PostgreSQL statement that draws its own values. */
export const nextvalSql = (sequence: Sequence): RawBuilder<number> =>
  sql<number>`nextval(${sql.lit(postgresSequenceName(sequence))})`;

/** SQLite: draws `count` values after the sequence's last; a new sequence starts with `last` as given. */
const drawFromTable = prepareQuery((db: Kysely<Tables>, p: { name: string; last: number; count: number }) =>
  db
    .insertInto('sequences')
    .values({ name: p.name, last_value: p.last })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ last_value: eb('sequences.last_value', '+', p.count) })),
    )
    .returning('last_value'),
);

/** PostgreSQL: `count` values of the sequence, one `nextval` each. */
const drawFromSequence = prepareQuery((db: Kysely<Tables>, p: { sequence: string; count: number }) =>
  db
    .selectFrom(sql<{ n: number }>`generate_series(1, ${p.count}::int)`.as('n'))
    .select(sql<number>`nextval(${p.sequence}::regclass)`.as('value')),
);

/**
 * Hands out `count` new values of a sequence, ascending, each greater than any it handed out
 * before; never the same value twice, also to concurrent callers and across the instances of a
 * database.
 *
 * SQLite keeps its sequences as rows of the `sequences` table, bumped with one upsert: the values
 * are consecutive, and return to the sequence if the transaction rolls back. SQLite has one writer
 * anyway, so the row's lock costs nothing.
 *
 * PostgreSQL uses its own sequences (`nextval`), which take no lock that outlives the statement:
 * creates of different tenants, on any number of instances, never wait on each other for a value.
 * The price is that a value drawn by a transaction that rolls back is not handed out again (a gap,
 * which the contract allows: codes only grow), and that the values of one draw need not be
 * consecutive when others draw at the same time.
 */
export async function nextValues(db: Kysely<Tables>, sequence: Sequence, count: number): Promise<number[]> {
  if (count <= 0) return [];
  if (onPostgres(db)) {
    const { rows } = await drawFromSequence.execute(db, { sequence: postgresSequenceName(sequence), count });
    return rows.map((row) => Number(row.value)).sort((a, b) => a - b);
  }
  const { rows } = await drawFromTable.execute(db, {
    name: sequence.name,
    last: sequence.start + count - 1,
    count,
  });
  const row = rows[0];
  if (!row) throw new Error(`the sequence ${sequence.name} returned no value`);
  const first = Number(row.last_value) - count + 1;
  return Array.from({ length: count }, (_, i) => first + i);
}

/** One new value of a sequence (see `nextValues`). */
export async function nextValue(db: Kysely<Tables>, sequence: Sequence): Promise<number> {
  const [value] = await nextValues(db, sequence, 1);
  if (value === undefined) throw new Error(`the sequence ${sequence.name} returned no value`);
  return value;
}

/**
 * Starts every sequence again at its first value, as `POST /sandbox/reset` does, inside the
 * caller's transaction. On SQLite emptying the `sequences` table does it (the reset empties every
 * table); PostgreSQL's sequences are restarted, which is transactional: a rolled back reset leaves
 * them as they were. A restart waits for the transactions that drew from the sequence to end.
 */
export async function restartSequences(trx: Kysely<Tables>): Promise<void> {
  if (!onPostgres(trx)) return;
  for (const sequence of Object.values(SEQUENCES)) {
    await sql`alter sequence ${sql.id(postgresSequenceName(sequence))} restart`.execute(trx);
  }
}
