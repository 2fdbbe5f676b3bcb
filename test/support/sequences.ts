import { sql } from 'kysely';
import type { Db } from '../../src/db/index.js';
import { onPostgres, postgresSequenceName, SEQUENCES } from '../../src/db/sequences.js';

/**
 * The last value each sequence handed out, by name, on either engine: SQLite's `sequences` table,
 * PostgreSQL's own sequences. A sequence that handed out nothing yet is left out.
 */
export async function drawnSequences(db: Db): Promise<Record<string, number>> {
  const drawn: Record<string, number> = {};
  if (!onPostgres(db)) {
    for (const row of await db.selectFrom('sequences').selectAll().execute()) {
      drawn[row.name] = Number(row.last_value);
    }
    return drawn;
  }
  for (const sequence of Object.values(SEQUENCES)) {
    const { rows } = await sql<{ last_value: number; is_called: boolean }>`
      select last_value, is_called from ${sql.id(postgresSequenceName(sequence))}`.execute(db);
    const [row] = rows;
    if (row?.is_called) drawn[sequence.name] = Number(row.last_value);
  }
  return drawn;
}
