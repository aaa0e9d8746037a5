import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import { requireOrganizationOfKind } from '../organizations/organization.repo.js';
import { studyUniqueFields } from './create-study.js';
import { findVisibleStudy, studyColumns, studyScope, toStudy } from './study.repo.js';
import type { Study, UpdateStudy } from './study.schemas.js';

export async function updateStudy(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, ...input }: UpdateStudy,
): Promise<Study> {
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await findVisibleStudy(tx, ctx, id);
      if (!current) throw notFound('study');
      assertCan(ctx, 'study.update', studyScope(current));
      if (current.version !== expectedVersion) throw preconditionFailed();
      if (input.croOrgId) await requireOrganizationOfKind(tx, ctx, input.croOrgId, 'cro', '/croOrgId');
      await updateVersioned(tx, 'studies', id, expectedVersion, toColumns(input, studyColumns), ctx.now());
      const row = await findVisibleStudy(tx, ctx, id);
      if (!row) throw notFound('study');
      const before = toStudy(current);
      const after = toStudy(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'study',
        entityId: id,
        action: before.status !== after.status ? 'status_change' : 'update',
        changes: diffChanges(before, after, ['sponsorName', 'croName', 'siteCount', 'version', 'createdAt', 'updatedAt']),
        reason,
      });
      return after;
    });
  } catch (error) {
    rethrowUniqueViolation(error, studyUniqueFields);
  }
}
