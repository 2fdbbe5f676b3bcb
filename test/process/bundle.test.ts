/**
 * The built commands: `npm run build` bundles the server and the command line into one file run
 * with its V8 code cache (scripts/bundle.js), and `dist/cli.js` and `dist/main.js` run that. The
 * other process tests run the sources; this one bundles the current sources into a folder of its
 * own, runs the result, and compares its answers with the sources'.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../src/server.js';
import { runSql, uniqueSchemaName, withSchema } from '../support/postgres.js';
import { type ServerProcess, startServerProcess } from '../support/processes.js';
import { postgresEngine } from '../support/server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Inside the repository, so that the bundle finds the packages it leaves to Node (better-sqlite3,
// pg) and the folders of those it serves files from; beside a package.json, whose version
// `baesong --version` prints, as the real dist/ is.
mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
const work = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'baesong-bundle-test-'));
const dist = join(work, 'dist');
copyFileSync(join(ROOT, 'package.json'), join(work, 'package.json'));

/** `node <dist>/<file> <args>`, as a user or the bench runs it. */
const built =
  (file: string, ...args: string[]) =>
  (env: NodeJS.ProcessEnv) =>
    spawn(process.execPath, [join(dist, file), ...args], {
      cwd: work,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });

let sources: RunningServer;
beforeAll(async () => {
  const build = spawnSync(process.execPath, ['scripts/bundle.js', dist], { cwd: ROOT, encoding: 'utf8' });
  // Nothing on stderr: the build started the bundled server to warm its cache, and a plain
  // `node` accepts that cache.
  expect({ status: build.status, stderr: build.stderr }).toEqual({ status: 0, stderr: '' });
  // The console's build, which the sources serve too (and /docs takes its Coupang signer from).
  const console = join(ROOT, 'dist', 'console');
  if (existsSync(console)) cpSync(console, join(dist, 'console'), { recursive: true });
  sources = await startServer({ port: 0, databaseUrl: ':memory:', logLevel: 'silent' });
}, 120_000);
afterAll(async () => {
  await sources?.close();
  rmSync(work, { recursive: true, force: true });
});

async function answer(base: string, path: string, init?: RequestInit) {
  const res = await fetch(base + path, init);
  return { path, status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

describe('the bundled commands', () => {
  it('run one bundle, with the code cache the build wrote beside it, which a plain node accepts', () => {
    const files = readdirSync(join(dist, 'bundle')).sort();
    expect(files).toEqual([
      expect.stringMatching(/^baesong-\w+\.cjs$/),
      expect.stringMatching(/^baesong-\w+\.cjs\.cache$/),
      expect.stringMatching(/^baesong-\w+\.cjs\.map$/),
    ]);
    const bundle = join(dist, 'bundle', files[0] as string);
    for (const command of ['cli.js', 'main.js', 'index.js']) {
      expect(readFileSync(join(dist, command), 'utf8')).toContain(JSON.stringify(`./bundle/${files[0]}`));
    }
    const check =
      `const { loadBundle } = await import(${JSON.stringify(pathToFileURL(join(dist, 'launch.js')).href)});` +
      ` const { script, exports } = loadBundle(${JSON.stringify(bundle)});` +
      ` process.stdout.write(JSON.stringify({ rejected: script.cachedDataRejected, exports: Object.keys(exports).sort() }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', check], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr, stdout: JSON.parse(run.stdout || 'null') }).toEqual({
      status: 0,
      stderr: '',
      stdout: {
        rejected: false,
        // The two commands, and the library (src/index.ts), which dist/index.js re-exports.
        exports: [
          'ConfigError',
          'ManualClock',
          'buildApp',
          'coupangAuthorization',
          'loadConfig',
          'runCli',
          'runMain',
          'startServer',
          'systemClock',
        ],
      },
    });
  });

  it('baesong serve answers as the sources do: the API, its document and the docs with their files', async () => {
    const server = await startServerProcess(
      {},
      { spawn: built('cli.js', 'serve', '--port', '0', '--database', join(work, 'serve.sqlite')) },
    );
    try {
      const json = { method: 'POST', headers: { 'content-type': 'application/json' } };
      for (const [path, init] of [
        ['/healthz'],
        ['/openapi.json'],
        ['/docs/'],
        ['/docs/static/swagger-initializer.js'],
        ['/docs/static/logo.svg'],
        ['/docs/yaml'],
        ['/docs/static/no-such-file'],
        ['/sandbox/vendors', { ...json, body: '{"vendorId":"B1"}' }],
        ['/users/getToken', { ...json, body: '{"imp_key":1}' }],
        ['/payments/imp_1'],
      ] as [string, RequestInit?][]) {
        expect(await answer(server.url, path, init)).toEqual(await answer(sources.url, path, init));
      }
      const vendor = await answer(server.url, '/sandbox/vendors', { ...json, body: '{}' });
      expect(vendor.status).toBe(201);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('baesong --version prints the version of package.json', async () => {
    const run = spawnSync(process.execPath, [join(dist, 'cli.js'), '--version'], { encoding: 'utf8' });
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
  });

  it('npm start serves on SQLite (sqlite), then stops cleanly on SIGTERM', async () => {
    const server: ServerProcess = await startServerProcess(
      { DATABASE_URL: join(work, 'main.sqlite') },
      { spawn: built('main.js') },
    );
    try {
      expect((await answer(server.url, '/healthz')).status).toBe(200);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    expect(server.stderr()).toBe('');
  });

  it.skipIf(!postgresEngine)(
    'npm start serves on PostgreSQL, whose driver it loads when asked (postgres)',
    async () => {
      const schema = uniqueSchemaName('bundle');
      const url = postgresEngine?.databaseUrl ?? '';
      try {
        const server = await startServerProcess(
          { DATABASE_URL: withSchema(url, schema) },
          { spawn: built('main.js') },
        );
        try {
          expect((await answer(server.url, '/healthz')).status).toBe(200);
          expect((await answer(server.url, '/sandbox/merchants', { method: 'POST' })).status).toBe(201);
        } finally {
          expect(await server.stop()).toBe(0);
        }
      } finally {
        await runSql(url, `drop schema if exists ${schema} cascade`);
      }
    },
  );
});
