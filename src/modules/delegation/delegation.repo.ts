import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Insertable, Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findSignatures } from '../../platform/signatures/signatures.repo.js';
import { inVisibleStudySite } from '../study-sites/study-site.repo.js';
import {
  listTrainingRequirements,
  trainingFactsOf,
  unsafeListTrainingRequirements,
  unsafeTrainingFactsOf,
} from '../training/training.repo.js';
import { listDelegationTasks, unsafeListDelegationTasks } from './delegation-task.repo.js';

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

function selectEntries(db: Kysely<DB>) {
  return db
    .selectFrom('delegation_entries')
    .innerJoin('people', 'people.id', 'delegation_entries.person_id')
    .selectAll('delegation_entries')
    .select('people.full_name as person_name');
}
export type EntryRow = Awaited<ReturnType<ReturnType<typeof selectEntries>['executeTakeFirstOrThrow']>>;

/** An entry of a study-site's log, when the caller sees the study-site. */
export function findEntry(db: Kysely<DB>, ctx: RequestContext, studySiteId: string, entryId: string): Promise<EntryRow | undefined> {
  return selectEntries(db)
    .where('delegation_entries.study_site_id', '=', studySiteId)
    .where(inVisibleStudySite(ctx, 'delegation_entries.study_site_id'))
    .where('delegation_entries.id', '=', entryId)
    .executeTakeFirst();
}

export function hashOfRow(row: EntryRow): string {
  return entryContentHash({ personId: row.person_id, tasks: row.tasks, startDate: row.start_date, endDate: row.end_date });
}

/** Where the facts of study-wide lists and people's training are read from. */
interface FactSources {
  studySite: (db: Kysely<DB>, studySiteId: string) => Promise<{ id: string; study_id: string; site_id: string } | undefined>;
  tasks: (db: Kysely<DB>, studyId: string) => ReturnType<typeof unsafeListDelegationTasks>;
  requirements: (db: Kysely<DB>, studyId: string) => ReturnType<typeof unsafeListTrainingRequirements>;
  training: (db: Kysely<DB>, personIds: string[]) => ReturnType<typeof unsafeTrainingFactsOf>;
  staff: (db: Kysely<DB>, studySite: { id: string; site_id: string }, personIds: string[]) => ReturnType<typeof unsafeListStaffRoles>;
}

/** Some people's roles at the study-site's site, whoever asks; the delegation guard's and the gateway's source. */
function unsafeListStaffRoles(db: Kysely<DB>, studySite: { id: string; site_id: string }, personIds: string[]) {
  return db
    .selectFrom('site_staff')
    .select(['person_id', 'role', 'start_date', 'end_date'])
    .where('site_id', '=', studySite.site_id)
    .where('person_id', 'in', personIds)
    .execute();
}

/** The same roles for a caller: the staff of a study-site's site are seen where the study-site is. */
function listStaffRolesAtVisibleStudySite(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySite: { id: string; site_id: string },
  personIds: string[],
) {
  return db
    .selectFrom('site_staff')
    .select(['person_id', 'role', 'start_date', 'end_date'])
    .where('site_id', '=', studySite.site_id)
    .where('person_id', 'in', personIds)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('study_sites')
          .select('study_sites.id')
          .where('study_sites.id', '=', studySite.id)
          .whereRef('study_sites.site_id', '=', 'site_staff.site_id')
          .where(inVisibleStudySite(ctx, 'study_sites.id')),
      ),
    )
    .execute();
}

/**
 * Everything validity depends on, for one study-site and some of its people, in a handful of
 * set-wise queries: the log's entries, the study's tasks and training requirements, the
 * people's roles at the site, their training and the entries' signatures. Undefined when the
 * caller does not see the study-site.
 */
export function loadDelegationFacts(
  db: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  filter: { personId?: string; entryId?: string } = {},
) {
  return readFacts(db, studySiteId, filter, {
    studySite: (db, id) =>
      db
        .selectFrom('study_sites')
        .select(['id', 'study_id', 'site_id'])
        .where('id', '=', id)
        .where(inVisibleStudySite(ctx, 'study_sites.id'))
        .executeTakeFirst(),
    tasks: (db, studyId) => listDelegationTasks(db, ctx, studyId),
    requirements: (db, studyId) => listTrainingRequirements(db, ctx, studyId),
    training: (db, personIds) => trainingFactsOf(db, ctx, personIds),
    staff: (db, studySite, personIds) => listStaffRolesAtVisibleStudySite(db, ctx, studySite, personIds),
  });
}

/**
 * The same facts read without a context, for the delegation guard only (evaluateDelegation):
 * whether the acting person is validly delegated is a fact about them and the site, and must
 * not change with what the caller may list. Its callers have checked the study-site is visible.
 */
export function unsafeLoadDelegationFacts(db: Kysely<DB>, studySiteId: string, filter: { personId?: string; entryId?: string } = {}) {
  return readFacts(db, studySiteId, filter, {
    studySite: (db, id) => db.selectFrom('study_sites').select(['id', 'study_id', 'site_id']).where('id', '=', id).executeTakeFirst(),
    tasks: unsafeListDelegationTasks,
    requirements: unsafeListTrainingRequirements,
    training: unsafeTrainingFactsOf,
    staff: unsafeListStaffRoles,
  });
}

async function readFacts(db: Kysely<DB>, studySiteId: string, filter: { personId?: string; entryId?: string }, sources: FactSources) {
  const studySite = await sources.studySite(db, studySiteId);
  if (!studySite) return undefined;
  let q = selectEntries(db).where('delegation_entries.study_site_id', '=', studySiteId);
  if (filter.personId) q = q.where('delegation_entries.person_id', '=', filter.personId);
  if (filter.entryId) q = q.where('delegation_entries.id', '=', filter.entryId);
  const entries = await q.orderBy('people.full_name').orderBy('delegation_entries.start_date').orderBy('delegation_entries.id').execute();
  const personIds = [...new Set([...entries.map((e) => e.person_id), ...(filter.personId ? [filter.personId] : [])])];
  const tasks = await sources.tasks(db, studySite.study_id);
  const requirements = await sources.requirements(db, studySite.study_id);
  const staff = personIds.length ? await sources.staff(db, studySite, personIds) : [];
  const training = await sources.training(db, personIds);
  const signatures = await findSignatures(
    db,
    'delegation_entry',
    entries.map((e) => e.id),
  );
  return { studySite, entries, tasks, requirements, staff, training, signatures };
}
export type DelegationFacts = NonNullable<Awaited<ReturnType<typeof readFacts>>>;

/** A new line of a study-site's log; the use case has checked delegation.write there. Returns its id. */
export async function insertDelegationEntry(tx: Kysely<DB>, values: Insertable<DB['delegation_entries']>): Promise<string> {
  const { id } = await tx.insertInto('delegation_entries').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

/** The study-site an entry belongs to, to scope its history by (the caller then checks the study-site is visible). */
export function unsafeFindDelegationEntryStudySite(db: Kysely<DB>, id: string): Promise<{ study_site_id: string } | undefined> {
  return db.selectFrom('delegation_entries').select('study_site_id').where('id', '=', id).executeTakeFirst();
}
