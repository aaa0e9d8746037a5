import type { Kysely } from 'kysely';
import type { RequestContext } from '../../platform/context.js';
import type { DB } from '../../platform/db/schema.js';
import { findVisibleParticipant } from '../participants/participant-access.repo.js';
import { findVisibleDeviationRow } from './deviation.repo.js';

type Reader = (db: Kysely<DB>, ctx: RequestContext, id: string) => Promise<boolean>;

/**
 * History readers for audit.repo.ts: a deviation's history is read by whoever may read the
 * deviation; a participant's generated schedules (ADR 0016, entity id the participant's) by
 * whoever may read the participant.
 */
export const visitHistoryReaders = {
  protocol_deviation: (async (db, ctx, id) => Boolean(await findVisibleDeviationRow(db, ctx, id))) as Reader,
  participant_visit_schedule: (async (db, ctx, participantId) => Boolean(await findVisibleParticipant(db, ctx, participantId))) as Reader,
};
