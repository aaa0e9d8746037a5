import type { Kysely } from 'kysely';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { findVisibleSite, siteScope } from '../sites/site.repo.js';
import { staffAuditIgnore } from './add-staff-member.js';
import { findStaff, toStaff } from './person.repo.js';
import type { Staff, UpdateStaff } from './person.schemas.js';

export async function updateStaffMember(
  db: Kysely<DB>,
  ctx: RequestContext,
  siteId: string,
  staffId: string,
  expectedVersion: number,
  { reason, ...input }: UpdateStaff,
): Promise<Staff> {
  return db.transaction().execute(async (tx) => {
    const site = await findVisibleSite(tx, ctx, siteId);
    const current = site ? await findStaff(tx, ctx, siteId, staffId) : undefined;
    if (!site || !current) throw notFound('staff member');
    assertCan(ctx, 'person.write', siteScope(site));
    if (current.version !== expectedVersion) throw preconditionFailed();
    const endDate = input.endDate === undefined ? current.end_date : input.endDate;
    if (endDate && endDate < (input.startDate ?? current.start_date))
      throw invalidField('/endDate', 'The end cannot come before the start.');
    await updateVersioned(
      tx,
      'site_staff',
      staffId,
      expectedVersion,
      toColumns(input, { role: 'role', startDate: 'start_date', endDate: 'end_date' }),
      ctx.now(),
    );
    const row = await findStaff(tx, ctx, siteId, staffId);
    if (!row) throw notFound('staff member');
    const after = toStaff(row);
    await writeAuditEvent(tx, ctx, {
      entityType: 'site_staff',
      entityId: staffId,
      action: 'update',
      changes: diffChanges(toStaff(current), after, staffAuditIgnore),
      reason,
    });
    return after;
  });
}
