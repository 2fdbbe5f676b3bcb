/**
 * `npm run examples`: records the `/docs` examples again (`record.ts`) on a fresh in-memory
 * server and writes them into `src/http/recorded-examples.ts`. Run it when a route or an answer
 * changes; `test/examples/examples.test.ts` fails until the written examples match the server.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { ManualClock } from '../../src/clock.js';
import { checkConfig, defaultConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/index.js';
import { buildApp } from '../../src/server.js';
import { ADMIN_TOKEN, recordExamples } from './record.js';

/** The sandbox clock the examples are recorded at, as the tests' servers start. */
export const RECORDED_AT_MS = Date.UTC(2026, 10, 23, 3, 0, 0);

const TARGET = fileURLToPath(new URL('../../src/http/recorded-examples.ts', import.meta.url));

const config = checkConfig({
  ...defaultConfig,
  logLevel: 'silent',
  databaseUrl: ':memory:',
  adminToken: ADMIN_TOKEN,
  coupangRateLimit: 0,
});
const database = await openDatabase(':memory:');
const clock = new ManualClock(RECORDED_AT_MS);
const app = await buildApp({ config, database, clock });
try {
  await app.ready();
  const table = await recordExamples(app, () => clock.nowMs());
  const source = [
    '// Written by `npm run examples` (test/examples/write.ts) from real answers of a fresh server:',
    '// do not edit by hand. The examples `/openapi.json` and `/docs` show (src/http/examples.ts).',
    "import type { ExampleTable } from './examples.js';",
    '',
    `export const RECORDED_EXAMPLES: ExampleTable = ${JSON.stringify(table)};`,
    '',
  ].join('\n');
  const options = await resolveConfig(TARGET);
  await writeFile(TARGET, await format(source, { ...options, filepath: TARGET }));
  console.log(`${Object.keys(table).length} operations written to ${TARGET}`);
} finally {
  await app.close();
  await database.close();
}
