import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { requireOrganizationOfKind } from '../organizations/organization.repo.js';
import { findVisibleSite } from '../sites/site.repo.js';
import { findVisibleStudy, studyScope } from '../studies/study.repo.js';
import { findVisibleStudySite, insertStudySite, studySiteColumns, toStudySite } from './study-site.repo.js';
import type { CreateStudySite, StudySite } from './study-site.schemas.js';

export const studySiteUniqueFields = {
  study_sites_study_id_site_id_key: { pointer: '/siteId', detail: 'This site takes part in the study already.' },
  study_sites_study_id_site_number_key: { pointer: '/siteNumber', detail: 'Another site in this study has this number.' },
};

export const studySiteAuditIgnore = [
  'id',
  'studyShortName',
  'protocolNumber',
  'siteName',
  'city',
  'country',
  'principalInvestigator',
  'smoName',
  'version',
  'createdAt',
  'updatedAt',
];

export async function addSiteToStudy(db: Kysely<DB>, ctx: RequestContext, studyId: string, input: CreateStudySite): Promise<StudySite> {
  try {
    return await db.transaction().execute(async (tx) => {
      const study = await findVisibleStudy(tx, ctx, studyId);
      if (!study) throw notFound('study');
      assertCan(ctx, 'studySite.create', studyScope(study));
      if (!(await findVisibleSite(tx, ctx, input.siteId))) throw invalidField('/siteId', 'No such site.');
      if (input.smoOrgId) await requireOrganizationOfKind(tx, ctx, input.smoOrgId, 'smo', '/smoOrgId');
      const id = await insertStudySite(tx, {
        ...toColumns(input, studySiteColumns),
        study_id: studyId,
        site_id: input.siteId,
        site_number: input.siteNumber,
        status: input.status,
      });
      const row = await findVisibleStudySite(tx, ctx, id);
      if (!row) throw notFound('study-site');
      const studySite = toStudySite(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'study_site',
        entityId: id,
        action: 'create',
        changes: diffChanges(null, studySite, studySiteAuditIgnore),
      });
      return studySite;
    });
  } catch (error) {
    rethrowUniqueViolation(error, studySiteUniqueFields);
  }
}
