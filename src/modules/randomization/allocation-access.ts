import type { Kysely } from 'kysely';
import { can } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { RandomizationSchemeRow } from '../../platform/db/schema-participants.js';
import { forbidden, notFound } from '../../platform/errors.js';
import { studyScope } from '../studies/study.repo.js';
import { findScheme, findStudyForRandomization, readsAllocationsSomewhereIn, type StudyForRandomization } from './randomization.repo.js';

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
    if (!(await readsAllocationsSomewhereIn(db, ctx, studyId))) throw forbidden('Reading allocations needs allocation.read in this study.');
  }
  const scheme = await findScheme(db, ctx, studyId);
  if (!scheme) throw notFound('randomization scheme');
  return { study, scheme };
}
