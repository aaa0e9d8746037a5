import type { Kysely } from 'kysely';
import { loadTmfReferenceModel } from '../reference/tmf-reference-model.repo.js';
import { type MigrationReport, migrateToLatest } from './migrate.js';
import type { DB } from './schema.js';

/** Brings a database to the current schema and loads the reference data it ships with. */
export async function prepareDatabase(db: Kysely<DB>): Promise<MigrationReport> {
  const report = await migrateToLatest(db);
  await loadTmfReferenceModel(db);
  return report;
}
