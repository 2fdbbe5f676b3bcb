/**
 * Two builds or settings of baesong side by side: server CPU time per request for chosen
 * scenarios, runs alternating A, B, A, B… so a drift in the machine's other load weighs on both.
 * CPU per request is the figure that depends least on what else the machine does; the median of
 * each side's runs is reported with their spread.
 *
 *   node --import tsx bench/ab.ts                       # journal on (A) against off (B)
 *   AB_B_ENV='BAESONG_JOURNAL_SIZE=0' AB_ONLY=payment AB_RUNS=5 node --import tsx bench/ab.ts
 *   AB_B_DIST=/other/checkout/dist node --import tsx bench/ab.ts   # another build as B
 *
 * Settings: `AB_ONLY` (scenario names containing the text), `AB_RUNS` (4 per side), `AB_SECONDS`
 * (4 measured, after 2 of warm-up per server), `AB_A_ENV` / `AB_B_ENV` (space-separated `NAME=value`),
 * `AB_A_DIST` / `AB_B_DIST` (the `dist` folder to serve from; this checkout's by default).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { closedLoop } from './load.js';
import { pinning } from './machine.js';
import { SandboxApi, SCENARIOS, type ScenarioRequest } from './scenarios.js';
import { freePort, type Server, startServer } from './servers.js';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = Number(process.env.AB_RUNS ?? 4);
const SECONDS = Number(process.env.AB_SECONDS ?? 4);
const CONNECTIONS = 32;

function envOf(text: string | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of (text ?? '').split(/\s+/).filter(Boolean)) {
    const at = pair.indexOf('=');
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return env;
}

interface Side {
  label: string;
  dist: string;
  env: Record<string, string>;
}

const sides: Side[] = [
  {
    label: 'A',
    dist: resolve(process.env.AB_A_DIST ?? join(ROOT, 'dist')),
    env: envOf(process.env.AB_A_ENV),
  },
  {
    label: 'B',
    dist: resolve(process.env.AB_B_DIST ?? join(ROOT, 'dist')),
    env: envOf(process.env.AB_B_ENV ?? 'BAESONG_JOURNAL_SIZE=0'),
  },
];

async function start(side: Side, folder: string): Promise<Server> {
  const port = await freePort();
  return startServer(
    {
      name: `baesong ${side.label}`,
      args: [join(side.dist, 'cli.js'), 'serve'],
      cwd: ROOT,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: join(folder, `${side.label}.sqlite`),
        LOG_LEVEL: 'warn',
        COUPANG_RATE_LIMIT: '0',
        ...side.env,
      },
    },
    port,
    '/healthz',
    (status) => status === 200,
  );
}

async function cpuPerRequest(server: Server, request: ScenarioRequest, seconds: number) {
  const before = server.cpuSeconds();
  const result = await closedLoop(server.url, request, { connections: CONNECTIONS, seconds });
  const cpu = server.cpuSeconds() - before;
  return { us: (cpu * 1e6) / result.responses, rps: result.rps };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main() {
  const only = process.env.AB_ONLY;
  const scenarios = SCENARIOS.filter((s) => !only || s.name.includes(only));
  const folder = mkdtempSync(join(tmpdir(), 'baesong-ab-'));
  const servers = await Promise.all(sides.map((side) => start(side, folder)));
  console.log(
    `A: ${sides[0]?.dist} ${JSON.stringify(sides[0]?.env)}\nB: ${sides[1]?.dist} ${JSON.stringify(sides[1]?.env)}`,
  );
  console.log(
    `pinned: ${pinning.serverCore === undefined ? 'no' : 'yes'}; ${RUNS} runs of ${SECONDS} s a side`,
  );
  console.log('| scenario | A µs/req | B µs/req | B/A | A req/s | B req/s |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  try {
    for (const scenario of scenarios) {
      const requests = await Promise.all(servers.map((s) => scenario.setup(new SandboxApi(s.url))));
      for (const [i, server] of servers.entries())
        await cpuPerRequest(server, requests[i] as ScenarioRequest, 2);
      const us: number[][] = [[], []];
      const rps: number[][] = [[], []];
      for (let run = 0; run < RUNS; run++) {
        for (const [i, server] of servers.entries()) {
          const r = await cpuPerRequest(server, requests[i] as ScenarioRequest, SECONDS);
          us[i]?.push(r.us);
          rps[i]?.push(r.rps);
        }
      }
      const [a, b] = us.map(median) as [number, number];
      const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;
      console.log(
        `| ${scenario.name} | ${Math.round(a)} (${spread(us[0] as number[])}) | ${Math.round(b)} (${spread(us[1] as number[])}) | ${(b / a).toFixed(2)}× | ${Math.round(median(rps[0] as number[]))} | ${Math.round(median(rps[1] as number[]))} |`,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
