import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { requireOrganizationOfKind } from '../organizations/organization.repo.js';
import { findVisibleStudy, insertStudy, studyColumns, toStudy } from './study.repo.js';
import type { CreateStudy, Study } from './study.schemas.js';

export const studyUniqueFields = {
  studies_protocol_key: { pointer: '/protocolNumber', detail: 'This sponsor already has a study with this protocol number.' },
};

export async function createStudy(db: Kysely<DB>, ctx: RequestContext, input: CreateStudy): Promise<Study> {
  try {
    return await db.transaction().execute(async (tx) => {
      await requireOrganizationOfKind(tx, ctx, input.sponsorOrgId, 'sponsor', '/sponsorOrgId');
      if (input.croOrgId) await requireOrganizationOfKind(tx, ctx, input.croOrgId, 'cro', '/croOrgId');
      assertCan(ctx, 'study.create', { organizationIds: [input.sponsorOrgId, input.croOrgId ?? null] });
      const id = await insertStudy(tx, {
        ...toColumns(input, studyColumns),
        sponsor_org_id: input.sponsorOrgId,
        protocol_number: input.protocolNumber,
        title: input.title,
        short_name: input.shortName,
        phase: input.phase,
        status: input.status,
      });
      const row = await findVisibleStudy(tx, ctx, id);
      if (!row) throw notFound('study');
      const study = toStudy(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'study',
        entityId: id,
        action: 'create',
        changes: diffChanges(null, study, ['id', 'sponsorName', 'croName', 'siteCount', 'version', 'createdAt', 'updatedAt']),
      });
      return study;
    });
  } catch (error) {
    rethrowUniqueViolation(error, studyUniqueFields);
  }
}
