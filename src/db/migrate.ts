import { type Kysely, Migrator } from 'kysely';
import { migrationProvider, migrations } from './migrations/index.js';

/**
 * The migrator of baesong's schema. `schema` names where its bookkeeping tables live on
 * PostgreSQL: given explicitly, because the migrator would otherwise take a bookkeeping
 * table of any schema in the database for its own.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any version of the schema
export function migratorFor(db: Kysely<any>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: migrationProvider,
    // Migrations applied in one run can share a timestamp, and are then ordered by name. Kysely's
    // default compares names with localeCompare, whose first call loads ICU's collation (about
    // 20 ms of every start); the names are ASCII, and code-unit order is also how Kysely sorts the
    // known migrations they are checked against.
    nameComparator: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
}

/**
 * Brings the schema up to date. On PostgreSQL the migrator holds an advisory lock while it
 * migrates, so instances starting together on one database apply each migration once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run on any version of the schema
export async function migrateToLatest(db: Kysely<any>, schema?: string): Promise<void> {
  const { error } = await migratorFor(db, schema).migrateToLatest();
  if (error) throw newerSchema(error) ?? error;
}

/**
 * A database a newer baesong has migrated names a migration this build does not have, which the
 * migrator calls "corrupted migrations": said instead as the versions they are.
 */
function newerSchema(error: unknown): Error | undefined {
  const missing = /previously executed migration (\S+) is missing/.exec((error as Error)?.message ?? '')?.[1];
  const latest = Object.keys(migrations).sort().at(-1) ?? '';
  if (missing === undefined || missing <= latest) return undefined;
  return new Error(
    `its schema is at version ${missing}, newer than this baesong knows (its latest is ${latest}): a newer baesong wrote it; run that version, or give this one another database`,
  );
}
