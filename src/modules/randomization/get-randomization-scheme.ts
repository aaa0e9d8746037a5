import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { canSeeBlockSizes, countAllocations, findScheme, findStudyForRandomization, toScheme } from './randomization.repo.js';
import type { Scheme } from './randomization.schemas.js';

/** The study's scheme for anyone who reads its participants; block sizes only for those who run it. */
export async function getRandomizationScheme(db: Kysely<DB>, ctx: RequestContext, studyId: string): Promise<Scheme> {
  const study = await findStudyForRandomization(db, ctx, studyId);
  if (!study) throw notFound('study');
  const scheme = await findScheme(db, ctx, studyId);
  if (!scheme) throw notFound('randomization scheme');
  return toScheme(scheme, await countAllocations(db, ctx, scheme.id), canSeeBlockSizes(ctx, study));
}
