import type { Kysely } from 'kysely';
import { prepareQuery } from './prepared.js';
import type { Tables } from './schema.js';

/** Draws `count` values after the sequence's last; a new sequence starts with `last` as given. Compiled once: every create draws. */
const drawValues = prepareQuery((db: Kysely<Tables>, p: { name: string; last: number; count: number }) =>
  db
    .insertInto('sequences')
    .values({ name: p.name, last_value: p.last })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet((eb) => ({ last_value: eb('sequences.last_value', '+', p.count) })),
    )
    .returning('last_value'),
);

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
  const { rows } = await drawValues.execute(db, { name, last: start + count - 1, count });
  const row = rows[0];
  if (!row) throw new Error(`the sequence ${name} returned no value`);
  return Number(row.last_value) - count + 1;
}
