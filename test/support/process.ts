import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  stderr(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `src/main.ts` as `npm start` would, with the given environment. */
export function runMain(env: Record<string, string>): ChildProcess {
  return runSource('src/main.ts', [], env);
}

/** Runs the `baesong` command line (`src/cli.ts`) with the given arguments and environment. */
export function spawnCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return runSource('src/cli.ts', args, env);
}

function runSource(file: string, args: string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * Starts a server process on a free port and waits for its `listening on` line: `npm start`
 * (src/main.ts) by default, or the child `start` gives (`baesong serve`).
 */
export async function startServerProcess(
  env: Record<string, string>,
  start: (env: Record<string, string>) => ChildProcess = runMain,
): Promise<ServerProcess> {
  const child = start({ PORT: '0', ...env });
  let err = '';
  child.stderr?.on('data', (d) => {
    err += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${err}`)));
  });
  return {
    url,
    child,
    stderr: () => err,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code as number | null;
    },
  };
}

export interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` to its end; for configurations that must refuse to start. */
export function runToExit(env: Record<string, string>): Promise<Exit> {
  return untilExit(runMain(env));
}

/** Runs `baesong <args>` to its end. */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  return untilExit(spawnCli(args, env));
}

async function untilExit(child: ChildProcess): Promise<Exit> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  // 'close' comes after the output streams are drained, unlike 'exit'.
  const [code] = await once(child, 'close');
  return { code: code as number | null, stdout, stderr };
}
