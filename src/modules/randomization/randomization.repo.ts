import type { Kysely } from 'kysely';
import { can, scopeIds } from '../../platform/auth/authorize.js';
import { visibleStudies } from '../../platform/auth/scope-filters.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { RandomizationSchemeRow } from '../../platform/db/schema-participants.js';
import { iso } from '../../platform/db/timestamps.js';
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

export function findScheme(db: Kysely<DB>, studyId: string): Promise<RandomizationSchemeRow | undefined> {
  return db.selectFrom('randomization_schemes').selectAll().where('study_id', '=', studyId).executeTakeFirst();
}

export async function countAllocations(db: Kysely<DB>, schemeId: string): Promise<number> {
  const row = await db
    .selectFrom('allocations')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('scheme_id', '=', schemeId)
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
export async function newestFinalArms(db: Kysely<DB>, studyId: string) {
  const version = await db
    .selectFrom('protocol_versions')
    .select('id')
    .where('study_id', '=', studyId)
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
export async function armNames(db: Kysely<DB>, studyId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('protocol_arms as a')
    .innerJoin('protocol_versions as pv', 'pv.id', 'a.protocol_version_id')
    .select(['a.code', 'a.name'])
    .where('pv.study_id', '=', studyId)
    .where('pv.status', '=', 'final')
    .orderBy('pv.version_number', 'asc')
    .execute();
  // Later versions overwrite earlier ones: the newest name wins.
  return new Map(rows.map((r) => [r.code, r.name]));
}
