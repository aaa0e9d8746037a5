import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/platform/db/schema.js';
import type { Dataset } from './dataset.js';
import { progress } from './progress.js';

/** Large enough to amortize a round trip, small enough to stay far below 65,535 parameters. */
export const batchSize = 1000;

/**
 * Loads the dataset with multi-row INSERTs of `batchSize` rows, one transaction per table,
 * in foreign-key order. Then moves the audit sequence past the loaded rows (the app's next
 * audit row takes the next number) and refreshes planner statistics, as autovacuum would
 * on a server that had grown to this size.
 */
export async function loadDataset(db: Kysely<DB>, dataset: Dataset, label: string): Promise<void> {
  const { network, people, audit } = dataset;
  await insertAll(db, 'organizations', network.organizations, label);
  await insertAll(db, 'sites', network.sites, label);
  await insertAll(db, 'studies', network.studies, label);
  await insertAll(db, 'study_sites', network.studySites, label);
  await insertAll(db, 'users', people.users, label);
  await insertAll(db, 'grants', people.grants, label);
  await insertAll(db, 'audit_events', audit, label);
  await sql`select setval('audit_events_seq_seq', (select max(seq) from audit_events))`.execute(db);
  await sql`analyze`.execute(db);
}

async function insertAll<T extends keyof DB>(db: Kysely<DB>, table: T, rows: readonly object[], label: string): Promise<void> {
  const report = progress(`${label}: ${table}`, rows.length);
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      // The row types are checked where they are built (the planners); here any table's rows pass.
      await tx
        .insertInto(table)
        .values(batch as never)
        .execute();
      report(i + batch.length);
    }
  });
}
