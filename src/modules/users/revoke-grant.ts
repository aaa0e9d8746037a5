import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { deleteGrant, findVisibleUser } from './user.repo.js';

/** Takes effect on the user's next request: grants are read afresh for every request. */
export async function revokeGrant(
  db: Kysely<DB>,
  ctx: RequestContext,
  userId: string,
  grantId: string,
  reason?: string | null,
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const user = await findVisibleUser(tx, ctx, userId);
    if (!user) throw notFound('user');
    assertCan(ctx, 'user.write', { organizationIds: [user.organization_id] });
    const grant = await deleteGrant(tx, userId, grantId);
    if (!grant) throw notFound('grant');
    await writeAuditEvent(tx, ctx, {
      entityType: 'grant',
      entityId: grantId,
      action: 'delete',
      changes: [
        { field: 'userId', old: userId, new: null },
        { field: 'role', old: grant.role, new: null },
        { field: 'scopeType', old: grant.scope_type, new: null },
        { field: 'scopeId', old: grant.scope_id, new: null },
      ],
      reason,
    });
  });
}
