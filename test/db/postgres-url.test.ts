import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { parseDatabaseUrl, parsePostgresUrl } from '../../src/db/index.js';

describe('DATABASE_URL for PostgreSQL', () => {
  it.each([
    'postgres://u:p@db.example:6543/shop',
    'postgresql://u:p@db.example:6543/shop',
    'POSTGRES://db.example/shop',
  ])('selects PostgreSQL for %s', (url) => {
    expect(parseDatabaseUrl(url)).toEqual({ engine: 'postgres', url });
  });

  it('describes where it points without the password', () => {
    const target = parsePostgresUrl('postgres://baesong:hunter2@db.example:6543/shop');
    expect(target.where).toBe('db.example:6543/shop');
    expect(target.schema).toBeUndefined();
    expect(target.connectionString).toBe('postgres://baesong:hunter2@db.example:6543/shop');
  });

  it('defaults the port to 5432 and the host to localhost', () => {
    expect(parsePostgresUrl('postgres://db.example/shop').where).toBe('db.example:5432/shop');
    expect(parsePostgresUrl('postgres:///shop?host=/var/run/postgresql').where).toBe(
      '/var/run/postgresql:5432/shop',
    );
  });

  it('reads sslmode as libpq does, so the driver has no warning to print', () => {
    const params = (url: string) => new URL(parsePostgresUrl(url).connectionString).searchParams;
    for (const mode of ['prefer', 'require', 'verify-ca']) {
      expect(params(`postgres://db.example/shop?sslmode=${mode}`).get('uselibpqcompat')).toBe('true');
    }
    for (const mode of ['disable', 'verify-full']) {
      expect(params(`postgres://db.example/shop?sslmode=${mode}`).get('uselibpqcompat')).toBeNull();
    }
    // Said explicitly, it stays as said.
    expect(
      params('postgres://db.example/shop?sslmode=require&uselibpqcompat=false').get('uselibpqcompat'),
    ).toBe('false');
  });

  it('turns ?schema= into a search_path for every connection, keeping other options', () => {
    const plain = parsePostgresUrl('postgres://db.example/shop?schema=baesong_ci&sslmode=disable');
    expect(plain.schema).toBe('baesong_ci');
    const params = new URL(plain.connectionString).searchParams;
    expect(params.get('schema')).toBeNull();
    expect(params.get('sslmode')).toBe('disable');
    expect(params.get('options')).toBe('-c search_path=baesong_ci');

    const withOptions = parsePostgresUrl(
      'postgres://db.example/shop?options=-c%20statement_timeout%3D5000&schema=s1',
    );
    expect(new URL(withOptions.connectionString).searchParams.get('options')).toBe(
      '-c statement_timeout=5000 -c search_path=s1',
    );
  });

  it.each(['Upper', 'has-dash', '1starts_with_digit', 'a'.repeat(64), ''])(
    'refuses the schema name "%s"',
    (name) => {
      expect(() => parsePostgresUrl(`postgres://db.example/shop?schema=${name}`)).toThrow(ConfigError);
      expect(() => parsePostgresUrl(`postgres://db.example/shop?schema=${name}`)).toThrow(
        `DATABASE_URL schema must be lowercase letters, digits and underscores (at most 63), got "${name}"`,
      );
    },
  );
});
