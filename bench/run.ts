/**
 * `npm run bench`: baesong against a bare Fastify app (the baseline) and Stoplight Prism (the
 * peer) mocking baesong's own OpenAPI document, under the same load, in one run; then memory,
 * the same scenarios on PostgreSQL, outbound creates with a million places stored, and start-up
 * time. Prints the results and writes them to bench/results.md. See bench/README.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closedLoop } from './load.js';
import { coreTicks, describeMachine, loadAverage, pinning } from './machine.js';
import { paced } from './paced.js';
import { DEFAULT_POSTGRES_URL, dropSchema, findPostgres } from './postgres.js';
import { type Measured, type Report, renderReport, type ScenarioReport, type ServerName } from './report.js';
import { runScale } from './scale.js';
import { nextRequest, SandboxApi, type Scenario, SCENARIOS, type ScenarioRequest } from './scenarios.js';
import {
  type Command,
  freePort,
  type Server,
  spawnPinned,
  startServer,
  stopChild,
  waitUntilReady,
} from './servers.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BENCH = join(ROOT, 'bench');

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

const settings = {
  /** Seconds of each measured load run (5 and 2 keep the whole run under ten minutes). */
  duration: envNumber('BENCH_DURATION', 5),
  /** Seconds of load before each measured run, not counted. */
  warmup: envNumber('BENCH_WARMUP', 2),
  connections: envNumber('BENCH_CONNECTIONS', 32),
  startupRuns: envNumber('BENCH_STARTUP_RUNS', 10),
  /** Only the scenarios whose name contains this text (all when unset). */
  only: process.env.BENCH_ONLY ?? '',
  /** The scenarios measured with the request journal on and off (names, comma-separated). */
  journalScenarios: (
    process.env.BENCH_JOURNAL_SCENARIOS ?? 'GET /payments/{imp_uid},POST /paymentwall/delivery'
  )
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean),
  /** The scenario the memory runs repeat. */
  memoryScenario: process.env.BENCH_MEMORY_SCENARIO ?? 'POST /paymentwall/delivery',
  /** When set, baesong runs under `node --cpu-prof`, writing its profile into this folder at exit. */
  profileDir: process.env.BENCH_PROFILE ?? '',
  /** Free text printed at the top of the results (for instance: the machine was shared). */
  note: process.env.BENCH_NOTE ?? '',
  /** Outbound places stored for the scale section's large run. */
  scalePlaces: Math.round(envNumber('BENCH_SCALE_PLACES', 1_000_000)),
  /** The PostgreSQL server of the PostgreSQL table; the run's own schema is added to it. */
  postgresUrl: process.env.BENCH_POSTGRES_URL || DEFAULT_POSTGRES_URL,
};

/** The scenario the scale section loads: it runs when BENCH_ONLY selects this one. */
const SCALE_SCENARIO = 'Coupang outbound create';

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Runs the harness itself on the load core, so the load generator never shares the server's core. */
function pinSelf(): boolean {
  if (pinning.loaderCore === undefined || process.env.BENCH_CORES) return false;
  const child = spawn(
    'taskset',
    ['-c', pinning.loaderCore, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, BENCH_CORES: `${pinning.loaderCore},${pinning.serverCore}` } },
  );
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

function run(command: string, args: string[], cwd: string): void {
  const result = spawnSync(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

/** The load tools live in bench/node_modules, installed on first run only. */
function installBenchTools(): void {
  const needed = ['autocannon', '@stoplight/prism-cli'];
  if (needed.every((name) => existsSync(join(BENCH, 'node_modules', name, 'package.json')))) return;
  log('installing the load tools into bench/node_modules (first run only)');
  run('npm', ['install', '--prefix', 'bench', '--no-audit', '--no-fund'], ROOT);
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than a source file. */
function buildIfStale(): void {
  const main = join(ROOT, 'dist', 'main.js');
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    statSync(join(ROOT, 'tsconfig.build.json')).mtimeMs,
  );
  if (existsSync(main) && statSync(main).mtimeMs >= sources) return;
  log('dist/ is stale: npm run build');
  run('npm', ['run', 'build'], ROOT);
}

function baesongCommand(port: number, databaseFile: string, extraEnv: Record<string, string> = {}): Command {
  return {
    name: 'baesong',
    args: [
      ...(settings.profileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`, '--cpu-prof-interval=250']
        : []),
      'dist/cli.js',
      'serve',
    ],
    cwd: ROOT,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseFile,
      LOG_LEVEL: 'warn',
      COUPANG_RATE_LIMIT: '0',
      ...extraEnv,
    },
  };
}

function baselineCommand(port: number, routesFile: string): Command {
  return {
    name: 'baseline',
    args: ['bench/baseline.js'],
    cwd: ROOT,
    env: { PORT: String(port), BASELINE_ROUTES: routesFile },
  };
}

function prismCommand(port: number, specFile: string): Command {
  return {
    name: 'prism',
    args: [
      join(BENCH, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js'),
      'mock',
      specFile,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      // Prism logs every request at info; warn is what baesong runs with here.
      '-v',
      'warn',
    ],
    cwd: ROOT,
    env: {},
  };
}

/** One request through fetch: the status and the body, to check a scenario before loading it. */
async function sample(baseUrl: string, request: ScenarioRequest): Promise<{ status: number; text: string }> {
  const res = await fetch(baseUrl + request.path, { method: request.method, ...nextRequest(request) });
  return { status: res.status, text: await res.text() };
}

/** Warm-up, then the measured run, with the server's CPU use and the other load on its core. */
async function measure(server: Server, request: ScenarioRequest): Promise<Measured> {
  await closedLoop(server.url, request, { connections: settings.connections, seconds: settings.warmup });
  const cpuBefore = server.cpuSeconds();
  const loaderBefore = process.cpuUsage();
  const ticksBefore = coreTicks(pinning.serverCore);
  const result = await closedLoop(server.url, request, {
    connections: settings.connections,
    seconds: settings.duration,
  });
  const cpu = (server.cpuSeconds() - cpuBefore) / result.seconds;
  const loaderUsage = process.cpuUsage(loaderBefore);
  const loader = (loaderUsage.user + loaderUsage.system) / 1e6 / result.seconds;
  const ticksAfter = coreTicks(pinning.serverCore);
  const others =
    ticksBefore && ticksAfter
      ? Math.max(0, (ticksAfter.busy - ticksBefore.busy) / (ticksAfter.total - ticksBefore.total) - cpu)
      : undefined;
  return { ...result, cpu, loader, others };
}

interface Prepared {
  scenario: Scenario;
  request: ScenarioRequest;
  sample: unknown;
}

async function prepareScenarios(baesong: Server): Promise<{ prepared: Prepared[]; skipped: string[] }> {
  const api = new SandboxApi(baesong.url);
  const prepared: Prepared[] = [];
  const skipped: string[] = [];
  for (const scenario of SCENARIOS) {
    if (settings.only && !scenario.name.includes(settings.only)) continue;
    const request = await scenario.setup(api);
    const answer = await sample(baesong.url, request);
    if (answer.status !== scenario.status) {
      throw new Error(
        `${scenario.name}: baesong answered ${answer.status}, not ${scenario.status}: ${answer.text}`,
      );
    }
    prepared.push({ scenario, request, sample: JSON.parse(answer.text) });
  }
  return { prepared, skipped };
}

/** Start-up: spawn to the first 200 from /healthz, `runs` times each, alternating the two servers. */
async function measureStartup(commands: Record<'baesong' | 'baseline', (port: number) => Command>) {
  const times: Record<'baesong' | 'baseline', number[]> = { baesong: [], baseline: [] };
  for (let i = 0; i < settings.startupRuns; i++) {
    for (const name of ['baesong', 'baseline'] as const) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnPinned(commands[name](port));
      try {
        await waitUntilReady(child, `http://127.0.0.1:${port}/healthz`, (status) => status === 200, {
          everyMs: 1,
        });
        times[name].push(performance.now() - started);
      } finally {
        await stopChild(child);
      }
    }
  }
  return times;
}

async function startBaesong(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  return startServer(baesongCommand(port, databaseUrl, extraEnv), port, '/healthz', ok);
}

/**
 * The cost of the request journal: the chosen scenarios on baesong as it runs by default (journal
 * on, `on`) and on a second baesong with `BAESONG_JOURNAL_SIZE=0` (`off`), each measured right
 * after the other on files of their own.
 */
async function journalTable(report: Report, on: Server, prepared: Prepared[], dir: string): Promise<void> {
  const chosen = settings.journalScenarios.filter((name) => prepared.some((p) => p.scenario.name === name));
  if (chosen.length === 0) return;
  const off = await startBaesong(join(dir, 'journal-off.sqlite'), { BAESONG_JOURNAL_SIZE: '0' });
  try {
    const offPrepared = (await prepareScenarios(off)).prepared;
    report.journal = [];
    for (const name of chosen) {
      const onRequest = prepared.find((p) => p.scenario.name === name)?.request;
      const offRequest = offPrepared.find((p) => p.scenario.name === name)?.request;
      if (!onRequest || !offRequest) continue;
      // A fresh server still compiles its handlers for its first seconds under load: loaded once uncounted.
      await closedLoop(off.url, offRequest, {
        connections: settings.connections,
        seconds: settings.duration,
      });
      log(`${name}: journal off`);
      const offResult = await measure(off, offRequest).catch((err: Error) => ({ error: err.message }));
      log(`${name}: journal on`);
      const onResult = await measure(on, onRequest).catch((err: Error) => ({ error: err.message }));
      report.journal.push({ name, on: onResult, off: offResult });
    }
  } finally {
    await off.stop();
  }
}

/**
 * The scenario table on PostgreSQL: baesong in a schema of its own, each scenario's baseline run
 * right before it. Skipped, with a line, when no PostgreSQL answers.
 */
async function postgresTable(report: Report, baseline: Server): Promise<void> {
  const target = await findPostgres(settings.postgresUrl);
  if ('unavailable' in target) {
    const line = `PostgreSQL table: ${target.unavailable} (BENCH_POSTGRES_URL names another server)`;
    log(`skipped: ${line}`);
    report.skipped.push(line);
    return;
  }
  let server: Server | undefined;
  try {
    log(`PostgreSQL: baesong on ${target.where}, schema ${target.schema}`);
    server = await startBaesong(target.url);
    const { prepared } = await prepareScenarios(server);
    const scenarios: ScenarioReport[] = [];
    for (const { scenario, request } of prepared) {
      const row: ScenarioReport = { name: scenario.name, kind: scenario.kind, results: {} };
      scenarios.push(row);
      for (const s of [baseline, server]) {
        log(`${scenario.name}: ${s.name} (PostgreSQL table)`);
        row.results[s.name as ServerName] = await measure(s, request).catch((err: Error) => ({
          error: err.message,
        }));
      }
    }
    report.postgres = { where: target.where, version: target.version, scenarios };
  } catch (err) {
    log(`PostgreSQL table failed: ${(err as Error).message}\n${server?.stderr() ?? ''}`);
    report.postgres = { error: (err as Error).message.split('\n')[0] as string };
  } finally {
    await server?.stop();
    await dropSchema(target).catch((err: Error) =>
      log(`could not drop schema ${target.schema}: ${err.message}`),
    );
  }
}

async function main(): Promise<void> {
  if (pinSelf()) return;
  const began = performance.now();
  const machineLoad = loadAverage();
  installBenchTools();
  buildIfStale();

  const dir = mkdtempSync(join(tmpdir(), 'baesong-bench-'));
  const databaseFile = join(dir, 'baesong.sqlite');
  const servers: Server[] = [];
  const report: Report = {
    machine: describeMachine(ROOT),
    machineLoad,
    settings,
    note: settings.note,
    skipped: [],
    scenarios: [],
    startup: { baesong: [], baseline: [] },
    memory: { scenario: settings.memoryScenario, rssKiB: [] },
    seconds: 0,
    phases: [],
  };
  let phaseBegan = began;
  const phaseEnds = (name: string) => {
    const now = performance.now();
    report.phases.push({ name, seconds: (now - phaseBegan) / 1000 });
    phaseBegan = now;
  };
  let failure: unknown;
  try {
    const baesong = await startBaesong(databaseFile);
    servers.push(baesong);
    const { prepared, skipped } = await prepareScenarios(baesong);
    report.skipped = skipped;

    // The baseline answers every scenario's route with baesong's own sample answer.
    const routesFile = join(dir, 'baseline-routes.json');
    const routes = prepared.map(({ scenario, sample }) => ({
      method: scenario.method,
      route: scenario.route,
      status: scenario.status,
      body: sample,
    }));
    writeFileSync(routesFile, JSON.stringify(routes));
    const baselinePort = await freePort();
    const baseline = await startServer(
      baselineCommand(baselinePort, routesFile),
      baselinePort,
      '/healthz',
      ok,
    );
    servers.push(baseline);

    // Prism mocks the OpenAPI document baesong serves.
    const specFile = join(dir, 'openapi.json');
    writeFileSync(specFile, await (await fetch(`${baesong.url}/openapi.json`)).text());
    const prismPort = await freePort();
    const prism = await startServer(
      prismCommand(prismPort, specFile),
      prismPort,
      '/',
      (s) => s !== undefined,
    );
    servers.push(prism);
    phaseEnds('setup');

    for (const { scenario, request } of prepared) {
      const row: ScenarioReport = { name: scenario.name, kind: scenario.kind, results: {} };
      report.scenarios.push(row);
      // The three servers one after the other, so that each ratio compares runs minutes apart at most.
      for (const server of [baseline, baesong, prism]) {
        log(`${scenario.name}: ${server.name}`);
        row.results[server.name as ServerName] = await measure(server, request).catch((err: Error) => ({
          error: err.message,
        }));
      }
      const max = row.results.baesong;
      if (max && 'rps' in max) {
        const rate = Math.max(1, Math.round(max.rps / 2));
        log(`${scenario.name}: baesong at ${rate} req/s, half its maximum`);
        const pace = { rate, seconds: settings.duration, connections: settings.connections };
        row.halfRate = await paced(baesong.port, request, pace).catch((err: Error) => ({
          error: err.message,
        }));
        // The baseline at the same rate: the latency this machine adds by itself, for comparison.
        log(`${scenario.name}: baseline at ${rate} req/s`);
        row.halfRateBaseline = await paced(baseline.port, request, pace).catch((err: Error) => ({
          error: err.message,
        }));
      }
    }

    phaseEnds('scenarios');

    const memory = prepared.find((p) => p.scenario.name === settings.memoryScenario) ?? prepared[0];
    if (memory) {
      log(`memory: three runs of ${memory.scenario.name}`);
      report.memory.scenario = memory.scenario.name;
      report.memory.rssKiB.push(baesong.rssKiB());
      for (let i = 0; i < 3; i++) {
        await closedLoop(baesong.url, memory.request, {
          connections: settings.connections,
          seconds: settings.duration,
        });
        report.memory.rssKiB.push(baesong.rssKiB());
      }
    }
    phaseEnds('memory');

    await journalTable(report, baesong, prepared, dir);
    phaseEnds('journal on and off');

    // From here on only the baseline is loaded: the SQLite baesong and Prism stop.
    for (const server of servers.splice(0)) {
      if (server === baseline) servers.push(server);
      else await server.stop();
    }
    await postgresTable(report, baseline);
    phaseEnds('PostgreSQL');
    for (const server of servers.splice(0)) await server.stop();

    if (SCALE_SCENARIO.includes(settings.only)) {
      report.scale = await runScale({
        places: settings.scalePlaces,
        dir,
        start: startBaesong,
        measure,
        log,
      }).catch((err: Error) => {
        log(`scale failed: ${err.stack ?? err.message}`);
        return { error: err.message.split('\n')[0] as string };
      });
      phaseEnds('scale');
    }

    log('start-up');
    report.startup = await measureStartup({
      baesong: (port) => baesongCommand(port, databaseFile),
      baseline: (port) => baselineCommand(port, routesFile),
    });
    phaseEnds('start-up');
  } catch (err) {
    failure = err;
  } finally {
    for (const server of servers) {
      if (failure) process.stderr.write(`bench: ${server.name} stderr:\n${server.stderr()}\n`);
      await server.stop();
    }
    rmSync(dir, { recursive: true, force: true });
  }
  if (failure) throw failure;
  report.seconds = (performance.now() - began) / 1000;
  const markdown = renderReport(report);
  writeFileSync(join(BENCH, 'results.md'), markdown);
  process.stdout.write(markdown);
}

const ok = (status: number | undefined) => status === 200;

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
