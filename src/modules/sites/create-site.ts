import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { notFound } from '../../platform/errors.js';
import { requireOrganizationOfKind } from '../organizations/organization.repo.js';
import { findVisibleSite, insertSite, siteColumns, toSite } from './site.repo.js';
import type { CreateSite, Site } from './site.schemas.js';

export async function createSite(db: Kysely<DB>, ctx: RequestContext, input: CreateSite): Promise<Site> {
  return db.transaction().execute(async (tx) => {
    await requireOrganizationOfKind(tx, ctx, input.organizationId, 'site', '/organizationId');
    assertCan(ctx, 'site.create', { organizationIds: [input.organizationId] });
    const id = await insertSite(tx, {
      ...toColumns(input, siteColumns),
      organization_id: input.organizationId,
      name: input.name,
      country: input.country,
      time_zone: input.timeZone,
    });
    const row = await findVisibleSite(tx, ctx, id);
    if (!row) throw notFound('site');
    const site = toSite(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'site',
      entityId: id,
      action: 'create',
      changes: diffChanges(null, site, ['id', 'organizationName', 'version', 'createdAt', 'updatedAt']),
    });
    return site;
  });
}
