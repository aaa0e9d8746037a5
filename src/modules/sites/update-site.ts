import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleSite, siteColumns, siteScope, toSite } from './site.repo.js';
import type { Site, UpdateSite } from './site.schemas.js';

export async function updateSite(
  db: Kysely<DB>,
  ctx: RequestContext,
  id: string,
  expectedVersion: number,
  { reason, ...input }: UpdateSite,
): Promise<Site> {
  return db.transaction().execute(async (tx) => {
    const current = await findVisibleSite(tx, ctx, id);
    if (!current) throw notFound('site');
    assertCan(ctx, 'site.update', siteScope(current));
    if (current.version !== expectedVersion) throw preconditionFailed();
    await updateVersioned(tx, 'sites', id, expectedVersion, toColumns(input, siteColumns), ctx.now());
    const row = await findVisibleSite(tx, ctx, id);
    if (!row) throw notFound('site');
    const after = toSite(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'site',
      entityId: id,
      action: 'update',
      changes: diffChanges(toSite(current), after, ['organizationName', 'version', 'createdAt', 'updatedAt']),
      reason,
    });
    return after;
  });
}
