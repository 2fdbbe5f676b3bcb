import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../src/server.js';

describe('startServer, embedded', () => {
  it('keeps its data in memory unless told a databaseUrl: nothing is written where it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baesong-embedding-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const server = await startServer({ port: 0 });
      try {
        expect(server.database.description).toBe('SQLite in memory');
        const created = await fetch(`${server.url}/sandbox/merchants`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        expect(created.status).toBe(201);
      } finally {
        await server.close();
      }
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
