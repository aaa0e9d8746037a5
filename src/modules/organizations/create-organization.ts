import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import type { DB } from '../../platform/db/schema.js';
import { insertOrganization, toOrganization } from './organization.repo.js';
import type { CreateOrganization, Organization } from './organization.schemas.js';

export async function createOrganization(db: Kysely<DB>, ctx: RequestContext, input: CreateOrganization): Promise<Organization> {
  assertCan(ctx, 'organization.write', { organizationIds: [] });
  try {
    return await db.transaction().execute(async (tx) => {
      const row = await insertOrganization(tx, { name: input.name, kind: input.kind, country: input.country ?? null });
      const organization = toOrganization(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'organization',
        entityId: organization.id,
        action: 'create',
        changes: diffChanges(null, organization, ['id', 'version', 'createdAt', 'updatedAt']),
      });
      return organization;
    });
  } catch (error) {
    rethrowUniqueViolation(error, {
      organizations_name_key: { pointer: '/name', detail: 'An organization with this name exists already.' },
    });
  }
}
