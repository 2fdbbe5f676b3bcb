/**
 * Start-up alone, measured as `npm run bench` measures it at its end, without the load runs:
 * `node --import tsx bench/startup.ts [runs]` (default 10). Spawns baesong (`node dist/cli.js
 * serve`, directly, not through npm) on an existing SQLite database and the baseline
 * (bench/baseline.js) in turn, each until the first 200 from /healthz (polled every millisecond),
 * and prints the medians, their spread and their ratio to the baseline's. Each round starts them
 * in another order, so that none always follows the same one. As in the bench, with two cores and
 * `taskset` this process re-runs itself on the first and starts the servers on the second.
 *
 * For baesong it also prints the time to its `listening on` log line (it runs with
 * LOG_LEVEL=info, which logs that line and then one line per request), and for every server the
 * CPU time it had used by its first answer (all its threads, from /proc): on a machine shared
 * with other work, a steadier figure than the wall-clock time.
 *
 * - BENCH_STARTUP_ENTRY: baesong's arguments to node (default `dist/cli.js serve`), e.g.
 *   `dist/main.js` for `npm start`'s command.
 * - BENCH_STARTUP_OTHER: more builds to measure in the same run, separated by `;`, each
 *   `[label=]arguments`, e.g. `before=/tmp/before/dist/cli.js serve`: before and after, or
 *   several ways of building the same sources.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pinning } from './machine.js';
import { type Command, freePort, startServer, stopChild, waitUntilReady } from './servers.js';

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

/** `node <args>` on the server core, as bench/servers.ts spawns it, with its stdout and stderr to read. */
function spawnWithStdout(command: Command): ChildProcess {
  const node = [process.execPath, ...command.args];
  const [file, ...rest] =
    pinning.serverCore === undefined ? node : ['taskset', '-c', pinning.serverCore, ...node];
  return spawn(file as string, rest, {
    cwd: command.cwd,
    env: { PATH: process.env.PATH ?? '', ...command.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The time at which `child` first writes `text` on stdout (NaN if it has not within `waitMs` of the call to `seen`). */
function watchStdout(child: ChildProcess, text: string): { seen(waitMs?: number): Promise<number> } {
  let out = '';
  let at: number | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    if (at !== undefined) return;
    out += chunk.toString();
    if (out.includes(text)) at = performance.now();
  });
  return {
    async seen(waitMs = 1000) {
      const deadline = performance.now() + waitMs;
      while (at === undefined && performance.now() < deadline) await sleep(1);
      return at ?? NaN;
    },
  };
}

/** The value at fraction `q` of the sorted values (linear between neighbours). */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] as number;
  const high = sorted[Math.ceil(at)] as number;
  return low + (high - low) * (at - Math.floor(at));
}
const median = (values: number[]) => quantile(values, 0.5);

const dir = mkdtempSync(join(tmpdir(), 'baesong-startup-'));
const databaseFile = join(dir, 'baesong.sqlite');
const baesong =
  (name: string, entry: string[]) =>
  (port: number): Command => ({
    name,
    args: entry,
    cwd: ROOT,
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseFile, LOG_LEVEL: 'info' },
  });
const entry = process.env.BENCH_STARTUP_ENTRY ?? 'dist/cli.js serve';
const others = (process.env.BENCH_STARTUP_OTHER ?? '')
  .split(';')
  .map((other) => other.trim())
  .filter(Boolean)
  .map((other) => {
    const labelled = /^([^=\s/]+)=(.+)$/.exec(other);
    return labelled
      ? { label: labelled[1] as string, entry: labelled[2] as string }
      : { label: other, entry: other };
  });
const commands: Record<string, (port: number) => Command> = {
  [`baesong (${entry})`]: baesong('baesong', args(entry)),
  ...Object.fromEntries(others.map(({ label, entry }) => [label, baesong(label, args(entry))])),
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

  const names = Object.keys(commands);
  const times: Record<string, { ms: number[]; listening: number[]; cpu: number[] }> = {};
  for (let i = 0; i < runs; i++) {
    const order = [...names.slice(i % names.length), ...names.slice(0, i % names.length)];
    for (const name of order) {
      const port = await freePort();
      const started = performance.now();
      const child = spawnWithStdout((commands[name] as (port: number) => Command)(port));
      const stdout = watchStdout(child, 'listening on');
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      try {
        await waitUntilReady(child, `http://127.0.0.1:${port}/healthz`, (s) => s === 200, {
          everyMs: 1,
        }).catch((err: Error) => {
          throw new Error(`${name}: ${err.message}\n${stderr}`);
        });
        const answered = performance.now();
        const measured = (times[name] ??= { ms: [], listening: [], cpu: [] });
        measured.ms.push(answered - started);
        measured.cpu.push(cpuMs(child.pid));
        if (name !== 'baseline') measured.listening.push((await stdout.seen()) - started);
      } finally {
        await stopChild(child);
      }
    }
  }
  const base = median((times.baseline as { ms: number[] }).ms);
  const spread = (values: number[]) =>
    `[${quantile(values, 0.25).toFixed(0)}–${quantile(values, 0.75).toFixed(0)}, ` +
    `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)}]`;
  process.stdout.write(
    `${runs} starts each; medians, then [interquartile range, min–max] in ms; ratios to the baseline's median first answer\n`,
  );
  for (const name of names) {
    const { ms, listening, cpu } = times[name] as { ms: number[]; listening: number[]; cpu: number[] };
    const line = [
      `first answer ${median(ms).toFixed(0)} ms ${spread(ms)}, ${(median(ms) / base).toFixed(2)} × baseline`,
      ...(listening.length
        ? [
            `listening ${median(listening).toFixed(0)} ms ${spread(listening)}, ${(median(listening) / base).toFixed(2)} ×`,
          ]
        : []),
      `CPU by the first answer ${median(cpu).toFixed(0)} ms ${spread(cpu)}`,
    ];
    process.stdout.write(`${name}: ${line.join('; ')}\n`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
