import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleOrganization, toOrganization } from './organization.repo.js';
import type { Organization, UpdateOrganization } from './organization.schemas.js';

export async function updateOrganization(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  input: UpdateOrganization,
): Promise<Organization> {
  try {
    return await db.transaction().execute(async (tx) => {
      const current = await findVisibleOrganization(tx, ctx, id);
      if (!current) throw notFound('organization');
      assertCan(ctx, 'organization.write', { organizationIds: [id] });
      if (current.version !== expectedVersion) throw preconditionFailed();
      await updateVersioned(tx, 'organizations', id, expectedVersion, input, ctx.now());
      const row = await findVisibleOrganization(tx, ctx, id);
      if (!row) throw notFound('organization');
      const before = toOrganization(current);
      const after = toOrganization(row);
      await writeAuditEvent(tx, ctx, { entityType: 'organization', entityId: id, action: 'update', changes: diffChanges(before, after) });
      return after;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      organizations_name_key: { pointer: '/name', detail: 'An organization with this name exists already.' },
    });
  }
}
