import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { ManualClock } from '../../src/clock.js';
import { type Config, checkConfig, defaultConfig } from '../../src/config.js';
import { type Database, openDatabase } from '../../src/db/index.js';
import { buildApp } from '../../src/server.js';

/** The engines every HTTP and store test runs on. */
export const engines = [{ name: 'sqlite', databaseUrl: ':memory:' }] as const;

export interface TestApp {
  app: FastifyInstance;
  clock: ManualClock;
  database: Database;
  /** Sends a request through the whole Fastify pipeline and parses its JSON answer. */
  request(options: InjectOptions): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read answers field by field
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** A fresh app on its own empty database, with a clock that only moves when told to. */
export async function testApp(overrides: Partial<Config> = {}, databaseUrl = ':memory:'): Promise<TestApp> {
  const config = checkConfig({ ...defaultConfig, logLevel: 'silent', databaseUrl, ...overrides });
  const database = await openDatabase(config.databaseUrl);
  const clock = new ManualClock(Date.UTC(2026, 10, 23, 3, 0, 0));
  const app = await buildApp({ config, database, clock });
  await app.ready();
  return {
    app,
    clock,
    database,
    async request(options) {
      const raw = await app.inject(options);
      let body: unknown = raw.body;
      try {
        body = raw.body === '' ? undefined : JSON.parse(raw.body);
      } catch {
        // Not JSON: the test sees the text.
      }
      return { status: raw.statusCode, body, headers: raw.headers, raw };
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
