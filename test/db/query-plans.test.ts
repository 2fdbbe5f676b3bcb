import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.js';

/** SQLite's plan for a query: one line a step. */
async function plan(database: Database, query: string): Promise<string[]> {
  const { rows } = await sql.raw<{ detail: string }>(`explain query plan ${query}`).execute(database.db);
  return rows.map((row) => row.detail);
}

describe('query plans of the pages of a vendor’s places', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
  });

  it.each([
    [
      'outbound places',
      `select * from coupang_outbound_places where vendor_id = 'A00000001' order by place_code limit 10 offset 20`,
    ],
    [
      'their remote-area fees',
      `select * from coupang_outbound_remote_infos where place_code in (select place_code from coupang_outbound_places where vendor_id = 'A00000001' order by place_code limit 10 offset 20) order by remote_info_id`,
    ],
    [
      'return centers',
      `select * from coupang_return_centers where vendor_id = 'A00000001' order by center_code limit 10 offset 20`,
    ],
  ])('read %s as a range of an index, never sorting all of them', async (_what, query) => {
    database = await openDatabase(':memory:');
    const steps = await plan(database, query);
    expect(steps.some((step) => /USING (COVERING )?INDEX/.test(step))).toBe(true);
    // Only the fees of one page are sorted; the places never are.
    const sorts = steps.filter((step) => step.includes('TEMP B-TREE'));
    expect(sorts).toHaveLength(query.includes('remote_infos') ? 1 : 0);
  });
});
