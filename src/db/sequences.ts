import type { Kysely } from 'kysely';
import type { Tables } from './schema.js';

/**
 * Hands out the next `count` values of a named sequence, the first one being `start` for a
 * sequence not yet used. One upsert does it, so concurrent callers never get the same value;
 * inside a transaction the values return to the sequence when it rolls back, and on
 * PostgreSQL the row stays locked until then, which orders concurrent creations.
 * Returns the first value; the others follow it.
 */
export async function nextValues(
  db: Kysely<Tables>,
  name: string,
  start: number,
  count = 1,
): Promise<number> {
  const row = await db
    .insertInto('sequences')
    .values({ name, last_value: start + count - 1 })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ last_value: eb('sequences.last_value', '+', count) })),
    )
    .returning('last_value')
    .executeTakeFirstOrThrow();
  return Number(row.last_value) - count + 1;
}
