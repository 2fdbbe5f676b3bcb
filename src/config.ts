import { isIP } from 'node:net';

/** Everything the server needs to know at start, already checked. */
export interface Config {
  port: number;
  host: string;
  /** A `postgres://` URL, `:memory:`, or a SQLite file path (prefixes already removed). */
  databaseUrl: string;
  adminToken: string | undefined;
  /** Requests a second per Coupang vendor; 0 turns the limit off. */
  coupangRateLimit: number;
  logLevel: LogLevel;
  /** Journal entries kept per database (the oldest go first); 0 turns the journal off. */
  journalSize: number;
  /**
   * Host names webhooks may be sent to (BAESONG_WEBHOOK_HOSTS, comma-separated, lower case);
   * undefined: any host.
   */
  webhookHosts: string[] | undefined;
  /**
   * Seconds a stopping server gives the requests it took in before it answers what is left 503
   * and closes its connections (BAESONG_SHUTDOWN_TIMEOUT, `--shutdown-timeout`).
   */
  shutdownTimeoutSeconds: number;
}

export const defaultConfig: Config = {
  port: 8080,
  host: '127.0.0.1',
  databaseUrl: './data/baesong.sqlite',
  adminToken: undefined,
  coupangRateLimit: 10,
  logLevel: 'info',
  journalSize: 10_000,
  webhookHosts: undefined,
  shutdownTimeoutSeconds: 10,
};

/** The environment variables of README's Configuration table: all that the server reads. */
const SETTINGS = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'BAESONG_ADMIN_TOKEN',
  'COUPANG_RATE_LIMIT',
  'LOG_LEVEL',
  'BAESONG_JOURNAL_SIZE',
  'BAESONG_WEBHOOK_HOSTS',
  'BAESONG_SHUTDOWN_TIMEOUT',
] as const;

/**
 * `BAESONG_*` variables that are not settings but are baesong's all the same: the suite's
 * PostgreSQL, and the payments that `baesong seed --env` exports (`BAESONG_IMP_UID_KCP`, …) into
 * a shell that may then start the server.
 */
const OTHER_BAESONG_VARIABLES = /^BAESONG_(TEST_POSTGRES_URL$|IMP_UID_)/;

/**
 * One line for each variable of the environment that looks meant for the server but is not read:
 * a `BAESONG_*` name it does not know, or a name a typing slip away from a setting (`DATABSE_URL`,
 * `PROT`, `LOG_LEVLE`), naming the setting it probably meant. Other variables are none of its
 * business (PATH, HOME, NODE_OPTIONS, npm_*, CI, …), and are left alone.
 */
export function environmentWarnings(env: NodeJS.ProcessEnv): string[] {
  const warnings: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if ((SETTINGS as readonly string[]).includes(name) || OTHER_BAESONG_VARIABLES.test(name)) continue;
    if (/^(NODE_|npm_)/i.test(name)) continue;
    const meant = nearestSetting(name);
    if (meant) {
      warnings.push(`ignoring ${name}, which baesong does not read: did you mean ${meant}?`);
    } else if (name.startsWith('BAESONG_')) {
      warnings.push(`ignoring ${name}, which baesong does not read (its settings: README, Configuration)`);
    }
  }
  return warnings;
}

/**
 * The setting `name` is a slip away from, if any: one edit (a letter added, dropped, changed, or
 * two neighbours swapped) for the four-letter PORT and HOST, two for the longer names, any case.
 * The short names get one, or HOME would be taken for HOST.
 */
function nearestSetting(name: string): string | undefined {
  const upper = name.toUpperCase();
  let best: { setting: string; distance: number } | undefined;
  for (const setting of SETTINGS) {
    const distance = editDistance(upper, setting);
    if (distance > (setting.length <= 4 ? 1 : 2)) continue;
    if (!best || distance < best.distance) best = { setting, distance };
  }
  return best?.setting;
}

/** Edits from `a` to `b`: insertions, deletions, substitutions and swaps of neighbours (optimal string alignment). */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return Infinity;
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      }
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** A configuration problem: printed as one line, and the process exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The largest journal a database keeps. */
const MAX_JOURNAL_SIZE = 1_000_000;

/** The longest shutdown deadline, in seconds: an hour. */
const MAX_SHUTDOWN_TIMEOUT = 3_600;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

function parseInteger(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  const value = Number(raw.trim());
  if (value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** A TCP port as given in text (`PORT`, `--port`): a whole number from 0 to 65535. */
export function parsePort(raw: string, name = 'PORT'): number {
  return parseInteger(name, raw, 0, 65535);
}

/** A shutdown deadline as given in text (`BAESONG_SHUTDOWN_TIMEOUT`, `--shutdown-timeout`): whole seconds. */
export function parseShutdownTimeout(raw: string, name = 'BAESONG_SHUTDOWN_TIMEOUT'): number {
  return parseInteger(name, raw, 0, MAX_SHUTDOWN_TIMEOUT);
}

/** True for addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Reads the environment variables of README's Configuration table into a checked Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const config: Config = { ...defaultConfig };
  if (env.PORT !== undefined && env.PORT !== '') config.port = parsePort(env.PORT);
  if (env.HOST) config.host = env.HOST;
  if (env.DATABASE_URL) config.databaseUrl = env.DATABASE_URL;
  if (env.BAESONG_ADMIN_TOKEN) config.adminToken = env.BAESONG_ADMIN_TOKEN;
  if (env.COUPANG_RATE_LIMIT !== undefined && env.COUPANG_RATE_LIMIT !== '') {
    config.coupangRateLimit = parseInteger('COUPANG_RATE_LIMIT', env.COUPANG_RATE_LIMIT, 0, 1_000_000);
  }
  // Checked by checkConfig below, as a level given in code is.
  if (env.LOG_LEVEL) config.logLevel = env.LOG_LEVEL as LogLevel;
  if (env.BAESONG_JOURNAL_SIZE !== undefined && env.BAESONG_JOURNAL_SIZE !== '') {
    config.journalSize = parseInteger('BAESONG_JOURNAL_SIZE', env.BAESONG_JOURNAL_SIZE, 0, MAX_JOURNAL_SIZE);
  }
  if (env.BAESONG_WEBHOOK_HOSTS !== undefined && env.BAESONG_WEBHOOK_HOSTS.trim() !== '') {
    config.webhookHosts = parseHostList(env.BAESONG_WEBHOOK_HOSTS);
  }
  if (env.BAESONG_SHUTDOWN_TIMEOUT !== undefined && env.BAESONG_SHUTDOWN_TIMEOUT !== '') {
    config.shutdownTimeoutSeconds = parseShutdownTimeout(env.BAESONG_SHUTDOWN_TIMEOUT);
  }
  return checkConfig({ ...config, ...definedOnly(overrides) });
}

/** `BAESONG_WEBHOOK_HOSTS`: host names, comma-separated; brackets of IPv6 addresses dropped. */
function parseHostList(raw: string): string[] {
  const hosts = raw
    .split(',')
    .map((h) =>
      h
        .trim()
        .replace(/^\[|\]$/g, '')
        .toLowerCase(),
    )
    .filter((h) => h !== '');
  for (const host of hosts) {
    if (/[\s/?#@]/.test(host)) {
      throw new ConfigError(`BAESONG_WEBHOOK_HOSTS must be host names separated by commas, got "${raw}"`);
    }
  }
  return hosts;
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The checks that apply however the configuration was assembled (environment or code). */
export function checkConfig(config: Config): Config {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new ConfigError(`port must be a whole number from 0 to 65535, got "${config.port}"`);
  }
  if (!(LOG_LEVELS as readonly string[]).includes(config.logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${config.logLevel}"`);
  }
  if (
    !Number.isInteger(config.journalSize) ||
    config.journalSize < 0 ||
    config.journalSize > MAX_JOURNAL_SIZE
  ) {
    throw new ConfigError(
      `BAESONG_JOURNAL_SIZE must be a whole number from 0 to ${MAX_JOURNAL_SIZE}, got "${config.journalSize}"`,
    );
  }
  if (
    !Number.isInteger(config.shutdownTimeoutSeconds) ||
    config.shutdownTimeoutSeconds < 0 ||
    config.shutdownTimeoutSeconds > MAX_SHUTDOWN_TIMEOUT
  ) {
    throw new ConfigError(
      `BAESONG_SHUTDOWN_TIMEOUT must be a whole number from 0 to ${MAX_SHUTDOWN_TIMEOUT}, got "${config.shutdownTimeoutSeconds}"`,
    );
  }
  if (!config.adminToken && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `refusing to serve the sandbox API on ${config.host} without BAESONG_ADMIN_TOKEN: set a token, or bind to 127.0.0.1`,
    );
  }
  return config;
}
