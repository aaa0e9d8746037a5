import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { invalidField, notFound } from '../../platform/errors.js';
import { findVisibleOrganization } from '../organizations/organization.repo.js';
import { findVisibleSite } from '../sites/site.repo.js';
import { findVisibleStudy } from '../studies/study.repo.js';
import { findVisibleStudySite } from '../study-sites/study-site.repo.js';
import { findVisibleUser, insertGrant, listGrantsOfVisibleUser } from './user.repo.js';
import type { CreateGrant, GrantView } from './user.schemas.js';

const scopeFinders = {
  organization: findVisibleOrganization,
  study: findVisibleStudy,
  site: findVisibleSite,
  study_site: findVisibleStudySite,
};

export async function grantRole(
  db: Kysely<DB>,
  ctx: RequestContext,
  userId: string,
  { reason, ...input }: CreateGrant,
): Promise<GrantView> {
  try {
    return await db.transaction().execute(async (tx) => {
      const user = await findVisibleUser(tx, ctx, userId);
      if (!user) throw notFound('user');
      assertCan(ctx, 'user.write', { organizationIds: [user.organization_id] });
      const scopeId = input.scopeType === 'platform' ? null : (input.scopeId ?? null);
      if ((input.role === 'platform_admin') !== (input.scopeType === 'platform')) {
        throw invalidField('/scopeType', 'The platform admin role, and only it, is granted on the whole platform.');
      }
      if (input.scopeType !== 'platform') {
        if (!scopeId) throw invalidField('/scopeId', `Name the ${input.scopeType.replace('_', ' ')} this grant is for.`);
        if (!(await scopeFinders[input.scopeType](tx, ctx, scopeId)))
          throw invalidField('/scopeId', `No such ${input.scopeType.replace('_', '-')}.`);
      }
      const id = await insertGrant(tx, { user_id: userId, role: input.role, scope_type: input.scopeType, scope_id: scopeId });
      await writeAuditEvent(tx, ctx, {
        entityType: 'grant',
        entityId: id,
        action: 'create',
        changes: [
          { field: 'userId', old: null, new: userId },
          { field: 'role', old: null, new: input.role },
          { field: 'scopeType', old: null, new: input.scopeType },
          { field: 'scopeId', old: null, new: scopeId },
        ],
        reason,
      });
      const grant = (await listGrantsOfVisibleUser(tx, ctx, userId))?.find((g) => g.id === id);
      if (!grant) throw notFound('grant');
      return grant;
    });
  } catch (error) {
    rethrowUniqueViolation(error, { grants_unique_key: { pointer: '/role', detail: 'The user has this role at this scope already.' } });
  }
}
