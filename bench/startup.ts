/**
 * Start-up alone, measured as `npm run bench` measures it at its end, without the load runs:
 * `node --import tsx bench/startup.ts [runs]` (default 10). Spawns baesong (`node dist/cli.js
 * serve`, directly, not through npm) on an existing SQLite database and the baseline
 * (bench/baseline.js), alternately, each until the first 200 from /healthz, and prints the medians
 * and their ratio. As in the bench, with two cores and `taskset` this process re-runs itself on
 * the first and starts the servers on the second.
 *
 * It also prints the CPU time each server had used by its first answer (all its threads, from
 * /proc): on a machine shared with other work, a steadier figure than the wall-clock time.
 *
 * - BENCH_STARTUP_ENTRY: baesong's arguments to node (default `dist/cli.js serve`), e.g.
 *   `dist/main.js` for `npm start`'s command.
 * - BENCH_STARTUP_OTHER: a second baesong to alternate with the first, e.g. another checkout's
 *   `/tmp/before/dist/cli.js serve`: before and after, measured in the same run.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pinning } from './machine.js';
import { type Command, freePort, spawnPinned, startServer, stopChild, waitUntilReady } from './servers.js';

// On the load core, so that polling for the first answer never takes the server's core.
if (pinning.loaderCore !== undefined && !process.env.BENCH_CORES) {
  const child = spawn(
    'taskset',
    ['-c', pinning.loaderCore, process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    { stdio: 'inherit', env: { ...process.env, BENCH_CORES: `${pinning.loaderCore},${pinning.serverCore}` } },
  );
  const [code] = await once(child, 'exit');
  process.exit(code ?? 1);
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const runs = Number(process.argv[2] ?? 10);
const args = (text: string) => text.split(' ').filter(Boolean);

/**
 * CPU milliseconds a process has used so far, summed over its threads that are still running
 * (the first field of each /proc/<pid>/task/<tid>/schedstat, in nanoseconds); NaN elsewhere.
 */
function cpuMs(pid: number | undefined): number {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    }
    return ns / 1e6;
  } catch {
    return NaN;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

const dir = mkdtempSync(join(tmpdir(), 'baesong-startup-'));
const databaseFile = join(dir, 'baesong.sqlite');
const baesong =
  (name: string, entry: string[]) =>
  (port: number): Command => ({
    name,
    args: entry,
    cwd: ROOT,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseFile, LOG_LEVEL: 'warn' },
  });
const commands: Record<string, (port: number) => Command> = {
  [`baesong (${process.env.BENCH_STARTUP_ENTRY ?? 'dist/cli.js serve'})`]: baesong(
    'baesong',
    args(process.env.BENCH_STARTUP_ENTRY ?? 'dist/cli.js serve'),
  ),
  ...(process.env.BENCH_STARTUP_OTHER
    ? {
        [`other (${process.env.BENCH_STARTUP_OTHER})`]: baesong(
          'other',
          args(process.env.BENCH_STARTUP_OTHER),
        ),
      }
    : {}),
  baseline: (port) => ({
    name: 'baseline',
    args: ['bench/baseline.js'],
    cwd: ROOT,
    env: { PORT: String(port) },
  }),
};

try {
  // The database exists (and is migrated) before the first timed start, as in the bench.
  const port = await freePort();
  const [first] = Object.values(commands) as [(port: number) => Command];
  await (await startServer(first(port), port, '/healthz', (s) => s === 200)).stop();

  const times: Record<string, { ms: number[]; cpu: number[] }> = {};
  for (let i = 0; i < runs; i++) {
    for (const [name, command] of Object.entries(commands)) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnPinned(command(port));
      try {
        await waitUntilReady(child, `http://127.0.0.1:${port}/healthz`, (s) => s === 200, { everyMs: 1 });
        const measured = (times[name] ??= { ms: [], cpu: [] });
        measured.ms.push(performance.now() - started);
        measured.cpu.push(cpuMs(child.pid));
      } finally {
        await stopChild(child);
      }
    }
  }
  const base = times.baseline as { ms: number[]; cpu: number[] };
  for (const [name, { ms, cpu }] of Object.entries(times)) {
    const ratio = name === 'baseline' ? '' : `, ${(median(ms) / median(base.ms)).toFixed(2)} × baseline`;
    process.stdout.write(
      `${name}: median ${median(ms).toFixed(0)} ms${ratio}; CPU by the first answer ${median(cpu).toFixed(0)} ms` +
        ` [${ms.map((v) => v.toFixed(0)).join(' ')}]\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
