/**
 * What the bundle holds (scripts/bundle.js): the two commands, and `startServer`, with which the
 * build runs one start to warm the bundle's code cache. The bundle is a CommonJS script, so the
 * commands are functions here rather than top-level code (src/cli.ts and src/main.ts).
 */
import { loadConfig } from './config.js';
import { runServerProcess } from './server-process.js';

export { runCli } from './cli/program.js';
export { startServer } from './server.js';

/** `npm start`, as src/main.ts runs it. */
export async function runMain(): Promise<void> {
  await runServerProcess(() => loadConfig(process.env));
}
