import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { hashPassword } from '../../platform/auth/password.js';
import { unlockAccount } from '../../platform/auth/password-check.repo.js';
import { endSessionsOfUser } from '../../platform/auth/sessions.repo.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleOrganization } from '../organizations/organization.repo.js';
import { userAuditIgnore } from './create-user.js';
import { findVisibleUser, toUser } from './user.repo.js';
import type { UpdateUser, User } from './user.schemas.js';

export async function updateUser(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, unlock, password, ...input }: UpdateUser,
): Promise<User> {
  const passwordHash = password ? await hashPassword(password) : undefined;
  return db.transaction().execute(async (tx) => {
    const current = await findVisibleUser(tx, ctx, id);
    if (!current) throw notFound('user');
    assertCan(ctx, 'user.write', { organizationIds: [current.organization_id] });
    if (current.version !== expectedVersion) throw preconditionFailed();
    if (input.organizationId && !(await findVisibleOrganization(tx, ctx, input.organizationId))) {
      throw invalidField('/organizationId', 'No such organization.');
    }
    const columns: Record<string, unknown> = {};
    if (input.fullName !== undefined) columns.full_name = input.fullName;
    if (input.organizationId !== undefined) columns.organization_id = input.organizationId;
    if (input.isActive !== undefined) columns.is_active = input.isActive;
    if (passwordHash) columns.password_hash = passwordHash;
    await updateVersioned(tx, 'users', id, expectedVersion, columns, ctx.now());
    // The lockout counters are the platform's (password-check.repo.ts): it clears them.
    if (unlock) await unlockAccount(tx, id);
    // A deactivated user or a new password ends every open session at once.
    if (input.isActive === false || passwordHash) {
      await endSessionsOfUser(tx, id, ctx.now());
    }
    const row = await findVisibleUser(tx, ctx, id);
    if (!row) throw notFound('user');
    const after = toUser(row);
    const changes = diffChanges(toUser(current), after, userAuditIgnore);
    if (passwordHash) changes.push({ field: 'password', old: '(set)', new: '(changed)' });
    await writeAuditEvent(tx, ctx, { entityType: 'user', entityId: id, action: 'update', changes, reason });
    return after;
  });
}
