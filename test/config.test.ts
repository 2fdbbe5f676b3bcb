import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  checkConfig,
  defaultConfig,
  environmentWarnings,
  isLoopbackHost,
  loadConfig,
} from '../src/config.js';
import { parseDatabaseUrl } from '../src/db/index.js';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: './data/baesong.sqlite',
      adminToken: undefined,
      coupangRateLimit: 10,
      logLevel: 'info',
      journalSize: 10000,
      shutdownTimeoutSeconds: 10,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '0',
        HOST: '0.0.0.0',
        DATABASE_URL: ':memory:',
        BAESONG_ADMIN_TOKEN: 'secret',
        COUPANG_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        BAESONG_JOURNAL_SIZE: '0',
        BAESONG_SHUTDOWN_TIMEOUT: '0',
      }),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      databaseUrl: ':memory:',
      adminToken: 'secret',
      coupangRateLimit: 0,
      logLevel: 'warn',
      journalSize: 0,
      shutdownTimeoutSeconds: 0,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT must be a whole number from 0 to 65535, got "eighty"'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535, got "70000"'],
    [{ PORT: '-1' }, 'PORT must be a whole number from 0 to 65535, got "-1"'],
    [
      { COUPANG_RATE_LIMIT: 'fast' },
      'COUPANG_RATE_LIMIT must be a whole number from 0 to 1000000, got "fast"',
    ],
    [
      { BAESONG_JOURNAL_SIZE: 'many' },
      'BAESONG_JOURNAL_SIZE must be a whole number from 0 to 1000000, got "many"',
    ],
    [
      { BAESONG_JOURNAL_SIZE: '1000001' },
      'BAESONG_JOURNAL_SIZE must be a whole number from 0 to 1000000, got "1000001"',
    ],
    [
      { BAESONG_JOURNAL_SIZE: '2.5' },
      'BAESONG_JOURNAL_SIZE must be a whole number from 0 to 1000000, got "2.5"',
    ],
    [
      { BAESONG_SHUTDOWN_TIMEOUT: '10s' },
      'BAESONG_SHUTDOWN_TIMEOUT must be a whole number from 0 to 3600, got "10s"',
    ],
    [
      { BAESONG_SHUTDOWN_TIMEOUT: '3601' },
      'BAESONG_SHUTDOWN_TIMEOUT must be a whole number from 0 to 3600, got "3601"',
    ],
    [
      { LOG_LEVEL: 'loud' },
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    ],
  ])('refuses %o with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('refuses a shutdown deadline given in code that is not whole seconds from 0 to 3600', () => {
    for (const seconds of [-1, 1.5, 3601, Number.NaN]) {
      expect(() => checkConfig({ ...defaultConfig, shutdownTimeoutSeconds: seconds })).toThrow(
        new ConfigError(`BAESONG_SHUTDOWN_TIMEOUT must be a whole number from 0 to 3600, got "${seconds}"`),
      );
    }
  });

  it('refuses a non-loopback HOST without an admin token', () => {
    expect(() => loadConfig({ HOST: '0.0.0.0' })).toThrow(
      /refusing to serve the sandbox API on 0\.0\.0\.0 without BAESONG_ADMIN_TOKEN/,
    );
    expect(loadConfig({ HOST: '0.0.0.0', BAESONG_ADMIN_TOKEN: 't' }).host).toBe('0.0.0.0');
  });

  it('knows loopback addresses', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['0.0.0.0', '10.0.0.1', '::', 'example.com']) expect(isLoopbackHost(h)).toBe(false);
  });
});

describe('parseDatabaseUrl', () => {
  it('reads the documented forms', () => {
    expect(parseDatabaseUrl('postgres://u@h/db')).toEqual({ engine: 'postgres', url: 'postgres://u@h/db' });
    expect(parseDatabaseUrl('postgresql://u@h/db')).toEqual({
      engine: 'postgres',
      url: 'postgresql://u@h/db',
    });
    expect(parseDatabaseUrl(':memory:')).toEqual({ engine: 'sqlite', path: ':memory:' });
    expect(parseDatabaseUrl('sqlite:./x.db')).toEqual({ engine: 'sqlite', path: './x.db' });
    expect(parseDatabaseUrl('file:/tmp/x.db')).toEqual({ engine: 'sqlite', path: '/tmp/x.db' });
    expect(parseDatabaseUrl('data/x.sqlite')).toEqual({ engine: 'sqlite', path: 'data/x.sqlite' });
    expect(parseDatabaseUrl('sqlite:///tmp/x.db')).toEqual({ engine: 'sqlite', path: '/tmp/x.db' });
  });

  it.each(['postgress://u@h/db', 'mysql://u@h/db', 'redis://h', 'https://h/db'])(
    'refuses %s, naming its scheme and the accepted forms',
    (url) => {
      const scheme = url.split('://')[0];
      expect(() => parseDatabaseUrl(url)).toThrow(
        new ConfigError(
          `DATABASE_URL has the scheme ${scheme}://, which baesong does not serve: use postgres://… or postgresql://… for PostgreSQL, or a SQLite file path (optionally sqlite: or file:), or :memory:`,
        ),
      );
    },
  );
});

describe('environmentWarnings', () => {
  it.each([
    ['BAESONG_ADMIN_TOKN', 'BAESONG_ADMIN_TOKEN'],
    ['DATABSE_URL', 'DATABASE_URL'],
    ['DATABASE_URI', 'DATABASE_URL'],
    ['database_url', 'DATABASE_URL'],
    ['PROT', 'PORT'],
    ['POTR', 'PORT'],
    ['HOTS', 'HOST'],
    ['LOG_LEVLE', 'LOG_LEVEL'],
    ['LOGLEVEL', 'LOG_LEVEL'],
    ['COUPANG_RATE_LIMT', 'COUPANG_RATE_LIMIT'],
    ['BAESONG_JOURNALSIZE', 'BAESONG_JOURNAL_SIZE'],
  ])('takes %s for a slip of %s', (name, meant) => {
    expect(environmentWarnings({ [name]: 'x' })).toEqual([
      `ignoring ${name}, which baesong does not read: did you mean ${meant}?`,
    ]);
  });

  it('names a BAESONG_ variable it does not know', () => {
    expect(environmentWarnings({ BAESONG_FOO: '1' })).toEqual([
      'ignoring BAESONG_FOO, which baesong does not read (its settings: README, Configuration)',
    ]);
  });

  it("leaves the settings, baesong's other variables and everyone else's alone", () => {
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: ':memory:',
      BAESONG_ADMIN_TOKEN: 't',
      COUPANG_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      BAESONG_JOURNAL_SIZE: '0',
      BAESONG_TEST_POSTGRES_URL: 'postgres://x',
      BAESONG_IMP_UID_KCP: 'imp_1',
      BAESONG_IMP_UID_PAYMENTWALL: 'imp_2',
      PORTONE_BASE_URL: 'http://x',
      PORTONE_IMP_KEY: 'k',
      COUPANG_BASE_URL: 'http://x',
      COUPANG_VENDOR_ID: 'A0',
      COUPANG_ACCESS_KEY: 'a',
      COUPANG_SECRET_KEY: 's',
      PATH: '/bin',
      HOME: '/home/x',
      PWD: '/',
      USER: 'x',
      SHELL: '/bin/sh',
      TERM: 'xterm',
      LANG: 'C',
      HOSTNAME: 'h',
      LOGNAME: 'x',
      PGHOST: 'db',
      PGPORT: '5432',
      CI: 'true',
      TZ: 'UTC',
      NODE_ENV: 'test',
      NODE_OPTIONS: '',
      npm_config_cache: '/tmp',
      npm_lifecycle_event: 'start',
    };
    expect(environmentWarnings(env)).toEqual([]);
  });
});
