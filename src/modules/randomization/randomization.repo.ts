import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { can, scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudies } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { AllocationsTable, RandomizationSchemeRow, RandomizationSchemesTable } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { studySiteIdIn, type VisibleParticipant } from '../participants/participant-access.repo.js';
import { studyScope } from '../studies/study.repo.js';
import type { Scheme } from './randomization.schemas.js';

export type StudyForRandomization = { id: string; sponsor_org_id: string; cro_org_id: string | null };

/** The study, when the caller reads its participants somewhere in it (else it answers 404). */
export function findStudyForRandomization(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<StudyForRandomization | undefined> {
  return db
    .selectFrom('studies')
    .select(['studies.id', 'studies.sponsor_org_id', 'studies.cro_org_id'])
    .where('studies.id', '=', studyId)
    .where(visibleStudies(scopeIds(ctx.actor, 'participant.read')))
    .executeTakeFirst();
}

/** The ids of the studies where the caller reads participants: the scope of every scheme, arm and count read here. */
function readableStudyIds(db: Kysely<DB>, ctx: RequestContext) {
  return db
    .selectFrom('studies')
    .select('studies.id')
    .where(visibleStudies(scopeIds(ctx.actor, 'participant.read')));
}

/** The study's scheme, when the caller reads participants in the study. */
export function findScheme(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<RandomizationSchemeRow | undefined> {
  return db
    .selectFrom('randomization_schemes')
    .selectAll()
    .where('study_id', '=', studyId)
    .where('study_id', 'in', readableStudyIds(db, ctx))
    .executeTakeFirst();
}

/** How many participants the scheme has allocated, study-wide (0 outside the caller's studies). */
export async function countAllocations(db: Kysely<DB>, ctx: RequestContext, schemeId: string): Promise<number> {
  const row = await db
    .selectFrom('allocations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('scheme_id', '=', schemeId)
    .where('scheme_id', 'in', db.selectFrom('randomization_schemes').select('id').where('study_id', 'in', readableStudyIds(db, ctx)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * ICH E9 2.3.2: staff who enroll should not know the block length, or the end of a block can be
 * predicted. Only those who configure the scheme or read allocations for the study see it.
 */
export function canSeeBlockSizes(ctx: RequestContext, study: StudyForRandomization): boolean {
  const scope = studyScope(study);
  return can(ctx.actor, 'randomization.configure', scope) || can(ctx.actor, 'allocation.read', scope);
}

export function toScheme(row: RandomizationSchemeRow, allocationCount: number, showBlockSizes: boolean): Scheme {
  return {
    id: row.id,
    studyId: row.study_id,
    blinding: row.blinding as Scheme['blinding'],
    arms: row.arms,
    blockSizes: showBlockSizes ? row.block_sizes : null,
    strataFactors: row.strata_factors,
    stratifyBySite: row.stratify_by_site,
    seedSha256: row.seed_sha256,
    allocationCount,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The scheme as the audit trail records it: everything but the seed, whose hash stands for it. */
export function auditedScheme(row: RandomizationSchemeRow) {
  return {
    studyId: row.study_id,
    blinding: row.blinding,
    arms: row.arms,
    blockSizes: row.block_sizes,
    strataFactors: row.strata_factors,
    stratifyBySite: row.stratify_by_site,
    seedSha256: row.seed_sha256,
  };
}

/** The arms of the study's newest final protocol version, in protocol order. */
export async function newestFinalArms(db: Kysely<DB>, ctx: RequestContext, studyId: string) {
  const version = await db
    .selectFrom('protocol_versions')
    .select('id')
    .where('study_id', '=', studyId)
    .where('study_id', 'in', readableStudyIds(db, ctx))
    .where('status', '=', 'final')
    .orderBy('version_number', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!version) return undefined;
  return db
    .selectFrom('protocol_arms')
    .select(['code', 'name', 'allocation_ratio'])
    .where('protocol_version_id', '=', version.id)
    .orderBy('sequence')
    .execute();
}

/** Arm names by code from the newest final protocol version that has each code (as armShownTo names them). */
export async function armNames(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('protocol_arms as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select(['a.code', 'a.name'])
    .where('pv.study_id', '=', studyId)
    .where('pv.study_id', 'in', readableStudyIds(db, ctx))
    .where('pv.status', '=', 'final')
    .orderBy('pv.version_number', 'asc')
    .execute();
  // Later versions overwrite earlier ones: the newest name wins.
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** Unsafe (no context): the study a scheme belongs to, for its history reader, which then checks that study with the caller's context. */
export async function unsafeStudyOfScheme(db: Kysely<DB>, schemeId: string): Promise<string | undefined> {
  const row = await db.selectFrom('randomization_schemes').select('study_id').where('id', '=', schemeId).executeTakeFirst();
  return row?.study_id;
}

/**
 * Unsafe (no context): the study's scheme, locked: its randomization number and its configuration
 * are taken under this lock. Called inside write transactions only, after the caller's study
 * (findStudyForRandomization) or participant (lockParticipant) was checked.
 */
export function unsafeLockScheme(tx: Kysely<DB>, studyId: string): Promise<RandomizationSchemeRow | undefined> {
  return tx.selectFrom('randomization_schemes').selectAll().where('study_id', '=', studyId).forUpdate().executeTakeFirst();
}

/** Uses the scheme's next randomization number (the scheme is locked by unsafeLockScheme). */
export async function takeRandomizationNumber(tx: Kysely<DB>, scheme: RandomizationSchemeRow): Promise<void> {
  await tx
    .updateTable('randomization_schemes')
    .set({ next_randomization_number: scheme.next_randomization_number + 1 })
    .where('id', '=', scheme.id)
    .execute();
}

export async function insertAllocation(tx: Kysely<DB>, values: Insertable<AllocationsTable>): Promise<void> {
  await tx.insertInto('allocations').values(values).execute();
}

/** The stratum's next position, under a row lock held to commit. */
export async function takeStratumPosition(tx: Kysely<DB>, schemeId: string, stratumKey: string): Promise<number> {
  await tx
    .insertInto('randomization_strata')
    .values({ scheme_id: schemeId, stratum_key: stratumKey })
    .onConflict((oc) => oc.columns(['scheme_id', 'stratum_key']).doNothing())
    .execute();
  const stratum = await tx
    .selectFrom('randomization_strata')
    .select('assigned')
    .where('scheme_id', '=', schemeId)
    .where('stratum_key', '=', stratumKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
  await tx
    .updateTable('randomization_strata')
    .set({ assigned: sql`assigned + 1` })
    .where('scheme_id', '=', schemeId)
    .where('stratum_key', '=', stratumKey)
    .execute();
  return stratum.assigned;
}

/** Replaces a scheme's configuration at the version read (the seed stays). */
export async function updateScheme(
  tx: Kysely<DB>,
  scheme: RandomizationSchemeRow,
  columns: Updateable<RandomizationSchemesTable>,
  now: Date,
): Promise<RandomizationSchemeRow> {
  await updateVersioned(tx, 'randomization_schemes', scheme.id, scheme.version, columns, now);
  return tx.selectFrom('randomization_schemes').selectAll().where('id', '=', scheme.id).executeTakeFirstOrThrow();
}

/** The study's first scheme; undefined when another was created meanwhile. */
export function insertScheme(tx: Kysely<DB>, values: Insertable<RandomizationSchemesTable>): Promise<RandomizationSchemeRow | undefined> {
  return tx
    .insertInto('randomization_schemes')
    .values(values)
    .onConflict((oc) => oc.column('study_id').doNothing())
    .returningAll()
    .executeTakeFirst();
}

/** Has the participant (reached through the gateway) been allocated an arm? */
export async function isAllocated(db: Kysely<DB>, visible: VisibleParticipant): Promise<boolean> {
  const row = await db
    .selectFrom('allocations')
    .select('participant_id')
    .where('participant_id', '=', visible.participant.id)
    .executeTakeFirst();
  return Boolean(row);
}

/** Does the caller read allocations at some study-site of the study? */
export async function readsAllocationsSomewhereIn(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<boolean> {
  const someSite = await db
    .selectFrom('study_sites')
    .select('study_sites.id')
    .where('study_sites.study_id', '=', studyId)
    .where(studySiteIdIn(ctx, 'study_sites.id', 'allocation.read'))
    .limit(1)
    .executeTakeFirst();
  return Boolean(someSite);
}

/** The allocations of a scheme at the study-sites where the caller reads allocations. */
export function allocationRows(db: Kysely<DB>, ctx: RequestContext, schemeId: string) {
  return db
    .selectFrom('allocations')
    .innerJoin('participants', 'participants.id', 'allocations.participant_id')
    .innerJoin('study_sites', 'study_sites.id', 'participants.study_site_id')
    .select([
      'allocations.participant_id',
      'allocations.stratum_key',
      'allocations.position',
      'allocations.arm_code',
      'allocations.allocated_at',
      'participants.subject_number',
      'participants.randomization_number',
      'study_sites.site_number',
    ])
    .where('allocations.scheme_id', '=', schemeId)
    .where(studySiteIdIn(ctx, 'participants.study_site_id', 'allocation.read'));
}
