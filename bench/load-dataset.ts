import { type Kysely, sql } from 'kysely';
import type { DB } from '../src/platform/db/schema.js';
import type { Dataset } from './dataset.js';
import { documentChunks } from './document-plan.js';
import { note, progress } from './progress.js';

/** Large enough to amortize a round trip, small enough to stay far below 65,535 parameters. */
export const batchSize = 1000;

export interface LoadResult {
  /** Rows of the tables generated while loading (documents, versions, their signatures). */
  streamed: Record<string, number>;
  /** Seconds for the foundation tables, the start-up tables and the documents. */
  seconds: { foundation: number; startUp: number; documents: number };
}

/**
 * Loads the dataset with multi-row INSERTs of `batchSize` rows, one transaction per table
 * (per chunk of sites for the documents), in foreign-key order. Then moves the audit
 * sequence past the loaded rows (the app's next audit row takes the next number) and
 * refreshes planner statistics, as autovacuum would on a server that had grown to this size.
 * The start-up rows have no audit rows of their own: the generated trail covers the
 * foundation only and stays a valid chain.
 */
export async function loadDataset(db: Kysely<DB>, dataset: Dataset, label: string): Promise<LoadResult> {
  const { network, people, audit, startUp } = dataset;
  const t0 = performance.now();
  await insertAll(db, 'organizations', network.organizations, label);
  await insertAll(db, 'sites', network.sites, label);
  await insertAll(db, 'studies', network.studies, label);
  await insertAll(db, 'study_sites', network.studySites, label);
  await insertAll(db, 'users', people.users, label);
  await insertAll(db, 'grants', people.grants, label);
  await insertAll(db, 'audit_events', audit, label);
  await sql`select setval('audit_events_seq_seq', (select max(seq) from audit_events))`.execute(db);
  const t1 = performance.now();
  await insertAll(db, 'users', startUp.users, `${label}: principal investigators'`);
  await insertAll(db, 'people', startUp.people, label);
  await insertAll(db, 'site_staff', startUp.siteStaff, label);
  await insertAll(db, 'document_rules', startUp.documentRules, label);
  await insertAll(db, 'document_waivers', startUp.documentWaivers, label);
  await insertAll(db, 'training_requirements', startUp.trainingRequirements, label);
  await insertAll(db, 'training_records', startUp.trainingRecords, label);
  await insertAll(db, 'delegation_tasks', startUp.delegationTasks, label);
  await insertAll(db, 'delegation_entries', startUp.delegationEntries, label);
  await insertAll(db, 'signatures', startUp.signatures, `${label}: delegation`);
  await insertAll(db, 'milestone_templates', startUp.milestoneTemplates, label);
  await insertAll(db, 'study_site_milestones', startUp.studySiteMilestones, label);
  const t2 = performance.now();
  const streamed = await loadDocuments(db, dataset, label);
  const t3 = performance.now();
  note(`${label}: analyze`);
  await sql`analyze`.execute(db);
  return { streamed, seconds: { foundation: (t1 - t0) / 1000, startUp: (t2 - t1) / 1000, documents: (t3 - t2) / 1000 } };
}

/** Documents, versions and approval signatures, generated and inserted a chunk of sites at a time. */
async function loadDocuments(db: Kysely<DB>, dataset: Dataset, label: string): Promise<Record<string, number>> {
  const { seed, network, people, startUp, documentsPerSite } = dataset;
  const counts = { documents: 0, document_versions: 0, 'signatures (document approvals)': 0 };
  const report = progress(`${label}: documents, versions and approvals of sites`, network.sites.length);
  for (const chunk of documentChunks(seed, network, people, startUp, documentsPerSite)) {
    await db.transaction().execute(async (tx) => {
      await insertBatches(tx, 'documents', chunk.documents);
      await insertBatches(tx, 'document_versions', chunk.versions);
      await insertBatches(tx, 'signatures', chunk.signatures);
    });
    counts.documents += chunk.documents.length;
    counts.document_versions += chunk.versions.length;
    counts['signatures (document approvals)'] += chunk.signatures.length;
    report(chunk.sitesDone);
  }
  return counts;
}

async function insertBatches<T extends keyof DB>(
  tx: Kysely<DB>,
  table: T,
  rows: readonly object[],
  done?: (n: number) => void,
): Promise<void> {
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    // The row types are checked where they are built (the planners); here any table's rows pass.
    await tx
      .insertInto(table)
      .values(batch as never)
      .execute();
    done?.(i + batch.length);
  }
}

async function insertAll<T extends keyof DB>(db: Kysely<DB>, table: T, rows: readonly object[], label: string): Promise<void> {
  const report = progress(`${label}: ${table}`, rows.length);
  await db.transaction().execute((tx) => insertBatches(tx, table, rows, report));
}
