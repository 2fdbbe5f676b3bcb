#!/usr/bin/env node
/**
 * `npm start`: serves with the configuration of the environment (spec/00-overview.md).
 * Bad configuration ends the process with one line on stderr and exit code 1.
 */
import { ConfigError, loadConfig } from './config.js';
import { startWithConfig } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const server = await startWithConfig(config);
  server.app.log.info(`listening on ${server.url}`);
  if (config.port === 0) process.stdout.write(`listening on ${server.url}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.app.log.info(`${signal} received: finishing requests in flight`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        process.stderr.write(`baesong: error while stopping: ${(err as Error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError ? err.message : describeStartupError(err);
  process.stderr.write(`baesong: ${message}\n`);
  process.exit(1);
});

function describeStartupError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE') return `cannot listen: the address is already in use (${e.message})`;
  if (e?.code === 'EACCES') return `cannot listen: permission denied (${e.message})`;
  if (e?.code === 'EADDRNOTAVAIL') return `cannot listen: the address is not available (${e.message})`;
  return e?.message ?? String(err);
}
