import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findVisibleStudySite } from '../src/modules/study-sites/study-site.repo.js';
import { writeAuditEvent } from '../src/platform/audit/write-audit-event.js';
import type { Actor, RequestContext } from '../src/platform/context.js';
import type { DB } from '../src/platform/db/schema.js';
import { updateVersioned } from '../src/platform/db/versioned-update.js';
import { type RecordedQuery, replay } from './query-recorder.js';

export const writeReason = 'Enrollment re-forecast (benchmark)';

/**
 * The audited write's SQL without HTTP, Fastify, zod or the use case around it: the session
 * and actor look-ups the endpoint makes (replayed as recorded), then one transaction built
 * from the same query-builder functions the use case calls: visible row, versioned update,
 * re-read, audit row. Replaying the recorded write itself is not possible: its version and
 * audit seq are spent, and the audit hash depends on the row before it.
 */
export async function bareStudySiteWrite(
  db: Kysely<DB>,
  actor: Actor,
  authQueries: readonly RecordedQuery[],
  studyId: string,
  studySiteId: string,
  targetEnrollment: number,
): Promise<void> {
  await replay(db, authQueries);
  const ctx: RequestContext = { actor, requestId: randomUUID(), now: () => new Date() };
  await db.transaction().execute(async (tx) => {
    const current = await findVisibleStudySite(tx, ctx, studySiteId);
    if (!current || current.study_id !== studyId) throw new Error(`study-site ${studySiteId} is not visible to the actor`);
    await updateVersioned(tx, 'study_sites', studySiteId, current.version, { target_enrollment: targetEnrollment }, ctx.now());
    await findVisibleStudySite(tx, ctx, studySiteId);
    await writeAuditEvent(tx, ctx, {
      entityType: 'study_site',
      entityId: studySiteId,
      action: 'update',
      changes: [{ field: 'targetEnrollment', old: current.target_enrollment, new: targetEnrollment }],
      reason: writeReason,
    });
  });
}
