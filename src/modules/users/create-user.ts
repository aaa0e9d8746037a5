import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import { hashPassword } from '../../platform/auth/password.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { findVisibleOrganization } from '../organizations/organization.repo.js';
import { findVisibleUser, insertUser, toUser } from './user.repo.js';
import type { CreateUser, User } from './user.schemas.js';

export const userUniqueFields = { users_email_key: { pointer: '/email', detail: 'A user with this e-mail exists already.' } };
export const userAuditIgnore = ['id', 'organizationName', 'version', 'createdAt', 'updatedAt'];

export async function createUser(db: Kysely<DB>, ctx: RequestContext, input: CreateUser): Promise<User> {
  // Hash before the transaction: scrypt is slow on purpose and must not hold the audit lock.
  const { password, ...account } = input;
  return createUserWithPasswordHash(db, ctx, account, await hashPassword(password));
}

/**
 * For the demo seed, whose accounts share one published password: it is hashed once for all
 * of them rather than once per account. Same rules and audit row as `createUser`.
 */
export async function createUserWithPasswordHash(
  db: Kysely<DB>,
  ctx: RequestContext,
  input: Omit<CreateUser, 'password'>,
  passwordHash: string,
): Promise<User> {
  try {
    return await db.transaction().execute(async (tx) => {
      if (!(await findVisibleOrganization(tx, ctx, input.organizationId))) throw invalidField('/organizationId', 'No such organization.');
      assertCan(ctx, 'user.write', { organizationIds: [input.organizationId] });
      const id = await insertUser(tx, {
        email: input.email,
        full_name: input.fullName,
        organization_id: input.organizationId,
        password_hash: passwordHash,
      });
      const row = await findVisibleUser(tx, ctx, id);
      if (!row) throw notFound('user');
      const user = toUser(row);
      // The password never enters the audit trail, only the fact that one was set.
      const changes = [...diffChanges(null, user, userAuditIgnore), { field: 'password', old: null, new: '(set)' }];
      await writeAuditEvent(tx, ctx, { entityType: 'user', entityId: id, action: 'create', changes });
      return user;
    });
  } catch (error) {
    rethrowUniqueViolation(error, userUniqueFields);
  }
}
