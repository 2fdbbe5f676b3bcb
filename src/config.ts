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
  logLevel: string;
  /** Journal entries kept per database (the oldest go first); 0 turns the journal off. */
  journalSize: number;
}

export const defaultConfig: Config = {
  port: 8080,
  host: '127.0.0.1',
  databaseUrl: './data/baesong.sqlite',
  adminToken: undefined,
  coupangRateLimit: 10,
  logLevel: 'info',
  journalSize: 10_000,
};

/** A configuration problem: printed as one line, and the process exits 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The largest journal a database keeps. */
const MAX_JOURNAL_SIZE = 1_000_000;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

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
  if (env.LOG_LEVEL) config.logLevel = env.LOG_LEVEL;
  if (env.BAESONG_JOURNAL_SIZE !== undefined && env.BAESONG_JOURNAL_SIZE !== '') {
    config.journalSize = parseInteger('BAESONG_JOURNAL_SIZE', env.BAESONG_JOURNAL_SIZE, 0, MAX_JOURNAL_SIZE);
  }
  return checkConfig({ ...config, ...definedOnly(overrides) });
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The checks that apply however the configuration was assembled (environment or code). */
export function checkConfig(config: Config): Config {
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) {
    throw new ConfigError(`port must be a whole number from 0 to 65535, got "${config.port}"`);
  }
  if (!LOG_LEVELS.includes(config.logLevel)) {
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
  if (!config.adminToken && !isLoopbackHost(config.host)) {
    throw new ConfigError(
      `refusing to serve the sandbox API on ${config.host} without BAESONG_ADMIN_TOKEN: set a token, or bind to 127.0.0.1`,
    );
  }
  return config;
}
