/**
 * The servers under load: each is a child process pinned on the server core, reached on
 * loopback, measured through /proc (CPU time, resident memory).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pinning } from './machine.js';

export interface Server {
  name: string;
  url: string;
  port: number;
  pid: number;
  /** Seconds of CPU the process has used so far (user + system), from /proc. */
  cpuSeconds(): number;
  /** Resident memory in KiB (VmRSS), from /proc. */
  rssKiB(): number;
  /** The file-backed part of it (RssFile: the Node binary and libraries, shared with other processes). */
  rssFileKiB(): number;
  /** What the process printed on stderr, for error reports. */
  stderr(): string;
  stop(): Promise<void>;
}

export interface Command {
  name: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** A port nobody listens on now (the kernel's choice). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** `node <args>` on the server core (through taskset when the machine has two cores or more). */
export function spawnPinned(command: Command): ChildProcess {
  const node = [process.execPath, ...command.args];
  const [file, ...args] =
    pinning.serverCore === undefined ? node : ['taskset', '-c', pinning.serverCore, ...node];
  return spawn(file as string, args, {
    cwd: command.cwd,
    env: { PATH: process.env.PATH ?? '', ...command.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** One GET; resolves with the status, or undefined when nothing answers yet. */
export function probe(url: string, timeoutMs = 1000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/** Polls until `ready(status)` holds, every `everyMs`; throws when the process exits or time runs out. */
export async function waitUntilReady(
  child: ChildProcess,
  url: string,
  ready: (status: number | undefined) => boolean,
  { everyMs = 2, timeoutMs = 60_000 } = {},
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`exited (${child.exitCode ?? child.signalCode}) before answering ${url}`);
    }
    if (ready(await probe(url))) return;
    if (performance.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

function procStatusKiB(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) : NaN;
}

/** Clock ticks a second of /proc/<pid>/stat: 100 on every Linux this runs on (USER_HZ). */
const TICKS_PER_SECOND = 100;

function procCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** Starts `command` on the server core and waits until `readyPath` answers as `ready` says. */
export async function startServer(
  command: Command,
  port: number,
  readyPath: string,
  ready: (status: number | undefined) => boolean,
): Promise<Server> {
  const child = spawnPinned(command);
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(child, url + readyPath, ready, { everyMs: 20 });
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${command.name}: ${(err as Error).message}\n${stderr}`);
  }
  const pid = child.pid as number;
  return {
    name: command.name,
    url,
    port,
    pid,
    cpuSeconds: () => procCpuSeconds(pid),
    rssKiB: () => procStatusKiB(pid, 'VmRSS'),
    rssFileKiB: () => procStatusKiB(pid, 'RssFile'),
    stderr: () => stderr,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after 5 s; resolves once the process has exited. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
