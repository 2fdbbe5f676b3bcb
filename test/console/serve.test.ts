import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { buildApp } from '../../src/server.js';
import { type TestDatabase, testDatabase } from '../support/server.js';

let app: FastifyInstance | undefined;
let store: TestDatabase | undefined;
let folder: string | undefined;

afterEach(async () => {
  await app?.close();
  await store?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
  app = store = folder = undefined;
});

/** An app serving the console from a folder holding `files` (none: not built). */
async function appWith(files: Record<string, string>) {
  folder = mkdtempSync(join(tmpdir(), 'baesong-console-serve-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  store = await testDatabase(':memory:');
  const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl: ':memory:' });
  app = await buildApp({ config, database: store.database, consoleRoot: folder });
  return app;
}

describe('GET /console', () => {
  it('serves the built page under /console/, with a policy that keeps it to this server', async () => {
    const a = await appWith({
      'index.html': '<!doctype html><title>baesong console</title>',
      'assets/index-abc.js': 'console.log(1)',
    });
    const redirect = await a.inject({ method: 'GET', url: '/console' });
    expect(redirect.statusCode).toBe(301);
    expect(redirect.headers.location).toBe('/console/');

    const page = await a.inject({ method: 'GET', url: '/console/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('baesong console');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-cache');

    const asset = await a.inject({ method: 'GET', url: '/console/assets/index-abc.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');

    const missing = await a.inject({ method: 'GET', url: '/console/nothing.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ error: expect.any(String) });

    // The console's requests are never journaled.
    const journal = await a.inject({ method: 'GET', url: '/sandbox/requests' });
    expect(journal.json().requests).toEqual([]);
  });

  it('says how to build it when it is not built', async () => {
    const a = await appWith({});
    const res = await a.inject({ method: 'GET', url: '/console' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build');
  });
});
