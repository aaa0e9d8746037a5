import type { Kysely } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { cancelOtherOpenReconsentTasks, insertReconsentTask, participantsToReconsent } from './consent.repo.js';
import { inactiveStatuses } from './participant-status.js';

/**
 * ICH E6(R3) 2.8.2: when a consent form is revised, participants are informed and re-consent on
 * the new version. A version approved at a site opens a re-consent task, due from the approval
 * day, for each active participant there who consented in its language on another version. An
 * open task for an older version is cancelled: re-consenting on the newest one answers both.
 * Runs in the approval's transaction (protocols/site-approval-effects.ts).
 */
export async function openReconsentTasks(
  tx: Kysely<DB>,
  ctx: RequestContext,
  {
    studySiteId,
    icf,
    approvedOn,
  }: { studySiteId: string; icf: { id: string; language: string; versionLabel: string }; approvedOn: string },
): Promise<number> {
  const participantIds = await participantsToReconsent(tx, studySiteId, icf.id, icf.language, inactiveStatuses);
  let created = 0;
  for (const participantId of participantIds) {
    const task = await insertReconsentTask(tx, participantId, icf.id, approvedOn);
    if (!task) continue;
    created += 1;
    const reason = `Consent form ${icf.versionLabel} (${icf.language}) approved at the site on ${approvedOn}.`;
    await writeAuditEvent(tx, ctx, {
      entityType: 'reconsent_task',
      entityId: task.id,
      action: 'create',
      changes: [
        { field: 'participantId', old: null, new: participantId },
        { field: 'icfVersionId', old: null, new: icf.id },
        { field: 'dueFrom', old: null, new: approvedOn },
        { field: 'status', old: null, new: 'open' },
      ],
      reason,
    });
    const superseded = await cancelOtherOpenReconsentTasks(tx, participantId, task.id, ctx.now());
    for (const old of superseded) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'reconsent_task',
        entityId: old.id,
        action: 'status_change',
        changes: [{ field: 'status', old: 'open', new: 'cancelled' }],
        reason: `Superseded by consent form ${icf.versionLabel}.`,
      });
    }
  }
  return created;
}
