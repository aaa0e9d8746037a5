import type { Kysely } from 'kysely';
import type { ResourceScope } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField } from '../../platform/errors.js';
import { isTmfArtifact } from '../../platform/reference/tmf-reference-model.repo.js';
import { findVisiblePerson } from '../people/person.repo.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { findVisibleStudySiteOf, studySiteScope } from '../study-sites/study-site.repo.js';

export interface FilingTarget {
  studyId: string;
  siteId?: string;
  personId?: string;
  artifactNumber: string;
}

/**
 * Checks where a document is filed, field by field: a study, a site taking part in it and a
 * person the caller can see, under a TMF artifact. Returns the scope that grants must cover.
 */
export async function resolveFilingTarget(db: Kysely<DB>, ctx: RequestContext, target: FilingTarget): Promise<ResourceScope> {
  const study = await findVisibleStudy(db, ctx, target.studyId);
  if (!study) throw invalidField('/studyId', 'No such study.');
  if (!(await isTmfArtifact(db, target.artifactNumber)))
    throw invalidField('/artifactNumber', 'Not an artifact of the TMF Reference Model v3.3.1.');
  if (target.personId && !(await findVisiblePerson(db, ctx, target.personId))) throw invalidField('/personId', 'No such person.');
  if (!target.siteId) return studyScope(study);
  const studySite = await findVisibleStudySiteOf(db, ctx, target.studyId, target.siteId);
  if (!studySite) throw invalidField('/siteId', 'This site does not take part in the study.');
  return studySiteScope(studySite);
}
