import type { Kysely } from 'kysely';
import type { FieldChange } from '../../platform/audit/audit-events.js';
import { diffChanges } from '../../platform/audit/diff-changes.js';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import { assertCan } from '../../platform/auth/authorize.js';
import type { RequestContext } from '../../platform/context.js';
import { toColumns } from '../../platform/db/columns.js';
import { rethrowUniqueViolation } from '../../platform/db/constraint-errors.js';
import { inTransaction } from '../../platform/db/in-transaction.js';
import type { DB } from '../../platform/db/schema.js';
import { updateVersioned } from '../../platform/db/versioned-update.js';
import { invalidField, notFound, preconditionFailed } from '../../platform/errors.js';
import { requireOrganizationOfKind } from '../organizations/organization.repo.js';
import { studySiteAuditIgnore, studySiteUniqueFields } from './add-site-to-study.js';
import {
  findVisibleStudySite,
  type StudySiteJoined,
  studySiteColumns,
  studySiteScope,
  studySiteToday,
  toStudySite,
} from './study-site.repo.js';
import { type StudySite, studySiteTransitions, type UpdateStudySite } from './study-site.schemas.js';

/**
 * What must hold before a study-site's status changes: the milestones module's activation gate
 * (assertActivationAllowed). It throws to refuse the change, or returns audit changes to record
 * with it (an override). Passed in by the caller, because milestones depends on study-sites and
 * not the other way round.
 */
export type ActivationGate = (
  tx: Kysely<DB>,
  studySite: StudySiteJoined,
  change: { from: string; to: string | undefined; override?: boolean | undefined },
) => Promise<FieldChange[]>;

export async function updateStudySite(
  db: Kysely<DB>,
  ctx: RequestContext,
  studyId: string,
  id: string,
  expectedVersion: number,
  { reason, overrideMilestones, ...input }: UpdateStudySite,
  activationGate: ActivationGate,
): Promise<StudySite> {
  try {
    return await inTransaction(db, async (tx) => {
      const current = await findVisibleStudySite(tx, ctx, id);
      if (!current || current.study_id !== studyId) throw notFound('study-site');
      assertCan(ctx, 'studySite.update', studySiteScope(current));
      if (current.version !== expectedVersion) throw preconditionFailed();
      const before = toStudySite(current);
      const statusChanges = input.status !== undefined && input.status !== before.status;
      if (statusChanges && input.status) {
        const allowed = studySiteTransitions[before.status];
        if (!allowed.includes(input.status)) {
          throw invalidField(
            '/status',
            `A ${before.status} site cannot move to ${input.status}; it can move to: ${allowed.join(', ') || 'nothing'}.`,
          );
        }
        // ICH E6(R3) and 21 CFR 11.10(e): a status change records why.
        if (!reason) throw invalidField('/reason', 'Give a reason for the status change.');
        if (input.status === 'active' && !input.activationDate && !before.activationDate) {
          // The day it became active where it is, not in UTC: the site's own records say that day.
          input.activationDate = studySiteToday(current, ctx.now());
        }
      }
      const milestoneOverride = await activationGate(tx, current, {
        from: before.status,
        to: statusChanges ? input.status : undefined,
        override: overrideMilestones,
      });
      if (input.smoOrgId) await requireOrganizationOfKind(tx, ctx, input.smoOrgId, 'smo', '/smoOrgId');
      await updateVersioned(tx, 'study_sites', id, expectedVersion, toColumns(input, studySiteColumns), ctx.now());
      const row = await findVisibleStudySite(tx, ctx, id);
      if (!row) throw notFound('study-site');
      const after = toStudySite(row);
      await writeAuditEvent(tx, ctx, {
        entityType: 'study_site',
        entityId: id,
        action: statusChanges ? 'status_change' : 'update',
        changes: [...diffChanges(before, after, studySiteAuditIgnore), ...milestoneOverride],
        reason,
      });
      return after;
    });
  } catch (error) {
    rethrowUniqueViolation(error, studySiteUniqueFields);
  }
}
