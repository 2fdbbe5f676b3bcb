/**
 * Processes started from the sources, as `npm start` and the `baesong` command line run them: a
 * server that is waited for until it listens, and runs that are waited for until they exit.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The environment of every spawned process: PATH and HOME, quiet logs, then `env`. Nothing else of
 * this process's environment gets through, so a test states every setting it depends on.
 */
export function childEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env };
}

/** Runs `src/main.ts` as `npm start` would, with the given environment. */
export function runMain(env: NodeJS.ProcessEnv = {}): ChildProcess {
  return runSource('src/main.ts', [], env);
}

/** Runs the `baesong` command line (`src/cli.ts`) with the given arguments and environment. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return runSource('src/cli.ts', args, env);
}

function runSource(file: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A server started as its own process. */
export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` as the process printed it. */
  url: string;
  /** Everything it wrote to stdout so far (its log lines among them). */
  stdout(): string;
  stderr(): string;
  /** Sends the signal (SIGTERM unless told) and resolves with the exit code; at once if it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface StartOptions {
  /**
   * Starts the child from the complete environment (PORT=0 and `childEnv`'s included):
   * `src/main.ts` by default; e.g. `(env) => spawnCli(['serve', ...], env)` for `baesong serve`.
   */
  spawn?: (env: NodeJS.ProcessEnv) => ChildProcess;
  /** How long to wait for the `listening on` line before killing the child; 20 s by default. */
  timeoutMs?: number;
}

/**
 * Starts a server process on a free port (PORT=0 unless `env` says otherwise) and waits for the
 * `listening on http://…` line it prints then.
 */
export async function startServerProcess(
  env: NodeJS.ProcessEnv,
  { spawn: start = runMain, timeoutMs = 20_000 }: StartOptions = {},
): Promise<ServerProcess> {
  const child = start(childEnv({ PORT: '0', ...env }));
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  let listening = false;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server printed no address within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      // Once listening, the rest is kept (log lines) but not searched again. The line alone, not
      // the log record that says the same at LOG_LEVEL=info and below.
      if (listening) return;
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (match?.[1]) {
        listening = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
  return {
    child,
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `src/main.ts` to its end, for configurations that must refuse to start; killed after
 * `timeoutMs` (20 s) if it does not.
 */
export function runToExit(env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<Exit> {
  return untilExit(runMain(env), timeoutMs);
}

/** Runs `baesong <args>` to its end (killed after `timeoutMs` if given: an import may take long). */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs?: number): Promise<Exit> {
  return untilExit(spawnCli(args, env), timeoutMs);
}

async function untilExit(child: ChildProcess, timeoutMs: number | undefined): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  // 'close' comes after the output streams are drained, unlike 'exit'.
  const [code] = (await once(child, 'close')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A TCP port nothing listens on (just freed by this process). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
