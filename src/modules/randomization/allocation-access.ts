import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { RandomizationSchemeRow } from '../../platform/db/schema-participants.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { studySiteIdIn } from '../participants/participant-access.js';
import { studyScope } from '../studies/study.repo.js';
import { findScheme, findStudyForRandomization, type StudyForRandomization } from './randomization.repo.js';

/**
 * The study and its scheme for a reader of allocations: 404 outside the caller's studies (or
 * without a scheme), 403 when no grant carries allocation.read in the study. The rows are then
 * narrowed to the study-sites where the caller holds it (allocationRowsFilter).
 */
export async function loadForAllocationReader(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
): Promise<{ study: StudyForRandomization; scheme: RandomizationSchemeRow }> {
  const study = await findStudyForRandomization(db, ctx, studyId);
  if (!study) throw notFound('study');
  if (!can(ctx.actor, 'allocation.read', studyScope(study))) {
    const someSite = await db
      .selectFrom('study_sites')
      .select('study_sites.id')
      .where('study_sites.study_id', '=', studyId)
      .where(studySiteIdIn(ctx, 'study_sites.id', 'allocation.read'))
      .limit(1)
      .executeTakeFirst();
    if (!someSite) throw forbidden('Reading allocations needs allocation.read in this study.');
  }
  const scheme = await findScheme(db, studyId);
  if (!scheme) throw notFound('randomization scheme');
  return { study, scheme };
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
