import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { canSeeBlockSizes, findStudyForRandomization, unsafeStudyOfScheme } from './randomization.repo.js';

type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/** History readers for audit.repo.ts: who may read a record's history is who may see the record. */
export const randomizationHistoryReaders = {
  // Its history shows block sizes, which enrolling staff must not know (ICH E9 2.3.2).
  randomization_scheme: (async (db, ctx, id) => {
    const studyId = await unsafeStudyOfScheme(db, id);
    const study = studyId && (await findStudyForRandomization(db, ctx, studyId));
    return Boolean(study && canSeeBlockSizes(ctx, study));
  }) as Reader,
};
