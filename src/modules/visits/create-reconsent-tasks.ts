import { type Kysely, sql } from 'kysely';
import { writeAuditEvent } from '../../platform/audit/write-audit-event.js';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';

/** Participants no longer followed are not asked to re-consent. */
const inactiveStatuses = ['screen_failed', 'completed', 'withdrawn', 'lost_to_follow_up'];

/**
 * ICH E6(R3) 2.8.2: when a consent form is revised, participants are informed and re-consent on
 * the new version. A version approved at a site opens a re-consent task, due from the approval
 * day, for each active participant there who consented in its language on another version. An
 * open task for an older version is cancelled: re-consenting on the newest one answers both.
 * Runs in the approval's transaction.
 */
export async function createReconsentTasks(
  tx: Kysely<DB>,
  ctx: RequestContext,
  studySiteId: string,
  icfVersionId: string,
  approvedOn: string,
): Promise<number> {
  const icf = await tx
    .selectFrom('icf_versions')
    .select(['id', 'language', 'version_label'])
    .where('id', '=', icfVersionId)
    .executeTakeFirstOrThrow();
  const participants = await tx
    .selectFrom('participants as p')
    .select(['p.id'])
    .select(
      sql<string | null>`(select c.icf_version_id from consents c where c.participant_id = p.id
        order by c.consented_at desc, c.created_at desc limit 1)`.as('latest_icf_version_id'),
    )
    .where('p.study_site_id', '=', studySiteId)
    .where('p.consent_language', '=', icf.language)
    .where('p.consented_on', 'is not', null)
    .where('p.status', 'not in', inactiveStatuses)
    .orderBy('p.subject_number')
    .execute();
  let created = 0;
  for (const participant of participants) {
    if (!participant.latest_icf_version_id || participant.latest_icf_version_id === icf.id) continue;
    const task = await tx
      .insertInto('reconsent_tasks')
      .values({ participant_id: participant.id, icf_version_id: icf.id, due_from: approvedOn })
      .onConflict((oc) => oc.columns(['participant_id', 'icf_version_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!task) continue;
    created += 1;
    const reason = `Consent form ${icf.version_label} (${icf.language}) approved at the site on ${approvedOn}.`;
    await writeAuditEvent(tx, ctx, {
      entityType: 'reconsent_task',
      entityId: task.id,
      action: 'create',
      changes: [
        { field: 'participantId', old: null, new: participant.id },
        { field: 'icfVersionId', old: null, new: icf.id },
        { field: 'dueFrom', old: null, new: approvedOn },
        { field: 'status', old: null, new: 'open' },
      ],
      reason,
    });
    const superseded = await tx
      .updateTable('reconsent_tasks')
      .set({ status: 'cancelled', closed_at: ctx.now() })
      .where('participant_id', '=', participant.id)
      .where('status', '=', 'open')
      .where('id', '<>', task.id)
      .returning('id')
      .execute();
    for (const old of superseded) {
      await writeAuditEvent(tx, ctx, {
        entityType: 'reconsent_task',
        entityId: old.id,
        action: 'status_change',
        changes: [{ field: 'status', old: 'open', new: 'cancelled' }],
        reason: `Superseded by consent form ${icf.version_label}.`,
      });
    }
  }
  return created;
}
