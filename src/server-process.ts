/**
 * The server as a process, shared by `npm start` (src/main.ts) and `baesong serve`:
 * start-up, the `listening on` line, graceful stop on SIGTERM/SIGINT, and one clear line on
 * stderr with exit code 1 when it cannot start (README, Configuration).
 */
import { type Config, ConfigError, environmentWarnings } from './config.js';
import { type RunningServer, startWithConfig } from './server.js';

/**
 * Reads the configuration (its errors are start-up errors too), serves, and stops on
 * SIGTERM or SIGINT. Resolves once listening; a failure to start ends the process.
 */
export async function runServerProcess(configure: () => Config): Promise<RunningServer | undefined> {
  try {
    const config = configure();
    // A person at a terminal reads a banner; JSON logs are for machines and for whoever set LOG_LEVEL.
    const atTerminal = process.stdout.isTTY === true && !process.env.LOG_LEVEL;
    return await serve(atTerminal ? { ...config, logLevel: 'warn' } : config, atTerminal);
  } catch (err) {
    const message = err instanceof ConfigError ? err.message : describeStartupError(err);
    process.stderr.write(`baesong: ${message}\n`);
    process.exit(1);
  }
}

async function serve(config: Config, banner: boolean): Promise<RunningServer> {
  const server = await startWithConfig(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info(
      `${signal} received: finishing requests in flight (for at most ${config.shutdownTimeoutSeconds} s)`,
    );
    server.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`baesong: error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  // Before the address is announced: a SIGTERM sent as soon as it is read must find the handler,
  // not the signal's default action, which ends the process without answering what it took in.
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Once listening, so that a refusal to start stays one line.
  for (const warning of environmentWarnings(process.env))
    process.stderr.write(`baesong: warning: ${warning}\n`);
  server.app.log.info(`listening on ${server.url}`);
  if (banner) process.stdout.write(startBanner(server));
  // With PORT=0 the caller cannot know the port: say it where scripts can read it.
  else if (config.port === 0) process.stdout.write(`listening on ${server.url}\n`);

  return server;
}

/** What a person starting baesong at a terminal needs: where it answers and what it keeps data in. */
function startBanner(server: RunningServer): string {
  return [
    `baesong is listening on ${server.url}`,
    `  database  ${server.database.description}`,
    `  API docs  ${server.url}/docs`,
    'Logs warnings only (set LOG_LEVEL for JSON logs). Stop with Ctrl+C.',
    '',
  ].join('\n');
}

function describeStartupError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') {
    const { address, port } = e as NodeJS.ErrnoException & { address?: string; port?: number };
    const where =
      address === undefined ? '' : ` on ${address.includes(':') ? `[${address}]` : address}:${port}`;
    return `cannot listen${where}: the port is already in use; choose another with PORT or --port, or 0 for a free one`;
  }
  if (e?.code === 'EACCES') return `cannot listen: permission denied (${e.message})`;
  if (e?.code === 'EADDRNOTAVAIL') return `cannot listen: the address is not available (${e.message})`;
  return e?.message ?? String(err);
}
