/**
 * The console's browser tests: Debian's Chromium driven by playwright-core, against a real
 * baesong serving a console built from the current sources.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { checkConfig, type Config, defaultConfig } from '../../src/config.js';
import { buildApp } from '../../src/server.js';
import { testDatabase } from './server.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests run: always in CI (where `.ci/run` installs Chromium, so a missing
 * browser fails them), elsewhere only when Chromium is installed.
 */
export const browserTestsRun = existsSync(CHROMIUM) || Boolean(process.env.CI);

let warned = false;
/** Says once why the browser tests are skipped. */
export function sayWhySkipped(): void {
  if (browserTestsRun || warned) return;
  warned = true;
  process.stderr.write(`console browser tests skipped: no ${CHROMIUM} (apt-get install chromium)\n`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking'],
  });
}

/** Builds the console from `console/` into a temporary folder; answers the folder and its removal. */
export async function buildConsole(): Promise<{ root: string; remove(): void }> {
  const root = mkdtempSync(join(tmpdir(), 'baesong-console-'));
  await build({
    configFile: fileURLToPath(new URL('../../console/vite.config.ts', import.meta.url)),
    build: { outDir: root, emptyOutDir: true },
    logLevel: 'error',
  });
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

/** baesong on a free port of 127.0.0.1, on an empty SQLite database, serving the console in `consoleRoot`. */
export async function startConsoleServer(
  consoleRoot: string,
  overrides: Partial<Config> = {},
): Promise<ConsoleServer> {
  const config = checkConfig({
    ...defaultConfig,
    logLevel: 'silent',
    databaseUrl: ':memory:',
    coupangRateLimit: 0,
    ...overrides,
  });
  const store = await testDatabase(config.databaseUrl);
  const app = await buildApp({ config, database: store.database, consoleRoot });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

/**
 * A new page on the console, which fails the test if the page asks anything of another host or
 * logs an error.
 */
export async function openConsole(browser: Browser, baseUrl: string, view = 'overview') {
  const context = await browser.newContext();
  // A wait that fails says what it waited for well within the test's own timeout.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const foreign: string[] = [];
  const errors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${baseUrl}/`) && !url.startsWith('data:')) foreign.push(url);
  });
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (message) => {
    // A refused call (401, 404) is logged by the browser itself; the page shows those on its own.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      errors.push(message.text());
  });
  await page.goto(`${baseUrl}/console/#/${view}`);
  return {
    page,
    /** Requests to other hosts, and errors the page logged: both should be none. */
    problems: () => ({ foreign, errors }),
    close: () => context.close(),
  };
}

export type ConsolePage = Awaited<ReturnType<typeof openConsole>>;
export type { Page };
