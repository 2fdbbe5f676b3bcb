/**
 * What the bundle holds (scripts/bundle.js): the two commands, and the library (src/index.ts),
 * whose `startServer` the build also runs once to warm the bundle's code cache. The bundle is a
 * CommonJS script, so the commands are functions here rather than top-level code (src/cli.ts and
 * src/main.ts). The package's `dist/index.js` re-exports the library from the bundle, so the
 * package ships the server in one runnable form.
 */
import { loadConfig } from './config.js';
import { runServerProcess } from './server-process.js';

export { runCli } from './cli/program.js';
export * from './index.js';

/** `npm start`, as src/main.ts runs it. */
export async function runMain(): Promise<void> {
  await runServerProcess(() => loadConfig(process.env));
}
