import { type Kysely, Migrator } from 'kysely';
import { migrationProvider } from './migrations/index.js';

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
  if (error) throw error;
}
