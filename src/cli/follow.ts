/**
 * What `baesong requests` and `baesong webhooks` share: where they print, and `--follow`, a read
 * repeated until interrupted, where a server restarting or out of reach is said once and asked
 * again, and a refusal ends the command.
 */
import { BaesongClientError, SandboxError } from '../client/index.js';
import { CliError } from './errors.js';

export interface TerminalIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Stops following (the command then returns); the command also stops on SIGINT. */
  signal?: AbortSignal | undefined;
  /** The pause between two polls while following (default 500 ms). */
  intervalMs?: number | undefined;
}

const POLL_INTERVAL_MS = 500;

/** A pause that ends early when the signal aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The server refused the question itself (a bad filter, a wrong admin token): asking again will not help. */
function refused(err: unknown): err is SandboxError {
  return err instanceof SandboxError && err.status >= 400 && err.status < 500;
}

/** The command's end when `what` (`the journal`) of `baseUrl` cannot be read: exit code 2 for a refusal, 1 otherwise. */
export function readFailure(what: string, baseUrl: string, err: unknown): CliError {
  return new CliError(`cannot read ${what} of ${baseUrl}: ${(err as Error).message}`, refused(err) ? 2 : 1);
}

/** Runs `poll` every `io.intervalMs` until the signal aborts; see the module's comment for failures. */
export async function follow(
  what: string,
  baseUrl: string,
  io: TerminalIo,
  signal: AbortSignal,
  poll: () => Promise<void>,
): Promise<void> {
  let failing = false;
  while (!signal.aborted) {
    await pause(io.intervalMs ?? POLL_INTERVAL_MS, signal);
    if (signal.aborted) break;
    try {
      await poll();
      if (failing) io.err(`baesong: reading ${what} again\n`);
      failing = false;
    } catch (err) {
      if (signal.aborted) break;
      if (refused(err) || !(err instanceof BaesongClientError)) throw readFailure(what, baseUrl, err);
      // The server is restarting or out of reach: said once, then tried again at the next poll.
      if (!failing) io.err(`baesong: ${err.message} (trying again)\n`);
      failing = true;
    }
  }
}

/** Runs a command with the process's own output until it returns or SIGINT stops it. */
export async function untilInterrupted(run: (io: TerminalIo) => Promise<void>): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  try {
    await run({
      out: (text) => process.stdout.write(text),
      err: (text) => process.stderr.write(text),
      signal: stop.signal,
    });
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
}
