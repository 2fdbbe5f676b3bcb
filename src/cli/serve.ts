import { loadConfig, parsePort, parseShutdownTimeout } from '../config.js';
import { runServerProcess } from '../server-process.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  database?: string;
  shutdownTimeout?: string;
}

/**
 * `baesong serve`: `npm start` with options. Each option replaces its environment variable
 * (PORT, HOST, DATABASE_URL, BAESONG_SHUTDOWN_TIMEOUT) and is read the same way; the rest of the
 * environment applies.
 */
export async function serveCommand(options: ServeOptions): Promise<void> {
  await runServerProcess(() => {
    const env = { ...process.env };
    // An option replaces its variable entirely: a bad PORT in the environment does not matter under --port.
    if (options.port !== undefined) delete env.PORT;
    if (options.shutdownTimeout !== undefined) delete env.BAESONG_SHUTDOWN_TIMEOUT;
    return loadConfig(env, {
      port: options.port === undefined ? undefined : parsePort(options.port, '--port'),
      host: options.host,
      databaseUrl: options.database,
      shutdownTimeoutSeconds:
        options.shutdownTimeout === undefined
          ? undefined
          : parseShutdownTimeout(options.shutdownTimeout, '--shutdown-timeout'),
    });
  });
}
