import type { Kysely } from 'kysely';
import { actorUserId, type RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findPlannedVisit, unsafeUpdateVisit } from './visit.repo.js';
import { auditVisitStatus } from './visit-audit.js';

/**
 * Marks a planned visit completed or missed as another system had it (participant-import), in
 * the import's transaction. False when the participant has no planned visit with this code.
 */
export async function recordImportedVisitOutcome(
  tx: Kysely<DB>,
  ctx: RequestContext,
  participantId: string,
  outcome: { code: string; status: 'completed' | 'missed'; actualDate?: string | null; notes?: string | null; reason: string },
): Promise<boolean> {
  const visit = await findPlannedVisit(tx, participantId, outcome.code);
  if (!visit) return false;
  const completed = outcome.status === 'completed';
  await unsafeUpdateVisit(
    tx,
    visit,
    {
      status: outcome.status,
      actual_date: outcome.actualDate ?? null,
      notes: outcome.notes ?? null,
      completed_at: completed ? ctx.now() : null,
      completed_by_user_id: completed ? actorUserId(ctx.actor) : null,
    },
    ctx.now(),
  );
  await auditVisitStatus(tx, ctx, visit, outcome.status, outcome.reason);
  return true;
}
