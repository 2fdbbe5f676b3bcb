import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/db/index.js';
import { migrations } from '../../src/db/migrations/index.js';
import { runSql, uniqueSchemaName, withDatabase } from '../support/postgres.js';
import { postgresEngine, sharedDatabaseUrl } from '../support/server.js';

const OPENERS = 6;

async function openAllAtOnce(url: string): Promise<Database[]> {
  const results = await Promise.allSettled(Array.from({ length: OPENERS }, () => openDatabase(url)));
  const opened = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
  if (failures.length > 0) {
    await Promise.all(opened.map((d) => d.close()));
    expect(failures).toEqual([]);
  }
  return opened;
}

async function appliedMigrations(database: Database): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
    database.db,
  );
  return rows.map((r) => r.name);
}

/** Instances starting together on an empty database each run the migrator at the same moment. */
describe.skipIf(!postgresEngine)('starting several instances at once on an empty database (postgres)', () => {
  it('succeeds for every one and applies each migration once, in a schema of its own', async () => {
    const place = sharedDatabaseUrl(postgresEngine?.databaseUrl ?? '');
    try {
      const opened = await openAllAtOnce(place.url);
      expect(await appliedMigrations(opened[0] as Database)).toEqual(Object.keys(migrations));
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await place.remove();
    }
  });

  it('succeeds for every one in the default schema of a new database', async () => {
    const name = uniqueSchemaName('baesong_race');
    await runSql(postgresEngine?.databaseUrl ?? '', `create database ${name}`);
    try {
      const opened = await openAllAtOnce(withDatabase(postgresEngine?.databaseUrl ?? '', name));
      expect(await appliedMigrations(opened[0] as Database)).toEqual(Object.keys(migrations));
      await Promise.all(opened.map((d) => d.close()));
    } finally {
      await runSql(postgresEngine?.databaseUrl ?? '', `drop database if exists ${name} with (force)`);
    }
  });
});
