import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.js';

const dir = mkdtempSync(join(tmpdir(), 'baesong-checkpoints-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoints of a SQLite file', () => {
  it('copy committed writes into the database file without waiting for the log to fill', async () => {
    const path = join(dir, 'checkpointed.sqlite');
    const database = await openDatabase(path);
    try {
      const before = statSync(path).size;
      const rows = Array.from({ length: 300 }, (_, i) => ({
        merchant_id: `imp${String(i).padStart(8, '0')}`,
        name: 'x'.repeat(3000),
        imp_key: `key${i}`,
        imp_secret_hash: 'h'.repeat(64),
        created_at: 1,
      }));
      for (const row of rows) await database.db.insertInto('merchants').values(row).execute();
      // About 900 KB, far below the connection's own threshold: only the checkpoint thread copies it.
      let size = statSync(path).size;
      for (let waited = 0; size < before + 800_000 && waited < 5000; waited += 50) {
        await sleep(50);
        size = statSync(path).size;
      }
      expect(size).toBeGreaterThan(before + 800_000);
    } finally {
      await database.close();
    }
  });

  it('stop with the database, which then opens again with everything written', async () => {
    const path = join(dir, 'reopened.sqlite');
    const first = await openDatabase(path);
    await first.db
      .insertInto('merchants')
      .values({ merchant_id: 'imp1', name: 'shop', imp_key: 'k', imp_secret_hash: 'h', created_at: 1 })
      .execute();
    await first.close();
    const second = await openDatabase(path);
    const names = await second.db.selectFrom('merchants').select('name').execute();
    await second.close();
    expect(names).toEqual([{ name: 'shop' }]);
  });
});
