/** What machine the benchmark runs on, and how it splits the cores between load and server. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

function hasTaskset(): boolean {
  return spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** The CPUs this process may run on (`0-1`, `0,2-3`), from /proc. */
function allowedCpus(): string[] {
  try {
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? '';
    return list.split(',').flatMap((range) => {
      const [from, to = from] = range.split('-').map(Number);
      if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) return [];
      return Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
    });
  } catch {
    return [];
  }
}

/**
 * The load generator on the first CPU this process may use, the servers on the second, so
 * neither steals the other's time. The harness re-runs itself pinned to the load core and
 * hands both down in BENCH_CORES. On one CPU, or without taskset, nothing is pinned (and the
 * results say so).
 */
export const pinning: { loaderCore?: string; serverCore?: string } = (() => {
  const [loaderCore, serverCore] = process.env.BENCH_CORES?.split(',') ?? allowedCpus();
  return loaderCore !== undefined && serverCore !== undefined && hasTaskset()
    ? { loaderCore, serverCore }
    : {};
})();

export interface Machine {
  cpu: string;
  cores: number;
  node: string;
  date: string;
  commit: string;
  pinned: boolean;
}

function cpuModel(): string {
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function gitCommit(cwd: string): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}

export function describeMachine(root: string): Machine {
  return {
    cpu: cpuModel(),
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: gitCommit(root),
    pinned: pinning.serverCore !== undefined,
  };
}

/** Busy and total clock ticks of one core so far, from /proc/stat; undefined where it cannot be read. */
export function coreTicks(core: string | undefined): { busy: number; total: number } | undefined {
  if (core === undefined) return undefined;
  try {
    const line = readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`cpu${core} `));
    if (!line) return undefined;
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const busy = (user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0);
    return { busy, total: busy + (idle ?? 0) + (iowait ?? 0) };
  } catch {
    return undefined;
  }
}

/** The 1-minute load average when the run started: how busy the machine was with other work. */
export function loadAverage(): string {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}
