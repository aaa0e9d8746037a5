import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import type { ParticipantRow, ParticipantVisitRow } from '../../platform/db/schema-participants.js';
import { advanceAfterVisit } from '../participants/participant-lifecycle.js';
import { replanFromBaseline } from './schedule.js';

/**
 * What a completed visit does to its participant: the participants module fixes the baseline day
 * and moves the status forward (participant-lifecycle.ts); the visits counted from a baseline done
 * on another day than planned move with it. In the completion's transaction.
 */
export async function applyCompletedVisit(tx: Kysely<DB>, ctx: RequestContext, participant: ParticipantRow, visit: ParticipantVisitRow) {
  const actualDate = visit.actual_date;
  if (!actualDate) return;
  const { baselineOn } = await advanceAfterVisit(tx, ctx, participant, { kind: visit.kind, code: visit.code, actualDate });
  if (baselineOn) await replanFromBaseline(tx, ctx, participant.id, baselineOn);
}
