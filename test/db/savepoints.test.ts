import { readdirSync, readlinkSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';

const dir = mkdtempSync(join(tmpdir(), 'baesong-savepoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The deleted temporary files this process holds open: SQLite's are named `etilqs_…`. */
function temporaryFiles(): string[] {
  return readdirSync('/proc/self/fd')
    .map((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        return '';
      }
    })
    .filter((target) => target.includes('etilqs_'));
}

describe.skipIf(!existsSync('/proc/self/fd'))('a SQLite write batch', () => {
  it('keeps the undo copy of a large write in a savepoint in memory, never in a temporary file', async () => {
    const database = await openDatabase(join(dir, 'batch.sqlite'));
    try {
      let seen: string[] | undefined;
      const rows = Array.from({ length: 300 }, (_, i) => ({
        merchant_id: `imp${String(i).padStart(8, '0')}`,
        name: 'x'.repeat(1000),
        imp_key: `key${i}`,
        imp_secret_hash: 'h'.repeat(64),
        created_at: 1,
      }));
      // Two at once make one batch, each in a savepoint; the first changes about 300 KB.
      await Promise.all([
        database.writes.transaction(async (trx) => {
          for (const row of rows) await trx.insertInto('merchants').values(row).execute();
          await trx
            .updateTable('merchants')
            .set({ name: 'y'.repeat(1000) })
            .execute();
          seen = temporaryFiles();
        }),
        database.writes.transaction((trx) =>
          trx
            .insertInto('merchants')
            .values({ ...rows[0], merchant_id: 'imp_other', imp_key: 'other' } as (typeof rows)[number])
            .execute(),
        ),
      ]);
      expect(seen).toEqual([]);
      const count = await database.db
        .selectFrom('merchants')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(301);
    } finally {
      await database.close();
    }
  });
});
