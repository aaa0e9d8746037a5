import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { findSignatures } from '../../platform/signatures/signatures.js';
import { trainingFactsOf } from '../training/training.repo.js';

/**
 * 21 CFR 11.70: the PI's signature is bound to what the entry says: SHA-256 of the RFC 8785
 * canonical JSON of the person, the tasks (sorted) and the dates. Any later change to these
 * shows the signature as no longer matching.
 */
export function entryContentHash(entry: { personId: string; tasks: string[]; startDate: string; endDate: string | null }): string {
  const canonical = canonicalize({
    personId: entry.personId,
    tasks: [...entry.tasks].sort(),
    startDate: entry.startDate,
    endDate: entry.endDate,
  });
  if (canonical === undefined) throw new Error('delegation entry cannot be canonicalized');
  return createHash('sha256').update(canonical).digest('hex');
}

export function selectEntries(db: Kysely<DB>) {
  return db
    .selectFrom('delegation_entries')
    .innerJoin('people', 'people.id', 'delegation_entries.person_id')
    .selectAll('delegation_entries')
    .select('people.full_name as person_name');
}
export type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

export function findEntry(db: Kysely<DB>, studySiteId: string, entryId: string): Promise<EntryRow | undefined> {
  return selectEntries(db)
    .where('delegation_entries.study_site_id', '=', studySiteId)
    .where('delegation_entries.id', '=', entryId)
    .executeTakeFirst();
}

export function hashOfRow(row: EntryRow): string {
  return entryContentHash({ personId: row.person_id, tasks: row.tasks, startDate: row.start_date, endDate: row.end_date });
}

/**
 * Everything validity depends on, for one study-site and some of its people, in a handful of
 * set-wise queries: the log's entries, the study's tasks and training requirements, the
 * people's roles at the site, their training and the entries' signatures.
 */
export async function loadDelegationFacts(db: Kysely<DB>, studySiteId: string, filter: { personId?: string; entryId?: string } = {}) {
  const studySite = await db
    .selectFrom('study_sites')
    .select(['id', 'study_id', 'site_id'])
    .where('id', '=', studySiteId)
    .executeTakeFirst();
  if (!studySite) return undefined;
  let q = selectEntries(db).where('delegation_entries.study_site_id', '=', studySiteId);
  if (filter.personId) q = q.where('delegation_entries.person_id', '=', filter.personId);
  if (filter.entryId) q = q.where('delegation_entries.id', '=', filter.entryId);
  const entries = await q.orderBy('people.full_name').orderBy('delegation_entries.start_date').orderBy('delegation_entries.id').execute();
  const personIds = [...new Set([...entries.map((e) => e.person_id), ...(filter.personId ? [filter.personId] : [])])];
  const tasks = await db.selectFrom('delegation_tasks').selectAll().where('study_id', '=', studySite.study_id).execute();
  const requirements = await db.selectFrom('training_requirements').selectAll().where('study_id', '=', studySite.study_id).execute();
  const staff = personIds.length
    ? await db
        .selectFrom('site_staff')
        .select(['person_id', 'role', 'start_date', 'end_date'])
        .where('site_id', '=', studySite.site_id)
        .where('person_id', 'in', personIds)
        .execute()
    : [];
  const training = await trainingFactsOf(db, personIds);
  const signatures = await findSignatures(
    db,
    'delegation_entry',
    entries.map((e) => e.id),
  );
  return { studySite, entries, tasks, requirements, staff, training, signatures };
}
export type DelegationFacts = NonNullable<Awaited<ReturnType<typeof loadDelegationFacts>>>;
